// Free-text addresses made comparable: upper-case, abbreviations spelled out, RT/RW and the dusun
// taken out into their own fields (domain.md, "Addresses"). Rural addresses are often only a
// dusun and RT/RW, so `alamat` may end up empty (null) once those are extracted.
import { detached, Memo } from './memo.js';
import { normalisePlainName } from './name.js';

export interface AddressResult {
  /** What is left of the address: street, number, kampung, ...; null when nothing remains. */
  alamat: string | null;
  /** Zero-padded 3 digits (`002`); null when absent or 0. */
  rt: string | null;
  rw: string | null;
  /** Dusun name, canonical like a plain name, without the word DUSUN. */
  dusun: string | null;
}

const MARKS = /\p{M}+/gu;
const APOSTROPHES = /['’‘`´ʼʻ′]/g;
const NULL_MARKERS = /^(?:-+|\.+|NULL|NONE|N\/A|#N\/A)$/i;

// RT/RW in their spellings. Letters must not touch RT/RW on the left (PERTAMA, MARTA) and a
// number must not run on (RT 12345 is not an RT). Any punctuation may stand between the word and
// its number (`RT.02`, `RT: 2`, `RT, 2`): cleaning turns it into spaces, so a stricter rule here
// would find an RT in the cleaned address that it missed in the raw one.
const NUM = '(\\d{1,4})(?!\\d)';
const GAP = '[^A-Z0-9]*';
const PAIR_SEP = '\\s*[/\\\\\\-.,]\\s*';
/** `RT/RW 2/3`, `RT/RW: 002/003`, `RTRW 2-3`, `RT.RW 02/03`. */
const RT_RW_PAIR = new RegExp(`(?<![A-Z])RT${GAP}RW${GAP}${NUM}${PAIR_SEP}${NUM}`, 'g');
/** `RT 02/03` (RT carrying both numbers). */
const RT_PAIR = new RegExp(`(?<![A-Z])RT${GAP}${NUM}\\s*/\\s*${NUM}`, 'g');
const RT_ONE = new RegExp(`(?<![A-Z])RT${GAP}${NUM}`, 'g');
const RW_ONE = new RegExp(`(?<![A-Z])RW${GAP}${NUM}`, 'g');
/** `RT/RW` with one number: no way to tell which it is; dropped. */
const RT_RW_WORD = new RegExp(`(?<![A-Z])RT${GAP}RW(?![A-Z])(?:${GAP}\\d{1,4}(?!\\d))?`, 'g');
/** A bare RT or RW without a number says nothing. */
const LONE_RT_RW = /(?<![A-Z])(?:RTRW|RT|RW)(?![A-Z])/g;

/** Abbreviations, dotted or not, spelled out as whole tokens only (JL. MERDEKA, not JLAMPRANG). */
const EXPANSIONS = new Map([
  ['JLN', 'JALAN'],
  ['JL', 'JALAN'],
  ['GG', 'GANG'],
  ['DSN', 'DUSUN'],
  ['DS', 'DESA'],
  ['KEL', 'KELURAHAN'],
  ['KEC', 'KECAMATAN'],
  ['KAB', 'KABUPATEN'],
  ['KMP', 'KAMPUNG'],
  ['KP', 'KAMPUNG'],
  ['PERUM', 'PERUMAHAN'],
  ['PROV', 'PROVINSI'],
]);
const ABBREVIATION = new RegExp(`(?<![A-Z0-9])(${[...EXPANSIONS.keys()].join('|')})(?:\\.|(?![A-Z0-9]))`, 'g');

/** Words that end a dusun name (`DUSUN KRAJAN DESA SUKAMAJU`). */
const DUSUN_STOP = [
  'DESA', 'KELURAHAN', 'KECAMATAN', 'KABUPATEN', 'KOTA', 'PROVINSI', 'JALAN', 'GANG', 'KAMPUNG',
  'PERUMAHAN', 'NO', 'NOMOR', 'DUSUN', 'BLOK', 'KOMPLEK',
];
const DUSUN_WORD = `(?!(?:${DUSUN_STOP.join('|')})(?![A-Z0-9]))[A-Z0-9]+`;
/** DUSUN, any separators, then its name: words up to punctuation or a stop word. */
const DUSUN_PHRASE = new RegExp(`(?<![A-Z0-9])DUSUN(?![A-Z0-9])[^A-Z0-9]*(${DUSUN_WORD}(?: +${DUSUN_WORD})*)?`, 'g');
const DUSUN_PREFIX = /^\s*(?:DUSUN|DSN)(?![A-Z0-9])[\s.:,\-]*/;

// Separators go, except `/` and `-` between digits (house numbers `12/3`, `5-7`).
const PUNCTUATION = /(?<!\d)[/-]|[/-](?!\d)|[^A-Z0-9\s/-]/g;
const SPACES = /\s+/g;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function fold(raw: string): string {
  // Nearly every cell is plain ASCII: skip Unicode normalisation for those.
  if (PRINTABLE_ASCII.test(raw)) return raw.toUpperCase().replace(APOSTROPHES, '');
  return raw.normalize('NFD').replace(MARKS, '').toUpperCase().normalize('NFD').replace(MARKS, '').replace(APOSTROPHES, '');
}

/** `2`, `02`, `002`, `RT 2` → `002`; 0, blank or not a number → null. */
function unit(value: string | undefined): string | null {
  if (value === undefined) return null;
  const digits = value.replace(/^\s*R[TW]\s*[.:-]?\s*/i, '').trim();
  if (!/^\d{1,4}$/.test(digits)) return null;
  const n = Number(digits);
  return n >= 1 && n <= 999 ? String(n).padStart(3, '0') : null;
}

/** A separate RT column sometimes carries both numbers (`002/003`). */
const COLUMN_PAIR = /^\s*(?:RT\s*[./]?\s*RW\s*[.:]?\s*)?(\d{1,4})\s*[/\\-]\s*(\d{1,4})\s*$/i;

function dusunName(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const trimmed = raw.trim();
  if (!trimmed || NULL_MARKERS.test(trimmed)) return null;
  return normalisePlainName(fold(trimmed).replace(DUSUN_PREFIX, ''));
}

interface Extracted {
  alamat: string | null;
  rt: string | null;
  rw: string | null;
  dusun: string | null;
}

/**
 * One pass over folded text: RT/RW out, abbreviations spelled out, dusun out, punctuation gone.
 * The DUSUN phrase leaves alamat even when a dusun column exists, so that alamat compares alike
 * between exports with and without that column.
 */
function extract(folded: string): Extracted {
  const found: Extracted = { alamat: null, rt: null, rw: null, dusun: null };
  let text = ` ${folded} `;
  // The first match of each kind wins; every match is removed from the address.
  const take = (pattern: RegExp, onMatch: (a?: string, b?: string) => void): void => {
    text = text.replace(pattern, (_m, a?: string, b?: string) => {
      onMatch(a, b);
      return ' ';
    });
  };
  if (text.includes('RT') || text.includes('RW')) {
    take(RT_RW_PAIR, (a, b) => {
      found.rt ??= unit(a);
      found.rw ??= unit(b);
    });
    take(RT_RW_WORD, () => undefined);
    take(RT_PAIR, (a, b) => {
      found.rt ??= unit(a);
      found.rw ??= unit(b);
    });
    take(RT_ONE, (a) => {
      found.rt ??= unit(a);
    });
    take(RW_ONE, (a) => {
      found.rw ??= unit(a);
    });
    // A bare RT or RW without a number says nothing; gone before it can hide a dusun name.
    text = text.replace(LONE_RT_RW, ' ');
  }

  text = text.replace(ABBREVIATION, (_m, word: string) => ` ${EXPANSIONS.get(word) ?? word} `);

  if (text.includes('DUSUN')) {
    text = text.replace(DUSUN_PHRASE, (whole, name?: string) => {
      if (!name) return whole;
      found.dusun ??= normalisePlainName(name);
      return ' ';
    });
  }

  found.alamat = text.replace(PUNCTUATION, ' ').replace(SPACES, ' ').trim() || null;
  return found;
}

const NOTHING: Extracted = Object.freeze({ alamat: null, rt: null, rw: null, dusun: null });

function extractAll(raw: string): Extracted {
  const found = extract(fold(raw));
  // Removing a part can bring together what it separated (`DSN DSN. A-1`): extract again until
  // nothing changes, so that normalising an address twice changes nothing.
  for (let pass = 0; pass < 5 && found.alamat !== null; pass++) {
    const again = extract(found.alamat);
    if (again.alamat === found.alamat && !again.rt && !again.rw && !again.dusun) break;
    found.alamat = again.alamat;
    found.rt ??= again.rt;
    found.rw ??= again.rw;
    found.dusun ??= again.dusun;
  }
  return Object.freeze(found);
}

// Addresses repeat within a family and a desa (`DUSUN KRAJAN RT 002 RW 001`): the row before is
// checked first, then a bounded memo.
const cache = new Memo<Extracted>(16_384);
let lastTrimmed = '';
let lastFound = NOTHING;

export function normaliseAddress(
  raw: string | undefined,
  parts: { rt?: string; rw?: string; dusun?: string } = {},
): AddressResult {
  const trimmed = raw?.trim();
  let found = NOTHING;
  if (trimmed && !NULL_MARKERS.test(trimmed)) {
    if (trimmed === lastTrimmed) found = lastFound;
    else {
      const hit = cache.get(trimmed);
      if (hit) found = hit;
      else {
        found = extractAll(trimmed);
        cache.set(trimmed, found);
      }
      lastTrimmed = detached(trimmed);
      lastFound = found;
    }
  }

  // Separate columns win over what the address text says.
  const pair = parts.rt !== undefined && !parts.rw?.trim() ? COLUMN_PAIR.exec(parts.rt) : null;
  const columnRt = pair ? unit(pair[1]) : unit(parts.rt);
  const columnRw = pair ? unit(pair[2]) : unit(parts.rw);

  return {
    alamat: found.alamat,
    rt: columnRt ?? found.rt,
    rw: columnRw ?? found.rw,
    dusun: dusunName(parts.dusun) ?? found.dusun,
  };
}
