// Birth dates in every shape P3KE and DTKS exports use, to ISO `YYYY-MM-DD` plus a quality flag.
// Runs on every row of every ingest (a million rows is normal), so: regexes compiled once, a
// char-code fast path for the two common shapes, calendar arithmetic on integers instead of Date
// objects, and no exceptions.
//
// Rules where the registers leave room:
// - Numeric dates are day-first (`DD-MM-YYYY`, `D/M/YY`, `DD.MM.YYYY`): Indonesian usage. Only
//   when day-first is no calendar date but month-first is (`12/25/1980`, an English-locale Excel)
//   is the month-first reading taken.
// - A four-digit number 1800–2100 is a birth year alone (`1980`), not Excel serial 1980 (a day in
//   1905): it becomes `YYYY-01-01` flagged `placeholder`, like the registers' own year-only days.
// - Excel serials 1..73050 (1900-01-01..2099-12-31, 1900 date system). Serial 60 is Excel's
//   non-existent 29 Feb 1900 (`impossible`); serial 61 is 1900-03-01. A time fraction is ignored.
// - Epoch timestamps only where the digit count makes the unit certain: 9–10 digits are seconds,
//   11–13 digits milliseconds (an optional minus sign for births before 1970); the date is read
//   after adding 12 hours, so a midnight written in any timezone from UTC−11 to UTC+12 (WIB's
//   midnight is 17:00Z the day before) lands on its own day. Results outside 1900–2100: unparsed.
// - An ISO date-time with `Z` or an offset is read the same way; without one, its date is taken.
// - Years before 1800 are no date of a living person: `impossible`. `0000-00-00` and other
//   all-zero dates are what systems write for "unknown": `missing`.
// - `BANDUNG, 12-01-1980` (place and date in one cell) and `Senin, 12 Januari 1980`: the part
//   after the last comma is read when the whole is no date and the part before holds a word.
import type { DateFlag } from './types.js';

export interface DateResult {
  iso: string | null;
  flag: DateFlag;
  twoDigitYear: boolean;
}

export interface DateOptions {
  /** ISO date taken as today (future check, two-digit years); the local date when absent. */
  today?: string;
  /** An ISO date from another field (the NIK's birth date) to resolve a two-digit year with. */
  hint?: string;
}

const MIN_YEAR = 1800;
const EXCEL_MAX_SERIAL = 73050; // 2099-12-31
const DAY_MS = 86_400_000;
const HALF_DAY_MS = 43_200_000;

// Days since 1970-01-01 of 1900-01-01 (Excel serial 1).
const EXCEL_DAY_ONE = -25567;

const NUMERIC_RE =
  /^(\d{1,4})[-/.\s]+(\d{1,2})[-/.\s]+(\d{1,4})(?:(?:\s+|T)(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(?:[AP]\.?M\.?)?\s*(?:(Z)|([+-])(\d{2}):?(\d{2}))?)?$/i;
const TIME_SUFFIX = String.raw`(?:\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?`;
const DAY_NAME_YEAR_RE = new RegExp(String.raw`^(\d{1,2})[\s\-/.,]*([a-z]{3,9})\.?[\s\-/.,]*(\d{4}|\d{2})${TIME_SUFFIX}$`, 'i');
const NAME_DAY_YEAR_RE = new RegExp(
  String.raw`^([a-z]{3,9})\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?[\s\-/.,]+(\d{4}|\d{2})${TIME_SUFFIX}$`,
  'i',
);
const INTEGER_RE = /^(-?)(\d{1,13})(?:[.,](\d+))?$/;
const ZEROS_RE = /^0+$/;
const LETTER_RE = /[a-z]{3}/i;

/** Indonesian and English month names and abbreviations, old spellings (Pebruari, Nopember) too. */
const MONTHS = new Map<string, number>();
for (const [month, names] of [
  [1, 'jan januari january'],
  [2, 'feb peb februari pebruari february'],
  [3, 'mar maret march'],
  [4, 'apr april'],
  [5, 'mei may'],
  [6, 'jun juni june'],
  [7, 'jul juli july'],
  [8, 'agu agt ags agust agustus aug august'],
  [9, 'sep sept september'],
  [10, 'okt oct oktober october'],
  [11, 'nov nop november nopember'],
  [12, 'des dec desember december'],
] as const) {
  for (const name of names.split(' ')) MONTHS.set(name, month);
}

/** Cells that say "no date" in words. Any other text without digits is `unparsed`. */
const MISSING_TOKENS = new Set([
  '-',
  '--',
  '---',
  '.',
  '?',
  'NULL',
  '(NULL)',
  'NONE',
  'NIL',
  'NA',
  'N/A',
  '#N/A',
  'NAN',
  'UNDEFINED',
  '#VALUE!',
  '#REF!',
  'TIDAK ADA',
  'TIDAK TAHU',
  'TIDAK DIKETAHUI',
  'BELUM ADA',
  'KOSONG',
]);

// ---- calendar arithmetic on integers ----------------------------------------------------------

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in `month` (1–12) of `year`; 0 for a month outside 1–12. */
export function daysInMonth(year: number, month: number): number {
  if (month < 1 || month > 12) return 0;
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d];
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

export function isoOf(year: number, month: number, day: number): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

// ---- today ------------------------------------------------------------------------------------

let lastTodayText: string | undefined;
let lastTodayNumber = 0;
let localTodayNumber = 0;
let localTodayUntil = 0;

/**
 * `today` as the number YYYYMMDD (dates compare as numbers). Absent: the local date, recomputed
 * only when a day boundary passes, so a million calls do not build a million Date objects.
 * A malformed `today` falls back to the local date.
 */
export function todayNumber(today?: string): number {
  if (today !== undefined) {
    if (today === lastTodayText) return lastTodayNumber;
    const n = ymdNumberOfIso(today);
    if (n !== 0) {
      lastTodayText = today;
      lastTodayNumber = n;
      return n;
    }
  }
  const now = Date.now();
  if (now >= localTodayUntil) {
    const d = new Date(now);
    localTodayNumber = d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
    localTodayUntil = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
  }
  return localTodayNumber;
}

const digitAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/** Two ASCII digits at `i` as a number, or -1. */
function twoDigitsAt(s: string, i: number): number {
  const a = digitAt(s, i);
  const b = digitAt(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Four ASCII digits at `i` as a number, or -1. */
function fourDigitsAt(s: string, i: number): number {
  const a = twoDigitsAt(s, i);
  const b = twoDigitsAt(s, i + 2);
  return a < 0 || b < 0 ? -1 : a * 100 + b;
}

/** YYYYMMDD of a string starting `YYYY-MM-DD`, or 0. Used for `today` and `hint`. */
function ymdNumberOfIso(iso: string): number {
  if (iso.length < 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return 0;
  const y = fourDigitsAt(iso, 0);
  const m = twoDigitsAt(iso, 5);
  const d = twoDigitsAt(iso, 8);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return 0;
  return y * 10000 + m * 100 + d;
}

/**
 * The full year of a two-digit year: the hint's year when its last two digits agree, else 20YY
 * when that date is not after today, else 19YY.
 */
export function resolveTwoDigitYear(yy: number, month: number, day: number, today: number, hint?: string): number {
  if (hint !== undefined && hint.length >= 4) {
    const hintYear = fourDigitsAt(hint, 0);
    if (hintYear >= 0 && hintYear % 100 === yy) return hintYear;
  }
  const y2000 = 2000 + yy;
  return y2000 * 10000 + month * 100 + day <= today ? y2000 : 1900 + yy;
}

// ---- results ----------------------------------------------------------------------------------

const result = (iso: string | null, flag: DateFlag, twoDigitYear = false): DateResult => ({ iso, flag, twoDigitYear });

/** Flag a parsed year/month/day. `iso` may be passed when the input already was canonical ISO. */
function finish(y: number, m: number, d: number, today: number, twoDigitYear: boolean, iso?: string): DateResult {
  if (y < MIN_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return result(null, 'impossible', twoDigitYear);
  const text = iso ?? isoOf(y, m, d);
  if (y * 10000 + m * 100 + d > today) return result(text, 'future', twoDigitYear);
  if ((d === 1 && (m === 1 || m === 7)) || (m === 12 && d === 31)) return result(text, 'placeholder', twoDigitYear);
  return result(text, 'ok', twoDigitYear);
}

function finishDays(days: number, today: number): DateResult {
  const [y, m, d] = civilFromDays(days);
  return finish(y, m, d, today, false);
}

/** Day-first, unless only month-first is a calendar date. */
function finishDayFirst(a: number, b: number, y: number, today: number, twoDigitYear: boolean): DateResult {
  if (b > 12 && a <= 12 && b <= daysInMonth(y, a)) return finish(y, a, b, today, twoDigitYear);
  return finish(y, b, a, today, twoDigitYear);
}

function allZeroDigits(s: string): boolean {
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 49 && c <= 57) return false;
    if (c === 48) digits++;
  }
  return digits > 0;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

// ---- the normaliser ---------------------------------------------------------------------------

export function normaliseDate(raw: string | undefined, options?: DateOptions): DateResult {
  if (raw === undefined) return result(null, 'missing');
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(raw.length - 1);
  const s = first > 32 && first < 127 && last > 32 && last < 127 ? raw : raw.trim();
  if (s === '') return result(null, 'missing');
  const today = todayNumber(options?.today);

  // Fast path: `YYYY-MM-DD` and `DD-MM-YYYY` / `DD/MM/YYYY` / `DD.MM.YYYY`, exactly ten characters.
  if (s.length === 10) {
    const c2 = s.charCodeAt(2);
    if (s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
      const y = fourDigitsAt(s, 0);
      const m = twoDigitsAt(s, 5);
      const d = twoDigitsAt(s, 8);
      if (y >= 0 && m >= 0 && d >= 0) {
        if (y === 0 && m === 0 && d === 0) return result(null, 'missing');
        return finish(y, m, d, today, false, s);
      }
    } else if ((c2 === 45 || c2 === 47 || c2 === 46) && s.charCodeAt(5) === c2) {
      const d = twoDigitsAt(s, 0);
      const m = twoDigitsAt(s, 3);
      const y = fourDigitsAt(s, 6);
      if (y >= 0 && m >= 0 && d >= 0) {
        if (y === 0 && m === 0 && d === 0) return result(null, 'missing');
        return finishDayFirst(d, m, y, today, false);
      }
    }
  }

  if (!hasDigit(s)) return result(null, MISSING_TOKENS.has(s.toUpperCase()) ? 'missing' : 'unparsed');
  if (allZeroDigits(s)) return result(null, 'missing');

  const numeric = NUMERIC_RE.exec(s);
  if (numeric) return fromNumericMatch(numeric, today, options?.hint);

  const integer = INTEGER_RE.exec(s);
  if (integer) return fromNumber(integer[1] === '-', integer[2]!, integer[3], today);

  const dayName = DAY_NAME_YEAR_RE.exec(s);
  if (dayName) return fromMonthName(dayName[2]!, dayName[1]!, dayName[3]!, today, options?.hint);
  const nameDay = NAME_DAY_YEAR_RE.exec(s);
  if (nameDay) return fromMonthName(nameDay[1]!, nameDay[2]!, nameDay[3]!, today, options?.hint);

  // `BANDUNG, 12-01-1980`: a place-and-date cell (tempat, tanggal lahir). One level only.
  const comma = s.lastIndexOf(',');
  if (comma > 0 && LETTER_RE.test(s.slice(0, comma))) return normaliseDate(s.slice(comma + 1), options);
  return result(null, 'unparsed');
}

function fromNumericMatch(m: RegExpExecArray, today: number, hint: string | undefined): DateResult {
  const a = m[1]!;
  const b = Number(m[2]);
  const c = m[3]!;
  let parsed: DateResult;
  if (a.length === 4) {
    if (c.length > 2) return result(null, 'unparsed');
    parsed = finish(Number(a), b, Number(c), today, false);
  } else if (a.length <= 2 && c.length === 4) {
    parsed = finishDayFirst(Number(a), b, Number(c), today, false);
  } else if (a.length <= 2 && c.length === 2) {
    const day = Number(a);
    const yy = Number(c);
    // Resolve the century on the day-first reading; month-first only if that is no date.
    const dayFirstYear = resolveTwoDigitYear(yy, b, day, today, hint);
    if (b > 12 && day <= 12) {
      const monthFirstYear = resolveTwoDigitYear(yy, day, b, today, hint);
      if (b <= daysInMonth(monthFirstYear, day)) return finish(monthFirstYear, day, b, today, true);
    }
    return finish(dayFirstYear, b, day, today, true);
  } else {
    return result(null, 'unparsed');
  }
  const zone = m[7] ?? m[8];
  if (zone === undefined || parsed.iso === null) return parsed;
  // A date-time with a zone is an instant: read its calendar day as the module header explains.
  const offsetMinutes = m[7] !== undefined ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  const minutes = Number(m[4]) * 60 + Number(m[5]) - offsetMinutes + 720;
  const shift = Math.floor(minutes / 1440);
  if (shift === 0) return parsed;
  const y = fourDigitsAt(parsed.iso, 0);
  const mo = twoDigitsAt(parsed.iso, 5);
  const d = twoDigitsAt(parsed.iso, 8);
  return finishDays(daysFromCivil(y, mo, d) + shift, today);
}

function fromNumber(negative: boolean, digits: string, fraction: string | undefined, today: number): DateResult {
  const n = digits.length;
  // `1980.0` is a year that went through a float; `29232.5` is an Excel serial with a time.
  const hasFraction = fraction !== undefined && !ZEROS_RE.test(fraction);
  if (!negative && !hasFraction && n === 4) {
    const year = Number(digits);
    if (year >= MIN_YEAR && year <= 2100) return finish(year, 1, 1, today, false);
  }
  if (!negative && n <= 5) {
    const serial = Number(digits);
    if (serial < 1 || serial > EXCEL_MAX_SERIAL) return result(null, 'unparsed');
    if (serial === 60) return result(null, 'impossible'); // Excel's 29 Feb 1900, which never was
    return finishDays(EXCEL_DAY_ONE + (serial < 60 ? serial - 1 : serial - 2), today);
  }
  if (!negative && !hasFraction && n === 8) {
    // YYYYMMDD when it reads as one, else DDMMYYYY.
    const y = fourDigitsAt(digits, 0);
    const m = twoDigitsAt(digits, 4);
    if (y >= MIN_YEAR && y <= 2100 && m >= 1 && m <= 12) return finish(y, m, twoDigitsAt(digits, 6), today, false);
    return finish(fourDigitsAt(digits, 4), twoDigitsAt(digits, 2), twoDigitsAt(digits, 0), today, false);
  }
  if (hasFraction || n < 9) return result(null, 'unparsed');
  const magnitude = Number(digits);
  const ms = (negative ? -1 : 1) * (n <= 10 ? magnitude * 1000 : magnitude);
  const days = Math.floor((ms + HALF_DAY_MS) / DAY_MS);
  const [y] = civilFromDays(days);
  if (y < 1900 || y > 2100) return result(null, 'unparsed');
  return finishDays(days, today);
}

function fromMonthName(name: string, dayText: string, yearText: string, today: number, hint: string | undefined): DateResult {
  const month = MONTHS.get(name.toLowerCase());
  if (month === undefined) return result(null, 'unparsed');
  const day = Number(dayText);
  if (yearText.length === 4) return finish(Number(yearText), month, day, today, false);
  return finish(resolveTwoDigitYear(Number(yearText), month, day, today, hint), month, day, today, true);
}
