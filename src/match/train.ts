// Estimating the Fellegi–Sunter parameters without labels:
// - u (P(level | different persons)) from random pairs, drawn with a seeded generator; the exact
//   levels of name, birth date, NIK and KK are computed exactly from value counts instead, since
//   a sample of a few hundred thousand pairs rarely sees two random people share a NIK;
// - m (P(level | same person)) by EM over the candidate pairs, started from the pairs that agree
//   on a valid NIK (Splink's "deterministic seed"), with the candidate-pair u re-estimated too
//   (candidates agree on blocking fields far more often than random pairs do);
// - λ, the probability that two random records are the same person, from EM's expected number of
//   matches among candidates over all possible pairs.
// EM runs over distinct comparison patterns (a few thousand), not over millions of pairs.
import {
  C_DOB,
  C_NAME,
  C_NIK,
  COMPARISONS,
  DOB_EXACT,
  DOB_IMPLIED,
  NAME_DIFFERENT,
  NAME_PHONETIC,
  NIK_EXACT,
  PATTERN_COUNT,
  RADIX,
  levelOf,
} from './comparisons.js';
import { KeyTable } from './blocking.js';
import { NIK_VALID, shared, type MatchInput, type SideTable } from './features.js';
import type { ComparisonParameters, MatchModel, TermFrequencySummary } from './types.js';

/** mulberry32: small, fast, good enough for sampling; the same seed gives the same pairs. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NC = COMPARISONS.length;
const NEUTRAL: boolean[][] = COMPARISONS.map((c) => c.levels.map((l, i) => i === 0 || c.neutral.includes(l)));
export const isNeutral = (c: number, level: number): boolean => NEUTRAL[c]![level]!;

/** Distinct patterns and how many pairs have each. */
export interface PatternCounts {
  codes: Int32Array;
  counts: Float64Array;
}

export function countPatterns(codes: Int32Array, length = codes.length): PatternCounts {
  const tally = new Float64Array(PATTERN_COUNT);
  for (let k = 0; k < length; k++) tally[codes[k]!]!++;
  const distinct: number[] = [];
  for (let p = 0; p < PATTERN_COUNT; p++) if (tally[p]! > 0) distinct.push(p);
  return { codes: Int32Array.from(distinct), counts: Float64Array.from(distinct, (p) => tally[p]!) };
}

/** Level distribution per comparison over patterns, neutral levels left out; null if none. */
function distribution(patterns: PatternCounts, weightOf: (k: number) => number): (Float64Array | null)[] {
  const out = RADIX.map((r) => new Float64Array(r));
  for (let k = 0; k < patterns.codes.length; k++) {
    const w = weightOf(k);
    if (w === 0) continue;
    const code = patterns.codes[k]!;
    for (let c = 0; c < NC; c++) {
      const l = levelOf(code, c);
      if (!NEUTRAL[c]![l]) out[c]![l]! += w;
    }
  }
  return out.map((d) => {
    let total = 0;
    for (let l = 0; l < d.length; l++) total += d[l]!;
    if (total === 0) return null;
    for (let l = 0; l < d.length; l++) d[l] = d[l]! / total;
    return d;
  });
}

function normaliseWithFloor(d: Float64Array, c: number, floor: number): void {
  let total = 0;
  for (let l = 0; l < d.length; l++) {
    if (NEUTRAL[c]![l]) d[l] = 0;
    else {
      if (d[l]! < floor) d[l] = floor;
      total += d[l]!;
    }
  }
  for (let l = 0; l < d.length; l++) if (!NEUTRAL[c]![l]) d[l] = d[l]! / total;
}

export interface EmResult {
  m: Float64Array[];
  uCandidates: Float64Array[];
  share: number;
  iterations: number;
  converged: boolean;
  seedPairs: number;
}

/**
 * An iteration costs one pass over the distinct patterns (thousands), nothing next to comparing.
 * Small populations without NIKs took up to 119 iterations to settle once the name-order rule
 * blocked by desa: 100 stopped them short.
 */
export const EM_MAX_ITERATIONS = 200;

/**
 * EM over candidate patterns. Starts m from the pairs that agree on a valid NIK without clearly
 * different names; where there are few (no NIKs, as in FEBRL), from pairs agreeing on name and
 * birth date; u from the other candidates.
 */
export function runEm(patterns: PatternCounts, maxIterations = EM_MAX_ITERATIONS, tolerance = 1e-6): EmResult {
  const P = patterns.codes.length;
  const levels = new Uint8Array(P * NC);
  for (let k = 0; k < P; k++) for (let c = 0; c < NC; c++) levels[k * NC + c] = levelOf(patterns.codes[k]!, c);
  // A date implied by agreeing NIKs is neutral when scoring, but it is still an agreeing date:
  // leaving it out of EM would make agreeing dates look rarer among matches than they are.
  for (let k = 0; k < P; k++) if (levels[k * NC + C_DOB] === DOB_IMPLIED) levels[k * NC + C_DOB] = DOB_EXACT;

  const byNik = (k: number): boolean => levels[k * NC + C_NIK] === NIK_EXACT && levels[k * NC + C_NAME] !== NAME_DIFFERENT;
  const byNameAndDate = (k: number): boolean => levels[k * NC + C_NAME]! >= 1 && levels[k * NC + C_NAME]! <= NAME_PHONETIC && levels[k * NC + C_DOB] === DOB_EXACT;
  const count = (rule: (k: number) => boolean): number => {
    let n = 0;
    for (let k = 0; k < P; k++) if (rule(k)) n += patterns.counts[k]!;
    return n;
  };
  let total = 0;
  for (let k = 0; k < P; k++) total += patterns.counts[k]!;
  const nikSeeds = count(byNik);
  const isSeed = nikSeeds >= 20 ? byNik : byNameAndDate;
  const seedPairs = nikSeeds >= 20 ? nikSeeds : count(byNameAndDate);
  const useSeeds = seedPairs >= 20;
  // the NIK comparison's own m cannot be read off pairs chosen for agreeing on it
  const seededByNik = nikSeeds >= 20;
  const seedDist = distribution(patterns, (k) => (isSeed(k) ? patterns.counts[k]! : 0));
  const restDist = distribution(patterns, (k) => (useSeeds && isSeed(k) ? 0 : patterns.counts[k]!));

  const m: Float64Array[] = [];
  const u: Float64Array[] = [];
  for (let c = 0; c < NC; c++) {
    const spec = COMPARISONS[c]!;
    const dm = new Float64Array(RADIX[c]!);
    const seeded = useSeeds && !(seededByNik && c === C_NIK) && !(!seededByNik && (c === C_NAME || c === C_DOB)) ? seedDist[c] : null;
    for (let l = 0; l < dm.length; l++) dm[l] = seeded ? 0.8 * seeded[l]! + 0.2 * spec.defaultM[l]! : spec.defaultM[l]!;
    normaliseWithFloor(dm, c, 1e-4);
    m.push(dm);
    const du = new Float64Array(RADIX[c]!);
    const rest = restDist[c];
    for (let l = 0; l < du.length; l++) du[l] = rest ? rest[l]! : 1 / du.length;
    normaliseWithFloor(du, c, 1e-4);
    u.push(du);
  }
  let share = useSeeds ? Math.min(0.9, Math.max(0.01, seedPairs / total)) : 0.1;

  const logM = RADIX.map((r) => new Float64Array(r));
  const logU = RADIX.map((r) => new Float64Array(r));
  const accM = RADIX.map((r) => new Float64Array(r));
  const accU = RADIX.map((r) => new Float64Array(r));
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    for (let c = 0; c < NC; c++) {
      for (let l = 0; l < RADIX[c]!; l++) {
        const neutral = NEUTRAL[c]![l];
        logM[c]![l] = neutral ? 0 : Math.log(m[c]![l]!);
        logU[c]![l] = neutral ? 0 : Math.log(u[c]![l]!);
      }
      accM[c]!.fill(0);
      accU[c]!.fill(0);
    }
    const prior = Math.log(share / (1 - share));
    let expected = 0;
    for (let k = 0; k < P; k++) {
      let s = prior;
      for (let c = 0; c < NC; c++) {
        const l = levels[k * NC + c]!;
        s += logM[c]![l]! - logU[c]![l]!;
      }
      const g = s > 40 ? 1 : s < -40 ? 0 : 1 / (1 + Math.exp(-s));
      const n = patterns.counts[k]!;
      const gm = g * n;
      const gu = (1 - g) * n;
      expected += gm;
      for (let c = 0; c < NC; c++) {
        const l = levels[k * NC + c]!;
        accM[c]![l]! += gm;
        accU[c]![l]! += gu;
      }
    }
    let change = Math.abs(expected / total - share);
    share = Math.min(0.999, Math.max(1e-6, expected / total));
    for (let c = 0; c < NC; c++) {
      for (const [acc, target] of [
        [accM[c]!, m[c]!],
        [accU[c]!, u[c]!],
      ] as const) {
        let sum = 0;
        for (let l = 0; l < acc.length; l++) if (!NEUTRAL[c]![l]) sum += acc[l]!;
        if (sum <= 0) continue;
        const before = Float64Array.from(target);
        for (let l = 0; l < acc.length; l++) if (!NEUTRAL[c]![l]) target[l] = acc[l]! / sum;
        normaliseWithFloor(target, c, 1e-6);
        for (let l = 0; l < acc.length; l++) change = Math.max(change, Math.abs(target[l]! - before[l]!));
      }
    }
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  return { m, uCandidates: u, share, iterations, converged, seedPairs };
}

// --- u from random pairs ----------------------------------------------------------------------------

/** Σ over values of countLeft(v) × countRight(v): pairs of records agreeing on the value. */
function agreeingPairs(left: SideTable, right: SideTable, key: (s: SideTable, i: number) => number): number {
  const table = new KeyTable(left.n);
  const counts = new Float64Array(table.keys.length);
  for (let i = 0; i < left.n; i++) {
    const k = key(left, i);
    if (k === k) counts[table.insert(k)]!++;
  }
  let sum = 0;
  for (let j = 0; j < right.n; j++) {
    const k = key(right, j);
    if (k !== k) continue;
    const s = table.find(k);
    if (s >= 0) sum += counts[s]!;
  }
  return sum;
}

export interface RandomPairLevels {
  /** Level distribution among non-neutral levels, per comparison (null: never observed). */
  u: (Float64Array | null)[];
  /** Share of random pairs where each comparison is not neutral. */
  observed: Float64Array;
  pairs: number;
}

/** Compares pairs [0, n) into codes (single- or multi-threaded). */
export type CompareAll = (a: Int32Array, b: Int32Array, n: number, codes: Int32Array) => void;

/** Level frequencies among random pairs, exact levels replaced by exact counts. */
export function estimateU(input: MatchInput, compareAll: CompareAll, samplePairs: number, seed: number): RandomPairLevels {
  const L = input.p3ke;
  const R = input.dtks;
  const all = L.n * R.n;
  const counts = RADIX.map((r) => new Float64Array(r));
  const pairs = Math.min(all, samplePairs);
  const a = shared(Int32Array, pairs);
  const b = shared(Int32Array, pairs);
  if (all <= samplePairs) {
    let k = 0;
    for (let i = 0; i < L.n; i++)
      for (let j = 0; j < R.n; j++) {
        a[k] = i;
        b[k++] = j;
      }
  } else {
    const random = seededRandom(seed);
    for (let k = 0; k < pairs; k++) {
      a[k] = Math.floor(random() * L.n);
      b[k] = Math.floor(random() * R.n);
    }
  }
  const codes = shared(Int32Array, pairs);
  compareAll(a, b, pairs, codes);
  for (let k = 0; k < pairs; k++) {
    const code = codes[k]!;
    for (let c = 0; c < NC; c++) counts[c]![levelOf(code, c)]!++;
  }
  const observed = new Float64Array(NC);
  const u = counts.map((d, c) => {
    let total = 0;
    for (let l = 0; l < d.length; l++) if (!NEUTRAL[c]![l]) total += d[l]!;
    observed[c] = pairs > 0 ? total / pairs : 0;
    if (total === 0) return null;
    const out = new Float64Array(d.length);
    // half a pair for levels never seen: a finite weight, however rare the level
    for (let l = 0; l < d.length; l++) if (!NEUTRAL[c]![l]) out[l] = Math.max(d[l]!, 0.5) / total;
    return out;
  });

  if (all > 0) {
    const exact: [number, number, number][] = [
      [C_NAME, 1, agreeingPairs(L, R, (s, i) => (s.name[i]! >= 0 ? s.name[i]! : NaN))],
      [C_DOB, 1, agreeingPairs(L, R, (s, i) => (s.dobFlag[i] === 1 || s.dobFlag[i] === 3 ? s.dob[i]! : NaN))],
      [C_NIK, 1, agreeingPairs(L, R, (s, i) => (s.nikLen[i] === 16 && s.nikStatus[i] === NIK_VALID ? s.nikHi[i]! * 1e8 + s.nikLo[i]! : NaN))],
      [3, 1, agreeingPairs(L, R, (s, i) => (s.kkValid[i] === 1 ? s.kkHi[i]! * 1e8 + s.kkLo[i]! : NaN))],
    ];
    for (const [c, level, agreeing] of exact) {
      const d = u[c];
      if (!d || observed[c]! === 0) continue;
      // exact share among pairs where the comparison is observed
      const value = Math.max(agreeing, 0.5) / (all * observed[c]!);
      const rest = 1 - d[level]!;
      const target = Math.min(value, 0.5);
      for (let l = 0; l < d.length; l++) if (!NEUTRAL[c]![l] && l !== level) d[l] = (d[l]! * (1 - target)) / (rest > 0 ? rest : 1);
      d[level] = target;
    }
  }
  return { u, observed, pairs };
}

// --- term frequencies ------------------------------------------------------------------------------

function summary(values: readonly string[], counts: Int32Array, total: number, minCount: number): TermFrequencySummary {
  const out: Record<string, number> = {};
  const order = Array.from(counts.keys()).filter((k) => counts[k]! >= minCount);
  order.sort((x, y) => counts[y]! - counts[x]! || (values[x]! < values[y]! ? -1 : 1));
  for (const k of order.slice(0, 2000)) out[values[k]!] = counts[k]!;
  return { total, values: out, minCount };
}

/** Common values only: a name shared by at least `minCount` people identifies nobody. */
export function termFrequencySummaries(input: MatchInput, minCount = 20): MatchModel['tf'] {
  const total = input.p3ke.n + input.dtks.n;
  const d = input.dict;
  return {
    nama: summary(d.names.values, input.counts.names, total, minCount),
    namaTokens: summary(d.tokens.values, input.counts.tokens, total, minCount),
    namaKey: summary(d.keySorted.values, input.counts.keySorted, total, minCount),
    token: summary(d.keyToken.values, input.counts.keyToken, total, minCount),
  };
}

// --- the model ---------------------------------------------------------------------------------------

export interface TrainResult {
  comparisons: ComparisonParameters[];
  lambda: number;
  em: EmResult;
  uPairs: number;
}

const log2 = (x: number): number => Math.log(x) / Math.LN2;

/** Combines EM's m with u from random pairs into weights; λ from EM's expected matches. */
export function train(input: MatchInput, compareAll: CompareAll, patterns: PatternCounts, options: { samplePairs: number; seed: number; maxIterations: number }): TrainResult {
  const em = runEm(patterns, options.maxIterations);
  const random = estimateU(input, compareAll, options.samplePairs, options.seed);
  let candidatePairs = 0;
  for (let k = 0; k < patterns.counts.length; k++) candidatePairs += patterns.counts[k]!;
  const all = Math.max(1, input.p3ke.n * input.dtks.n);
  const expectedMatches = em.share * candidatePairs;
  const lambda = Math.min(0.5, Math.max(expectedMatches, 1) / all);

  const comparisons: ComparisonParameters[] = COMPARISONS.map((spec, c) => {
    const m = em.m[c]!;
    const uRandom = random.u[c];
    const levels = spec.levels.map((level, l) => {
      if (NEUTRAL[c]![l] || !uRandom) return { level, m: null, u: null, weight: 0, ...(spec.tf.includes(level) ? { tf: true } : {}) };
      // a random pair is the same person with probability λ: take those out of u (matters for small data)
      const matchesAmongObserved = Math.min(0.5, lambda);
      const uClean = Math.max((uRandom[l]! - matchesAmongObserved * m[l]!) / (1 - matchesAmongObserved), uRandom[l]! * 0.01, 1e-9);
      const mValue = m[l]!;
      return { level, m: mValue, u: uClean, weight: log2(mValue / uClean), ...(spec.tf.includes(level) ? { tf: true } : {}) };
    });
    return { name: spec.name, levels };
  });
  return { comparisons, lambda, em, uPairs: random.pairs };
}

/** Weight per level, indexed [comparison][level], from model parameters. */
export function weightTable(model: Pick<MatchModel, 'comparisons'>): Float64Array[] {
  return COMPARISONS.map((spec, c) => {
    const params = model.comparisons.find((p) => p.name === spec.name);
    const out = new Float64Array(RADIX[c]!);
    if (!params) return out;
    spec.levels.forEach((level, l) => {
      const found = params.levels.find((p) => p.level === level);
      out[l] = found && Number.isFinite(found.weight) ? found.weight : 0;
    });
    return out;
  });
}

