// What `padan ingest p3ke A B...` and `padan run` read: files, folders and simple globs, expanded
// to one sorted list of export files that make one snapshot. Each file also gets the name it is
// shown by in reports (relative to the folder it was found in).
import { t } from '../i18n/index.js';
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { EXIT, PadanError } from '../util/errors.js';

export interface InputFile {
  path: string;
  /** As named in reports and rejects.csv. */
  name: string;
}

/** Extensions of export files picked up from a folder or a glob. */
export const EXPORT_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx'] as const;

const isExport = (name: string): boolean =>
  // `~$name.xlsx` is the lock file Excel leaves beside an open workbook; dot files are hidden.
  !name.startsWith('.') && !name.startsWith('~$') && EXPORT_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext));

const hasWildcard = (s: string): boolean => /[*?[]/.test(s);

/** `*` any run of characters but `/`, `?` one character, `[abc]` one of them. */
function globRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, end).replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Export files in a folder and its subfolders, sorted by path. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile() && isExport(entry.name)) out.push(path);
  }
  return out;
}

const byPath = (a: InputFile, b: InputFile): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * Files, folders (every export file under them) and globs whose wildcards are in the last part
 * (`exports/p3ke/*.xlsx`, quoted so that the shell leaves it to padan) → export files sorted by
 * path, each once. `-` (standard input) stands alone. Throws when an argument names nothing.
 */
export function expandInputs(args: readonly string[]): InputFile[] {
  if (args.includes('-')) {
    if (args.length > 1) throw new PadanError(t('error.stdinWithFiles'), EXIT.usage);
    return [{ path: '-', name: '(standard input)' }];
  }
  const found = new Map<string, InputFile>();
  for (const arg of args) {
    const files: InputFile[] = [];
    let stat;
    try {
      stat = statSync(arg);
    } catch {
      stat = null;
    }
    if (stat?.isDirectory()) {
      for (const path of filesUnder(arg)) files.push({ path, name: relative(arg, path) });
      if (files.length === 0) throw new PadanError(t('error.noFilesInFolder', { folder: arg, extensions: EXPORT_EXTENSIONS.join(', ') }), EXIT.failure);
    } else if (!stat && hasWildcard(basename(arg)) && !hasWildcard(dirname(arg))) {
      const dir = dirname(arg);
      const pattern = globRegExp(basename(arg));
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        names = [];
      }
      for (const name of names) if (pattern.test(name) && !name.startsWith('~$') && statSync(join(dir, name)).isFile()) files.push({ path: join(dir, name), name });
      if (files.length === 0) throw new PadanError(t('error.noGlobMatch', { pattern: arg }), EXIT.failure, t('hint.glob'));
    } else {
      // A file (or a path the reader reports as missing, with its own message).
      files.push({ path: arg, name: basename(arg) });
    }
    for (const file of files) if (!found.has(file.path)) found.set(file.path, file);
  }
  return [...found.values()].sort(byPath);
}
