// NIK and No KK: clean the cell, put it in one contract class, and read what a valid NIK encodes
// (issuing kecamatan, birth date, sex). Everything stays a string: a Papua NIK (91…–96…) is above
// 2^53 and would change if it ever passed through a JavaScript number.
//
// Order of checks, first match wins (the same for No KK where a check applies):
//  1. missing       undefined, blank, no digit at all (`-`, `NULL`, `#N/A`, `TIDAK ADA`), or `0`
//  2. excel_mangled scientific notation (`3.27301E+15`, `3,27301E+15`): digits are gone
//  3. bad_length    letters or symbols left among the digits after cleaning (`3273O1…`)
//  4. placeholder   all zeros, one digit repeated, ascending/descending runs (1234567890123456),
//                   a short pattern repeated (1212…, 12341234…); checked before length so that
//                   `0000000` reads as the fake it is
//  5. bad_length    not 16 digits
//  6. placeholder   16 digits starting with 0: temporary ids of village systems
//  7. excel_mangled serial `0000`: never issued, and exactly what Excel's 15 significant digits
//                   make of the common serials 0001–0009 (domain.md). This is the only per-value
//                   truncation rule: a single trailing 0 with a non-zero serial (…0010, …0120) is
//                   also what Excel makes of …0011 or …0123, but real serials end in 0 too
//                   (under 1%), and one value cannot tell them apart: that is a column-level
//                   signal (share of NIKs ending in 0 far above 1%) for the profile to report.
//                   Lost digits are never restored.
//  8. bad_region    province, then kabupaten/kota not in the official list. Kabupaten renumbered
//                   when Papua was split in 2022 (9101 Merauke is now 9301) keep their old code on
//                   old NIKs: valid, with a detail.
//  9. bad_date      (NIK only) day 00, 32–40 or above 71; month 00 or above 12; no such calendar
//                   day after subtracting 40 (31 Feb, 29 Feb of a common year). No KK's date part
//                   is an issue date with no +40 rule: a broken one is only a detail.
// 10. valid         a kecamatan missing from today's list (split after issue) is still valid,
//                   with a detail saying so.
// `detail` says why in a few words and never repeats the number itself.
import { daysInMonth, isoOf, resolveTwoDigitYear, todayNumber } from './date.js';
import { isKabupatenCode, isKecamatanCode, isProvinceCode } from './region.js';
import type { KkStatus, NikStatus, Sex } from './types.js';

export interface NikResult {
  /** Digits after cleaning, kept when invalid; the expanded digits of 16-digit sci notation. */
  nik: string | null;
  status: NikStatus;
  /** Why it is not valid; for a valid NIK a warning (kecamatan not listed, renumbered region). */
  detail: string | null;
  /** Birth date in the NIK (ISO), for a valid NIK only. */
  tglLahir: string | null;
  sex: Sex | null;
  /** First six digits: the issuing kecamatan. */
  kodeKecamatan: string | null;
}

export interface NoKkResult {
  noKk: string | null;
  status: KkStatus;
  detail: string | null;
}

export interface NikOptions {
  /** ISO date taken as today for two-digit birth years; the local date when absent. */
  today?: string;
}

/**
 * Kabupaten/kota codes retired when Papua and Papua Barat were split (2022): old code → new code.
 * NIKs and KKs issued before keep the old code for life.
 */
const RENUMBERED_KABUPATEN: ReadonlyMap<string, string> = new Map([
  // Papua → Papua Selatan (93), Papua Tengah (94), Papua Pegunungan (95)
  ['9101', '9301'], // Merauke
  ['9116', '9302'], // Boven Digoel
  ['9117', '9303'], // Mappi
  ['9118', '9304'], // Asmat
  ['9104', '9401'], // Nabire
  ['9107', '9402'], // Puncak Jaya
  ['9108', '9403'], // Paniai
  ['9109', '9404'], // Mimika
  ['9125', '9405'], // Puncak
  ['9126', '9406'], // Dogiyai
  ['9127', '9407'], // Intan Jaya
  ['9128', '9408'], // Deiyai
  ['9102', '9501'], // Jayawijaya
  ['9112', '9502'], // Pegunungan Bintang
  ['9113', '9503'], // Yahukimo
  ['9114', '9504'], // Tolikara
  ['9121', '9505'], // Mamberamo Tengah
  ['9122', '9506'], // Yalimo
  ['9123', '9507'], // Lanny Jaya
  ['9124', '9508'], // Nduga
  // Papua Barat → Papua Barat Daya (96)
  ['9201', '9601'], // Sorong
  ['9204', '9602'], // Sorong Selatan
  ['9205', '9603'], // Raja Ampat
  ['9209', '9604'], // Tambrauw
  ['9210', '9605'], // Maybrat
  ['9271', '9671'], // Kota Sorong
]);

// ---- cleaning ---------------------------------------------------------------------------------

/** Characters dropped anywhere: spaces of every kind, dots, commas, dashes, invisible marks. */
function isSeparator(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x2e || // .
    c === 0x2d || // -
    c === 0x2c || // , (thousands separators of a formatted number)
    c === 0x09 ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0xa0 ||
    c === 0xad || // soft hyphen
    (c >= 0x2000 && c <= 0x200d) || // typographic spaces, zero-width space/joiners
    (c >= 0x2010 && c <= 0x2015) || // hyphens and dashes
    c === 0x202f ||
    c === 0x205f ||
    c === 0x2060 ||
    c === 0x2212 || // minus sign
    c === 0x3000 ||
    c === 0xfeff || // byte-order mark
    c === 0xff0c || // full-width comma
    c === 0xff0d || // full-width hyphen
    c === 0xff0e // full-width full stop
  );
}

/** Apostrophes typed before a number to keep Excel from converting it. */
function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x60 || c === 0x2018 || c === 0x2019 || c === 0x2032 || c === 0xff07;
}

/** ASCII value of a digit in any script the registers' copied text brings, or -1. */
function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x660 && c <= 0x669) return c - 0x660; // Arabic-Indic
  if (c >= 0x6f0 && c <= 0x6f9) return c - 0x6f0; // Extended Arabic-Indic
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10; // full-width
  return -1;
}

function isAsciiDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * Strip spaces, dots, commas and dashes, and apostrophes before the first character kept; turn
 * Arabic-Indic, Extended Arabic-Indic and full-width digits into ASCII. Anything else (letters,
 * `E`, `+`) is kept, so the caller sees it. Idempotent.
 */
export function cleanIdDigits(raw: string): string {
  if (isAsciiDigits(raw)) return raw;
  // The commonest damage, a leading apostrophe before plain digits, without building a string.
  if (raw.length > 1 && isApostrophe(raw.charCodeAt(0)) && isAsciiDigits(raw.slice(1))) return raw.slice(1);
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    const d = digitValue(c);
    if (d >= 0) out += String.fromCharCode(0x30 + d);
    else if (isSeparator(c)) continue;
    else if (out === '' && isApostrophe(c)) continue;
    else out += raw[i];
  }
  return out;
}

// ---- classification shared by NIK and KK ------------------------------------------------------

/** `3.27301E+15`, `3,27301E+15`, `327301E+15` (what cleaning leaves of the former). */
const SCI_RE = /^['`\u2018\u2019]?\s*\+?(\d+)(?:[.,](\d*))?\s*[eE]\s*([+-]?)\s*(\d{1,3})$/;
/** A number that went through a float: `3273010101800001.0`. */
const FLOAT_RE = /^(\d{15,17})[.,]0+$/;

interface Screened {
  value: string | null;
  status: KkStatus;
  detail: string | null;
}

const SCREEN_MISSING: Screened = { value: null, status: 'missing', detail: null };

/** Expand scientific notation with strings only; the 16-digit expansion, or null. */
function expandScientific(intPart: string, frac: string, negative: boolean, exponent: number): string | null {
  if (negative || frac.length > exponent) return null;
  let significant = intPart + frac;
  let lead = 0;
  while (lead < significant.length && significant.charCodeAt(lead) === 0x30) lead++;
  significant = significant.slice(lead);
  if (significant.length === 0 || significant.length + exponent - frac.length !== 16) return null;
  return significant + '0'.repeat(exponent - frac.length);
}

/** Why an all-digit string is an obvious stand-in, or null. */
function placeholderReason(s: string): string | null {
  const n = s.length;
  let zeros = true;
  for (let i = 0; i < n; i++) {
    if (s.charCodeAt(i) !== 0x30) {
      zeros = false;
      break;
    }
  }
  if (zeros) return 'all zeros';
  if (n < 6) return null;
  let same = true;
  let up = true;
  let down = true;
  for (let i = 1; i < n; i++) {
    const prev = s.charCodeAt(i - 1) - 0x30;
    const cur = s.charCodeAt(i) - 0x30;
    if (cur !== prev) same = false;
    if (cur !== (prev + 1) % 10) up = false;
    if (cur !== (prev + 9) % 10) down = false;
    if (!same && !up && !down) break;
  }
  if (same) return 'one digit repeated';
  if (up) return 'ascending run';
  if (down) return 'descending run';
  for (let period = 2; period <= 8 && period * 2 <= n; period++) {
    let repeats = true;
    for (let i = period; i < n; i++) {
      if (s.charCodeAt(i) !== s.charCodeAt(i - period)) {
        repeats = false;
        break;
      }
    }
    if (repeats) return 'repeating pattern';
  }
  return null;
}

/** `="3273…"`, the formula some exports write to keep Excel from converting the number: what is inside, or null. */
function formulaInner(s: string): string | null {
  return s.length > 3 && s.charCodeAt(0) === 0x3d && s.charCodeAt(1) === 0x22 && s.charCodeAt(s.length - 1) === 0x22 ? s.slice(2, -1).trim() : null;
}

/** Checks 1–7 of the header. Returns the 16 digits to check further, or a final verdict. */
function screen(raw: string | undefined): string | Screened {
  if (raw === undefined) return SCREEN_MISSING;
  let s = raw;
  if (!(s.length === 16 && isAsciiDigits(s))) {
    s = s.trim();
    if (s === '') return SCREEN_MISSING;
    s = formulaInner(s) ?? s;
    const sci = SCI_RE.exec(s);
    if (sci) {
      const expanded = expandScientific(sci[1]!, sci[2] ?? '', sci[3] === '-', Number(sci[4]));
      return { value: expanded ?? cleanIdDigits(s), status: 'excel_mangled', detail: 'scientific notation: digits lost' };
    }
    const float = FLOAT_RE.exec(s);
    if (float) s = float[1]!;
    s = cleanIdDigits(s);
    // Cleaning can bare a formula that a separator hid (`="0"-`): unwrap it as well, or the value
    // would change again when normalised a second time.
    for (let inner = formulaInner(s); inner !== null; inner = formulaInner(s)) s = cleanIdDigits(inner);
    if (s === '' || s === '0') return SCREEN_MISSING;
    if (!isAsciiDigits(s)) {
      let digits = false;
      for (let i = 0; i < s.length && !digits; i++) digits = digitValue(s.charCodeAt(i)) >= 0;
      return digits ? { value: s, status: 'bad_length', detail: 'letters or symbols among the digits' } : SCREEN_MISSING;
    }
  }
  const fake = placeholderReason(s);
  if (fake !== null) return { value: s, status: 'placeholder', detail: fake };
  if (s.length !== 16) return { value: s, status: 'bad_length', detail: s.length === 1 ? '1 digit' : `${s.length} digits` };
  if (s.charCodeAt(0) === 0x30) return { value: s, status: 'placeholder', detail: 'starts with 0: temporary village id' };
  if (s.endsWith('0000')) return { value: s, status: 'excel_mangled', detail: 'serial 0000: last digit lost (Excel)' };
  return s;
}

/** Check 8: a bad_region reason (`bad`), or the warning for a valid number (`note`). */
interface RegionVerdict {
  bad: string | null;
  note: string | null;
}

// An export holds a few hundred distinct kecamatan prefixes at most, over a million rows: the
// verdict per prefix is memoised (bounded, so garbage prefixes cannot grow it without limit).
const REGION_CACHE_LIMIT = 20_000;
const regionCache = new Map<string, RegionVerdict>();

function checkRegion(s: string): RegionVerdict {
  const prefix = s.slice(0, 6);
  let verdict = regionCache.get(prefix);
  if (verdict === undefined) {
    verdict = regionVerdict(prefix);
    if (regionCache.size < REGION_CACHE_LIMIT) regionCache.set(prefix, verdict);
  }
  return verdict;
}

/** `s`: the first six digits. */
function regionVerdict(s: string): RegionVerdict {
  const province = s.slice(0, 2);
  if (!isProvinceCode(province)) return { bad: `province ${province} unknown`, note: null };
  const kabupaten = s.slice(0, 4);
  let kecamatan = s.slice(0, 6);
  let note: string | null = null;
  if (!isKabupatenCode(kabupaten)) {
    const successor = RENUMBERED_KABUPATEN.get(kabupaten);
    if (successor === undefined) return { bad: `kabupaten ${kabupaten} unknown`, note: null };
    note = `kabupaten ${kabupaten} renumbered ${successor} (2022)`;
    kecamatan = successor + s.slice(4, 6);
  }
  if (!isKecamatanCode(kecamatan)) {
    const missing = `kecamatan ${s.slice(0, 6)} not in current list`;
    note = note === null ? missing : `${note}; ${missing}`;
  }
  return { bad: null, note };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const twoAt = (s: string, i: number): number => (s.charCodeAt(i) - 0x30) * 10 + (s.charCodeAt(i + 1) - 0x30);

function nikResult(nik: string | null, status: NikStatus, detail: string | null): NikResult {
  return { nik, status, detail, tglLahir: null, sex: null, kodeKecamatan: null };
}

export function normaliseNik(raw: string | undefined, options?: NikOptions): NikResult {
  const screened = screen(raw);
  if (typeof screened !== 'string') return nikResult(screened.value, screened.status, screened.detail);
  const s = screened;

  const region = checkRegion(s);
  if (region.bad !== null) return nikResult(s, 'bad_region', region.bad);

  // Check 9: DDMMYY, women's day + 40.
  const dd = twoAt(s, 6);
  const mm = twoAt(s, 8);
  const yy = twoAt(s, 10);
  if (dd === 0 || (dd > 31 && dd < 41) || dd > 71) return nikResult(s, 'bad_date', `day ${pad2(dd)} impossible`);
  if (mm === 0 || mm > 12) return nikResult(s, 'bad_date', `month ${pad2(mm)} impossible`);
  const female = dd > 40;
  const day = female ? dd - 40 : dd;
  const year = resolveTwoDigitYear(yy, mm, day, todayNumber(options?.today));
  if (day > daysInMonth(year, mm)) {
    const why = mm === 2 && day === 29 ? '29 February impossible (common year)' : `day ${day} impossible in month ${pad2(mm)}`;
    return nikResult(s, 'bad_date', why);
  }

  return {
    nik: s,
    status: 'valid',
    detail: region.note,
    tglLahir: isoOf(year, mm, day),
    sex: female ? 'P' : 'L',
    kodeKecamatan: s.slice(0, 6),
  };
}

export function normaliseNoKk(raw: string | undefined): NoKkResult {
  const screened = screen(raw);
  if (typeof screened !== 'string') return { noKk: screened.value, status: screened.status, detail: screened.detail };
  const s = screened;

  const region = checkRegion(s);
  if (region.bad !== null) return { noKk: s, status: 'bad_region', detail: region.bad };

  // The issue date: checked loosely (no +40 rule, any year), and only ever a warning.
  const dd = twoAt(s, 6);
  const mm = twoAt(s, 8);
  const dateNote = dd === 0 || dd > 31 || mm === 0 || mm > 12 ? 'issue date part is not a date' : null;
  const detail = region.note === null ? dateNote : dateNote === null ? region.note : `${region.note}; ${dateNote}`;
  return { noKk: s, status: 'valid', detail };
}
