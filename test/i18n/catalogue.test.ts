// The message catalogue: both languages say the same things with the same parameters.
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { id } from '../../src/i18n/id.js';
import { languageFromEnv, translate, whyUnreadable, type MessageKey } from '../../src/i18n/index.js';

const params = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('message catalogue', () => {
  it('has the same keys in English and Indonesian', () => {
    expect(Object.keys(id).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(en) as MessageKey[])('%s: the Indonesian text is there and takes the same parameters', (key) => {
    expect(id[key].trim()).not.toBe('');
    expect(params(id[key])).toEqual(params(en[key]));
  });

  it('fills parameters, leaves other braces alone', () => {
    expect(translate('en', 'error.noStore', { path: '/x/padan.db' })).toBe('no store at /x/padan.db');
    expect(translate('id', 'error.noStore', { path: '/x/padan.db' })).toBe('tidak ada penyimpanan di /x/padan.db');
    expect(translate('en', 'hint.mappingFile')).toContain('{ "source": "p3ke"');
    expect(translate('id', 'error.mappingJoin', { field: 'nama' })).toMatch(/^"columns\.nama" harus berbentuk \{ "join"/);
  });

  it.each([
    [{}, 'en'],
    [{ LANG: 'C.UTF-8' }, 'en'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'id_ID.UTF-8' }, 'id'],
    [{ LANG: 'id' }, 'id'],
    [{ LANG: 'en_US.UTF-8', LC_ALL: 'id_ID.UTF-8' }, 'id'],
    [{ LANG: 'id_ID.UTF-8', LC_ALL: 'C' }, 'en'],
    [{ LANG: 'id_ID.UTF-8', LC_MESSAGES: 'en_GB.UTF-8' }, 'en'],
    [{ LANG: 'en_US.UTF-8', PADAN_LANG: 'id' }, 'id'],
    [{ LANG: 'id_ID.UTF-8', PADAN_LANG: 'en' }, 'en'],
    [{ LANG: 'id_ID.UTF-8', PADAN_LANG: 'fr' }, 'id'],
  ] as const)('languageFromEnv(%j) is %s', (env, expected) => {
    expect(languageFromEnv(env as NodeJS.ProcessEnv)).toBe(expected);
  });

  it.each([
    ['ENOENT', 'no such file'],
    ['EISDIR', 'is a directory, not a file'],
    ['EACCES', 'permission denied'],
    ['EIO', 'cannot be read (EIO)'],
  ])('whyUnreadable(%s)', (code, text) => {
    expect(whyUnreadable(code)).toBe(text);
  });
});
