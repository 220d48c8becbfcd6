import { errorKinds } from '@acct/schema';
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorMessages } from './error-messages.ts';
import { I18nProvider, type Lang, useI18n } from './i18n.tsx';

function ErrorTextProbe() {
  const { errorText } = useI18n();
  return <p>{errorText('BAD_RESET_TOKEN')}</p>;
}

const shown = (lang: Lang) => {
  const { container, unmount } = render(
    <I18nProvider lang={lang}>
      <ErrorTextProbe />
    </I18nProvider>,
  );
  const text = container.textContent;
  unmount();
  return text;
};

describe('the SPA’s error texts', () => {
  it('say 重置密码 (reset the password) where the mall’s wire message has the document’s typo', () => {
    expect(shown('zh')).toBe('token错误, 请重新获取重置密码的token');
    expect(shown('en')).toBe('The reset token is invalid or expired; ask for a new one');
  });

  it('exist for every error kind, in English and in Chinese', () => {
    expect(Object.keys(errorMessages).sort()).toEqual([...errorKinds].sort());
    for (const kind of errorKinds) {
      expect(errorMessages[kind].en.trim(), kind).not.toBe('');
      expect(errorMessages[kind].zh.trim(), kind).not.toBe('');
    }
  });
});
