// Region codes and names to Kemendagri desa codes, checked against the official list
// (region-data.ts). Codes win over names; names are resolved top-down within their parent, exact
// first, then a space/old-spelling-insensitive key, then a guarded fuzzy match. BPS codes (3-digit
// kecamatan and desa) are recognised and never read as Kemendagri codes.
import { allRegions, regionByCode, type Region, type RegionLevel } from './region-data.js';
import { detached, Memo } from './memo.js';
import type { WilayahStatus } from './types.js';

export interface RegionInput {
  kodeWilayah?: string;
  kodeProvinsi?: string;
  kodeKabupaten?: string;
  kodeKecamatan?: string;
  kodeDesa?: string;
  provinsi?: string;
  kabupaten?: string;
  kecamatan?: string;
  desa?: string;
}

export interface RegionResult {
  /** 10-digit desa code: from the list (`ok`, `resolved_by_name`) or as given (`unknown_code`). */
  kodeWilayah: string | null;
  kodeProvinsi: string | null;
  kodeKabupaten: string | null;
  kodeKecamatan: string | null;
  status: WilayahStatus;
  /** Official names (upper-case) where the level is known; otherwise the input, upper-cased. */
  provinsi: string | null;
  kabupaten: string | null;
  kecamatan: string | null;
  desa: string | null;
  /** Why the status is not plainly `ok`: unknown level, ambiguity, fuzzy matches, BPS codes. */
  detail: string | null;
}

const LEVELS: readonly RegionLevel[] = ['provinsi', 'kabupaten', 'kecamatan', 'desa'];
/** Code length of each level, by index in LEVELS. */
const CODE_LENGTHS = [2, 4, 6, 10] as const;

// ---------------------------------------------------------------------------------------------
// Codes

const isDigits = (s: string): boolean => /^\d+$/.test(s);

/**
 * A Kemendagri code (2, 4, 6 or 10 digits) from what exports and spreadsheets make of it:
 * dotted or spaced groups, a leading apostrophe, Excel's `.0`, or scientific notation when no
 * digit was lost. Null when the text is not a code of that shape.
 */
export function cleanRegionCode(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  let s = raw.trim().replace(/^['"]+|["]+$/g, '').trim();
  if (s === '') return null;
  const float = /^(\d+)\.0+$/.exec(s);
  // `32.00` would be a dotted code with kabupaten 00, which does not exist: read it as a float.
  if (float) s = float[1]!;
  else {
    const sci = /^(\d)(?:[.,](\d+))?E\+?(\d+)$/i.exec(s);
    if (sci) {
      const fraction = sci[2] ?? '';
      // Fewer fraction digits than the exponent means Excel dropped digits: never invent them.
      if (fraction.length !== Number(sci[3])) return null;
      s = sci[1]! + fraction;
    }
  }
  if (isDigits(s)) return [2, 4, 6, 10].includes(s.length) ? s : null;
  const groups = s.split(/[.\s-]+/);
  const shape = [2, 2, 2, 4];
  if (groups.length > 4 || !groups.every((g, i) => isDigits(g) && g.length === shape[i])) return null;
  return groups.join('');
}

/** Digits of a code part (BDT's `KDKEC=010`), keeping leading zeros; null when not digits. */
function codeDigits(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const s = raw
    .trim()
    .replace(/^'+/, '')
    .replace(/\.0+$/, '')
    .replace(/[.\s-]/g, '');
  return s !== '' && isDigits(s) ? s : null;
}

function isCodeOfLength(code: string, length: number): boolean {
  const clean = cleanRegionCode(code);
  return clean !== null && clean.length === length && regionByCode(clean) !== undefined;
}

export const isProvinceCode = (code: string): boolean => isCodeOfLength(code, 2);
export const isKabupatenCode = (code: string): boolean => isCodeOfLength(code, 4);
export const isKecamatanCode = (code: string): boolean => isCodeOfLength(code, 6);
export const isDesaCode = (code: string): boolean => isCodeOfLength(code, 10);

/** Official name, upper-case (`KABUPATEN BOGOR`, `KOTA BOGOR`), or null when not in the list. */
export function regionName(code: string): string | null {
  const clean = cleanRegionCode(code);
  const region = clean === null ? undefined : regionByCode(clean);
  return region ? region.name.toUpperCase() : null;
}

// ---------------------------------------------------------------------------------------------
// Names

type Kind = 'kab' | 'kota' | null;

interface ParsedName {
  /** Upper-case, punctuation-free, level prefix removed except KOTA. */
  canon: string;
  /** canon without spaces and with old spelling folded: catches `SUKA MAJU`, `TJIBADAK`. */
  loose: string;
  /** Explicit kabupaten/kota prefix, which must be respected (Kota Bogor ≠ Kabupaten Bogor). */
  kind: Kind;
  /** Numbers and direction words: a fuzzy match may not change them (`II` vs `III`, UTARA vs BARAT). */
  guard: string;
}

const ROMAN: Record<string, string> = {
  I: '1', II: '2', III: '3', IV: '4', V: '5', VI: '6', VII: '7', VIII: '8', IX: '9', X: '10',
};
const ABBREVIATIONS: Record<string, string> = { KEP: 'KEPULAUAN', KEPL: 'KEPULAUAN' };
const KAB_PREFIX = new Set(['KAB', 'KABUPATEN']);
const KOTA_PREFIX = new Set(['KOTA', 'KOTAMADYA', 'KODYA', 'KOT']);
const ADMINISTRASI = new Set(['ADM', 'ADMINISTRASI']);
const OTHER_PREFIX = new Set(['KEC', 'KECAMATAN', 'KEL', 'KELURAHAN', 'DS', 'DESA', 'PROV', 'PROP', 'PROVINSI', 'PROPINSI']);
const DIRECTIONS = new Set([
  'UTARA', 'SELATAN', 'TIMUR', 'BARAT', 'TENGAH', 'HULU', 'HILIR', 'ULU', 'ILIR', 'LOR', 'KIDUL',
  'WETAN', 'KULON', 'DARAT', 'LAUT', 'BARU', 'LAMA', 'ATAS', 'BAWAH', 'DALAM', 'LUAR', 'PASAR',
]);

function tokensOf(raw: string): string[] {
  // NFKD only when needed: the 90k names of the list are ASCII but for a handful.
  const folded = /^[\x20-\x7e]*$/.test(raw) ? raw : raw.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const split = folded
    .toUpperCase()
    .replace(/['’‘`"]/g, '') // BA'U, SOKA"AN: the apostrophe is not a word break
    .split(/[^A-Z0-9]+/)
    .filter((t) => t !== '');
  // Spelled-out initials (`D.I. YOGYAKARTA`, `N.T.B`) become one word before `I` can read as 1.
  const tokens: string[] = [];
  for (let i = 0; i < split.length; i++) {
    let t = split[i]!;
    if (/^[A-Z]$/.test(t) && /^[A-Z]$/.test(split[i + 1] ?? '')) {
      while (/^[A-Z]$/.test(split[i + 1] ?? '')) t += split[++i];
    }
    tokens.push(t);
  }
  return tokens.map((t) => ABBREVIATIONS[t] ?? ROMAN[t] ?? (/^\d+$/.test(t) ? String(Number(t)) : t));
}

function parseName(raw: string): ParsedName {
  const tokens = tokensOf(raw);
  let kind: Kind = null;
  const first = tokens[0];
  if (first !== undefined && tokens.length > 1) {
    if (KAB_PREFIX.has(first)) {
      kind = 'kab';
      tokens.shift();
      if (tokens.length > 1 && ADMINISTRASI.has(tokens[0]!)) tokens.shift();
    } else if (KOTA_PREFIX.has(first)) {
      kind = 'kota';
      tokens[0] = 'KOTA';
      if (tokens.length > 2 && ADMINISTRASI.has(tokens[1]!)) tokens.splice(1, 1);
    } else if (OTHER_PREFIX.has(first)) {
      tokens.shift();
      // `Desa Adat Yoboi` (Papua) is a desa named Yoboi.
      if (first === 'DESA' && tokens.length > 1 && tokens[0] === 'ADAT') tokens.shift();
    }
  }
  const canon = tokens.join(' ');
  const loose = canon.replace(/ /g, '').replace(/DJ/g, 'J').replace(/TJ/g, 'C').replace(/OE/g, 'U');
  const guard = tokens
    .filter((t) => DIRECTIONS.has(t) || /^\d+$/.test(t))
    .sort()
    .join(' ');
  return { canon, loose, kind, guard };
}

/**
 * A region name in one canonical form for comparison: upper-case, accents and punctuation
 * folded, spaces collapsed, the level prefix (KAB., KABUPATEN, KEC., KEL., DS., PROV., ...)
 * removed, except KOTA, which stays because Kota Bogor and Kabupaten Bogor are different places.
 */
export function canonicalRegionName(raw: string): string {
  return parseName(raw).canon;
}

// Names provinces go by in exports beside their official ones (canonical form → code).
const PROVINCE_ALIASES: Record<string, string> = {
  'NANGGROE ACEH DARUSSALAM': '11', NAD: '11', 'DI ACEH': '11', 'DAERAH ISTIMEWA ACEH': '11',
  SUMUT: '12', SUMBAR: '13', SUMSEL: '16', BABEL: '19', 'BANGKA BELITUNG': '19', KEPRI: '21',
  'DKI JAKARTA': '31', DKI: '31', JAKARTA: '31', 'DAERAH KHUSUS JAKARTA': '31', 'DK JAKARTA': '31',
  JABAR: '32', JATENG: '33', 'DI YOGYAKARTA': '34', DIY: '34', YOGYAKARTA: '34', JOGJAKARTA: '34',
  JATIM: '35', NTB: '52', NTT: '53', KALBAR: '61', KALTENG: '62', KALSEL: '63', KALTIM: '64',
  KALTARA: '65', SULUT: '71', SULTENG: '72', SULSEL: '73', SULTRA: '74', SULBAR: '76', MALUT: '82',
  PABAR: '92', PAPBAR: '92', 'IRIAN JAYA BARAT': '92', PAPSEL: '93', PAPTENG: '94', 'PAPUA PEGUNUNGAN TENGAH': '95',
  PBD: '96',
};

// ---------------------------------------------------------------------------------------------
// Name indexes, built once on first use

interface Entry {
  region: Region;
  name: ParsedName;
  /** loose key without a leading KOTA, for inputs that name a kabupaten/kota without a prefix. */
  bare: string;
}

interface LevelIndex {
  /** Sorted by code, so the descendants of a code are one contiguous range. */
  entries: Entry[];
  codes: string[];
  canon: Map<string, Entry[]>;
  loose: Map<string, Entry[]>;
  bare: Map<string, Entry[]>;
}

let indexes: LevelIndex[] | undefined;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function buildIndexes(): LevelIndex[] {
  const byLevel: Entry[][] = [[], [], [], []];
  for (const region of allRegions()) {
    const name = parseName(region.name);
    const kind: Kind = region.level === 'kabupaten' ? (name.kind ?? 'kab') : null;
    const bare = kind === 'kota' ? name.loose.slice('KOTA'.length) : name.loose;
    const entry: Entry = { region, name: { ...name, kind }, bare };
    byLevel[LEVELS.indexOf(region.level)]!.push(entry);
  }
  return byLevel.map((entries, level) => {
    entries.sort((a, b) => (a.region.code < b.region.code ? -1 : a.region.code > b.region.code ? 1 : 0));
    const index: LevelIndex = { entries, codes: entries.map((e) => e.region.code), canon: new Map(), loose: new Map(), bare: new Map() };
    for (const e of entries) {
      push(index.canon, e.name.canon, e);
      push(index.loose, e.name.loose, e);
      if (level === 1) push(index.bare, e.bare, e);
    }
    if (level === 0) {
      for (const [alias, code] of Object.entries(PROVINCE_ALIASES)) {
        const e = entries.find((x) => x.region.code === code);
        if (e && !index.canon.has(alias)) {
          push(index.canon, alias, e);
          push(index.loose, parseName(alias).loose, e);
        }
      }
    }
    return index;
  });
}

function levelIndex(level: number): LevelIndex {
  indexes ??= buildIndexes();
  return indexes[level]!;
}

/** Entries of a level whose code starts with prefix ('' = the whole country). */
function descendants(index: LevelIndex, prefix: string): Entry[] {
  if (prefix === '') return index.entries;
  const { codes } = index;
  let lo = 0;
  let hi = codes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (codes[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < codes.length && codes[end]!.startsWith(prefix)) end++;
  return index.entries.slice(lo, end);
}

/** Levenshtein distance, or max + 1 as soon as it must exceed max (most pairs stop early). */
export function boundedLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  let prev = new Array<number>(b.length + 1);
  let curr = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
      curr[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}

/** Edits a fuzzy match may need, by length of the loose key: none below 5 letters. */
export function fuzzyBudget(length: number): number {
  return length < 5 ? 0 : length < 9 ? 1 : length < 15 ? 2 : 3;
}

/** Fuzzy matching is skipped when the scope holds more names than this (desa nationwide). */
const FUZZY_SCOPE_LIMIT = 12_000;
/** Ambiguous branches followed down to the next level before giving up. */
const BRANCH_LIMIT = 500;

type How = 'exact' | 'loose' | 'fuzzy';

function kindFits(entry: Entry, kind: Kind): boolean {
  return kind === null || entry.name.kind === kind;
}

function inScopes(entry: Entry, scopes: ReadonlySet<string>, scopeLength: number): boolean {
  return scopeLength === 0 || scopes.has(entry.region.code.slice(0, scopeLength));
}

function searchLevel(
  level: number,
  scopes: readonly string[],
  query: ParsedName,
  allowFuzzy: boolean,
): { matches: Entry[]; how: How | null } {
  const index = levelIndex(level);
  // KOTA is a level only for kabupaten; lower down it is part of a name (desa Kota Baru).
  const kind = level === 1 ? query.kind : null;
  const scopeSet = new Set(scopes);
  const scopeLength = scopes[0]?.length ?? 0;
  const keep = (list: Entry[] | undefined): Entry[] =>
    (list ?? []).filter((e) => kindFits(e, kind) && inScopes(e, scopeSet, scopeLength));
  const noPrefixKab = level === 1 && kind === null;

  let matches = keep(index.canon.get(query.canon));
  if (noPrefixKab) matches = matches.concat(keep(index.canon.get(`KOTA ${query.canon}`)));
  if (matches.length > 0) return { matches: unique(matches), how: 'exact' };

  matches = noPrefixKab ? keep(index.bare.get(query.loose)) : keep(index.loose.get(query.loose));
  if (matches.length > 0) return { matches: unique(matches), how: 'loose' };

  const budget = fuzzyBudget(query.loose.length);
  if (!allowFuzzy || budget === 0) return { matches: [], how: null };
  const candidates = scopes.flatMap((s) => descendants(index, s));
  if (candidates.length > FUZZY_SCOPE_LIMIT) return { matches: [], how: null };
  let best = budget + 1;
  let bestEntries: Entry[] = [];
  for (const e of candidates) {
    if (e.name.guard !== query.guard || !kindFits(e, kind)) continue;
    const d = boundedLevenshtein(query.loose, noPrefixKab ? e.bare : e.name.loose, Math.min(best, budget));
    if (d < best) {
      best = d;
      bestEntries = [e];
    } else if (d === best && d <= budget) bestEntries.push(e);
  }
  // Several names equally close is not a clear best: report it as ambiguous rather than guess.
  return { matches: unique(bestEntries), how: bestEntries.length > 0 ? 'fuzzy' : null };
}

function unique(entries: Entry[]): Entry[] {
  return entries.length < 2 ? entries : [...new Map(entries.map((e) => [e.region.code, e])).values()];
}

// ---------------------------------------------------------------------------------------------
// Resolution

interface Draft {
  codes: (string | null)[]; // per level
  names: (string | null)[]; // per level
  status: WilayahStatus;
  kodeWilayah: string | null;
  notes: string[];
}

const upperInput = (raw: string | undefined): string | null => {
  const s = raw?.trim().replace(/\s+/g, ' ').toUpperCase();
  return s ? s : null;
};

function fillFromCode(draft: Draft, code: string): void {
  for (let level = 0; level < 4; level++) {
    const len = CODE_LENGTHS[level]!;
    if (code.length < len) break;
    const region = regionByCode(code.slice(0, len));
    if (!region) break;
    draft.codes[level] = region.code;
    draft.names[level] = region.name.toUpperCase();
  }
}

/** Deepest level (index) whose code is filled, or -1. */
const deepest = (draft: Draft): number => draft.codes.reduce((acc, c, i) => (c !== null ? i : acc), -1);

interface NameOutcome {
  /** Deepest level that matched and its candidates. */
  level: number;
  matches: Entry[];
  notes: string[];
}

/** `kecamatan COBLONG`, `2 candidate kabupaten`: where a name was looked for. */
function describeScopes(scopes: readonly string[]): string {
  if (scopes.length > 1) return ` in ${scopes.length} candidate ${regionByCode(scopes[0]!)?.level ?? 'regions'}`;
  const region = scopes[0] ? regionByCode(scopes[0]) : undefined;
  return region ? ` in ${region.level} ${region.name.toUpperCase()}` : '';
}

/**
 * Resolve names from `startLevel` down, within `scope` (a code prefix, '' for the country).
 * Several candidates at one level are all followed: a lower name often tells them apart
 * (BOGOR is a kabupaten and a kota; its kecamatan names differ). A kabupaten or kecamatan name
 * that matches nothing stops the descent: guessing a desa beside a kecamatan that does not fit
 * would be worse than leaving it unresolved.
 */
function resolveNames(names: (ParsedName | null)[], startLevel: number, scope: string): NameOutcome {
  let scopes = [scope];
  let scopeLevel = startLevel - 1;
  let outcome: NameOutcome = { level: -1, matches: [], notes: [] };
  const notes: string[] = [];
  for (let level = startLevel; level < 4; level++) {
    const query = names[level];
    if (!query) continue;
    // Fuzzy only directly below a matched parent (or for provinsi/kabupaten, which are few).
    const allowFuzzy = scopeLevel === level - 1 || level <= 1;
    const { matches, how } = searchLevel(level, scopes, query, allowFuzzy);
    if (matches.length === 0) {
      notes.push(`${LEVELS[level]} '${query.canon}' not found${describeScopes(scopes)}`);
      // Provinces go by many informal names; the kabupaten below is still looked for nationwide.
      if (level === 0) continue;
      break;
    }
    if (how === 'fuzzy' && matches.length === 1) notes.push(`${LEVELS[level]} '${query.canon}' read as ${matches[0]!.region.name.toUpperCase()}`);
    outcome = { level, matches, notes };
    if (matches.length > BRANCH_LIMIT) break;
    scopes = matches.map((m) => m.region.code);
    scopeLevel = level;
  }
  outcome.notes = notes;
  return outcome;
}

/** Fill the levels every candidate shares (all SUKAMAJU in one kecamatan still give that kecamatan). */
function fillCommon(draft: Draft, matches: Entry[]): void {
  const first = matches[0]!.region.code;
  for (let level = 0; level < 4; level++) {
    const len = CODE_LENGTHS[level]!;
    if (first.length < len) break;
    const prefix = first.slice(0, len);
    if (!matches.every((m) => m.region.code.startsWith(prefix))) break;
    const region = regionByCode(prefix);
    if (!region) break;
    draft.codes[level] = prefix;
    draft.names[level] = region.name.toUpperCase();
  }
}

/** Turn a name outcome into levels and a status; `bpsNote` explains an unresolved BPS row. */
function applyNames(draft: Draft, outcome: NameOutcome, names: (ParsedName | null)[], bpsNote: string | null): void {
  draft.notes.push(...outcome.notes);
  const { level, matches } = outcome;
  if (level >= 0) fillCommon(draft, matches);
  if (level === 3 && matches.length === 1) {
    draft.status = 'resolved_by_name';
    draft.kodeWilayah = matches[0]!.region.code;
    return;
  }
  if (level >= 0 && matches.length > 1) {
    draft.status = 'ambiguous';
    const where = deepest(draft) >= 0 ? ` in ${draft.names[deepest(draft)]}` : '';
    draft.notes.push(`${LEVELS[level]} '${names[level]!.canon}' fits ${matches.length} ${LEVELS[level]}${where}`);
    return;
  }
  draft.status = 'unresolved';
  if (bpsNote) draft.notes.push(bpsNote);
  else if (!names[3]) draft.notes.push('no desa name');
}

function emptyDraft(input: RegionInput): Draft {
  return {
    codes: [null, null, null, null],
    names: [upperInput(input.provinsi), upperInput(input.kabupaten), upperInput(input.kecamatan), upperInput(input.desa)],
    status: 'unresolved',
    kodeWilayah: null,
    notes: [],
  };
}

type Scheme = { kind: 'kemendagri'; code: string | null; conflict: string | null } | { kind: 'bps'; prefix: string | null };

/**
 * Read separate code parts. BPS writes kecamatan and desa with 3 digits (`010`, `001`), and
 * Excel turns `010` into `10`; Kemendagri desa parts are 4 digits starting 1–3. So a 3- or
 * 7-digit kecamatan, or a desa part of 1–3 digits, marks the tuple as BPS, and BPS wins over a
 * 2-digit kecamatan that only looks Kemendagri.
 */
function readParts(input: RegionInput): Scheme | null {
  const p = codeDigits(input.kodeProvinsi);
  let k = codeDigits(input.kodeKabupaten);
  let c = codeDigits(input.kodeKecamatan);
  const d = codeDigits(input.kodeDesa);
  if (p === null && k === null && c === null && d === null) return null;
  if (k?.length === 1) k = `0${k}`;
  const bps = c?.length === 3 || c?.length === 7 || (d !== null && (d.length <= 3 || (d.length === 10 && d[6] === '0')));
  let prefix = '';
  if (p?.length === 2) prefix = p;
  let conflict: string | null = null;
  if (k?.length === 4) {
    if (prefix && !k.startsWith(prefix)) conflict = `kode kabupaten ${k} is not in provinsi ${prefix}`;
    prefix = k;
  } else if (k?.length === 2 && prefix.length === 2) prefix += k;
  if (bps) return { kind: 'bps', prefix: prefix || null };
  if (c?.length === 1) c = `0${c}`;
  if (c?.length === 6) prefix = c;
  else if (c?.length === 2 && prefix.length === 4) prefix += c;
  if (d?.length === 10) prefix = d;
  else if (d?.length === 4 && prefix.length === 6) prefix += d;
  return { kind: 'kemendagri', code: prefix || null, conflict };
}

function finish(draft: Draft): RegionResult {
  return Object.freeze({
    kodeWilayah: draft.kodeWilayah,
    kodeProvinsi: draft.codes[0] ?? null,
    kodeKabupaten: draft.codes[1] ?? null,
    kodeKecamatan: draft.codes[2] ?? null,
    status: draft.status,
    provinsi: draft.names[0] ?? null,
    kabupaten: draft.names[1] ?? null,
    kecamatan: draft.names[2] ?? null,
    desa: draft.names[3] ?? null,
    detail: draft.notes.length > 0 ? draft.notes.join('; ') : null,
  });
}

function parsedNames(input: RegionInput): (ParsedName | null)[] {
  return [input.provinsi, input.kabupaten, input.kecamatan, input.desa].map((raw) => {
    if (raw === undefined) return null;
    const parsed = parseName(raw);
    return parsed.canon === '' ? null : parsed;
  });
}

/** A Kemendagri code (2–10 digits): known part filled, the rest by names below it. */
function resolveCode(input: RegionInput, code: string, names: (ParsedName | null)[], notes: string[]): RegionResult {
  const draft = emptyDraft(input);
  draft.notes.push(...notes);
  fillFromCode(draft, code);
  const known = deepest(draft);
  const given = CODE_LENGTHS.indexOf(code.length as 2 | 4 | 6 | 10);
  if (known === 3) {
    draft.status = 'ok';
    draft.kodeWilayah = code;
    return finish(draft);
  }
  if (known < given) {
    // A code of the right shape that the list does not have: keep it, say which level is new,
    // and say where the names point (within the known part) without overwriting the code.
    draft.status = 'unknown_code';
    draft.kodeWilayah = given === 3 ? code : null;
    const unknownLevel = LEVELS[known + 1]!;
    draft.notes.push(
      `${unknownLevel} ${code.slice(0, CODE_LENGTHS[known + 1])} not in the official list` +
        (known >= 0 ? ` (${LEVELS[known]} ${draft.codes[known]} is)` : ''),
    );
    const outcome = resolveNames(names, known + 1, known >= 0 ? draft.codes[known]! : '');
    if (outcome.level === 3 && outcome.matches.length === 1) draft.notes.push(`names point to ${outcome.matches[0]!.region.code}`);
    return finish(draft);
  }
  const outcome = resolveNames(names, known + 1, draft.codes[known]!);
  applyNames(draft, outcome, names, null);
  return finish(draft);
}

const BPS_UNRESOLVABLE = 'BPS codes: kecamatan/desa not resolvable without names';

function resolveBps(input: RegionInput, prefix: string | null, names: (ParsedName | null)[], notes: string[]): RegionResult {
  const draft = emptyDraft(input);
  draft.notes.push(...notes);
  // BPS and Kemendagri province and kabupaten codes coincide for most regions: a best effort.
  if (prefix) fillFromCode(draft, prefix.slice(0, 4));
  const known = deepest(draft);
  if (known >= 0) draft.notes.push(`BPS ${LEVELS[known]} code ${draft.codes[known]} taken as Kemendagri (usually equal)`);
  else if (prefix) draft.notes.push(`BPS code ${prefix} not in the Kemendagri list`);
  const hasNames = names.some((n) => n !== null);
  if (!hasNames) {
    draft.status = 'unresolved';
    draft.notes.push(BPS_UNRESOLVABLE);
    return finish(draft);
  }
  let outcome = resolveNames(names, known + 1, known >= 0 ? draft.codes[known]! : '');
  if (!(outcome.level === 3 && outcome.matches.length === 1) && known >= 0) {
    // The BPS kabupaten may differ from Kemendagri's (splits, renumbering): try names alone.
    const byNames = resolveNames(names, 0, '');
    if (byNames.level === 3 && byNames.matches.length === 1) {
      draft.codes = [null, null, null, null];
      draft.notes.push('names resolve outside the BPS-coded kabupaten');
      outcome = byNames;
    }
  }
  applyNames(draft, outcome, names, names[2] || names[3] ? null : BPS_UNRESOLVABLE);
  return finish(draft);
}

function resolveUncached(input: RegionInput): RegionResult {
  const names = parsedNames(input);
  const notes: string[] = [];
  const rawWilayah = input.kodeWilayah?.trim();
  if (rawWilayah) {
    const code = cleanRegionCode(rawWilayah);
    if (code === null) notes.push(`kode wilayah '${rawWilayah}' is not a Kemendagri code`);
    else if (code.length === 10 && code[6] === '0' && !regionByCode(code)) {
      // Kemendagri desa parts start 1–3; PPKKCCCDDD with kecamatan `010` puts a 0 here.
      notes.push(`kode wilayah ${code} is not a Kemendagri desa code (looks like BPS)`);
      return resolveBps(input, code.slice(0, 4), names, notes);
    } else return resolveCode(input, code, names, notes);
  }
  const parts = readParts(input);
  if (parts?.kind === 'bps') return resolveBps(input, parts.prefix, names, notes);
  if (parts?.kind === 'kemendagri' && parts.code) {
    if (parts.conflict) notes.push(parts.conflict);
    return resolveCode(input, parts.code, names, notes);
  }
  if (parts) notes.push('region code parts incomplete');
  const draft = emptyDraft(input);
  draft.notes.push(...notes);
  if (names.every((n) => n === null)) {
    draft.status = rawWilayah || parts ? 'unresolved' : 'missing';
    return finish(draft);
  }
  applyNames(draft, resolveNames(names, 0, ''), names, null);
  return finish(draft);
}

// Exports repeat the same few hundred region tuples over a million rows: remember them.
const MEMO_LIMIT = 4096;
// Keys are nine fields long: long province and kabupaten names must still be remembered.
const memo = new Memo<RegionResult>(MEMO_LIMIT, 1024);

// Rows come grouped by desa, so most rows carry the tuple of the row before: compared field by
// field, that costs less than building the memo key.
let lastInput: RegionInput | null = null;
let lastResult: RegionResult | null = null;

function sameInput(a: RegionInput, b: RegionInput): boolean {
  return (
    a.kodeWilayah === b.kodeWilayah &&
    a.desa === b.desa &&
    a.kecamatan === b.kecamatan &&
    a.kabupaten === b.kabupaten &&
    a.provinsi === b.provinsi &&
    a.kodeDesa === b.kodeDesa &&
    a.kodeKecamatan === b.kodeKecamatan &&
    a.kodeKabupaten === b.kodeKabupaten &&
    a.kodeProvinsi === b.kodeProvinsi
  );
}

/**
 * Kemendagri desa code, its levels and official names for a row's region fields. Codes are
 * used when they are Kemendagri codes; names are resolved otherwise (see file comment).
 */
export function resolveRegion(input: RegionInput): RegionResult {
  if (lastInput !== null && sameInput(input, lastInput)) return lastResult!;
  const key = `${input.kodeWilayah ?? ''}\u001f${input.kodeProvinsi ?? ''}\u001f${input.kodeKabupaten ?? ''}\u001f${input.kodeKecamatan ?? ''}\u001f${input.kodeDesa ?? ''}\u001f${input.provinsi ?? ''}\u001f${input.kabupaten ?? ''}\u001f${input.kecamatan ?? ''}\u001f${input.desa ?? ''}`;
  let result = memo.get(key);
  if (result === undefined) {
    result = resolveUncached(input);
    memo.set(key, result);
  }
  // A copy of the fields: the caller's strings are views into a chunk of the file (see detached).
  lastInput = {
    kodeWilayah: input.kodeWilayah === undefined ? undefined : detached(input.kodeWilayah),
    kodeProvinsi: input.kodeProvinsi === undefined ? undefined : detached(input.kodeProvinsi),
    kodeKabupaten: input.kodeKabupaten === undefined ? undefined : detached(input.kodeKabupaten),
    kodeKecamatan: input.kodeKecamatan === undefined ? undefined : detached(input.kodeKecamatan),
    kodeDesa: input.kodeDesa === undefined ? undefined : detached(input.kodeDesa),
    provinsi: input.provinsi === undefined ? undefined : detached(input.provinsi),
    kabupaten: input.kabupaten === undefined ? undefined : detached(input.kabupaten),
    kecamatan: input.kecamatan === undefined ? undefined : detached(input.kecamatan),
    desa: input.desa === undefined ? undefined : detached(input.desa),
  };
  lastResult = result;
  return result;
}
