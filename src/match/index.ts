// The matching stage's one entry point: P3KE persons × DTKS persons → links, alternatives, NIK
// conflicts, duplicates, family links, the model and statistics. Pure: no SQL, no printing; the
// same input in the same order gives the same output.
import { assign, type Assignment } from './assign.js';
import { DEFAULT_BLOCKING_RULES, DEFAULT_MAX_BLOCK_PAIRS, generateCandidates, validateBlockingRules, type Candidates } from './blocking.js';
import { Comparer, comparerData } from './comparisons.js';
import { numberGroups, sameNikGroups, samePersonGroups } from './duplicates.js';
import { familyLinks } from './families.js';
import { buildMatchInput, shared, type MatchInput } from './features.js';
import { WorkerPool } from './parallel.js';
import { Scorer, inputFrequencies, scorePairs } from './predict.js';
import { EM_MAX_ITERATIONS, countPatterns, termFrequencySummaries, train } from './train.js';
import type { MatchModel, MatchOptions, MatchOutcome, MatchRecord } from './types.js';
import { collectGarbage } from '../util/memory.js';

export * from './types.js';
export { DEFAULT_BLOCKING_RULES, DEFAULT_MAX_BLOCK_PAIRS, generateCandidates, validateBlockingRules } from './blocking.js';
export { COMPARISONS } from './comparisons.js';
export { explainPair, fieldDifferences } from './explain.js';
export type { ComparableRecord, DifferenceKind, DifferenceField, ExplainedComparison, FieldDifference, PairExplanation, TermFrequencyCounts } from './explain.js';
export { MatchInputBuilder, buildMatchInput } from './features.js';
export type { MatchInput } from './features.js';
export { validateModel } from './model-file.js';
export { jaro, jaroWinkler, levenshtein } from './similarity.js';

/**
 * Probability at or above which a pair is a match. Measured on synthetic populations with the
 * defects of domain.md (10k–1M persons, several seeds) and on FEBRL4: at 0.7 precision stays at
 * 0.9998–1.0 while recall is 0.993–0.994 (0.9 would give up half a point of recall for 0.0001 of
 * precision; 0.5 adds false matches faster than true ones).
 */
export const DEFAULT_THRESHOLD = 0.7;
/**
 * Probability at or above which a pair goes to review: below 0.2 hardly a true pair is left
 * (recall counting review 0.995–0.997) and the band stays well under 1% of P3KE.
 */
export const DEFAULT_REVIEW_THRESHOLD = 0.2;
export const DEFAULT_SEED = 20240601;
export const DEFAULT_U_SAMPLE_PAIRS = 200_000;

/** Matches two arrays of records (convenience over `matchInput`). */
export function matchRecords(p3ke: readonly MatchRecord[], dtks: readonly MatchRecord[], options: MatchOptions = {}): MatchOutcome {
  const started = performance.now();
  const input = buildMatchInput(p3ke, dtks);
  const prepare = Math.round(performance.now() - started);
  const outcome = matchInput(input, options);
  outcome.stats.timingsMs = { prepare, ...outcome.stats.timingsMs };
  return outcome;
}

/** Matches a prepared input (the store streams records into a `MatchInputBuilder`). */
export function matchInput(input: MatchInput, options: MatchOptions = {}): MatchOutcome {
  // the worker boots while the main thread starts on the first blocking rules; small inputs are
  // done before a worker would have started
  const pool = new WorkerPool(options.threads ?? (input.p3ke.n + input.dtks.n >= 20_000 ? undefined : 1));
  try {
    return run(input, options, pool);
  } finally {
    pool.close();
  }
}

function run(input: MatchInput, options: MatchOptions, pool: WorkerPool): MatchOutcome {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
  };
  const L = input.p3ke;
  const R = input.dtks;
  const { model, assignment, candidates } = linkCandidates(input, options, pool, phase);
  // The candidate pairs' arrays (a third of a gigabyte at 1M) are garbage now; V8 would keep them
  // while families and duplicates add their objects, at the match's peak of memory.
  collectGarbage();

  options.onPhase?.('families');
  const families = familyLinks(input, assignment.matched);
  const duplicates = [
    ...numberGroups('p3ke', sameNikGroups(L), samePersonGroups(L, assignment.samePersonLeft)),
    ...numberGroups('dtks', sameNikGroups(R), samePersonGroups(R, assignment.samePersonRight)),
  ];
  phase('families');

  const linkCounts = { match: 0, review: 0, nik: 0, model: 0, manual: 0 };
  for (const link of assignment.links) {
    linkCounts[link.status]++;
    linkCounts[link.method]++;
  }
  const scoringMs = (timings.comparing ?? 0) + (timings.scoring ?? 0);
  return {
    links: assignment.links,
    alternatives: assignment.alternatives,
    nikConflicts: assignment.nikConflicts,
    duplicates,
    families,
    model,
    stats: {
      p3keRecords: L.n,
      dtksRecords: R.n,
      candidatePairs: candidates.length,
      blocking: candidates.stats,
      nikPairs: assignment.nikPairs,
      nikConflicts: assignment.nikConflicts.length,
      links: linkCounts,
      alternatives: assignment.alternatives.length,
      decisions: assignment.decisions,
      timingsMs: timings,
      pairsPerSecond: scoringMs > 0 ? Math.round((candidates.length / scoringMs) * 1000) : 0,
    },
  };
}

/**
 * Blocking, comparing, training, scoring and assigning: the stages that need the candidate pairs,
 * which stay in here (only their count and statistics leave).
 */
function linkCandidates(
  input: MatchInput,
  options: MatchOptions,
  pool: WorkerPool,
  phase: (name: string) => void,
): { model: MatchModel; assignment: Assignment; candidates: Pick<Candidates, 'length' | 'stats'> } {
  const pinned = options.model;
  const threshold = options.threshold ?? pinned?.threshold ?? DEFAULT_THRESHOLD;
  const reviewThreshold = Math.min(threshold, options.reviewThreshold ?? pinned?.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD);
  const rules = validateBlockingRules(options.blockingRules ?? pinned?.blockingRules ?? DEFAULT_BLOCKING_RULES);
  const seed = options.seed ?? DEFAULT_SEED;
  const L = input.p3ke;
  const R = input.dtks;

  options.onPhase?.('blocking');
  const candidates = generateCandidates(input, rules, {
    maxBlockPairs: options.maxBlockPairs ?? DEFAULT_MAX_BLOCK_PAIRS,
    runner: (...args) => pool.block(...args),
  });
  phase('blocking');

  options.onPhase?.('comparing');
  const comparer = new Comparer(comparerData(input.dict), L, R);
  const compareAll = (a: Int32Array, b: Int32Array, n: number, out: Int32Array): void => pool.compare(comparer, a, b, n, out);
  const codes = shared(Int32Array, candidates.length);
  compareAll(candidates.a, candidates.b, candidates.length, codes);
  phase('comparing');

  options.onPhase?.('training');
  const patterns = countPatterns(codes, candidates.length);
  let model: MatchModel;
  if (pinned) {
    model = { ...pinned, blockingRules: rules, threshold, reviewThreshold, tf: termFrequencySummaries(input), training: { ...pinned.training, source: 'pinned' } };
  } else {
    const trained = train(input, compareAll, patterns, { samplePairs: options.uSamplePairs ?? DEFAULT_U_SAMPLE_PAIRS, seed, maxIterations: options.emMaxIterations ?? EM_MAX_ITERATIONS });
    model = {
      version: 1,
      lambda: trained.lambda,
      priorWeight: Math.log2(trained.lambda / (1 - trained.lambda)),
      comparisons: trained.comparisons,
      tf: termFrequencySummaries(input),
      blockingRules: rules,
      threshold,
      reviewThreshold,
      training: {
        source: 'em',
        iterations: trained.em.iterations,
        converged: trained.em.converged,
        candidatePairs: candidates.length,
        candidateMatchShare: trained.em.share,
        uSamplePairs: trained.uPairs,
        seed,
        seedPairs: trained.em.seedPairs,
      },
    };
  }
  phase('training');
  // Scoring and assigning run on this thread; an idle worker would keep its last job's pair
  // arrays (and its own heap) alive through them.
  pool.close();

  options.onPhase?.('scoring');
  const scorer = new Scorer(model, inputFrequencies(input));
  const weights = new Float64Array(candidates.length);
  scorePairs(scorer, L, R, candidates.a, candidates.b, codes, 0, candidates.length, weights);
  phase('scoring');

  options.onPhase?.('assigning');
  const assignment = assign(
    input,
    { a: candidates.a, b: candidates.b, codes, weights, length: candidates.length },
    { threshold, reviewThreshold, alternativeThreshold: options.alternativeThreshold ?? reviewThreshold, decisions: options.decisions ?? [] },
  );
  phase('assigning');

  return { model, assignment, candidates: { length: candidates.length, stats: candidates.stats } };
}
