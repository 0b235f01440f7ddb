import { describe, expect, it } from 'vitest';
import { matchRecords } from '../../src/match/index.js';
import type { MatchRecord } from '../../src/match/types.js';
import { record } from './factory.js';

/** A small population around the pairs under test, so that the model has something to learn from. */
function crowd(n: number, seed: number): [MatchRecord[], MatchRecord[]] {
  const given = ['AGUS', 'BUDI', 'DEWI', 'EKA', 'FITRI', 'GILANG', 'HADI', 'INDAH', 'JOKO', 'KARTIKA', 'LINDA', 'MAMAN'];
  const family = ['SANTOSO', 'WIBOWO', 'LESTARI', 'HIDAYAT', 'PRATAMA', 'SAPUTRA', 'RAHAYU', 'KURNIA', 'SETIAWAN', 'HANDAYANI'];
  const left: MatchRecord[] = [];
  const right: MatchRecord[] = [];
  for (let k = 0; k < n; k++) {
    const sex = k % 2 === 0 ? 'L' : 'P';
    const day = 1 + ((k * 7 + seed) % 28);
    const month = 1 + ((k * 5 + seed) % 12);
    const year = 1950 + ((k * 13 + seed) % 60);
    const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const nik = `3273${String(1 + (k % 9)).padStart(2, '0')}${String(day + (sex === 'P' ? 40 : 0)).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year).slice(2)}${String(1 + (k % 3)).padStart(4, '0')}`;
    const p = record({
      nama: `${given[(k * 7) % given.length]} ${family[(k * 3 + seed) % family.length]} ${given[(k * 11 + 5) % given.length]}`,
      nik,
      nikTglLahir: iso,
      nikSex: sex,
      tglLahir: iso,
      jenisKelamin: sex,
      kodeWilayah: `32730${1 + (k % 9)}100${k % 10}`,
      kodeKecamatan: `32730${1 + (k % 9)}`,
      familyId: `F${k}`,
      sourceId: `P${seed}-${k}`,
      alamat: `JALAN ${family[k % family.length]} NO ${k}`,
    });
    left.push(p);
    // a quarter without NIK, one in twenty-five with a wrong one, as in real exports
    const nikRight = k % 4 === 0 ? null : k % 25 === 1 ? `${nik.slice(0, 6)}${nik[6] === '0' ? '1' : '0'}1${nik.slice(8, 10)}99${nik.slice(12)}` : nik;
    right.push({ ...p, recordId: p.recordId + 1_000_000, sourceId: `D${seed}-${k}`, familyId: `H${k}`, nik: nikRight, nikStatus: nikRight ? 'valid' : 'missing' });
  }
  return [left, right];
}

const linkOf = (out: ReturnType<typeof matchRecords>, p3keRecordId: number) => out.links.find((l) => l.p3keRecordId === p3keRecordId);

describe('deterministic NIK pass and NIK conflicts', () => {
  it('links equal valid NIKs (method nik) and turns a child under a parent NIK into a conflict', () => {
    const [left, right] = crowd(300, 1);
    const mother = record({ nama: 'SITI AMINAH', nik: '3273015505700003', nikTglLahir: '1970-05-15', tglLahir: '1970-05-15', sourceId: 'P-mother', familyId: 'FX' });
    const child = record({ nama: 'MUHAMMAD RIZKY', jenisKelamin: 'L', hubungan: 'anak', nik: '3273015505700003', nikTglLahir: '1970-05-15', nikSex: 'P', tglLahir: '2012-03-09', sourceId: 'P-child', familyId: 'FX' });
    const dtksMother = { ...mother, recordId: mother.recordId + 5_000_000, sourceId: 'D-mother', familyId: 'HX' };
    const dtksChild = { ...child, recordId: child.recordId + 5_000_000, sourceId: 'D-child', familyId: 'HX', nik: '3273010903120001', nikTglLahir: '2012-03-09', nikSex: 'L' as const };
    const out = matchRecords([...left, mother, child], [...right, dtksMother, dtksChild]);
    expect(linkOf(out, mother.recordId)).toMatchObject({ dtksRecordId: dtksMother.recordId, method: 'nik', status: 'match' });
    // the child's NIK pair with the mother's DTKS record is a conflict, not a link
    expect(out.nikConflicts).toContainEqual(expect.objectContaining({ p3keRecordId: child.recordId, dtksRecordId: dtksMother.recordId, nik: '3273015505700003' }));
    // and the child still finds itself through the model
    expect(linkOf(out, child.recordId)).toMatchObject({ dtksRecordId: dtksChild.recordId, method: 'model', status: 'match' });
  });
});

describe('one-to-one assignment', () => {
  it('each record links at most once; the weaker candidate is kept as an alternative', () => {
    const [left, right] = crowd(300, 2);
    const p = record({ nama: 'KHAIRUNNISA ZULAIKHA', nik: null, nikStatus: 'missing', tglLahir: '1991-02-03', sourceId: 'P-k', kodeWilayah: '3273099001', kodeKecamatan: '327309' });
    const exact = { ...p, recordId: p.recordId + 7_000_000, sourceId: 'D-k1' };
    const typo = { ...p, recordId: p.recordId + 8_000_000, sourceId: 'D-k2', nama: 'KHAIRUNISA ZULAIKA', namaKey: 'KAIRUNISA ZULAIKA', namaTokens: 'KHAIRUNISA ZULAIKA' };
    const out = matchRecords([...left, p], [...right, exact, typo]);
    const mine = out.links.filter((l) => l.p3keRecordId === p.recordId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.dtksRecordId).toBe(exact.recordId);
    expect(out.alternatives).toContainEqual(expect.objectContaining({ p3keRecordId: p.recordId, dtksRecordId: typo.recordId }));
    const perLeft = new Set(out.links.map((l) => l.p3keRecordId));
    const perRight = new Set(out.links.map((l) => l.dtksRecordId));
    expect(perLeft.size).toBe(out.links.length);
    expect(perRight.size).toBe(out.links.length);
    // both DTKS records match one P3KE record strongly: a duplicate inside DTKS
    expect(out.duplicates).toContainEqual(expect.objectContaining({ source: 'dtks', reason: 'same_person', recordIds: [exact.recordId, typo.recordId].sort((a, b) => a - b) }));
  });
});

describe('reviewer decisions win', () => {
  const [left, right] = crowd(300, 3);
  const a = left[10]!;
  const b = right[10]!;
  const other = right[20]!;

  it("'different' forbids a pair the model would link", () => {
    expect(linkOf(matchRecords(left, right), a.recordId)?.dtksRecordId).toBe(b.recordId);
    const out = matchRecords(left, right, { decisions: [{ p3keSourceId: a.sourceId, dtksSourceId: b.sourceId, decision: 'different' }] });
    expect(out.links.some((l) => l.p3keRecordId === a.recordId && l.dtksRecordId === b.recordId)).toBe(false);
    expect(out.stats.decisions).toEqual({ same: 0, different: 1, unknownIds: 0 });
  });

  it("'same' forces a link (method manual, probability 1) and frees nobody twice", () => {
    const out = matchRecords(left, right, {
      decisions: [
        { p3keSourceId: a.sourceId, dtksSourceId: other.sourceId, decision: 'same' },
        { p3keSourceId: 'nobody', dtksSourceId: other.sourceId, decision: 'same' },
      ],
    });
    expect(linkOf(out, a.recordId)).toMatchObject({ dtksRecordId: other.recordId, method: 'manual', probability: 1, status: 'match' });
    // the record that would have linked to `other` looks elsewhere or stays unlinked, never twice
    expect(out.links.filter((l) => l.dtksRecordId === other.recordId)).toHaveLength(1);
    expect(out.stats.decisions).toEqual({ same: 1, different: 0, unknownIds: 1 });
    expect(Number.isFinite(linkOf(out, a.recordId)!.matchWeight)).toBe(true);
  });
});

describe('duplicates by NIK', () => {
  it('groups records of one source that share a valid NIK', () => {
    const [left, right] = crowd(100, 4);
    const twin = { ...right[5]!, recordId: 9_999_001, sourceId: 'D-dup' };
    const out = matchRecords(left, [...right, twin]);
    expect(out.duplicates).toContainEqual({ source: 'dtks', group: 1, reason: 'same_nik', recordIds: [right[5]!.recordId, twin.recordId] });
  });
});
