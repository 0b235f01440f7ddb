// Small synthetic MatchRecords for unit tests (no normaliser needed): one complete person whose
// fields any test can override.
import type { MatchRecord } from '../../src/match/types.js';

/** A rough Indonesian phonetic key for tests: doubled letters, Y/I and inner H folded. */
export function testKey(name: string): string {
  return name
    .split(' ')
    .filter((t) => t)
    .map((t) => t.replace(/Y/g, 'I').replace(/(?!^)H/g, '').replace(/(.)\1+/g, '$1'))
    .join(' ');
}

export const sortedTokens = (name: string): string => [...new Set(name.split(' ').filter((t) => t))].sort().join(' ');

let nextId = 1;

export function record(overrides: Partial<MatchRecord> = {}): MatchRecord {
  const nama = overrides.nama === undefined ? 'SITI RAHAYU' : overrides.nama;
  const base: MatchRecord = {
    recordId: nextId++,
    sourceId: `R${nextId}`,
    familyId: 'F1',
    nik: '3273014507850002',
    nikStatus: 'valid',
    nikTglLahir: '1985-07-05',
    nikSex: 'P',
    noKk: null,
    noKkStatus: 'missing',
    nama,
    namaKey: nama ? testKey(nama) : null,
    namaTokens: nama ? sortedTokens(nama) : null,
    tglLahir: '1985-07-05',
    tglLahirFlag: 'ok',
    jenisKelamin: 'P',
    hubungan: 'istri',
    tempatLahir: null,
    namaIbu: null,
    kodeWilayah: '3273011001',
    kodeKecamatan: '327301',
    kodeKabupaten: '3273',
    desa: 'SARIJADI',
    alamat: 'JALAN MAWAR NO 3',
    rt: '2',
    rw: '3',
  };
  return { ...base, ...overrides, nama, namaKey: overrides.namaKey ?? base.namaKey, namaTokens: overrides.namaTokens ?? base.namaTokens };
}

import { COMPARISONS, Comparer, comparerData, decodePattern } from '../../src/match/comparisons.js';
import { buildMatchInput } from '../../src/match/features.js';

/** Level names of every comparison for one P3KE record against one DTKS record. */
export function levelsOf(a: MatchRecord, b: MatchRecord): Record<string, string> {
  const input = buildMatchInput([a], [b]);
  const code = new Comparer(comparerData(input.dict), input.p3ke, input.dtks).code(0, 0);
  const levels = decodePattern(code);
  return Object.fromEntries(COMPARISONS.map((c, k) => [c.name, c.levels[levels[k]!]!]));
}
