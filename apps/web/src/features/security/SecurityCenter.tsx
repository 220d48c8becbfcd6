import { useI18n } from '../../i18n/i18n.tsx';
import { Passkeys } from '../passkeys/Passkeys.tsx';
import { DeleteAccount } from './DeleteAccount.tsx';
import { ExportData } from './ExportData.tsx';
import { SecurityActivity } from './SecurityActivity.tsx';
import { SessionsSummary } from './SessionsSummary.tsx';
import { TotpSection } from './TotpSection.tsx';

/** `/security`: sessions, second factors, own events, the data download and the danger zone. */
export function SecurityCenter() {
  const { t } = useI18n();
  return (
    <div className="security-center">
      <h1>{t('center.title')}</h1>
      <p className="muted">{t('center.intro')}</p>
      <SessionsSummary />
      <TotpSection />
      <Passkeys />
      <SecurityActivity level={2} />
      <ExportData />
      <DeleteAccount />
    </div>
  );
}
