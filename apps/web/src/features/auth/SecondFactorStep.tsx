import { errorKind } from '@acct/client';
import type { SecondFactorMethod } from '@acct/schema';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../components/Alerts.tsx';
import { Field } from '../../components/Field.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';
import { PasskeySignIn } from '../passkeys/PasskeySignIn.tsx';
import { useFinishSignIn } from './use-finish-sign-in.ts';

export interface SecondFactorStepProps {
  /** The server's single-use challenge from the password step; the session comes from it. */
  challenge: string;
  methods: SecondFactorMethod[];
  admin: boolean;
  /** Back to the password step: the user asked, or the challenge is gone (`error`). */
  onRestart: (error: unknown) => void;
}

/**
 * The second step of a sign-in: a code from the authenticator app, or a recovery code. A wrong
 * code keeps the user here; an expired or spent step sends them back to the password.
 */
export function SecondFactorStep({ challenge, methods, admin, onRestart }: SecondFactorStepProps) {
  const { t } = useI18n();
  const finish = useFinishSignIn(admin);
  const [recovery, setRecovery] = useState(!methods.includes('totp'));
  const [code, setCode] = useState('');
  const submitCode = useMutation(
    trpc.auth.secondFactor.mutationOptions({
      onSuccess: finish,
      onError: (error) => {
        if (errorKind(error) === 'BAD_CHALLENGE') onRestart(error);
        else setCode('');
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Apps show "123 456"; recovery codes may be typed with spaces. The server ignores dashes.
    submitCode.mutate({ challenge, code: code.replace(/\s+/g, '') });
  };
  const hasCodes = methods.includes('totp') || methods.includes('recovery_code');
  return (
    <>
      <p>{t('twoStep.intro')}</p>
      {hasCodes ? (
        <form onSubmit={submit} noValidate>
          {recovery ? (
            <Field
              key="recovery"
              label={t('twoStep.recoveryCode')}
              hint={t('twoStep.recoveryHint')}
              name="recoveryCode"
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="off"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              maxLength={64}
              autoFocus
              required
            />
          ) : (
            <Field
              key="totp"
              label={t('twoStep.code')}
              hint={t('twoStep.codeHint')}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              maxLength={7}
              autoFocus
              required
            />
          )}
          <ErrorAlert error={submitCode.error} />
          <button
            type="submit"
            className="primary"
            disabled={submitCode.isPending || code.trim() === ''}
          >
            {submitCode.isPending ? t('common.loading') : t('twoStep.verify')}
          </button>
        </form>
      ) : null}
      {methods.includes('passkey') ? (
        <PasskeySignIn challenge={challenge} admin={admin} onBadChallenge={onRestart} />
      ) : null}
      <p className="links">
        {methods.includes('totp') ? (
          <button
            type="button"
            className="linklike"
            onClick={() => {
              setRecovery((r) => !r);
              setCode('');
              submitCode.reset();
            }}
          >
            {t(recovery ? 'twoStep.useApp' : 'twoStep.useRecovery')}
          </button>
        ) : null}
        <button type="button" className="linklike" onClick={() => onRestart(null)}>
          {t('twoStep.startAgain')}
        </button>
      </p>
    </>
  );
}
