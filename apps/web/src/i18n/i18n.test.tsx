import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { I18nProvider, useI18n } from './i18n.tsx';
import { en, zh } from './messages.ts';

function Probe() {
  const { t, lang, setLang } = useI18n();
  return (
    <div>
      <p>{t('sessions.ended', { n: 3 })}</p>
      <button type="button" onClick={() => setLang(lang === 'en' ? 'zh' : 'en')}>
        {t('lang.switch')}
      </button>
    </div>
  );
}

describe('i18n', () => {
  it('switches language, remembers it, and sets the document language', async () => {
    const user = userEvent.setup();
    const first = render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    expect(screen.getByText('Signed out 3 other session(s).')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '中文' }));
    expect(screen.getByText('已退出 3 个其他会话。')).toBeTruthy();
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(localStorage.getItem('lang')).toBe('zh');
    first.unmount();

    // A new visit starts in the remembered language.
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    expect(screen.getByRole('button', { name: 'English' })).toBeTruthy();
  });

  it('has every message in both languages, with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[key].trim(), key).not.toBe('');
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });
});
