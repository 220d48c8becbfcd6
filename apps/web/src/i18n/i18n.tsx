import type { ErrorKind } from '@acct/schema';
import {
  type ReactNode,
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { errorMessages } from './error-messages.ts';
import { type MessageKey, en, zh } from './messages.ts';

export type Lang = 'en' | 'zh';
const dictionaries = { en, zh } satisfies Record<Lang, Record<MessageKey, string>>;
const STORAGE_KEY = 'lang'; // a preference, not personal data

function initialLang(): Lang {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh') return stored;
  return globalThis.navigator?.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** The SPA's words for an error kind, in the current language. */
  errorText: (kind: ErrorKind) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLang] = useState<Lang>(() => fixed ?? initialLang());
  useEffect(() => {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = dictionaries[lang]['app.title'];
  }, [lang]);
  const t = useCallback<I18n['t']>(
    (key, vars) =>
      dictionaries[lang][key].replace(/\{(\w+)\}/g, (_, name: string) =>
        String(vars?.[name] ?? `{${name}}`),
      ),
    [lang],
  );
  const errorText = useCallback((kind: ErrorKind) => errorMessages[kind][lang], [lang]);
  const value = useMemo(() => ({ lang, setLang, t, errorText }), [lang, t, errorText]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
