// Properties every normaliser keeps on any input, hostile text included (fast-check): it never
// throws, answers only with its output classes, is idempotent on its own output, and reads a
// NIK or KK typed in other digit scripts as the same number. Per-normaliser tables live beside.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseAddress } from '../../src/normalise/address.js';
import { normaliseDesil, normaliseHubungan, normalisePersentil, normaliseYaTidak } from '../../src/normalise/codes.js';
import { normaliseDate } from '../../src/normalise/date.js';
import { detached, Memo } from '../../src/normalise/memo.js';
import { normaliseName, normalisePlainName, phoneticKey } from '../../src/normalise/name.js';
import { cleanIdDigits, normaliseNik, normaliseNoKk } from '../../src/normalise/nik.js';
import { normalisePerson } from '../../src/normalise/person.js';
import { canonicalRegionName, cleanRegionCode, resolveRegion } from '../../src/normalise/region.js';
import { normaliseSex } from '../../src/normalise/sex.js';
import { CANONICAL_FIELDS, HUBUNGAN, NIK_STATUSES, type RawFields } from '../../src/normalise/types.js';

/** Any text: full Unicode, controls, NUL, quotes, long runs, formula and SQL shapes. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom('0', '1', '9', ' ', '.', "'", '-', '/', 'E', '+', '\u0000', '\u0660', '\uff11', '"', ';', '='), maxLength: 40 }),
  fc.constantFrom('', ' ', '-', 'NULL', '=HYPERLINK("x")', "'; DROP TABLE records; --", '\uFEFF', 'x'.repeat(5000)),
);
const maybe = fc.option(hostile, { nil: undefined });
const RUNS = { numRuns: 300 };

describe('every normaliser never throws and answers only with its classes', () => {
  it('NIK and No KK', () => {
    fc.assert(
      fc.property(maybe, (raw) => {
        const nik = normaliseNik(raw);
        expect(NIK_STATUSES).toContain(nik.status);
        if (nik.status === 'valid') expect(nik.nik).toMatch(/^\d{16}$/);
        if (nik.status === 'missing') expect(nik.nik).toBeNull();
        const kk = normaliseNoKk(raw);
        expect(NIK_STATUSES.filter((s) => s !== 'bad_date')).toContain(kk.status);
        if (kk.status === 'valid') expect(kk.noKk).toMatch(/^\d{16}$/);
      }),
      RUNS,
    );
  });

  it('names, dates, sex, codes and addresses', () => {
    fc.assert(
      fc.property(maybe, (raw) => {
        const name = normaliseName(raw);
        if (name.nama !== null) expect(name.nama).toBe(name.nama.trim());
        normalisePlainName(raw);
        expect(['ok', 'missing', 'placeholder', 'impossible', 'future', 'unparsed']).toContain(normaliseDate(raw).flag);
        expect([null, 'L', 'P']).toContain(normaliseSex(raw));
        const hubungan = normaliseHubungan(raw);
        if (hubungan !== null) expect(HUBUNGAN).toContain(hubungan);
        expect([null, true, false]).toContain(normaliseYaTidak(raw));
        const desil = normaliseDesil(raw);
        if (desil !== null) expect(Number.isInteger(desil) && desil >= 1 && desil <= 10).toBe(true);
        const persentil = normalisePersentil(raw);
        if (persentil !== null) expect(Number.isInteger(persentil) && persentil >= 1 && persentil <= 100).toBe(true);
        normaliseAddress(raw, { rt: raw, rw: raw, dusun: raw });
      }),
      RUNS,
    );
  });

  it('regions', () => {
    fc.assert(
      fc.property(maybe, maybe, maybe, (code, kecamatan, desa) => {
        const clean = cleanRegionCode(code);
        if (clean !== null) expect(clean).toMatch(/^\d+$/);
        const region = resolveRegion({ kodeWilayah: code, kecamatan, desa });
        if (region.kodeWilayah !== null) expect(region.kodeWilayah).toMatch(/^\d+$/);
      }),
      { numRuns: 150 },
    );
  });

  it('a whole person from any cells', () => {
    const fields = fc.dictionary(fc.constantFrom(...CANONICAL_FIELDS), hostile, { maxKeys: CANONICAL_FIELDS.length }) as fc.Arbitrary<RawFields>;
    fc.assert(
      fc.property(fields, fc.constantFrom('p3ke' as const, 'dtks' as const), (raw, source) => {
        const person = normalisePerson(raw, source);
        expect(NIK_STATUSES).toContain(person.nikStatus);
        expect(person.nik).toBe(normaliseNik(raw.nik).nik);
      }),
      { numRuns: 200 },
    );
  });
});

describe('normalisers are idempotent on their own output', () => {
  it('No KK, plain names, phonetic keys, region codes and names', () => {
    fc.assert(
      fc.property(hostile, (raw) => {
        const kk = normaliseNoKk(raw);
        if (kk.noKk !== null) expect(normaliseNoKk(kk.noKk).noKk).toBe(kk.noKk);
        const plain = normalisePlainName(raw);
        if (plain !== null) expect(normalisePlainName(plain)).toBe(plain);
        const name = normaliseName(raw).nama;
        if (name !== null) expect(phoneticKey(name)).toBe(phoneticKey(normaliseName(name).nama ?? ''));
        const code = cleanRegionCode(raw);
        if (code !== null) expect(cleanRegionCode(code)).toBe(code);
        const region = canonicalRegionName(raw);
        expect(canonicalRegionName(region)).toBe(region);
        expect(cleanIdDigits(cleanIdDigits(raw))).toBe(cleanIdDigits(raw));
      }),
      RUNS,
    );
  });
});

describe('round trips', () => {
  const digits16 = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 16, maxLength: 16 }).map((d) => d.join(''));
  const script = (ascii: string, zero: number): string => ascii.replace(/\d/g, (d) => String.fromCharCode(zero + Number(d)));

  it('a NIK or KK in Arabic-Indic, Extended Arabic-Indic or full-width digits reads as the ASCII one', () => {
    fc.assert(
      fc.property(digits16, fc.constantFrom(0x660, 0x6f0, 0xff10), (ascii, zero) => {
        expect(normaliseNik(script(ascii, zero))).toEqual(normaliseNik(ascii));
        expect(normaliseNoKk(script(ascii, zero))).toEqual(normaliseNoKk(ascii));
      }),
      RUNS,
    );
  });

  it('detached copies are equal strings; the memo gives back what it was given, within its bound', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 200 }), fc.integer()), { maxLength: 50 }), (entries) => {
        const memo = new Memo<number>(1000);
        const last = new Map<string, number>();
        for (const [key, value] of entries) {
          expect(detached(key)).toBe(key);
          memo.set(key, value);
          last.set(key, value);
        }
        for (const [key, value] of last) expect(memo.get(key)).toBe(key.length > 128 ? undefined : value);
      }),
      RUNS,
    );
  });
});
