// NIK and No KK classes on real-shaped synthetic numbers: real region codes, made-up dates and
// serials. None of these is a real person's NIK.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanIdDigits, normaliseNik, normaliseNoKk } from '../../src/normalise/nik.js';
import type { NikStatus } from '../../src/normalise/types.js';

const TODAY = '2026-11-23';
const nik = (raw: string | undefined) => normaliseNik(raw, { today: TODAY });

// A well-formed synthetic NIK in Kota Bandung, kecamatan Sukasari (327301).
const BASE = '3273012505800001';

describe('cleanIdDigits', () => {
  it.each([
    ['3273012505800001', '3273012505800001'],
    ["'3273012505800001", '3273012505800001'],
    ["''3273012505800001", '3273012505800001'],
    ['\u20193273012505800001', '3273012505800001'],
    ['3273 0125 0580 0001', '3273012505800001'],
    ['32.73.01.250580.0001', '3273012505800001'],
    ['3273-0125-0580-0001', '3273012505800001'],
    ['3273\u20130125\u20140580\u22120001', '3273012505800001'],
    ['\u00a03273012505800001\u200b', '3273012505800001'],
    ['3,273,012,505,800,001', '3273012505800001'],
    ['\u0663\u0662\u0667\u0663\u0660\u0661\u0662\u0665\u0660\u0665\u0668\u0660\u0660\u0660\u0660\u0661', '3273012505800001'],
    ['\u06f3\u06f2\u06f7\u06f3\u06f0\u06f1\u06f2\u06f5\u06f0\u06f5\u06f8\u06f0\u06f0\u06f0\u06f0\u06f1', '3273012505800001'],
    ['\uff13\uff12\uff17\uff13\uff10\uff11\uff12\uff15\uff10\uff15\uff18\uff10\uff10\uff10\uff10\uff11', '3273012505800001'],
    ['3273O12505800001', '3273O12505800001'],
    ['3.27301E+15', '327301E+15'],
    ["32'73", "32'73"],
    ['', ''],
  ])('%j → %j', (raw, expected) => {
    expect(cleanIdDigits(raw)).toBe(expected);
  });

  const idChars = fc.constantFrom(
    ...'0123456789 .,-\'`EeO+/\u00a0\u2019\u0660\u0665\u06f9\uff10\uff19\u2013abc#'.split(''),
  );
  const idLike = fc.array(idChars, { maxLength: 24 }).map((chars) => chars.join(''));

  it('is idempotent', () => {
    fc.assert(fc.property(idLike, (raw) => cleanIdDigits(cleanIdDigits(raw)) === cleanIdDigits(raw)));
    fc.assert(fc.property(fc.string(), (raw) => cleanIdDigits(cleanIdDigits(raw)) === cleanIdDigits(raw)));
  });

  it('leaves no separator, no non-ASCII digit and no leading apostrophe', () => {
    fc.assert(
      fc.property(idLike, (raw) => {
        const out = cleanIdDigits(raw);
        return !/[ .,\-\u00a0\u2013\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]/.test(out) && !/^['`\u2019]/.test(out);
      }),
    );
  });
});

describe('normaliseNik: valid numbers and what they encode', () => {
  it.each([
    // raw, tglLahir, sex, kodeKecamatan
    ['3273012505800001', '1980-05-25', 'L', '327301'],
    ['3273016505800002', '1980-05-25', 'P', '327301'], // women: day + 40
    ['1971014107950003', '1995-07-01', 'P', '197101'],
    ['1971073112690011', '1969-12-31', 'L', '197107'],
    ['6402011203150001', '2015-03-12', 'L', '640201'], // 20YY: not after today
    ['3273012311260004', '2026-11-23', 'L', '327301'], // exactly today: 2026
    ['3273011212260001', '1926-12-12', 'L', '327301'], // 2026-12-12 would be future: 1926
    ['3273012902000001', '2000-02-29', 'L', '327301'], // 2000 is a leap year
    ['3273016902960005', '1996-02-29', 'P', '327301'],
    ['3273017112990120', '1999-12-31', 'P', '327301'], // a serial ending in one 0 stays valid
    ['9171015507920003', '1992-07-15', 'P', '917101'], // Papua: above 2^53, never a number
    ['9671010101010009', '2001-01-01', 'L', '967101'], // Papua Barat Daya, Kota Sorong
  ])('%s is valid', (raw, tglLahir, sex, kodeKecamatan) => {
    expect(nik(raw)).toEqual({ nik: raw, status: 'valid', detail: null, tglLahir, sex, kodeKecamatan });
  });

  it('keeps a Papua NIK digit for digit (above Number.MAX_SAFE_INTEGER)', () => {
    const papua = '9171015507920003';
    expect(BigInt(papua) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(String(Number(papua))).not.toBe(papua); // what a JS number would have done
    expect(nik(papua).nik).toBe(papua);
    expect(nik(`'${papua}`).nik).toBe(papua);
    expect(nik('9171 0155 0792 0003').nik).toBe(papua);
    expect(normaliseNoKk('9171011203150007').noKk).toBe('9171011203150007');
  });

  it.each([
    ["'3273012505800001"],
    ['3273 0125 0580 0001'],
    [' 32.73.01.250580.0001 '],
    ['3273-0125-0580-0001'],
    ['="3273012505800001"'],
    ['3273012505800001.0'],
    ['\u00a03273012505800001\u00a0'],
    ['\u0663\u0662\u0667\u0663\u0660\u0661\u0662\u0665\u0660\u0665\u0668\u0660\u0660\u0660\u0660\u0661'],
    ['\uff13\uff12\uff17\uff13\uff10\uff11\uff12\uff15\uff10\uff15\uff18\uff10\uff10\uff10\uff10\uff11'],
  ])('cleans %j to the same valid NIK', (raw) => {
    expect(nik(raw)).toEqual(nik(BASE));
    expect(nik(raw).status).toBe('valid');
  });

  it('warns, but stays valid, when the kecamatan is not in the current list', () => {
    const r = nik('3273991203850001');
    expect(r.status).toBe('valid');
    expect(r.detail).toBe('kecamatan 327399 not in current list');
    expect(r.kodeKecamatan).toBe('327399');
  });

  it.each([
    ['9101011203850001', 'kabupaten 9101 renumbered 9301 (2022)'], // Merauke before the split
    ['9102015203850002', 'kabupaten 9102 renumbered 9501 (2022)'], // Jayawijaya
    ['9201011203850001', 'kabupaten 9201 renumbered 9601 (2022)'], // Sorong
  ])('keeps the old code of a kabupaten renumbered in 2022: %s', (raw, detail) => {
    const r = nik(raw);
    expect(r.status).toBe('valid');
    expect(r.detail).toBe(detail);
  });

  it('resolves two-digit years against the injected today', () => {
    expect(normaliseNik('3273011212260001', { today: '2026-12-31' }).tglLahir).toBe('2026-12-12');
    expect(normaliseNik('3273011212260001', { today: '2026-11-23' }).tglLahir).toBe('1926-12-12');
    expect(normaliseNik('3273010101300001', { today: '2029-06-30' }).tglLahir).toBe('1930-01-01');
    expect(normaliseNik('3273010101300001', { today: '2030-01-01' }).tglLahir).toBe('2030-01-01');
  });
});

describe('normaliseNik: classes', () => {
  it.each<[string | undefined, NikStatus, string | null, string | null]>([
    // raw, status, nik, detail
    [undefined, 'missing', null, null],
    ['', 'missing', null, null],
    ['   ', 'missing', null, null],
    ['-', 'missing', null, null],
    ['--', 'missing', null, null],
    ['0', 'missing', null, null],
    ['NULL', 'missing', null, null],
    ['#N/A', 'missing', null, null],
    ['N/A', 'missing', null, null],
    ['TIDAK ADA', 'missing', null, null],
    ["'", 'missing', null, null],

    ['0000000000000000', 'placeholder', '0000000000000000', 'all zeros'],
    ['0000', 'placeholder', '0000', 'all zeros'],
    ['1111111111111111', 'placeholder', '1111111111111111', 'one digit repeated'],
    ['9999999999999999', 'placeholder', '9999999999999999', 'one digit repeated'],
    ['3333 3333 3333 3333', 'placeholder', '3333333333333333', 'one digit repeated'],
    ['1234567890123456', 'placeholder', '1234567890123456', 'ascending run'],
    ['0123456789012345', 'placeholder', '0123456789012345', 'ascending run'],
    ['123456789', 'placeholder', '123456789', 'ascending run'],
    ['9876543210987654', 'placeholder', '9876543210987654', 'descending run'],
    ['6543210987654321', 'placeholder', '6543210987654321', 'descending run'],
    ['1212121212121212', 'placeholder', '1212121212121212', 'repeating pattern'],
    ['1231231231231231', 'placeholder', '1231231231231231', 'repeating pattern'],
    ['3273012532730125', 'placeholder', '3273012532730125', 'repeating pattern'],
    ['0327301250580001', 'placeholder', '0327301250580001', 'starts with 0: temporary village id'],

    ['3.27301E+15', 'excel_mangled', '3273010000000000', 'scientific notation: digits lost'],
    ['3,27301E+15', 'excel_mangled', '3273010000000000', 'scientific notation: digits lost'],
    ['3.27301e+15', 'excel_mangled', '3273010000000000', 'scientific notation: digits lost'],
    ["'3.27301E+15", 'excel_mangled', '3273010000000000', 'scientific notation: digits lost'],
    ['9.17101E+15', 'excel_mangled', '9171010000000000', 'scientific notation: digits lost'],
    ['3.27301E+14', 'excel_mangled', '327301E+14', 'scientific notation: digits lost'],
    ['3.27301E+16', 'excel_mangled', '327301E+16', 'scientific notation: digits lost'],
    ['327301E+15', 'excel_mangled', '327301E+15', 'scientific notation: digits lost'],
    ['3273012505800000', 'excel_mangled', '3273012505800000', 'serial 0000: last digit lost (Excel)'],
    ['3273010000000000', 'excel_mangled', '3273010000000000', 'serial 0000: last digit lost (Excel)'],
    ['9171015507920000', 'excel_mangled', '9171015507920000', 'serial 0000: last digit lost (Excel)'],
    ['3273013505800000', 'excel_mangled', '3273013505800000', 'serial 0000: last digit lost (Excel)'], // before the date check

    ['327301250580001', 'bad_length', '327301250580001', '15 digits'],
    ['32730125058000011', 'bad_length', '32730125058000011', '17 digits'],
    ['3273 0125 0580 001', 'bad_length', '327301250580001', '15 digits'],
    ['32730125', 'bad_length', '32730125', '8 digits'],
    ['5', 'bad_length', '5', '1 digit'],
    ['3273O12505800001', 'bad_length', '3273O12505800001', 'letters or symbols among the digits'],
    ['NIK 3273012505800001', 'bad_length', 'NIK3273012505800001', 'letters or symbols among the digits'],

    ['9973012505800001', 'bad_region', '9973012505800001', 'province 99 unknown'],
    ['2073012505800001', 'bad_region', '2073012505800001', 'province 20 unknown'],
    ['9773012505800001', 'bad_region', '9773012505800001', 'province 97 unknown'],
    ['3299012505800001', 'bad_region', '3299012505800001', 'kabupaten 3299 unknown'],
    ['9199012505800001', 'bad_region', '9199012505800001', 'kabupaten 9199 unknown'],
    ['9973013505800001', 'bad_region', '9973013505800001', 'province 99 unknown'], // region before date

    ['3273010005800001', 'bad_date', '3273010005800001', 'day 00 impossible'],
    ['3273013205800001', 'bad_date', '3273013205800001', 'day 32 impossible'],
    ['3273013505800001', 'bad_date', '3273013505800001', 'day 35 impossible'],
    ['3273014005800001', 'bad_date', '3273014005800001', 'day 40 impossible'],
    ['3273017205800001', 'bad_date', '3273017205800001', 'day 72 impossible'],
    ['3273019905800001', 'bad_date', '3273019905800001', 'day 99 impossible'],
    ['3273012500800001', 'bad_date', '3273012500800001', 'month 00 impossible'],
    ['3273012513800001', 'bad_date', '3273012513800001', 'month 13 impossible'],
    ['3273013102800001', 'bad_date', '3273013102800001', 'day 31 impossible in month 02'],
    ['3273017102800001', 'bad_date', '3273017102800001', 'day 31 impossible in month 02'],
    ['3273013104800001', 'bad_date', '3273013104800001', 'day 31 impossible in month 04'],
    ['3273012902990001', 'bad_date', '3273012902990001', '29 February impossible (common year)'],
    ['3273016902990001', 'bad_date', '3273016902990001', '29 February impossible (common year)'],
  ])('%j → %s', (raw, status, value, detail) => {
    const r = nik(raw);
    expect(r.status).toBe(status);
    expect(r.nik).toBe(value);
    expect(r.detail).toBe(detail);
    expect(r.tglLahir).toBeNull();
    expect(r.sex).toBeNull();
    expect(r.kodeKecamatan).toBeNull();
  });

  it('never puts the number into detail', () => {
    for (const raw of ['3273012505800000', '9973012505800001', '3273013505800001', '327301250580001', '3273991203850001']) {
      const r = nik(raw);
      expect(r.detail ?? '').not.toContain(raw);
      expect(r.detail ?? '').not.toContain(r.nik ?? '<none>');
    }
  });
});

// ---- properties -------------------------------------------------------------------------------

const KECAMATAN = ['327301', '327302', '327315', '197101', '197107', '640201', '917101', '930101', '950101', '967101'];

const validNikParts = fc.record({
  kecamatan: fc.constantFrom(...KECAMATAN),
  // Any day of the hundred years up to today reads back unambiguously from a two-digit year.
  date: fc.date({ min: new Date('1926-11-24T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true }),
  female: fc.boolean(),
  serial: fc.integer({ min: 1, max: 999 }),
});

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function buildNik(p: { kecamatan: string; date: Date; female: boolean; serial: number }): { raw: string; iso: string } {
  const y = p.date.getUTCFullYear();
  const m = p.date.getUTCMonth() + 1;
  const d = p.date.getUTCDate();
  const raw = `${p.kecamatan}${pad(p.female ? d + 40 : d, 2)}${pad(m, 2)}${pad(y % 100, 2)}${pad(p.serial, 4)}`;
  return { raw, iso: `${y}-${pad(m, 2)}-${pad(d, 2)}` };
}

describe('normaliseNik: properties', () => {
  it('classifies any well-formed NIK valid and round-trips its date, sex and kecamatan', () => {
    fc.assert(
      fc.property(validNikParts, (p) => {
        const { raw, iso } = buildNik(p);
        const r = nik(raw);
        expect(r).toEqual({
          nik: raw,
          status: 'valid',
          detail: null,
          tglLahir: iso,
          sex: p.female ? 'P' : 'L',
          kodeKecamatan: p.kecamatan,
        });
      }),
      { numRuns: 500 },
    );
  });

  it('survives the damage of real exports: apostrophe, spaces, dots, Arabic and full-width digits', () => {
    const damage = fc.constantFrom(
      (s: string) => `'${s}`,
      (s: string) => `${s.slice(0, 4)} ${s.slice(4, 8)} ${s.slice(8, 12)} ${s.slice(12)}`,
      (s: string) => `${s.slice(0, 2)}.${s.slice(2, 4)}.${s.slice(4, 6)}.${s.slice(6, 12)}.${s.slice(12)}`,
      (s: string) => s.replace(/\d/g, (c) => String.fromCharCode(0x660 + Number(c))),
      (s: string) => s.replace(/\d/g, (c) => String.fromCharCode(0xff10 + Number(c))),
      (s: string) => ` ${s}\u00a0`,
    );
    fc.assert(
      fc.property(validNikParts, damage, (p, hurt) => {
        const { raw } = buildNik(p);
        expect(nik(hurt(raw))).toEqual(nik(raw));
      }),
      { numRuns: 300 },
    );
  });

  it('zeroing the 16th digit of a serial below 10 (Excel) is always detected', () => {
    fc.assert(
      fc.property(validNikParts, fc.integer({ min: 1, max: 9 }), (p, serial) => {
        const { raw } = buildNik({ ...p, serial });
        expect(nik(`${raw.slice(0, 15)}0`).status).toBe('excel_mangled');
      }),
    );
  });

  const idLike = fc
    .array(fc.constantFrom(...'0123456789012345678901234567890123456789 .-\'O\u0661\uff12'.split('')), { maxLength: 20 })
    .map((c) => c.join(''));
  const nearNik = fc.oneof(
    idLike,
    validNikParts.map((p) => buildNik(p).raw),
    fc.tuple(validNikParts, fc.nat(15), fc.integer({ min: 0, max: 9 })).map(([p, i, d]) => {
      const raw = buildNik(p).raw;
      return raw.slice(0, i) + String(d) + raw.slice(i + 1);
    }),
  );

  it('re-normalising the output changes nothing (idempotent on the kept digits)', () => {
    fc.assert(
      fc.property(nearNik, (raw) => {
        const first = nik(raw);
        const second = nik(first.nik ?? undefined);
        expect(second.status).toBe(first.status);
        expect(second.nik).toBe(first.nik);
        if (first.status !== 'missing') expect(second).toEqual(first);
      }),
      { numRuns: 1000 },
    );
  });

  it('re-normalising Excel scientific notation stays excel_mangled', () => {
    const sci = fc
      .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 13, max: 17 }))
      .map(([a, b, e]) => `${a}.${pad(b, 5)}E+${e}`);
    fc.assert(
      fc.property(sci, (raw) => {
        const first = nik(raw);
        expect(first.status).toBe('excel_mangled');
        const second = nik(first.nik ?? undefined);
        expect(second.status).toBe('excel_mangled');
        expect(second.nik).toBe(first.nik);
      }),
    );
  });

  it('never throws, whatever the cell holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        const r = nik(raw);
        expect(typeof r.status).toBe('string');
        normaliseNoKk(raw);
      }),
      { numRuns: 1000 },
    );
  });
});

// ---- No KK ------------------------------------------------------------------------------------

describe('normaliseNoKk', () => {
  it.each<[string | undefined, string, string | null, string | null]>([
    ['3273011203150007', 'valid', '3273011203150007', null],
    ["'3273011203150007", 'valid', '3273011203150007', null],
    ['3273 0112 0315 0007', 'valid', '3273011203150007', null],
    ['6402010705210002', 'valid', '6402010705210002', null],
    // An issue date never gets the +40 rule: day 45 is only a warning, not a bad date.
    ['3273014505100003', 'valid', '3273014505100003', 'issue date part is not a date'],
    ['3273011213100003', 'valid', '3273011213100003', 'issue date part is not a date'],
    ['3273991203150007', 'valid', '3273991203150007', 'kecamatan 327399 not in current list'],
    ['9101011203050007', 'valid', '9101011203050007', 'kabupaten 9101 renumbered 9301 (2022)'],
    [undefined, 'missing', null, null],
    ['', 'missing', null, null],
    ['-', 'missing', null, null],
    ['#N/A', 'missing', null, null],
    ['0000000000000000', 'placeholder', '0000000000000000', 'all zeros'],
    ['1234567890123456', 'placeholder', '1234567890123456', 'ascending run'],
    ['0327301120315000', 'placeholder', '0327301120315000', 'starts with 0: temporary village id'],
    ['3.27301E+15', 'excel_mangled', '3273010000000000', 'scientific notation: digits lost'],
    ['3273011203150000', 'excel_mangled', '3273011203150000', 'serial 0000: last digit lost (Excel)'],
    ['327301120315000', 'bad_length', '327301120315000', '15 digits'],
    ['32730112031500071', 'bad_length', '32730112031500071', '17 digits'],
    ['3273O11203150007', 'bad_length', '3273O11203150007', 'letters or symbols among the digits'],
    ['9973011203150007', 'bad_region', '9973011203150007', 'province 99 unknown'],
    ['3299011203150007', 'bad_region', '3299011203150007', 'kabupaten 3299 unknown'],
    // A separator after the formula hid it until cleaning removed the separator (fast-check found
    // `="0"-` read as `="0"`, which read again is missing).
    ['="0"-', 'missing', null, null],
    ['="3273011203150007"-', 'valid', '3273011203150007', null],
    ['="\'3273011203150007" ', 'valid', '3273011203150007', null],
  ])('%j → %s', (raw, status, value, detail) => {
    expect(normaliseNoKk(raw)).toEqual({ noKk: value, status, detail });
  });
});
