import type { Lang } from './i18n/i18n.tsx';

/** A moment in the reader's local time zone, in the current language's conventions. */
export const dateTime = (iso: string, lang: Lang) =>
  new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en');
