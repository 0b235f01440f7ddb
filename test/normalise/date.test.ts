import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth, normaliseDate, todayNumber } from '../../src/normalise/date.js';
import type { DateFlag } from '../../src/normalise/types.js';

const TODAY = '2026-11-23';
const date = (raw: string | undefined, hint?: string) => normaliseDate(raw, { today: TODAY, hint });

describe('normaliseDate: formats', () => {
  it.each([
    // ISO and date-times
    ['1980-01-12', '1980-01-12'],
    ['1980-1-5', '1980-01-05'],
    ['1980/01/12', '1980-01-12'],
    ['1980-01-12T00:00:00', '1980-01-12'],
    ['1980-01-12 00:00:00', '1980-01-12'],
    ['1980-01-12 00:00', '1980-01-12'],
    ['1980-01-12T00:00:00.000Z', '1980-01-12'],
    ['1980-01-11T17:00:00.000Z', '1980-01-12'], // WIB midnight written in UTC
    ['1980-01-11T15:00:00Z', '1980-01-12'], // WIT midnight written in UTC
    ['1980-01-12T00:00:00+07:00', '1980-01-12'],
    ['1980-01-12T00:00:00+0900', '1980-01-12'],
    [' 1980-01-12 ', '1980-01-12'],
    // day first
    ['12-01-1980', '1980-01-12'],
    ['12/01/1980', '1980-01-12'],
    ['12.01.1980', '1980-01-12'],
    ['12 01 1980', '1980-01-12'],
    ['1/2/1980', '1980-02-01'],
    ['12-1-1980', '1980-01-12'],
    ['12/01/1980 0:00', '1980-01-12'],
    ['12/01/1980 00:00:00', '1980-01-12'],
    ['12/01/1980 12:00:00 AM', '1980-01-12'],
    ['29-02-2000', '2000-02-29'],
    // month first only where day first is no date (an English-locale Excel)
    ['12/25/1980', '1980-12-25'],
    ['1/13/1980', '1980-01-13'],
    // month names: Indonesian, old spellings, English
    ['12 Januari 1980', '1980-01-12'],
    ['12 JANUARI 1980', '1980-01-12'],
    ['12-Jan-1980', '1980-01-12'],
    ['12Jan1980', '1980-01-12'],
    ['12 Februari 1980', '1980-02-12'],
    ['12 Pebruari 1980', '1980-02-12'],
    ['12 Maret 1980', '1980-03-12'],
    ['12 Mei 1980', '1980-05-12'],
    ['12 Juni 1980', '1980-06-12'],
    ['12 Agustus 1980', '1980-08-12'],
    ['12 Agt 1980', '1980-08-12'],
    ['12 Agu 1980', '1980-08-12'],
    ['12-Agu-1980', '1980-08-12'],
    ['12 Sept 1980', '1980-09-12'],
    ['12 Okt 1980', '1980-10-12'],
    ['12 Oktober 1980', '1980-10-12'],
    ['12 Nopember 1980', '1980-11-12'],
    ['12 Des 1980', '1980-12-12'],
    ['12 Desember 1980', '1980-12-12'],
    ['12 May 1980', '1980-05-12'],
    ['12 Aug 1980', '1980-08-12'],
    ['12 Oct 1980', '1980-10-12'],
    ['12 Dec 1980', '1980-12-12'],
    ['12. Des. 1980', '1980-12-12'],
    ['Jan 12, 1980', '1980-01-12'],
    ['January 12 1980', '1980-01-12'],
    ['August 3rd, 1980', '1980-08-03'],
    // Excel serials (1900 system, with its leap-year bug)
    ['29232', '1980-01-12'],
    ['29232.0', '1980-01-12'],
    ['29232.75', '1980-01-12'],
    ['59', '1900-02-28'],
    ['61', '1900-03-01'],
    ['18446', '1950-07-02'],
    // compact
    ['19800112', '1980-01-12'],
    ['12011980', '1980-01-12'],
    // epoch seconds (9–10 digits) and milliseconds (11–13)
    ['316483200', '1980-01-12'],
    ['316483200000', '1980-01-12'],
    ['316458000000', '1980-01-12'], // midnight WIB
    ['316450800000', '1980-01-12'], // midnight WIT
    ['1272844800000', '2010-05-03'],
    ['1272844800', '2010-05-03'],
    ['-315532800', '1960-01-02'],
    ['99999999999', '1973-03-03'], // 11 digits: milliseconds
    // a "tempat, tanggal lahir" cell
    ['BANDUNG, 12-01-1980', '1980-01-12'],
    ['Kota Pangkalpinang, 12 Januari 1980', '1980-01-12'],
    ['Sabtu, 12 Januari 1980', '1980-01-12'],
    ['\u00a012-01-1980\u00a0', '1980-01-12'],
    ['\ufeff1980-01-12', '1980-01-12'],
  ])('%j → %s', (raw, iso) => {
    expect(date(raw)).toEqual({ iso, flag: 'ok', twoDigitYear: false });
  });
});

describe('normaliseDate: two-digit years', () => {
  it.each([
    // raw, hint, iso
    ['5/3/80', undefined, '1980-03-05'],
    ['05-03-80', undefined, '1980-03-05'],
    ['5/3/15', undefined, '2015-03-05'],
    ['5/3/27', undefined, '1927-03-05'], // 2027 is after today
    ['23/11/26', undefined, '2026-11-23'], // today itself: 20YY
    ['24/11/26', undefined, '1926-11-24'], // a day later would be future: 19YY
    ['12-Jan-80', undefined, '1980-01-12'],
    ['12 Mei 15', undefined, '2015-05-12'],
    ['12/01/26', '1926-01-12', '1926-01-12'], // the NIK says 1926
    ['12/01/26', '2026-01-12', '2026-01-12'],
    ['12/01/26', '1980-01-12', '2026-01-12'], // hint's year disagrees: ignored
    ['12/01/15', '1915-01-12', '1915-01-12'],
    ['1/13/80', undefined, '1980-01-13'], // month first
  ])('%j (hint %s) → %s', (raw, hint, iso) => {
    const r = date(raw, hint);
    expect(r.iso).toBe(iso);
    expect(r.twoDigitYear).toBe(true);
    expect(r.flag).toBe('ok');
  });
});

describe('normaliseDate: flags', () => {
  it.each<[string | undefined, DateFlag, string | null]>([
    [undefined, 'missing', null],
    ['', 'missing', null],
    ['   ', 'missing', null],
    ['-', 'missing', null],
    ['NULL', 'missing', null],
    ['#N/A', 'missing', null],
    ['TIDAK TAHU', 'missing', null],
    ['0', 'missing', null],
    ['0000-00-00', 'missing', null],
    ['0000-00-00 00:00:00', 'missing', null],
    ['00-00-0000', 'missing', null],
    ['00/00/0000', 'missing', null],

    ['01-01-1980', 'placeholder', '1980-01-01'],
    ['01-07-1980', 'placeholder', '1980-07-01'],
    ['31-12-1980', 'placeholder', '1980-12-31'],
    ['1980-07-01', 'placeholder', '1980-07-01'],
    ['1 Juli 1955', 'placeholder', '1955-07-01'],
    ['1980', 'placeholder', '1980-01-01'], // the year alone
    ['1980.0', 'placeholder', '1980-01-01'],
    ['1', 'placeholder', '1900-01-01'], // Excel serial 1
    ['18445', 'placeholder', '1950-07-01'],

    ['31-02-1980', 'impossible', null],
    ['30-02-2000', 'impossible', null],
    ['29-02-1981', 'impossible', null],
    ['29-02-1900', 'impossible', null],
    ['1980-02-30', 'impossible', null],
    ['1980-13-01', 'impossible', null],
    ['00-01-1980', 'impossible', null],
    ['32-01-1980', 'impossible', null],
    ['13-13-1980', 'impossible', null],
    ['31 April 1980', 'impossible', null],
    ['12-01-0980', 'impossible', null], // a typo for 1980: no date of a living person
    ['60', 'impossible', null], // Excel's 29 Feb 1900

    ['24-11-2026', 'future', '2026-11-24'],
    ['2027-01-12', 'future', '2027-01-12'],
    ['2030-01-01', 'future', '2030-01-01'], // future wins over placeholder
    ['73050', 'future', '2099-12-31'],

    ['abc', 'unparsed', null],
    ['LAHIR', 'unparsed', null],
    ['12 Foo 1980', 'unparsed', null],
    ['1980-01', 'unparsed', null],
    ['123456', 'unparsed', null],
    ['73051', 'unparsed', null],
    ['12345678901234', 'unparsed', null],
    ['12/01/198', 'unparsed', null],
    ['-9999999999999', 'unparsed', null], // milliseconds, but 1653
    ['9999999999', 'unparsed', null], // seconds, but 2286
    ['2524608000', 'future', '2050-01-01'], // seconds
    ['12.000.000', 'unparsed', null],
  ])('%j → %s', (raw, flag, iso) => {
    const r = date(raw);
    expect(r.flag).toBe(flag);
    expect(r.iso).toBe(iso);
  });

  it('uses the injected today for the future check', () => {
    expect(normaliseDate('2026-12-01', { today: '2026-11-23' }).flag).toBe('future');
    expect(normaliseDate('2026-12-01', { today: '2026-12-01' }).flag).toBe('ok');
  });

  it('falls back to the local date when today is absent or malformed', () => {
    const d = new Date();
    const local = d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
    expect(todayNumber()).toBe(local);
    expect(todayNumber('not a date')).toBe(local);
    expect(todayNumber('2026-11-23')).toBe(20261123);
    expect(normaliseDate('1980-01-12').flag).toBe('ok');
    expect(normaliseDate('2999-01-12').flag).toBe('future');
  });
});

// ---- properties -------------------------------------------------------------------------------

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const calendarDay = fc
  .record({ y: fc.integer({ min: 1800, max: 2099 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .filter(({ y, m, d }) => d <= daysInMonth(y, m));

describe('normaliseDate: properties', () => {
  it('normalising an ISO output again gives the same result', () => {
    fc.assert(
      fc.property(calendarDay, ({ y, m, d }) => {
        const iso = `${y}-${pad(m)}-${pad(d)}`;
        const first = date(iso);
        expect(first.iso).toBe(iso);
        expect(date(first.iso!)).toEqual(first);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads every day-first spelling of a date as that date', () => {
    fc.assert(
      fc.property(calendarDay, fc.constantFrom('-', '/', '.', ' '), fc.boolean(), ({ y, m, d }, sep, padded) => {
        const text = padded ? `${pad(d)}${sep}${pad(m)}${sep}${y}` : `${d}${sep}${m}${sep}${y}`;
        expect(date(text)).toEqual(date(`${y}-${pad(m)}-${pad(d)}`));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads Indonesian month names like the month number', () => {
    const names = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
    fc.assert(
      fc.property(calendarDay, fc.boolean(), ({ y, m, d }, short) => {
        const name = names[m - 1]!;
        const text = `${d} ${short ? name.slice(0, 3) : name} ${y}`;
        expect(date(text)).toEqual(date(`${y}-${pad(m)}-${pad(d)}`));
      }),
    );
  });

  it('Excel serials and ISO agree from 1900-03-01 on', () => {
    const base = Date.UTC(1899, 11, 30);
    fc.assert(
      // 1800–2100 are read as a year alone, not as a day in 1904–1905.
      fc.property(fc.integer({ min: 61, max: 73050 }).filter((n) => n < 1800 || n > 2100), (serial) => {
        const iso = new Date(base + serial * 86_400_000).toISOString().slice(0, 10);
        expect(date(String(serial))).toEqual(date(iso));
      }),
      { numRuns: 1000 },
    );
  });

  it('resolves a two-digit year to the hint year whenever the hint agrees', () => {
    fc.assert(
      fc.property(calendarDay, ({ y, m, d }) => {
        const hint = `${y}-${pad(m)}-${pad(d)}`;
        const r = date(`${d}/${m}/${pad(y % 100)}`, hint);
        expect(r.twoDigitYear).toBe(true);
        expect(r.iso).toBe(hint);
      }),
    );
  });

  it('never throws and always answers with a known flag', () => {
    const flags = new Set(['ok', 'missing', 'placeholder', 'impossible', 'future', 'unparsed']);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        const r = date(raw);
        expect(flags.has(r.flag)).toBe(true);
        expect(r.iso === null || /^\d{4}-\d{2}-\d{2}$/.test(r.iso)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
