// Finding the header row of an export and mapping its columns onto padan's fields.
//
// Rule: among the first HEADER_SCAN_RECORDS records, the header is the record that names the most
// fields of a layout (a layout with all its required columns beats one without; ties go to the
// layout whose preferred names match more often, then to the earlier record and layout). Records
// next to it that name two fields, or one field in a column the chosen row left empty, are more
// header rows (a two-row header); a row of
// ascending column numbers (`1 2 3 ...`, Excel's "nomor kolom") right under the header is one too.
// Data starts after the last header row. Each column's name comes from the header rows: the one
// the layout knows (a sub-label under a group label such as "Wilayah" over Provinsi, Kabupaten,
// ...), else the chosen row's text, else any. Title rows above are ignored.
import { t } from '../i18n/index.js';
import type { CanonicalField, Source } from '../normalise/types.js';
import { EXIT, PadanError } from '../util/errors.js';
import { readAllRecords } from './csv.js';
import { BUILTIN_PROFILES, headerKey, type ExportProfile } from './profiles.js';
import { DELIMITERS, describeDelimiter } from './sniff.js';

export const HEADER_SCAN_RECORDS = 50;

/** Field → column; a field a profile joins from several columns (FEBRL's given name + surname) → columns. */
export type Mapping = Partial<Record<CanonicalField, number | readonly number[]>>;

export interface Layout {
  delimiter: string;
  lineBreak: '\n' | '\r';
  profile: ExportProfile;
  /** Line of the chosen header row. */
  headerLine: number;
  /** Data starts after this line (the last header row). */
  lastHeaderLine: number;
  /** Header cells as read (empty ones filled from the other header rows), one per column. */
  headers: string[];
  mapping: Mapping;
  /** A data row needs at least `minCells` cells (up to the last named column). */
  minCells: number;
}

interface Compiled {
  profile: ExportProfile;
  byKey: Map<string, { field: CanonicalField; rank: number }[]>;
}

interface RowMatch {
  mapping: Mapping;
  matched: number;
  preferred: number;
  missing: CanonicalField[];
}

const compiledCache = new WeakMap<ExportProfile, Compiled>();

function compile(profile: ExportProfile): Compiled {
  let c = compiledCache.get(profile);
  if (!c) {
    const byKey = new Map<string, { field: CanonicalField; rank: number }[]>();
    for (const [field, names] of Object.entries(profile.columns) as [CanonicalField, readonly string[]][]) {
      names.forEach((name, rank) => {
        const key = headerKey(name);
        const list = byKey.get(key) ?? [];
        list.push({ field, rank });
        byKey.set(key, list);
      });
    }
    c = { profile, byKey };
    compiledCache.set(profile, c);
  }
  return c;
}

/** Which column each field of the layout comes from: the best-ranked name, then leftmost column. */
export function matchHeaders(keys: readonly string[], profile: ExportProfile): RowMatch {
  const { byKey } = compile(profile);
  const mapping: Mapping = {};
  const rankOf: Partial<Record<CanonicalField, number>> = {};
  for (let col = 0; col < keys.length; col++) {
    const hits = byKey.get(keys[col]!);
    if (!hits) continue;
    for (const { field, rank } of hits) {
      const had = rankOf[field];
      if (had === undefined || rank < had) {
        mapping[field] = col;
        rankOf[field] = rank;
      }
    }
  }
  // A joined field needs every part: the first came through the aliases above, the rest here.
  const missingParts: CanonicalField[] = [];
  for (const [field, parts] of Object.entries(profile.joins ?? {}) as [CanonicalField, readonly string[]][]) {
    const first = mapping[field];
    if (typeof first !== 'number') continue;
    const columns = parts.map((part) => keys.indexOf(headerKey(part)));
    if (columns.some((col) => col < 0)) missingParts.push(field);
    else mapping[field] = [first, ...columns];
  }
  const fields = Object.keys(mapping) as CanonicalField[];
  return {
    mapping,
    matched: fields.length,
    preferred: fields.filter((f) => rankOf[f] === 0).length,
    missing: [...profile.required.filter((f) => mapping[f] === undefined), ...missingParts],
  };
}

interface Candidate {
  index: number;
  line: number;
  profileIndex: number;
  match: RowMatch;
}

/** Larger is better: complete layouts first, then fields named, then preferred names. */
function better(a: Candidate, b: Candidate | null): boolean {
  if (!b) return true;
  const ac = a.match.missing.length === 0;
  const bc = b.match.missing.length === 0;
  if (ac !== bc) return ac;
  if (a.match.matched !== b.match.matched) return a.match.matched > b.match.matched;
  if (a.match.preferred !== b.match.preferred) return a.match.preferred > b.match.preferred;
  return false; // earlier record / earlier layout wins a tie
}

function bestCandidate(rows: readonly { line: number; keys: string[] }[], profiles: readonly ExportProfile[]): Candidate | null {
  let best: Candidate | null = null;
  rows.forEach((row, index) => {
    profiles.forEach((profile, profileIndex) => {
      const cand = { index, line: row.line, profileIndex, match: matchHeaders(row.keys, profile) };
      if (cand.match.matched > 0 && better(cand, best)) best = cand;
    });
  });
  return best;
}

const COLUMN_NUMBER = /^\(?\s*(\d{1,4})\s*\)?\.?$/;

/** `1 2 3 ...` (or `(1) (2) ...`) under a header: ascending numbers in every non-empty cell. */
export function isColumnNumberRow(cells: readonly string[]): boolean {
  let last = 0;
  let count = 0;
  for (const cell of cells) {
    const t = cell.trim();
    if (t === '') continue;
    const m = COLUMN_NUMBER.exec(t);
    if (!m) return false;
    const n = Number(m[1]);
    if (n <= last) return false;
    last = n;
    count++;
  }
  return count >= 2;
}

export interface DetectOptions {
  source: Source;
  profile?: ExportProfile;
  delimiter?: string;
  lineBreak: '\n' | '\r';
  /** File name used in messages. */
  label: string;
}

interface Scan {
  delimiter: string;
  rows: { line: number; cells: string[]; keys: string[] }[];
  best: Candidate | null;
  consistency: number;
}

function scan(text: string, delimiter: string, lineBreak: '\n' | '\r', profiles: readonly ExportProfile[]): Scan {
  return scanRows(readAllRecords(text, { delimiter, lineBreak }, HEADER_SCAN_RECORDS).records, delimiter, profiles);
}

function scanRows(records: readonly { line: number; cells: string[] }[], delimiter: string, profiles: readonly ExportProfile[]): Scan {
  const rows = records.map((r) => ({ line: r.line, cells: r.cells, keys: r.cells.map(headerKey) }));
  // How many rows share the most common cell count (above 1): the fallback when no layout fits.
  const counts = new Map<number, number>();
  for (const r of rows) if (r.cells.length > 1) counts.set(r.cells.length, (counts.get(r.cells.length) ?? 0) + 1);
  const consistency = Math.max(0, ...counts.values());
  return { delimiter, rows, best: bestCandidate(rows, profiles), consistency };
}

/** The delimiter whose reading fits a layout best; with no fit, the most regular column count. */
function pickScan(scans: Scan[]): Scan {
  const rank = (s: Scan): number[] => {
    const m = s.best?.match;
    return [m ? 1 : 0, m && m.missing.length === 0 ? 1 : 0, m?.matched ?? 0, m?.preferred ?? 0, s.consistency];
  };
  let chosen = scans[0]!;
  let chosenRank = rank(chosen);
  for (const s of scans.slice(1)) {
    const r = rank(s);
    const i = r.findIndex((v, k) => v !== chosenRank[k]);
    if (i !== -1 && r[i]! > chosenRank[i]!) {
      chosen = s;
      chosenRank = r;
    }
  }
  return chosen;
}

/** Header cells shown in an error: trimmed, shortened, digit runs hidden (never a NIK). */
function listHeaders(cells: readonly string[]): string {
  const shown = cells
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .map((c) => (c.length > 40 ? `${c.slice(0, 40)}...` : c).replace(/\d{6,}/g, '#'));
  const head = shown.slice(0, 60).join(', ');
  return shown.length > 60 ? `${head}, ... (${shown.length - 60} more)` : head || '(none)';
}

const displayName = (profile: ExportProfile, field: CanonicalField): string => `"${profile.columns[field]?.[0] ?? field}"`;

/**
 * Finds delimiter (unless given), header rows, layout and column mapping from the first part of
 * a file (`text`, complete lines only, read as if it were the whole file). Throws a PadanError naming the file, the
 * line and the missing columns when no layout of the source fits.
 */
export function detectLayout(text: string, options: DetectOptions): Layout {
  const delimiters = options.delimiter ? [options.delimiter] : [...DELIMITERS];
  return layoutOf((profiles) => pickScan(delimiters.map((d) => scan(text, d, options.lineBreak, profiles))), options);
}

/**
 * The same for rows already split into cells (the rows of a workbook sheet, up to
 * HEADER_SCAN_RECORDS of them, numbered by their row in the sheet); `delimiter` is only recorded.
 */
export function detectLayoutInRows(rows: readonly { line: number; cells: string[] }[], options: Omit<DetectOptions, 'lineBreak'> & { delimiter: string }): Layout {
  return layoutOf((profiles) => scanRows(rows.slice(0, HEADER_SCAN_RECORDS), options.delimiter, profiles), { ...options, lineBreak: '\n' });
}

/** The layout found by the best scan (`scanWith` reads the file's first records for some profiles). */
function layoutOf(scanWith: (profiles: readonly ExportProfile[]) => Scan, options: DetectOptions): Layout {
  const { source, label } = options;
  const profiles = options.profile ? [options.profile] : BUILTIN_PROFILES.filter((p) => p.source === source);
  const chosen = scanWith(profiles);
  const { rows, best } = chosen;

  if (!best || best.match.matched < 2) {
    const other = options.profile ? null : otherSourceHint(scanWith, options);
    const examples = (options.profile ? Object.values(options.profile.columns) : profiles.flatMap((p) => p.required.map((f) => p.columns[f])))
      .flatMap((names) => (names ? [names[0]] : []))
      .filter((v, i, all) => all.indexOf(v) === i)
      .slice(0, 4)
      .map((n) => `"${n}"`)
      .join(', ');
    const layout = options.profile ? t('error.layoutIn', { name: options.profile.name }) : t('error.layoutOf', { source: source.toUpperCase() });
    throw new PadanError(
      `${t('error.noHeaderIn', { label, rows: rows.length, layout, examples })}${other ? `; ${other.says}` : ''}`,
      EXIT.failure,
      other?.hint ?? t('hint.noHeader', { source: source.toUpperCase() }),
    );
  }

  const profile = profiles[best.profileIndex]!;
  const { byKey } = compile(profile);
  // The header block: adjacent rows that also name fields, and column numbers under it.
  const main = rows[best.index]!;
  // Another header row names two fields, or names one and only fills cells the chosen row left
  // empty (a data row fills the named columns too).
  const isHeaderRow = (r: { cells: string[]; keys: string[] }): boolean => {
    const matched = matchHeaders(r.keys, profile).matched;
    if (matched >= 2) return true;
    return matched === 1 && r.cells.every((c, i) => c.trim() === '' || (main.cells[i] ?? '').trim() === '');
  };
  let first = best.index;
  let last = best.index;
  while (first > 0 && isHeaderRow(rows[first - 1]!)) first--;
  while (last + 1 < rows.length) {
    const next = rows[last + 1]!;
    if (isColumnNumberRow(next.cells) || isHeaderRow(next)) last++;
    else break;
  }
  const block = [main, ...rows.slice(first, last + 1).filter((r) => r !== main && !isColumnNumberRow(r.cells))];
  const width = Math.max(...rows.slice(first, last + 1).map((r) => r.cells.length));
  // Per column: a name the layout knows (chosen row first), else the chosen row's text, else any.
  const headers: string[] = [];
  for (let col = 0; col < width; col++) {
    const known = block.find((r) => byKey.has(r.keys[col] ?? ''));
    const named = known ?? (main.cells[col]?.trim() ? main : block.find((r) => (r.cells[col] ?? '').trim() !== ''));
    headers.push(named?.cells[col] ?? '');
  }
  const keys = headers.map(headerKey);
  const { mapping, missing } = matchHeaders(keys, profile);
  if (missing.length > 0) {
    const other = options.profile ? null : otherSourceHint(scanWith, options);
    const names = missing.map((f) => displayName(profile, f));
    throw new PadanError(
      `${t(names.length === 1 ? 'error.columnMissing' : 'error.columnsMissing', { where: `${label}:${main.line}`, columns: names.join(', '), headers: listHeaders(headers) })}${other ? `; ${other.says}` : ''}`,
      EXIT.failure,
      other?.hint ?? (chosen.delimiter ? t('hint.layout', { layout: profile.description ?? profile.name, delimiter: describeDelimiter(chosen.delimiter) }) : t('hint.layoutSheet', { layout: profile.description ?? profile.name })),
    );
  }
  let minCells = 0;
  for (let col = 0; col < headers.length; col++) if (keys[col] !== '') minCells = col + 1;
  return {
    delimiter: chosen.delimiter,
    lineBreak: options.lineBreak,
    profile,
    headerLine: main.line,
    lastHeaderLine: rows[last]!.line,
    headers,
    mapping,
    minCells,
  };
}

/** When the file fits the other register's layout, a sentence saying so and the command to use. */
function otherSourceHint(scanWith: (profiles: readonly ExportProfile[]) => Scan, options: DetectOptions): { says: string; hint: string } | null {
  const other: Source = options.source === 'p3ke' ? 'dtks' : 'p3ke';
  const profiles = BUILTIN_PROFILES.filter((p) => p.source === other);
  const s = scanWith(profiles);
  if (!s.best || s.best.match.missing.length > 0) return null;
  const p = profiles[s.best.profileIndex]!;
  return {
    says: t('error.looksLike', { source: other.toUpperCase(), layout: p.name, line: s.best.line }),
    hint: t('hint.loadAs', { source: other.toUpperCase(), command: `padan ingest ${other} ${options.label}` }),
  };
}
