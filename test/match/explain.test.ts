import { beforeAll, describe, expect, it } from 'vitest';
import { explainPair, fieldDifferences, matchRecords, validateModel } from '../../src/match/index.js';
import type { MatchOutcome, MatchRecord } from '../../src/match/types.js';
import { record } from './factory.js';
import { synthPopulation, type SynthPopulation } from './synth.js';

let pop: SynthPopulation;
let out: MatchOutcome;
let byId: Map<number, MatchRecord>;
beforeAll(() => {
  pop = synthPopulation({ families: 1500, seed: 31 });
  out = matchRecords(pop.p3ke, pop.dtks);
  byId = new Map([...pop.p3ke, ...pop.dtks].map((r) => [r.recordId, r]));
});

describe('explainPair', () => {
  it('prior plus the comparison totals is the match weight, and 2^w/(1+2^w) the probability', () => {
    const link = out.links.find((l) => l.method === 'model')!;
    const e = explainPair(byId.get(link.p3keRecordId)!, byId.get(link.dtksRecordId)!, out.model);
    const sum = e.priorWeight + e.comparisons.reduce((s, c) => s + c.weight + c.tfAdjustment, 0);
    expect(e.matchWeight).toBeCloseTo(sum, 10);
    expect(e.probability).toBeCloseTo(2 ** sum / (1 + 2 ** sum), 12);
    for (const c of e.comparisons) expect(c.total).toBeCloseTo(c.weight + c.tfAdjustment, 12);
    expect(e.comparisons.map((c) => c.comparison)).toEqual(['name', 'dob', 'nik', 'household', 'sex', 'hubungan', 'tempat_lahir', 'nama_ibu']);
  });

  it('gives the run its own numbers when term frequencies come from the data', () => {
    const counts = new Map<string, number>();
    const tokenCounts = new Map<string, number>();
    for (const r of [...pop.p3ke, ...pop.dtks]) {
      for (const [table, value] of [
        ['nama', r.nama],
        ['namaTokens', r.namaTokens],
        ['namaKey', r.namaKey?.split(' ').sort().join(' ')],
      ] as const)
        if (value) counts.set(`${table}|${value}`, (counts.get(`${table}|${value}`) ?? 0) + 1);
      for (const t of new Set(r.namaKey?.split(' ') ?? [])) tokenCounts.set(t, (tokenCounts.get(t) ?? 0) + 1);
    }
    const tf = { total: pop.p3ke.length + pop.dtks.length, count: (table: string, value: string) => (table === 'token' ? (tokenCounts.get(value) ?? 0) : (counts.get(`${table}|${value}`) ?? 0)) };
    for (const link of out.links.filter((l) => l.method !== 'manual').slice(0, 200)) {
      const e = explainPair(byId.get(link.p3keRecordId)!, byId.get(link.dtksRecordId)!, out.model, tf);
      expect(e.matchWeight).toBeCloseTo(link.matchWeight, 9);
      expect(e.probability).toBeCloseTo(link.probability, 9);
    }
  });

  it('shows values, levels and m/u per comparison; missing comparisons weigh nothing', () => {
    const a = record({ nama: 'SITI RAHAYU', tempatLahir: null });
    const b = record({ nama: 'SITI RAHAYOE', tglLahir: '1985-05-07', nik: null, nikStatus: 'missing', tempatLahir: 'BANDUNG' });
    const e = explainPair(a, b, out.model);
    const by = Object.fromEntries(e.comparisons.map((c) => [c.comparison, c]));
    expect(by.name).toMatchObject({ values: ['SITI RAHAYU', 'SITI RAHAYOE'], level: 'jw_0.92' });
    expect(by.dob).toMatchObject({ values: ['1985-07-05', '1985-05-07'], level: 'swapped_day_month' });
    expect(by.nik).toMatchObject({ level: 'missing', weight: 0, total: 0 });
    expect(by.tempat_lahir).toMatchObject({ level: 'missing', weight: 0 });
    expect(by.name!.m).toBeGreaterThan(0);
    expect(by.name!.u).toBeGreaterThan(0);
    expect(['match', 'review', 'no_match']).toContain(e.decision);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });
});

describe('the model', () => {
  it('is plain JSON and can be pinned: a pinned model reproduces the run', () => {
    const json = JSON.parse(JSON.stringify(out.model));
    const model = validateModel(json);
    const again = matchRecords(pop.p3ke, pop.dtks, { model });
    expect(again.model.training.source).toBe('pinned');
    expect(again.links).toEqual(out.links);
  });
  it('rejects a broken model file with every problem', () => {
    const broken = { ...JSON.parse(JSON.stringify(out.model)), lambda: 2, comparisons: [] };
    expect(() => validateModel(broken)).toThrow(/lambda must be a probability.*comparison name missing/);
  });
});

describe('fieldDifferences', () => {
  const kinds = (a: Partial<MatchRecord>, b: Partial<MatchRecord>) => Object.fromEntries(fieldDifferences(record(a), record(b)).map((d) => [d.field, d.kind]));
  it.each<[string, Partial<MatchRecord>, Partial<MatchRecord>, Record<string, string>]>([
    ['nothing differs', {}, {}, {}],
    ['a NIK typo', {}, { nik: '3273014507850012' }, { nik: 'typo' }],
    ['a placeholder NIK', {}, { nik: '1234567890123456', nikStatus: 'placeholder' }, { nik: 'placeholder' }],
    ['another NIK', {}, { nik: '3510016612900001' }, { nik: 'different' }],
    ['a missing NIK', {}, { nik: null, nikStatus: 'missing' }, { nik: 'missing_one_side' }],
    ['a name variant (same key)', { nama: 'NUR HAYATI' }, { nama: 'NUR HAYATY' }, { nama: 'variant' }],
    ['name tokens reordered', { nama: 'SITI RAHAYU' }, { nama: 'RAHAYU SITI' }, { nama: 'variant' }],
    ['a name typo', { nama: 'SUPARMI' }, { nama: 'SUPARNI' }, { nama: 'typo' }],
    ['another name', { nama: 'SUPARMI' }, { nama: 'BUDI SANTOSO' }, { nama: 'different' }],
    ['day and month swapped', {}, { tglLahir: '1985-05-07' }, { tgl_lahir: 'swapped_day_month' }],
    ['a year off by one', {}, { tglLahir: '1986-07-05' }, { tgl_lahir: 'year_off_by_one' }],
    ['a placeholder date', {}, { tglLahir: '1985-01-01', tglLahirFlag: 'placeholder' }, { tgl_lahir: 'placeholder' }],
    ['a date typo', {}, { tglLahir: '1985-07-08' }, { tgl_lahir: 'typo' }],
    ['sex', {}, { jenisKelamin: 'L' }, { jenis_kelamin: 'different' }],
    ['a move', {}, { kodeWilayah: '3273011002' }, { kode_desa: 'moved_desa' }],
    ['an address typo', {}, { alamat: 'JALAN MAWAR N0 3' }, { alamat: 'typo' }],
    ['a KK split', { noKk: '3273010101100003', noKkStatus: 'valid' }, { noKk: '3273012205180007', noKkStatus: 'valid' }, { no_kk: 'different' }],
  ])('%s', (_, a, b, expected) => {
    expect(kinds(a, b)).toEqual(expected);
  });

  it('keeps both values side by side', () => {
    expect(fieldDifferences(record({ nama: 'SUPARMI' }), record({ nama: 'SUPARNI' }))).toEqual([{ field: 'nama', p3keValue: 'SUPARMI', dtksValue: 'SUPARNI', kind: 'typo' }]);
  });
});
