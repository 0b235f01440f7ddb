// Person and place names made comparable: titles stripped (and kept), Muhammad and the pre-1972
// spelling unified, the BIN/BINTI part split off, and blocking keys (an Indonesian phonetic key,
// the sorted token set, initials). Rules and their reasons: domain.md, "Names".
//
// Runs on every name at ingest (millions), so regexes are compiled once, results are memoised
// in bounded maps (names repeat a lot: SITI, MUHAMMAD, ...), and a name of plain words, which
// most are, takes a short path that gives what the full rules would give (see plainName).

import { Memo } from './memo.js';

export interface NameResult {
  /** Canonical name: titles stripped, Muhammad and old spelling unified, BIN/BINTI part removed. */
  nama: string | null;
  /** Stripped titles in their original order, canonical form (`H S.PD`). */
  gelar: string | null;
  /** The father's name after BIN/BINTI/BT/BN, canonical. */
  bin: string | null;
  /** Indonesian phonetic key of `nama`: token keys joined by a space, order kept. */
  key: string | null;
  /** Distinct canonical tokens, sorted, joined by one space. */
  tokens: string | null;
  /** First letter of each canonical token, in order. */
  initials: string | null;
}

const EMPTY: NameResult = Object.freeze({ nama: null, gelar: null, bin: null, key: null, tokens: null, initials: null });

/** Entries per generation (see Memo) unless said otherwise. */
const CACHE_LIMIT = 16_384;

/** A memoised `compute`: names and name tokens repeat a lot (SITI, MUHAMMAD, ...). */
function boundedMemo<V>(compute: (input: string) => V, limit = CACHE_LIMIT): (input: string) => V {
  const cache = new Memo<V>(limit);
  return (input) => {
    const hit = cache.get(input);
    if (hit !== undefined) return hit;
    const value = compute(input);
    cache.set(input, value);
    return value;
  };
}

// ---------------------------------------------------------------------------------------------
// Folding

const MARKS = /\p{M}+/gu;
// Apostrophes belong inside names (MA'RUF, A'ISYAH): drop them rather than split the token.
const APOSTROPHES = /['’‘`´ʼʻ′]/g;
const NULL_MARKERS = /^(?:NULL|NONE|N\/A|#N\/A)$/i;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ASCII_APOSTROPHES = /['`]/g;

/** Upper-case, accents folded, apostrophes removed; punctuation left for the title rules. */
function fold(raw: string): string {
  // Nearly every cell is plain ASCII: skip Unicode normalisation for those.
  if (PRINTABLE_ASCII.test(raw)) return raw.toUpperCase().replace(ASCII_APOSTROPHES, '');
  return raw.normalize('NFD').replace(MARKS, '').toUpperCase().normalize('NFD').replace(MARKS, '').replace(APOSTROPHES, '');
}

const NON_ALNUM = /[^A-Z0-9]+/g;

// ---------------------------------------------------------------------------------------------
// Titles

/** Religious and honorific titles written before the name → canonical form. */
const HONORIFICS = new Map<string, string>([
  ['H', 'H'],
  ['HAJI', 'H'],
  ['HJ', 'HJ'],
  ['HJH', 'HJ'],
  ['HAJJAH', 'HJ'],
  ['HAJAH', 'HJ'],
  ['KH', 'KH'],
  ['KYAI', 'KYAI'],
  ['KIAI', 'KYAI'],
  ['DRS', 'DRS'],
  ['DRA', 'DRA'],
  ['IR', 'IR'],
  ['DR', 'DR'],
  ['DRG', 'DRG'],
  ['DRH', 'DRH'],
  ['PROF', 'PROF'],
  ['USTADZ', 'USTADZ'],
  ['USTAD', 'USTADZ'],
  ['UST', 'USTADZ'],
  ['USTADZAH', 'USTADZAH'],
  ['USTADAH', 'USTADZAH'],
  ['USTZ', 'USTADZAH'],
]);

/** First letter of an academic degree: Sarjana, Magister, Ahli madya/Ahli muda, Bachelor. */
const DEGREE_PREFIXES = new Set(['S', 'M', 'A', 'B']);

/**
 * Field abbreviations seen after a degree prefix. Spaced forms (`S PD`, `M. KES`) need a field
 * from this list; dotted forms (`S.GZ`, `S.TR.KEB`) also accept anything that looks like an
 * abbreviation (see isPatternField), so new degrees are caught without a list update.
 */
const KNOWN_FIELDS = new Set([
  'PD', 'PDI', 'AG', 'E', 'EI', 'H', 'HI', 'T', 'IP', 'KM', 'KEP', 'KEB', 'KOM', 'SOS', 'SI', 'HUM',
  'PSI', 'FARM', 'KES', 'KED', 'KG', 'GZ', 'MD', 'MA', 'SN', 'STP', 'P', 'PT', 'PI', 'TP', 'HUT',
  'IKOM', 'ARS', 'DS', 'SY', 'TH', 'THI', 'TR', 'SC', 'M', 'MK', 'AK', 'AP', 'KH',
]);

/** Academic titles written as one undotted token after the name (`BUDI SE`) → canonical form. */
const COMPACT_TITLES = new Map<string, string>([
  ['SPD', 'S.PD'], ['SPDI', 'S.PD.I'], ['SPDSD', 'S.PD.SD'], ['SAG', 'S.AG'], ['SE', 'S.E'],
  ['SH', 'S.H'], ['SKOM', 'S.KOM'], ['SSOS', 'S.SOS'], ['SKM', 'S.KM'], ['SKEP', 'S.KEP'],
  ['ST', 'S.T'], ['SIP', 'S.IP'], ['SSI', 'S.SI'], ['SPSI', 'S.PSI'], ['SFARM', 'S.FARM'],
  ['SKED', 'S.KED'], ['SSTP', 'S.STP'], ['SHUT', 'S.HUT'], ['SP', 'S.P'], ['SSN', 'S.SN'],
  ['SKEB', 'S.KEB'], ['SGZ', 'S.GZ'], ['SPT', 'S.PT'], ['SIKOM', 'S.IKOM'],
  ['MPD', 'M.PD'], ['MSI', 'M.SI'], ['MKES', 'M.KES'], ['MM', 'M.M'], ['MAG', 'M.AG'],
  ['MH', 'M.H'], ['MT', 'M.T'], ['MKOM', 'M.KOM'], ['MHUM', 'M.HUM'], ['MSC', 'M.SC'],
  ['MPDI', 'M.PD.I'], ['MBA', 'MBA'],
  ['AMD', 'A.MD'], ['AMK', 'A.MK'], ['AMDKEP', 'A.MD.KEP'], ['AMDKEB', 'A.MD.KEB'], ['AMKEB', 'A.MD.KEB'],
  ['AMKEP', 'A.MD.KEP'], ['AMAPD', 'A.MA.PD'],
  ['PHD', 'PH.D'], ['LC', 'LC'], ['NS', 'NS'], ['BSC', 'B.SC'],
]);

/** Too much like a name token to strip unless written after a comma (`AMINAH, MA`). */
const COMMA_ONLY_TITLES = new Map<string, string>([
  ['BA', 'B.A'], ['MA', 'M.A'], ['SHI', 'S.H.I'], ['SEI', 'S.E.I'], ['SS', 'S.S'],
]);

const DEGREE_NUMBER = /^[DS][1-4]$/;
const VOWEL = /[AEIOU]/;
const LETTERS_1_4 = /^[A-Z]{1,4}$/;

/** A dotted field abbreviation: listed, or short, or without vowels (GZ, TR, STP). */
function isPatternField(text: string): boolean {
  return KNOWN_FIELDS.has(text) || (LETTERS_1_4.test(text) && (text.length <= 2 || !VOWEL.test(text)));
}

/** BIN / BINTI ("son/daughter of") and their abbreviations. */
const CONNECTORS = new Set(['BIN', 'BINTI', 'BINT', 'BT', 'BN']);

// ---------------------------------------------------------------------------------------------
// Pieces: alphanumeric runs with the punctuation around them, which the title rules need.

interface Piece {
  text: string;
  /** Followed directly by a dot (`S.`). */
  dot: boolean;
  /** Joined to the next piece by dots only, no space (`S.PD`, `H.AHMAD`). */
  glue: boolean;
  /** A comma stands between this piece and the previous one. */
  comma: boolean;
}

const ALNUM_SPLIT = /([A-Z0-9]+)/;
const ONLY_DOTS = /^\.+$/;

const DIGITS = /[0-9]+/g;

/**
 * Title rules see canonical spellings (SJ is SY, H0 is H): a rule must not fire on a canonical
 * name when it did not fire on the raw one, or normalising twice would change the name.
 */
function pieceText(run: string): string {
  return DEGREE_NUMBER.test(run) ? run : canonicalToken(run.replace(DIGITS, ''));
}

function pieces(folded: string): Piece[] {
  const parts = folded.split(ALNUM_SPLIT);
  const out: Piece[] = [];
  // parts alternate: separator, run, separator, run, ..., separator
  for (let i = 1; i < parts.length; i += 2) {
    const text = pieceText(parts[i] ?? '');
    // A number alone (`BUDI 2`) is no name; dropped here so it cannot keep a title's parts apart.
    if (!text) continue;
    const before = parts[i - 1] ?? '';
    const after = parts[i + 1] ?? '';
    out.push({
      text,
      dot: after.startsWith('.'),
      glue: i + 2 < parts.length && ONLY_DOTS.test(after),
      comma: before.includes(',') || before.includes(';'),
    });
  }
  return out;
}

interface Match {
  end: number;
  canonical: string;
}

/** Glued abbreviations after a field (`S.PD.I`, `A.MD.KEP`), and a spaced lone `I` (`S.PD I`). */
function extendFields(ps: Piece[], start: number, parts: string[]): number {
  let j = start;
  while (j < ps.length) {
    const prev = ps[j - 1];
    const cur = ps[j];
    if (!prev || !cur) break;
    if (prev.glue && isPatternField(cur.text)) {
      parts.push(cur.text);
      j++;
    } else if (cur.text === 'I' && j === ps.length - 1) {
      parts.push('I');
      j++;
    } else break;
  }
  return j;
}

/**
 * An academic title starting at piece i: a degree prefix plus a field, or a compact form.
 * Only called after a name token or after a comma, where `M.`/`A.`/`S.` cannot be an initial
 * that starts the name.
 */
function matchAcademic(ps: Piece[], i: number, commaZone: boolean): Match | null {
  const p = ps[i];
  if (!p) return null;
  const compact = COMPACT_TITLES.get(p.text) ?? (commaZone ? COMMA_ONLY_TITLES.get(p.text) : undefined);
  if (compact !== undefined) {
    const parts = [compact];
    return { end: extendFields(ps, i + 1, parts), canonical: parts.join('.') };
  }
  if (DEGREE_NUMBER.test(p.text)) return { end: i + 1, canonical: p.text };
  const next = ps[i + 1];
  if (p.text === 'PH' && p.glue && next?.text === 'D') return { end: i + 2, canonical: 'PH.D' };
  if (!DEGREE_PREFIXES.has(p.text) || !next) return null;
  // Spaced (`S PD`, `M. KES`) needs a listed field: `M. ALI`, `S. HADI` are initials plus a name.
  if (!((p.glue && isPatternField(next.text)) || KNOWN_FIELDS.has(next.text))) return null;
  const parts = [p.text, next.text];
  return { end: extendFields(ps, i + 2, parts), canonical: parts.join('.') };
}

/** A title written before the name (H., HJ., DRS., K.H., ...) starting at piece i. */
function matchHonorific(ps: Piece[], i: number): Match | null {
  const p = ps[i];
  if (!p) return null;
  if (p.text === 'K' && p.dot && ps[i + 1]?.text === 'H') return { end: i + 2, canonical: 'KH' };
  const canonical = HONORIFICS.get(p.text);
  return canonical === undefined ? null : { end: i + 1, canonical };
}

const HAS_LETTER = /[A-Z]/;

/** Is there, from piece j on, something that can only be a name? Guards one-token names. */
function nameFollows(ps: Piece[], j: number): boolean {
  let k = j;
  while (k < ps.length) {
    const m = matchAcademic(ps, k, true) ?? matchHonorific(ps, k);
    if (m) {
      k = m.end;
      continue;
    }
    const text = ps[k]?.text ?? '';
    if (HAS_LETTER.test(text) && !CONNECTORS.has(text)) return true;
    k++;
  }
  return false;
}

interface Unit {
  kind: 'name' | 'title' | 'connector';
  text: string;
  /** Honorifics after BIN belong to the father (`BIN H. SALEH`); academic titles to the person. */
  honorific: boolean;
}

function units(ps: Piece[], connectors = true): Unit[] {
  const out: Unit[] = [];
  let anyName = false; // academic titles follow a name
  let partStarted = false; // honorifics precede a name (restarts after BIN)
  let commaZone = false;
  let i = 0;
  while (i < ps.length) {
    const p = ps[i] as Piece;
    if (p.comma && anyName) commaZone = true;
    if (anyName || commaZone) {
      const m = matchAcademic(ps, i, commaZone);
      if (m) {
        out.push({ kind: 'title', text: m.canonical, honorific: false });
        i = m.end;
        continue;
      }
    }
    if (!partStarted || commaZone) {
      const m = matchHonorific(ps, i);
      if (m && (commaZone || nameFollows(ps, m.end))) {
        out.push({ kind: 'title', text: m.canonical, honorific: true });
        i = m.end;
        continue;
      }
    }
    const letters = p.text.replace(DIGITS, '');
    i++;
    if (!letters) continue;
    if (connectors && anyName && CONNECTORS.has(letters) && !out.some((u) => u.kind === 'connector')) {
      // `AHMAD BIN` with nothing after: the connector alone carries nothing.
      if (nameFollows(ps, i)) {
        out.push({ kind: 'connector', text: letters, honorific: false });
        partStarted = false;
      }
      continue;
    }
    out.push({ kind: 'name', text: letters, honorific: false });
    anyName = true;
    partStarted = true;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Spelling

/**
 * MUHAMMAD, AHMAD, ABDUL and NUR in their common spellings. NURUL is kept apart from NUR: it is
 * NUR + the article (NURUL HUDA), written as its own name element, not a spelling of NUR.
 */
const CANONICAL_TOKENS = new Map<string, string>();
for (const v of [
  'MUHAMMAD', 'MUHAMAD', 'MUHAMMAT', 'MUHAMAT', 'MUHAMMED', 'MUHAMED', 'MOHAMMAD', 'MOHAMAD', 'MOHAMMAT',
  'MOHAMAT', 'MOHAMMED', 'MOHAMED', 'MOCHAMMAD', 'MOCHAMAD', 'MOCHAMMAT', 'MOCHAMAT', 'MUCHAMMAD',
  'MUCHAMAD', 'MUKHAMMAD', 'MUKHAMAD', 'MOKHAMMAD', 'MOKHAMAD', 'MOCH', 'MOKH', 'MOH', 'MOHD', 'MUH',
  'MHD', 'MUHD',
]) CANONICAL_TOKENS.set(v, 'MUHAMMAD');
for (const v of ['ACHMAD', 'ACHMAT', 'AKHMAD', 'AKHMAT', 'AHMED', 'AHMAT']) CANONICAL_TOKENS.set(v, 'AHMAD');
CANONICAL_TOKENS.set('ABD', 'ABDUL');
for (const v of ['NOOR', 'NOUR']) CANONICAL_TOKENS.set(v, 'NUR');

/**
 * Marks that only the old spelling has. In a token that shows one, the writer used the old
 * spelling throughout, so a J before a vowel can only be the old Y (SOEJONO → SUYONO, TJAHJONO →
 * CAHYONO, JOESOEF → YUSUF) and NJ the old NY. A token without a mark keeps its J: JOKO, JAKA,
 * JUWITA and WIJAYA are new spelling, and SUJONO is ambiguous (the new spelling of SUDJONO, or
 * a half-modernised SOEJONO); the phonetic key folds J and Y so both readings still block together.
 */
const OLD_MARK = /DJ|TJ|OE|SJ|^NJ/;
const DJ = /DJ/g;
const TJ = /TJ/g;
const OE = /OE/g;
const SJ = /SJ/g;
const NJ = /NJ/g;
const J_BEFORE_VOWEL = /J(?=[AEIOU])/g;
const DJ_PLACEHOLDER = /\u0001/g;

/**
 * CH is KH in the old spelling of Arabic names (CHAIRUL, ACHMAD, SOLICHIN) but C or K in
 * Sanskrit, Chinese and Western names (CHANDRA, CHAN, CHRISTINA, MICHAEL). Rule: a CH inside a
 * token becomes KH; a CH that starts a token becomes KH only before A/O/U (CHAIRUL, CHOLID,
 * CHUSNUL; not CHERRY, CHINTYA, CHRISTIN); the tokens below keep CH.
 */
const CH_KEEP = new Set([
  'CHAN', 'CHANG', 'CHONG', 'CHUNG', 'CHUN', 'CHOW', 'CHAU', 'CHUA', 'CHOO', 'CHOI', 'CHANIAGO',
  'RICHARD', 'MICHAEL', 'MICHELLE', 'RACHEL', 'CHARLES', 'CHARLIE',
]);
const CH_KEEP_PREFIX = /^CH(?:AND|ANT|AKR)/;
const CH_INITIAL = /^CH(?=[AOU])/;
const CH_INNER = /(?<=.)CH/g;

function modernise(token: string): string {
  let t = token;
  // A rule can expose another (TJHAI → CHAI → KHAI, DDJA → DJA → JA): repeat to a fixed point,
  // which is what makes normalising a canonical name again change nothing.
  for (let pass = 0; pass < 10; pass++) {
    const before = t;
    if (OLD_MARK.test(t)) {
      t = t
        .replace(DJ, '\u0001')
        .replace(TJ, 'C')
        .replace(OE, 'U')
        .replace(SJ, 'SY')
        .replace(NJ, 'NY')
        .replace(J_BEFORE_VOWEL, 'Y')
        .replace(DJ_PLACEHOLDER, 'J');
    }
    if (t.includes('CH') && !CH_KEEP.has(t) && !CH_KEEP_PREFIX.test(t)) {
      t = t.replace(CH_INITIAL, 'KH').replace(CH_INNER, 'KH');
    }
    if (t === before) break;
  }
  return t;
}

// Cheap enough that a memo lookup would cost as much as the work.
function canonicalToken(token: string): string {
  const direct = CANONICAL_TOKENS.get(token);
  if (direct) return direct;
  const modern = modernise(token);
  return CANONICAL_TOKENS.get(modern) ?? modern;
}

/** `M` before another name token is MUHAMMAD (`M. RIZKI`); a final `M` stays an initial. */
function canonicalTokens(texts: string[]): string[] {
  return texts.map((text, index) => (text === 'M' && index < texts.length - 1 ? 'MUHAMMAD' : canonicalToken(text)));
}

// ---------------------------------------------------------------------------------------------
// Phonetic key

// Rules in order; each line names the variants it brings together (domain.md, "Names").
const KEY_RULES: [RegExp, string][] = [
  [/OE/g, 'U'], // SOEKARNO/SUKARNO (already done on canonical names; kept for raw input)
  [/PH/g, 'F'], // PHITRI/FITRI
  [/KH/g, 'H'], // KHAIRUL/HAIRUL, RAKHMAN/RAHMAN, MUKHLIS/MUHLIS
  [/^CHR/, 'KR'], // CHRISTINA/KRISTINA
  [/CH/g, 'C'], // CHANDRA/CANDRA
  [/DZ/g, 'Z'], // DZIKRI/ZIKRI
  [/^TS/, 'S'], // TSABIT/SABIT
  [/SY(?=[AEIOU])/g, 'S'], // SYAMSUL/SAMSUL, SYAIFUL/SAIFUL
  [/([BDGPST])H/g, '$1'], // SHOLEH/SOLEH, RAMADHAN/RAMADAN, FATHUR/FATUR, BHAKTI/BAKTI
  [/Q/g, 'K'], // TAUFIQ/TAUFIK, RIZQI/RIZKI
  [/X/g, 'KS'], // ALEX/ALEKS
  [/V/g, 'F'], // NOVI/NOFI
  [/F/g, 'P'], // YUSUF/YUSUP, ARIF/ARIP, FITRI/PITRI
  [/Z/g, 'S'], // RIZKI/RISKI, FAIZAL/FAISAL, AZIZ/AZIS
  [/J/g, 'Y'], // SUJONO/SUYONO, JULIANTI/YULIANTI, JUSUF/YUSUF
  [/AE/g, 'AI'], // ZAENAL/ZAINAL, SAEFUL/SAIFUL
  [/AO/g, 'AU'], // MAOLANA/MAULANA
  [/(?<=.)H$/, ''], // FATIMAH/FATIMA, AISYAH/AISYA
  [/IE$/, 'I'], // NURHAYATIE/NURHAYATI, SRIE/SRI
  [/Y(?![AEIOU])/g, 'I'], // RIZKY/RIZKI, HENDRY/HENDRI, SYLVIA/SILVIA
  [/(?<=[B-DF-HJ-MP-TV-Z])Y/g, 'I'], // SETYAWAN/SETIAWAN, DYAH/DIAH (not NY: PANJI stays off FANI)
  [/IY(?=[AEIOU])/g, 'I'], // FITRIYANI/FITRIANI, SUPRIYADI/SUPRIADI
  [/UW(?=[AEIOU])/g, 'U'], // SUWARNO/SUARNO
  [/(.)\1+/g, '$1'], // SITTI/SITI, EFFENDI/EFENDI, ABDULLAH/ABDULAH
  [/D$/, 'T'], // DAUD/DAUT, MAHMUD/MAHMUT
  [/B$/, 'P'], // YAKUB/YAKUP
  [/(?<!N)G$/, 'K'], // final G sounds as K; NG stays (AGUNG)
];

const tokenKey = boundedMemo((token: string): string => {
  let k = token;
  for (const [pattern, replacement] of KEY_RULES) k = k.replace(pattern, replacement);
  return k;
});

/**
 * Indonesian phonetic key of a canonical name: one key per token, joined by a space, order
 * kept. Soundex and Metaphone encode English; this folds the spelling variation of Indonesian
 * names (old spelling, Arabic transliteration, Y/I and J/Y alternation, doubled letters, final
 * H and devoicing) while keeping vowels, which tell apart names like RINA/RANI or YANTI/YANTO.
 */
export function phoneticKey(canonicalName: string): string {
  const out: string[] = [];
  for (const token of canonicalName.split(' ')) if (token) out.push(tokenKey(token));
  return out.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * Canonical tokens a title or BIN/BINTI rule can fire on: honorifics (and K of K.H.), compact and
 * comma-only titles, degree prefixes (S, M, A, B: also `M` for MUHAMMAD), PH of PH.D, connectors.
 * Dots, commas and digits are what the other rules need, and a plain name has none of them.
 */
const RULE_TOKENS = new Set<string>([
  ...HONORIFICS.keys(),
  'K',
  ...COMPACT_TITLES.keys(),
  ...COMMA_ONLY_TITLES.keys(),
  ...DEGREE_PREFIXES,
  'PH',
  ...CONNECTORS,
]);
const PLAIN_WORDS = /^[A-Z]+(?: [A-Z]+)*$/;

/** What a plain name needs of one of its words; null when a rule looks at the word. */
interface PlainWord {
  /** canonicalTokens() of pieceText() of the word: its token in `nama`. */
  token: string;
  /** tokenKey of that token: its part of the phonetic key. */
  key: string;
  /** The token is the word itself, and the key the token itself: then nothing need be joined. */
  tokenIsWord: boolean;
  keyIsToken: boolean;
}

/** A few thousand words make up nearly every name: one lookup per word instead of the rules. */
const plainWord = boundedMemo((word: string): PlainWord | false => {
  const text = canonicalToken(word);
  if (RULE_TOKENS.has(text)) return false;
  const token = canonicalToken(text);
  const key = tokenKey(token);
  return { token, key, tokenIsWord: token === word, keyIsToken: key === token };
}, 16_384);

/**
 * The short path for a folded name of upper-case letters and single spaces (PLAIN_WORDS) whose
 * words no rule looks at,
 * giving exactly what the full path gives: pieces() makes every word a piece without dot, glue or
 * comma; units() makes every such piece a name, as each title and connector rule needs a token of
 * RULE_TOKENS or punctuation; the second stripping pass finds nothing either; what is left is
 * canonicalTokens over the canonical words. Null when the full rules are needed.
 *
 * It runs on every name of an ingest, so it avoids what it can: the words are cut with indexOf
 * (split cost more than the lookups), and when every word is already its canonical token (and
 * its own key) the folded text is `nama` (and `key`) without joining anything.
 */
function plainName(folded: string): NameResult | null {
  const tokens: string[] = [];
  const keys: string[] = [];
  let tokensAreWords = true;
  let keysAreTokens = true;
  for (let start = 0; ; ) {
    const end = folded.indexOf(' ', start);
    const word = plainWord(end < 0 ? folded.slice(start) : folded.slice(start, end));
    if (!word) return null;
    tokens.push(word.token);
    keys.push(word.key);
    tokensAreWords &&= word.tokenIsWord;
    keysAreTokens &&= word.keyIsToken;
    if (end < 0) break;
    start = end + 1;
  }
  const nama = tokensAreWords ? folded : tokens.join(' ');
  // A result of this path is never shared (nothing remembers it): it is not frozen.
  return resultOf(tokens, nama, keysAreTokens ? nama : keys.join(' '), null, null);
}

/**
 * The result for canonical name tokens (at least one) and their phonetic keys, titles and the
 * father's name. The key equals phoneticKey(nama): tokens hold no space and are never empty.
 * Frozen: the full rules' results are remembered and shared.
 */
function nameResult(nameTokens: string[], keys: string[], gelar: string | null, bin: string | null): NameResult {
  const nama = nameTokens.length === 1 ? nameTokens[0]! : nameTokens.join(' ');
  return Object.freeze(resultOf(nameTokens, nama, keys.length === 1 ? keys[0]! : keys.join(' '), gelar, bin));
}

/** The result of nameResult from `nama` and `key` already joined; EMPTY for a placeholder. */
function resultOf(nameTokens: string[], nama: string, key: string, gelar: string | null, bin: string | null): NameResult {
  // `NULL,` or `N.A` reach here as words; a placeholder is still no name (none is over 4 letters).
  if (nama.length <= 4 && NULL_MARKERS.test(nama)) return EMPTY;
  let initials = '';
  for (let i = 0; i < nameTokens.length; i++) initials += nameTokens[i]![0];
  return { nama, gelar, bin, key, tokens: nameTokens.length === 1 ? nama : sortedDistinct(nameTokens), initials };
}

/** Distinct tokens in code-unit order, joined by a space: `[...new Set(t)].sort().join(' ')`. */
function sortedDistinct(tokens: readonly string[]): string {
  // Names have two to four tokens: an insertion sort beats Array.prototype.sort's set-up.
  const sorted = tokens.slice();
  for (let i = 1; i < sorted.length; i++) {
    const t = sorted[i]!;
    let j = i - 1;
    while (j >= 0 && sorted[j]! > t) {
      sorted[j + 1] = sorted[j]!;
      j--;
    }
    sorted[j + 1] = t;
  }
  let out = sorted[0]!;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) out += ` ${sorted[i]}`;
  return out;
}

/** The full rules: titles, BIN/BINTI, initials for MUHAMMAD, repeated stripping. */
function ruledName(folded: string): NameResult {
  const us = units(pieces(folded));

  const connectorAt = us.findIndex((u) => u.kind === 'connector');
  const own = connectorAt < 0 ? us : us.slice(0, connectorAt);
  const father = connectorAt < 0 ? [] : us.slice(connectorAt + 1);

  let ownNames = own.filter((u) => u.kind === 'name').map((u) => u.text);
  const gelar = [...own, ...father.filter((u) => !u.honorific)].filter((u) => u.kind === 'title').map((u) => u.text);
  // Stripping can bring together what was apart (`SITI, S PROF MD`: S and MD meet once PROF is
  // gone), and dots can hide a title (`IR MA.Y`): strip again until nothing changes, so that a
  // canonical name is a fixed point. A single token never changes: nothing precedes or follows it.
  for (let pass = 0; pass < 5 && ownNames.length > 1; pass++) {
    const again = units(ownNames.map((text) => ({ text, dot: false, glue: false, comma: false })), false);
    const titles = again.filter((u) => u.kind === 'title');
    if (titles.length === 0) break;
    gelar.push(...titles.map((u) => u.text));
    ownNames = again.filter((u) => u.kind === 'name').map((u) => u.text);
  }

  const nameTokens = canonicalTokens(ownNames);
  if (nameTokens.length === 0) return EMPTY;
  const binTokens = canonicalTokens(father.filter((u) => u.kind === 'name').map((u) => u.text));
  return nameResult(nameTokens, nameTokens.map(tokenKey), gelar.length ? gelar.join(' ') : null, binTokens.length ? binTokens.join(' ') : null);
}

// Only names that need the full rules are remembered (one in twenty): the short path costs about a
// lookup.
const memoRuled = boundedMemo(ruledName, 8192);

export function normaliseName(raw: string | undefined): NameResult {
  if (raw === undefined) return EMPTY;
  const trimmed = raw.trim();
  // Upper-case words are what fold() would return unchanged: the common case skips it.
  if (PLAIN_WORDS.test(trimmed)) {
    if (trimmed.length <= 4 && NULL_MARKERS.test(trimmed)) return EMPTY;
    return plainName(trimmed) ?? memoRuled(trimmed);
  }
  if (!trimmed || NULL_MARKERS.test(trimmed)) return EMPTY;
  const folded = fold(trimmed);
  return (PLAIN_WORDS.test(folded) ? plainName(folded) : null) ?? memoRuled(folded);
}

/** The full rules alone, without the short path for plain names (tests compare the two). */
export function normaliseNameByRules(raw: string): NameResult {
  const trimmed = raw.trim();
  return !trimmed || NULL_MARKERS.test(trimmed) ? EMPTY : ruledName(fold(trimmed));
}

/** Places (tempat lahir): folded and spaced like names, but no title or Muhammad rules. */
export function normalisePlainName(raw: string | undefined): string | null {
  const trimmed = raw?.trim();
  if (!trimmed || NULL_MARKERS.test(trimmed)) return null;
  const plain = fold(trimmed).replace(NON_ALNUM, ' ').trim();
  return plain && !NULL_MARKERS.test(plain) ? plain : null;
}
