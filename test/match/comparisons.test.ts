import { describe, expect, it } from 'vitest';
import type { MatchRecord } from '../../src/match/types.js';
import { levelsOf, record } from './factory.js';

const level = (comparison: string, a: Partial<MatchRecord>, b: Partial<MatchRecord>): string => levelsOf(record(a), record(b))[comparison]!;

describe('name levels', () => {
  it.each([
    ['SITI RAHAYU', 'SITI RAHAYU', 'exact'],
    ['SITI RAHAYU', 'RAHAYU SITI', 'tokens_reordered'],
    ['SITI RAHAYU', 'SITI RAHAYOE', 'jw_0.92'],
    ['NUR HAYATI', 'NUR HAYATY', 'phonetic'], // Y/I folded by the key
    ['SUPARMI', 'SUPARNI', 'jw_0.92'],
    ['SUPARMAN', 'SUPARJO', 'jw_0.85'],
    ['SITI', 'SITI AMINAH WULANDARI', 'contained'],
    ['AHMAD RIZKY', 'RIZKY PRATAMA', 'shared_token'],
    ['ADAM SANTOSO', 'BUDI SANTOSA', 'shared_token'], // a replaced first name, a near last one
    ['RQHAYU ZAHRA', 'ZOHRA RAHAYU', 'jw_0.85'], // reordered, a typo in each token
    ['SAIFUL', 'SEFUL', 'jw_0.75'], // alike, not unrelated
    ['SITI RAHAYU', 'BUDI SANTOSO', 'different'],
    [null, 'BUDI SANTOSO', 'missing'],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(level('name', { nama: a }, { nama: b })).toBe(expected);
  });
});

describe('birth date levels', () => {
  const ok = (tglLahir: string | null, flag: MatchRecord['tglLahirFlag'] = 'ok'): Partial<MatchRecord> => ({ tglLahir, tglLahirFlag: flag, nik: null, nikStatus: 'missing', nikTglLahir: null });
  it.each([
    ['1985-07-05', '1985-07-05', 'exact'],
    ['1985-07-05', '1985-05-07', 'swapped_day_month'],
    ['1985-07-05', '1985-07-21', 'same_year_month'],
    ['1985-07-05', '1986-07-05', 'year_off_by_one'],
    ['1985-07-05', '1995-07-05', 'one_digit'],
    ['1985-07-05', '1962-11-30', 'different'],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(level('dob', ok(a), ok(b))).toBe(expected);
  });

  it('a placeholder knows only the year', () => {
    expect(level('dob', ok('1985-07-05'), ok('1985-01-01', 'placeholder'))).toBe('placeholder_same_year');
    expect(level('dob', ok('1985-07-05'), ok('1986-12-31', 'placeholder'))).toBe('year_off_by_one');
    expect(level('dob', ok('1985-07-05'), ok('1970-07-01', 'placeholder'))).toBe('different');
  });

  it('missing is neutral; the NIK date stands in for a missing recorded date', () => {
    expect(level('dob', ok(null, 'missing'), ok('1985-07-05'))).toBe('missing');
    expect(level('dob', ok('1985-07-05'), ok(null, 'unparsed'))).toBe('missing');
    const fromNik = { tglLahir: null, tglLahirFlag: 'missing' as const, nik: '3273014507850002', nikStatus: 'valid' as const, nikTglLahir: '1985-07-05' };
    expect(level('dob', ok('1985-07-05'), fromNik)).toBe('exact');
  });

  it('a date read from a NIK counts when it agrees, not when it disagrees (the NIK may be a parent\'s)', () => {
    const fromNik = (nik: string, iso: string) => ({ tglLahir: null, tglLahirFlag: 'missing' as const, nik, nikStatus: 'valid' as const, nikTglLahir: iso });
    expect(level('dob', ok('2007-02-17'), fromNik('6303010708710001', '1971-08-07'))).toBe('missing');
    expect(level('dob', ok('1971-08-17'), fromNik('6303010708710001', '1971-08-07'))).toBe('same_year_month');
  });

  it('a date the agreeing NIKs already carry does not count twice', () => {
    expect(level('dob', {}, {})).toBe('implied_by_nik');
    // the same NIK, the other side's date read from that NIK: no information at all
    expect(level('dob', {}, { tglLahir: null, tglLahirFlag: 'missing' })).toBe('missing');
  });
});

describe('NIK levels', () => {
  const nik = (value: string | null, status: MatchRecord['nikStatus'] = 'valid'): Partial<MatchRecord> => ({ nik: value, nikStatus: status });
  it.each([
    ['3273014507850002', '3273014507850002', 'valid', 'exact'],
    ['3273014507850002', '3273014507850003', 'valid', 'last_digit'], // twins, siblings: neutral
    ['3273014507850002', '3273014507860002', 'valid', 'one_edit'],
    ['3273014507850002', '3273015407850002', 'valid', 'one_edit'], // transposition
    ['3273014507850002', '3273024507850002', 'valid', 'different'], // other kecamatan, same day: not a typo
    ['3273014507850002', '3510016612900001', 'valid', 'different'],
  ])('%s vs %s (%s) → %s', (a, b, status, expected) => {
    expect(level('nik', nik(a), nik(b, status as MatchRecord['nikStatus']))).toBe(expected);
  });

  it('Excel damage, invalid and missing NIKs', () => {
    expect(level('nik', nik('3273014507850002'), nik('3273014507850000', 'excel_mangled'))).toBe('excel_prefix');
    expect(level('nik', nik('3273014507850002'), nik('3273010000000000', 'excel_mangled'))).toBe('missing');
    expect(level('nik', nik('3273014507850002'), nik('327301450785002', 'bad_length'))).toBe('one_edit');
    expect(level('nik', nik('3273014507850002'), nik('9973014507850002', 'bad_region'))).toBe('missing');
    expect(level('nik', nik('3273014507850002'), nik('1234567890123456', 'placeholder'))).toBe('missing');
    expect(level('nik', nik('3273014507850002'), nik(null, 'missing'))).toBe('missing');
  });

  it('the last-digit level carries no weight (pinned neutral)', async () => {
    const { COMPARISONS } = await import('../../src/match/comparisons.js');
    expect(COMPARISONS.find((c) => c.name === 'nik')!.neutral).toEqual(['last_digit']);
  });
});

describe('household levels', () => {
  it.each<[Partial<MatchRecord>, Partial<MatchRecord>, string]>([
    [{ noKk: '3273010101100003', noKkStatus: 'valid', kodeWilayah: '3273011001' }, { noKk: '3273010101100003', noKkStatus: 'valid', kodeWilayah: '3273011002' }, 'same_kk'],
    [{}, { alamat: 'JALAN MAWAR NO 3' }, 'same_desa_address'],
    [{}, { alamat: 'JALAN MAWAR NOMOR 3' }, 'same_desa_address'],
    [{}, { alamat: 'DUSUN KRAJAN' }, 'same_desa_rt_rw'],
    [{}, { alamat: null, rt: '5' }, 'same_desa'],
    [{}, { kodeWilayah: '3273011002', alamat: 'DUSUN WETAN' }, 'same_kecamatan'],
    [{}, { kodeWilayah: '3273011002' }, 'same_address'], // the same address in another desa
    [{}, { kodeWilayah: '3273021002', kodeKecamatan: '327302', alamat: null }, 'same_kabupaten'],
    [{}, { kodeWilayah: '3510011001', kodeKecamatan: '351001', kodeKabupaten: '3510', alamat: null }, 'different'],
    [{}, { kodeWilayah: null, kodeKecamatan: null, kodeKabupaten: null, desa: null, alamat: null }, 'missing'],
  ])('%o vs %o → %s', (a, b, expected) => {
    expect(level('household', a, b)).toBe(expected);
  });

  it('a desa known only by name (no code) compares by name, allowing a typo', () => {
    const byName = { kodeWilayah: null, kodeKecamatan: null, kodeKabupaten: null, desa: 'SUKAMAJU' };
    expect(level('household', byName, byName)).toBe('same_desa_address');
    expect(level('household', byName, { ...byName, desa: 'SUKAMAYU' })).toBe('same_desa_address');
    expect(level('household', byName, { ...byName, desa: 'PASIRJAMBU', alamat: null })).toBe('different');
  });

  it('addresses agree when most words do: a dropped house number, another order', () => {
    expect(level('household', { alamat: 'JALAN MAWAR NO 3 RT 002' }, { alamat: 'JALAN MAWAR RT 002' })).toBe('same_desa_address');
    expect(level('household', { alamat: '87 AKMA PLACE SCOTTY' }, { alamat: '87 SCOTTY AKMA PLACE' })).toBe('same_desa_address');
    expect(level('household', { alamat: 'DUSUN KRAJAN' }, { alamat: 'DUSUN WETAN', rt: '9' })).toBe('same_desa');
  });
});

describe('sex, relation, birthplace, mother', () => {
  it('sex, with the NIK sex standing in', () => {
    expect(level('sex', {}, {})).toBe('same');
    expect(level('sex', {}, { jenisKelamin: 'L', nik: null, nikStatus: 'missing' })).toBe('different');
    expect(level('sex', {}, { jenisKelamin: null, nikSex: 'P' })).toBe('same');
    expect(level('sex', {}, { jenisKelamin: null, nik: null, nikStatus: 'missing', nikSex: null })).toBe('missing');
  });
  it('relation to head', () => {
    expect(level('hubungan', {}, {})).toBe('same');
    expect(level('hubungan', {}, { hubungan: 'anak' })).toBe('different');
    expect(level('hubungan', {}, { hubungan: null })).toBe('missing');
  });
  it('birthplace and mother (DTKS only: missing on P3KE is neutral)', () => {
    expect(level('tempat_lahir', { tempatLahir: 'BANDUNG' }, { tempatLahir: 'BANDUNG' })).toBe('exact');
    expect(level('tempat_lahir', { tempatLahir: 'BANDUNG' }, { tempatLahir: 'BANDOENG' })).toBe('similar');
    expect(level('tempat_lahir', { tempatLahir: 'BANDUNG' }, { tempatLahir: 'SURABAYA' })).toBe('different');
    expect(level('tempat_lahir', { tempatLahir: null }, { tempatLahir: 'SURABAYA' })).toBe('missing');
    expect(level('nama_ibu', { namaIbu: 'SITI AMINAH' }, { namaIbu: 'SITI AMINA' })).toBe('similar');
  });
});

describe('caches', () => {
  it('a result does not depend on what was compared before (threads have their own caches)', async () => {
    const { Comparer, comparerData, comparePairs } = await import('../../src/match/comparisons.js');
    const { buildMatchInput } = await import('../../src/match/features.js');
    const { synthPopulation } = await import('./synth.js');
    const pop = synthPopulation({ families: 300, seed: 2 });
    const input = buildMatchInput(pop.p3ke, pop.dtks);
    const n = 20_000;
    const a = Int32Array.from({ length: n }, (_, k) => (k * 7919) % input.p3ke.n);
    const b = Int32Array.from({ length: n }, (_, k) => (k * 104729) % input.dtks.n);
    const forward = new Int32Array(n);
    comparePairs(new Comparer(comparerData(input.dict), input.p3ke, input.dtks), a, b, 0, n, forward);
    const backward = new Int32Array(n);
    const fresh = new Comparer(comparerData(input.dict), input.p3ke, input.dtks);
    for (let k = n - 1; k >= 0; k--) backward[k] = fresh.code(a[k]!, b[k]!);
    expect(backward).toEqual(forward);
  });
});
