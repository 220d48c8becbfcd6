import { useQuery } from '@tanstack/react-query';
import { ListState } from '../../components/Alerts.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';
import { AddPasskey } from './AddPasskey.tsx';
import { PasskeyItem } from './PasskeyItem.tsx';

/** The security screen's passkeys: the list (from factors.status), and adding one. */
export function Passkeys() {
  const { t } = useI18n();
  const status = useQuery(trpc.factors.status.queryOptions());
  const passkeys = status.data?.passkeys ?? [];
  return (
    <section className="card" aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">{t('passkeys.title')}</h2>
      <p className="muted">{t('passkeys.intro')}</p>
      <ListState query={status} empty={passkeys.length === 0} emptyText={t('passkeys.none')} />
      {passkeys.length > 0 ? (
        <ul className="sessions">
          {passkeys.map((p) => (
            <PasskeyItem key={p.id} passkey={p} />
          ))}
        </ul>
      ) : null}
      {status.isSuccess ? <AddPasskey /> : null}
    </section>
  );
}
