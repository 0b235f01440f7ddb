import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchRecords } from '../../src/match/index.js';
import type { MatchOutcome, MatchRecord } from '../../src/match/types.js';
import { normalisePerson } from '../../src/normalise/person.js';
import { accuracy, synthPopulation } from './synth.js';

const withoutTimings = (o: MatchOutcome) => ({ ...o, stats: { ...o.stats, timingsMs: {}, pairsPerSecond: 0 } });

describe('accuracy on a synthetic population with the defects of domain.md', () => {
  it.each([
    [4000, 41],
    [4000, 42],
  ])('%i families, seed %i: precision ≥ 0.99, recall ≥ 0.97, review band < 3%', (families, seed) => {
    const pop = synthPopulation({ families, seed });
    const out = matchRecords(pop.p3ke, pop.dtks);
    const auto = accuracy(pop, out.links, ['match']);
    const withReview = accuracy(pop, out.links, ['match', 'review']);
    expect(auto.precision).toBeGreaterThanOrEqual(0.99);
    expect(auto.recall).toBeGreaterThanOrEqual(0.97);
    expect(withReview.recall).toBeGreaterThanOrEqual(auto.recall);
    expect(out.links.filter((l) => l.status === 'review').length / pop.p3ke.length).toBeLessThan(0.03);
    // the exact-NIK join officers use today finds far fewer
    expect(out.stats.links.nik).toBeLessThan(auto.tp);
  });

  it('the same input gives the same output, also when called again in the same process', () => {
    const pop = synthPopulation({ families: 800, seed: 43 });
    const first = matchRecords(pop.p3ke, pop.dtks);
    const second = matchRecords(pop.p3ke, pop.dtks);
    expect(withoutTimings(second)).toEqual(withoutTimings(first));
    expect(JSON.stringify(first.model)).toBe(JSON.stringify(second.model));
  });

  it('the seed of the u sample is part of the input: another seed, nearly the same links', () => {
    const pop = synthPopulation({ families: 800, seed: 44 });
    const a = matchRecords(pop.p3ke, pop.dtks, { uSamplePairs: 20_000 });
    const b = matchRecords(pop.p3ke, pop.dtks, { uSamplePairs: 20_000, seed: 7 });
    const key = (l: { p3keRecordId: number; dtksRecordId: number; status: string }) => `${l.p3keRecordId}|${l.dtksRecordId}|${l.status}`;
    const same = new Set(a.links.map(key));
    const shared = b.links.filter((l) => same.has(key(l))).length;
    expect(shared / a.links.length).toBeGreaterThan(0.99);
  });
});

const febrl = new URL('../../../shared/benchmarks/febrl/', import.meta.url);

describe.skipIf(!existsSync(new URL('dataset4a.csv', febrl)))('FEBRL4 (names, birth date, address, suburb; no id)', () => {
  function load(file: string, source: 'p3ke' | 'dtks', offset: number): MatchRecord[] {
    const lines = readFileSync(new URL(file, febrl), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim());
    const header = lines[0]!.split(',').map((h) => h.trim());
    return lines.slice(1).map((line, k) => {
      const cells = line.split(',').map((c) => c.trim());
      const v = (name: string) => cells[header.indexOf(name)] ?? '';
      const dob = v('date_of_birth');
      const person = normalisePerson(
        {
          person_id: v('rec_id'),
          family_id: v('rec_id'),
          nama: `${v('given_name')} ${v('surname')}`,
          tgl_lahir: /^\d{8}$/.test(dob) ? `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6)}` : dob,
          alamat: `${v('street_number')} ${v('address_1')} ${v('address_2')}`.trim(),
          desa: v('suburb'),
        },
        source,
      );
      return { ...person, sourceId: v('rec_id'), recordId: offset + k };
    });
  }

  it('F1 ≥ 0.996 with no false match', () => {
    const a = load('dataset4a.csv', 'p3ke', 0);
    const b = load('dataset4b.csv', 'dtks', 100_000);
    const out = matchRecords(a, b);
    const idA = new Map(a.map((r) => [r.recordId, r.sourceId]));
    const idB = new Map(b.map((r) => [r.recordId, r.sourceId]));
    const matches = out.links.filter((l) => l.status === 'match');
    const tp = matches.filter((l) => idA.get(l.p3keRecordId)!.replace('-org', '') === idB.get(l.dtksRecordId)!.replace('-dup-0', '')).length;
    const precision = tp / matches.length;
    const recall = tp / 5000;
    expect(precision).toBeGreaterThanOrEqual(0.999);
    const f1 = (2 * precision * recall) / (precision + recall);
    if (process.env.PADAN_FEBRL_PRINT) console.log({ precision, recall, f1 });
    expect(f1).toBeGreaterThanOrEqual(0.996); // 0.9975 when written; the target of issue 4 is 0.997
  });
});
