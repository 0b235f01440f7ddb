import { describe, expect, it } from 'vitest';
import { DEFAULT_BLOCKING_RULES, generateCandidates, validateBlockingRules } from '../../src/match/blocking.js';
import { buildMatchInput } from '../../src/match/features.js';
import type { BlockingRule, MatchRecord } from '../../src/match/types.js';
import { record } from './factory.js';

const person: Partial<MatchRecord> = {
  nama: 'NURHAYATI KARTIKA',
  nik: '3273014507850002',
  nikStatus: 'valid',
  nikTglLahir: '1985-07-05',
  tglLahir: '1985-07-05',
  noKk: '3273010101100003',
  noKkStatus: 'valid',
};
const noNik: Partial<MatchRecord> = { nik: null, nikStatus: 'missing', nikTglLahir: null };
const moved: Partial<MatchRecord> = { kodeWilayah: '3510012005', kodeKecamatan: '351001', kodeKabupaten: '3510' };

/** The rule that found the (only) P3KE record against the (only) DTKS record, or null. */
function foundBy(a: Partial<MatchRecord>, b: Partial<MatchRecord>, rules: BlockingRule[] = DEFAULT_BLOCKING_RULES): string | null {
  const input = buildMatchInput([record({ ...person, ...a })], [record({ ...person, ...b })]);
  const c = generateCandidates(input, rules);
  return c.length === 0 ? null : rules[c.rule[0]!]!.name;
}

describe('the default rules survive every defect of domain.md', () => {
  it.each<[string, Partial<MatchRecord>]>([
    ['a wrong NIK', { nik: '3273016612900001', nikTglLahir: '1990-12-26' }],
    ['a missing NIK', noNik],
    ['an Excel-mangled NIK', { nik: '3273014507850000', nikStatus: 'excel_mangled', nikTglLahir: null }],
    ['a placeholder NIK', { nik: '1234567890123456', nikStatus: 'placeholder', nikTglLahir: null }],
    ['a name typo', { ...noNik, nama: 'NURHAYATI KARTIKO' }],
    ['a typo in the first letters', { ...noNik, nama: 'NRUHAYATI KARTIKA' }],
    ['a name variant', { ...noNik, nama: 'NURHAJATI KARTIKA' }],
    ['tokens in another order', { ...noNik, nama: 'KARTIKA NURHAYATI' }],
    ['a name shortened to one token', { ...noNik, nama: 'NURHAYATI' }],
    ['day and month swapped', { ...noNik, tglLahir: '1985-05-07' }],
    ['a placeholder date', { ...noNik, tglLahir: '1985-01-01', tglLahirFlag: 'placeholder' }],
    ['a missing date', { ...noNik, tglLahir: null, tglLahirFlag: 'missing' }],
    ['a year off by one', { ...noNik, tglLahir: '1986-07-05' }],
    ['a move to another desa of the kabupaten', { ...noNik, kodeWilayah: '3273021004', kodeKecamatan: '327302' }],
    ['a move to another kabupaten', { ...noNik, ...moved }],
    ['a split KK', { ...noNik, noKk: '3273012205180007' }],
  ])('%s', (_, defect) => {
    expect(foundBy({}, defect)).not.toBeNull();
  });

  it('a NIK typo with every other field damaged is found by nik_near', () => {
    const damaged = { ...moved, nama: 'NURHAYTI KARTKA', tglLahir: '1985-01-01', tglLahirFlag: 'placeholder' as const, noKk: null };
    expect(foundBy({}, { ...damaged, nik: '3273014507850012' })).toBe('nik_near'); // substitution
    expect(foundBy({}, { ...damaged, nik: '3273015407850002' })).toBe('nik_near'); // transposition
    expect(foundBy({}, { ...damaged, nik: '327301450785002', nikStatus: 'bad_length' })).toBe('nik_near'); // a lost digit
    expect(foundBy({}, { ...damaged, nik: '3273024507850002' })).toBeNull(); // another kecamatan: not one edit in rule terms
  });

  it('tokens in another order with no date are found within the desa', () => {
    expect(foundBy({}, { ...noNik, nama: 'KARTIKA NURHAYATI', tglLahir: null, tglLahirFlag: 'missing' })).toBe('desa_tokens');
  });

  it('a replaced name with a placeholder date and no NIK is found by desa, year and initial only when the sex agrees', () => {
    const replaced = { ...noNik, nama: 'NINGSIH', tglLahir: '1985-01-01', tglLahirFlag: 'placeholder' as const, noKk: null };
    expect(foundBy({}, replaced)).toBe('desa_year_initial');
    expect(foundBy({}, { ...replaced, jenisKelamin: 'L' })).toBeNull();
  });

  it('a name typo after a move with no NIK is found through the birth date', () => {
    expect(foundBy({}, { ...noNik, ...moved, nama: 'NURHAYATI KARTIKO' })).toBe('dob_first_name');
  });
});

describe('generateCandidates', () => {
  it('emits each pair once, ordered, credited to the first rule that finds it', () => {
    const input = buildMatchInput(
      [record({ ...person }), record({ ...person, nama: 'BUDI SANTOSO', nik: '3273010101800001', tglLahir: '1980-01-01' })],
      [record({ ...person }), record({ ...person, nama: 'BUDI SANTOSO', nik: null, nikStatus: 'missing', tglLahir: '1980-01-01' })],
    );
    const c = generateCandidates(input, DEFAULT_BLOCKING_RULES);
    const keys = Array.from({ length: c.length }, (_, k) => `${c.a[k]}-${c.b[k]}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([...keys].sort());
    expect(keys).toContain('0-0');
    expect(keys).toContain('1-1');
    expect(DEFAULT_BLOCKING_RULES[c.rule[keys.indexOf('0-0')]!]!.name).toBe('nik');
    const total = c.stats.reduce((s, r) => s + r.newPairs, 0);
    expect(total).toBe(c.length);
    for (const s of c.stats) expect(s.pairs).toBeGreaterThanOrEqual(s.newPairs);
  });

  it('skips blocks above the cap and reports their size, never their key', () => {
    const many = Array.from({ length: 30 }, () => record({ nama: 'SUPARMAN', nik: null, nikStatus: 'missing' }));
    const input = buildMatchInput(many, many.map((r) => ({ ...r, recordId: r.recordId + 1000 })));
    const c = generateCandidates(input, [{ name: 'desa_name', on: ['desa', 'nameKey'] }], { maxBlockPairs: 100 });
    expect(c.length).toBe(0);
    expect(c.stats[0]).toMatchObject({ rule: 'desa_name', cappedBlocks: 1, cappedPairs: 900, largestCapped: [30, 30] });
    expect(JSON.stringify(c.stats)).not.toContain('SUPARMAN');
    const perRule = generateCandidates(input, [{ name: 'desa_name', on: ['desa', 'nameKey'], maxBlockPairs: 1000 }], { maxBlockPairs: 100 });
    expect(perRule.length).toBe(900);
  });

  it('rules are data: a custom set from JSON', () => {
    const rules = validateBlockingRules(JSON.parse('[{"name":"by_year","on":["birthYear","sex"]}]'));
    expect(foundBy({}, { ...noNik, nama: 'X', tglLahir: '1985-12-31' }, rules)).toBe('by_year');
  });

  it('a side against itself (dedupe) gives pairs i < j only', () => {
    const input = buildMatchInput([record(person), record(person), record(person)], []);
    const c = generateCandidates(input, [{ name: 'nik', on: ['nik'] }], { self: true }, input.p3ke, input.p3ke);
    expect(Array.from({ length: c.length }, (_, k) => [c.a[k], c.b[k]])).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
  });
});

describe('validateBlockingRules', () => {
  it('lists every problem', () => {
    expect(() => validateBlockingRules([{ name: 'a', on: ['desa', 'shoeSize'] }, { on: ['desa'] }, { name: 'a', kind: 'fuzzy' }])).toThrow(
      /unknown field shoeSize.*rule 2: needs a name.*name used twice.*unknown kind fuzzy/,
    );
    expect(() => validateBlockingRules([])).toThrow(/non-empty/);
  });
  it('accepts the defaults', () => {
    expect(validateBlockingRules(JSON.parse(JSON.stringify(DEFAULT_BLOCKING_RULES)))).toEqual(DEFAULT_BLOCKING_RULES);
  });
});
