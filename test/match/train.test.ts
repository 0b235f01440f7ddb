import { beforeAll, describe, expect, it } from 'vitest';
import { generateCandidates, DEFAULT_BLOCKING_RULES } from '../../src/match/blocking.js';
import { COMPARISONS, Comparer, comparePairs, comparerData, levelOf } from '../../src/match/comparisons.js';
import { explainPair } from '../../src/match/explain.js';
import { buildMatchInput, type MatchInput } from '../../src/match/features.js';
import { matchRecords } from '../../src/match/index.js';
import { countPatterns, isNeutral, runEm, seededRandom } from '../../src/match/train.js';
import type { MatchOutcome } from '../../src/match/types.js';
import { record } from './factory.js';
import { synthPopulation, type SynthPopulation } from './synth.js';

let pop: SynthPopulation;
let input: MatchInput;
let outcome: MatchOutcome;
beforeAll(() => {
  pop = synthPopulation({ families: 2500, seed: 21 });
  input = buildMatchInput(pop.p3ke, pop.dtks);
  outcome = matchRecords(pop.p3ke, pop.dtks);
});

/** Level distribution per comparison among pairs selected by `keep` (neutral levels left out). */
function levelShares(codes: Int32Array, keep: (k: number) => boolean): number[][] {
  const counts = COMPARISONS.map((c) => new Array<number>(c.levels.length).fill(0));
  for (let k = 0; k < codes.length; k++) {
    if (!keep(k)) continue;
    COMPARISONS.forEach((_, c) => {
      let l = levelOf(codes[k]!, c);
      if (c === 1 && l === 8) l = 1; // a date implied by the NIK is an agreeing date
      if (!isNeutral(c, l)) counts[c]![l]!++;
    });
  }
  return counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((x) => (total > 0 ? x / total : 0));
  });
}

const m = (comparison: string, level: string): number => outcome.model.comparisons.find((c) => c.name === comparison)!.levels.find((l) => l.level === level)!.m!;
const u = (comparison: string, level: string): number => outcome.model.comparisons.find((c) => c.name === comparison)!.levels.find((l) => l.level === level)!.u!;

describe('EM without labels', () => {
  it('recovers the m-probabilities of the true matches', () => {
    const c = generateCandidates(input, DEFAULT_BLOCKING_RULES);
    const codes = new Int32Array(c.length);
    comparePairs(new Comparer(comparerData(input.dict), input.p3ke, input.dtks), c.a, c.b, 0, c.length, codes);
    const same = (k: number): boolean => pop.person.get(input.p3ke.recordId[c.a[k]!]!) === pop.person.get(input.dtks.recordId[c.b[k]!]!);
    const truth = levelShares(codes, same);
    const checks: [string, string][] = [
      ['name', 'exact'],
      ['name', 'phonetic'],
      ['name', 'jw_0.92'],
      ['dob', 'exact'],
      ['dob', 'placeholder_same_year'],
      ['nik', 'exact'],
      ['nik', 'different'],
      ['household', 'same_desa_address'],
      ['sex', 'same'],
      ['hubungan', 'same'],
    ];
    for (const [comparison, level] of checks) {
      const ci = COMPARISONS.findIndex((x) => x.name === comparison);
      const li = COMPARISONS[ci]!.levels.indexOf(level);
      expect(Math.abs(m(comparison, level) - truth[ci]![li]!), `${comparison} ${level}`).toBeLessThan(0.03);
    }
  });

  it('recovers u from random pairs (exact levels from value counts)', () => {
    // truth: level shares over 400,000 random pairs that are not the same person
    const random = seededRandom(99);
    const n = 400_000;
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      a[k] = Math.floor(random() * input.p3ke.n);
      b[k] = Math.floor(random() * input.dtks.n);
    }
    const codes = new Int32Array(n);
    comparePairs(new Comparer(comparerData(input.dict), input.p3ke, input.dtks), a, b, 0, n, codes);
    const truth = levelShares(codes, (k) => pop.person.get(input.p3ke.recordId[a[k]!]!) !== pop.person.get(input.dtks.recordId[b[k]!]!));
    for (const [comparison, level] of [
      ['name', 'exact'],
      ['name', 'different'],
      ['dob', 'exact'],
      ['household', 'same_desa'],
      ['household', 'different'],
      ['sex', 'same'],
    ] as const) {
      const ci = COMPARISONS.findIndex((x) => x.name === comparison);
      const li = COMPARISONS[ci]!.levels.indexOf(level);
      const ratio = u(comparison, level) / truth[ci]![li]!;
      expect(ratio, `${comparison} ${level}`).toBeGreaterThan(0.6);
      expect(ratio, `${comparison} ${level}`).toBeLessThan(1.6);
    }
  });

  it('estimates the share of matches among candidates, and λ over all pairs', () => {
    const reachableShare = pop.reachable / outcome.stats.candidatePairs;
    expect(outcome.model.training.candidateMatchShare).toBeGreaterThan(reachableShare * 0.9);
    expect(outcome.model.training.candidateMatchShare).toBeLessThan(reachableShare * 1.15);
    expect(outcome.model.lambda).toBeCloseTo((outcome.model.training.candidateMatchShare * outcome.stats.candidatePairs) / (pop.p3ke.length * pop.dtks.length), 8);
    expect(outcome.model.priorWeight).toBeCloseTo(Math.log2(outcome.model.lambda / (1 - outcome.model.lambda)), 10);
    expect(outcome.model.training.converged).toBe(true);
  });

  it('starts from name-and-date agreement when there are no NIKs (FEBRL-like)', () => {
    const noNik = synthPopulation({ families: 800, seed: 5 });
    for (const r of [...noNik.p3ke, ...noNik.dtks]) Object.assign(r, { nik: null, nikStatus: 'missing', nikTglLahir: null, nikSex: null });
    const i2 = buildMatchInput(noNik.p3ke, noNik.dtks);
    const c = generateCandidates(i2, DEFAULT_BLOCKING_RULES);
    const codes = new Int32Array(c.length);
    comparePairs(new Comparer(comparerData(i2.dict), i2.p3ke, i2.dtks), c.a, c.b, 0, c.length, codes);
    const em = runEm(countPatterns(codes));
    expect(em.seedPairs).toBeGreaterThan(0);
    expect(em.converged).toBe(true);
    let same = 0;
    for (let k = 0; k < c.length; k++) if (noNik.person.get(i2.p3ke.recordId[c.a[k]!]!) === noNik.person.get(i2.dtks.recordId[c.b[k]!]!)) same++;
    expect(Math.abs(em.share - same / c.length)).toBeLessThan(0.03);
    expect(em.m[0]![1]).toBeGreaterThan(0.6); // name exact dominates among matches
  });
});

describe('term frequencies', () => {
  it('agreeing on a common name weighs less than on a rare one', () => {
    const siti = explainPair(record({ nama: 'SITI' }), record({ nama: 'SITI' }), outcome.model, { total: 10_000, count: (_, v) => (v === 'SITI' ? 400 : 1) });
    const rare = explainPair(record({ nama: 'KHAIRUNNISA' }), record({ nama: 'KHAIRUNNISA' }), outcome.model, { total: 10_000, count: (_, v) => (v === 'SITI' ? 400 : 1) });
    const name = (e: typeof siti) => e.comparisons.find((c) => c.comparison === 'name')!;
    expect(name(siti).level).toBe('exact');
    expect(name(siti).weight).toBe(name(rare).weight);
    expect(name(siti).tfAdjustment).toBeLessThan(0);
    expect(name(rare).tfAdjustment).toBeGreaterThan(0);
    expect(name(rare).total - name(siti).total).toBeCloseTo(Math.log2(400), 6);
  });

  it('in a run: the same evidence with a common name gives a lower weight', () => {
    const common = Array.from({ length: 40 }, (_, k) => record({ nama: 'SITI AMINAH', nik: null, nikStatus: 'missing', tglLahir: `19${50 + k}-03-04`, kodeWilayah: `32730110${10 + k}` }));
    const rare = record({ nama: 'KHAIRUNNISA ZULAIKHA', nik: null, nikStatus: 'missing', tglLahir: '1990-03-04', kodeWilayah: '3273011099' });
    const left = [...common, rare];
    const right = left.map((r) => ({ ...r, recordId: r.recordId + 100_000, sourceId: `D${r.recordId}` }));
    const out = matchRecords(left, right);
    const weightOf = (id: number) => out.links.find((l) => l.p3keRecordId === id)!.matchWeight;
    expect(weightOf(rare.recordId)).toBeGreaterThan(weightOf(common[0]!.recordId) + 4);
  });
});
