// The one message catalogue: t(key, params) in the language of the terminal (English unless
// --lang id, PADAN_LANG=id or a locale starting with `id`). The report page asks for its own
// language explicitly (Indonesian unless --lang en).
import { en } from './en.js';
import { id } from './id.js';

export type Lang = 'en' | 'id';
export const LANGS: readonly Lang[] = ['en', 'id'];
export type MessageKey = keyof typeof en;

/** The `{name}` parameters of a message, from its English text (braces around other text are text). */
type ParamsOf<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? (P extends `${string}${' ' | '"' | ':'}${string}` ? never : P) | ParamsOf<Rest> : never;
export type MessageArgs<K extends MessageKey> = [ParamsOf<(typeof en)[K]>] extends [never] ? [] : [params: Record<ParamsOf<(typeof en)[K]>, string | number>];

const TABLES: Record<Lang, Record<MessageKey, string>> = { en, id };

/** PADAN_LANG first (set by --lang, so worker threads follow), then the POSIX locale variables. */
export function languageFromEnv(env: NodeJS.ProcessEnv): Lang {
  const explicit = env.PADAN_LANG;
  if (explicit === 'en' || explicit === 'id') return explicit;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('id') ? 'id' : 'en';
}

let current: Lang = languageFromEnv(process.env);

export function language(): Lang {
  return current;
}

/** Sets the terminal language for this process and the worker threads it starts. */
export function setLanguage(lang: Lang): void {
  current = lang;
  process.env.PADAN_LANG = lang;
}

export function translate<K extends MessageKey>(lang: Lang, key: K, ...args: MessageArgs<K>): string {
  const params = args[0] as Record<string, string | number> | undefined;
  const text = TABLES[lang][key];
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}

/** A message in the terminal language. */
export function t<K extends MessageKey>(key: K, ...args: MessageArgs<K>): string {
  return translate(current, key, ...args);
}

/** Why a file could not be opened, from its error code. */
export function whyUnreadable(code: string | undefined): string {
  if (code === 'ENOENT') return t('why.noSuchFile');
  if (code === 'EISDIR') return t('why.directory');
  if (code === 'EACCES' || code === 'EPERM') return t('why.permission');
  return t('why.unreadable', { code: code ?? 'error' });
}
