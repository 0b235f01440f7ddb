// Decisions: reviewer decisions first; then, by weight, the pairs with equal valid NIKs (always
// eligible, unless the names and birth dates say two different people hold one NIK: a NIK
// conflict) and the model's pairs above the review threshold. Greedy one-to-one: each record links
// to at most one record on the other side; strong pairs left over are kept as alternatives
// (evidence of duplicates).
import {
  C_DOB,
  C_NAME,
  C_NIK,
  C_SEX,
  DOB_DIFFERENT,
  NAME_DIFFERENT,
  NAME_PHONETIC,
  NIK_EXACT,
  NIK_LAST_DIGIT,
  SEX_DIFFERENT,
  levelOf,
} from './comparisons.js';
import { nikDigits, type MatchInput } from './features.js';
import { probabilityOf } from './predict.js';
import type { AlternativePair, LinkMethod, MatchDecision, NikConflict, PersonLink } from './types.js';

/**
 * Equal valid NIK, but the names are unrelated (level `different`: not even alike) and the birth
 * dates differ too (or the sex, or no date is known).
 */
export function clearlyDifferentPeople(code: number): boolean {
  if (levelOf(code, C_NAME) !== NAME_DIFFERENT) return false;
  const dob = levelOf(code, C_DOB);
  return dob === DOB_DIFFERENT || dob === 0 || levelOf(code, C_SEX) === SEX_DIFFERENT;
}

export interface ScoredPairs {
  a: Int32Array;
  b: Int32Array;
  codes: Int32Array;
  weights: Float64Array;
  length: number;
}

export interface AssignOptions {
  threshold: number;
  reviewThreshold: number;
  alternativeThreshold: number;
  decisions: readonly MatchDecision[];
}

export interface Assignment {
  links: PersonLink[];
  alternatives: AlternativePair[];
  nikConflicts: NikConflict[];
  nikPairs: number;
  decisions: { same: number; different: number; unknownIds: number };
  /** Per P3KE index: linked DTKS index or -1. */
  linkOfLeft: Int32Array;
  linkOfRight: Int32Array;
  /** Index pairs of links with status match (families are built on these). */
  matched: [number, number][];
  /** Same-side index pairs that both match one record of the other side above the threshold. */
  samePersonLeft: [number, number][];
  samePersonRight: [number, number][];
}

/** Weight reported for a reviewer's 'same' (probability 1); finite so it stores as a number. */
export const MANUAL_WEIGHT = 64;


/**
 * Pair indexes by weight, highest first; ties (within a millionth of a bit) by candidate order,
 * i.e. P3KE then DTKS index. Packs weight and index into one number for the native sort.
 */
function sortByWeight(order: Int32Array, weights: Float64Array): Int32Array {
  if (weights.length >= 2 ** 24) {
    return order.sort((x, y) => weights[y]! - weights[x]! || x - y);
  }
  const keys = new Float64Array(order.length);
  for (let n = 0; n < order.length; n++) {
    const k = order[n]!;
    const w = Math.min(60, Math.max(-60, weights[k]!));
    keys[n] = Math.round((60 - w) * 1e6) * 2 ** 24 + k;
  }
  keys.sort();
  const out = new Int32Array(order.length);
  for (let n = 0; n < keys.length; n++) out[n] = keys[n]! % 2 ** 24;
  return out;
}

export function assign(input: MatchInput, pairs: ScoredPairs, options: AssignOptions): Assignment {
  const L = input.p3ke;
  const R = input.dtks;
  const linkOfLeft = new Int32Array(L.n).fill(-1);
  const linkOfRight = new Int32Array(R.n).fill(-1);
  const links: PersonLink[] = [];
  const pairKey = (i: number, j: number): number => i * R.n + j;

  // reviewer decisions, by source id
  const forbidden = new Set<number>();
  const manual: [number, number][] = [];
  const decisionStats = { same: 0, different: 0, unknownIds: 0 };
  if (options.decisions.length > 0) {
    const leftIndex = new Map<string, number>();
    for (let i = L.n - 1; i >= 0; i--) leftIndex.set(L.sourceId[i]!, i);
    const rightIndex = new Map<string, number>();
    for (let j = R.n - 1; j >= 0; j--) rightIndex.set(R.sourceId[j]!, j);
    const sorted = [...options.decisions].sort((x, y) =>
      x.p3keSourceId < y.p3keSourceId ? -1 : x.p3keSourceId > y.p3keSourceId ? 1 : x.dtksSourceId < y.dtksSourceId ? -1 : x.dtksSourceId > y.dtksSourceId ? 1 : 0,
    );
    for (const d of sorted) {
      const i = leftIndex.get(d.p3keSourceId);
      const j = rightIndex.get(d.dtksSourceId);
      if (i === undefined || j === undefined) {
        decisionStats.unknownIds++;
        continue;
      }
      if (d.decision === 'different') {
        forbidden.add(pairKey(i, j));
        decisionStats.different++;
      } else {
        manual.push([i, j]);
        decisionStats.same++;
      }
    }
  }
  const manualKeys = new Set(manual.map(([i, j]) => pairKey(i, j)));
  const alternatives: AlternativePair[] = [];
  for (const [i, j] of manual) {
    if (linkOfLeft[i] !== -1 || linkOfRight[j] !== -1) {
      // two 'same' decisions for one record: the first wins, the other is evidence of a duplicate
      alternatives.push({ p3keRecordId: L.recordId[i]!, dtksRecordId: R.recordId[j]!, probability: 1, matchWeight: MANUAL_WEIGHT, method: 'manual' });
      continue;
    }
    linkOfLeft[i] = j;
    linkOfRight[j] = i;
    links.push({ p3keRecordId: L.recordId[i]!, dtksRecordId: R.recordId[j]!, status: 'match', probability: 1, matchWeight: MANUAL_WEIGHT, method: 'manual' });
  }

  // NIK pass and the model's candidates, ordered by weight (a NIK pair always qualifies, but a
  // better pair for the same record wins)
  const nikConflicts: NikConflict[] = [];
  let nikPairs = 0;
  let order: Int32Array = new Int32Array(1024);
  let orderLength = 0;
  const pushOrder = (k: number): void => {
    if (orderLength === order.length) {
      const grown = new Int32Array(order.length * 2);
      grown.set(order);
      order = grown;
    }
    order[orderLength++] = k;
  };
  const isNik = new Uint8Array(pairs.length);
  const reviewWeight = Math.log2(options.reviewThreshold / (1 - options.reviewThreshold));
  const alternativeWeight = Math.log2(options.alternativeThreshold / (1 - options.alternativeThreshold));
  const floorWeight = Math.min(reviewWeight, alternativeWeight);
  for (let k = 0; k < pairs.length; k++) {
    const i = pairs.a[k]!;
    const j = pairs.b[k]!;
    const code = pairs.codes[k]!;
    if (levelOf(code, C_NIK) === NIK_EXACT) {
      nikPairs++;
      if (clearlyDifferentPeople(code) && !manualKeys.has(pairKey(i, j))) {
        const w = pairs.weights[k]!;
        nikConflicts.push({ nik: nikDigits(L, i) ?? '', p3keRecordId: L.recordId[i]!, dtksRecordId: R.recordId[j]!, probability: probabilityOf(w), matchWeight: w });
        continue;
      }
      isNik[k] = 1;
      pushOrder(k);
    } else if (pairs.weights[k]! >= floorWeight) pushOrder(k);
  }
  order = sortByWeight(order.subarray(0, orderLength), pairs.weights);

  const thresholdWeight = Math.log2(options.threshold / (1 - options.threshold));
  const isMatch = new Uint8Array(L.n);
  for (const [i] of manual) if (linkOfLeft[i] !== -1) isMatch[i] = 1;
  const matched: [number, number][] = [];
  const samePersonLeft: [number, number][] = [];
  const samePersonRight: [number, number][] = [];
  for (const k of order) {
    const i = pairs.a[k]!;
    const j = pairs.b[k]!;
    const w = pairs.weights[k]!;
    const method: LinkMethod = isNik[k] ? 'nik' : 'model';
    const key = pairKey(i, j);
    if (forbidden.has(key) || manualKeys.has(key)) continue;
    const strongEnough = isNik[k] === 1 || w >= reviewWeight;
    if (strongEnough && linkOfLeft[i] === -1 && linkOfRight[j] === -1) {
      linkOfLeft[i] = j;
      linkOfRight[j] = i;
      const code = pairs.codes[k]!;
      // Clearly different names while both NIKs are readable: twins and siblings (share household
      // and birth date, NIKs a digit apart), another person's NIK (a shared NIK) — a person
      // decides. Likewise NIKs that differ only in the last digit (twins) with names that are
      // only similar. Without NIKs the model decides alone.
      const nik = levelOf(code, C_NIK);
      const name = levelOf(code, C_NAME);
      const nameless = (name === NAME_DIFFERENT && nik !== 0) || (nik === NIK_LAST_DIGIT && name > NAME_PHONETIC);
      const status = w >= thresholdWeight && !nameless ? 'match' : 'review';
      links.push({ p3keRecordId: L.recordId[i]!, dtksRecordId: R.recordId[j]!, status, probability: probabilityOf(w), matchWeight: w, method });
      if (status === 'match') isMatch[i] = 1;
    } else if (w >= alternativeWeight) {
      if (w >= thresholdWeight) {
        // a second strong partner: the two records of one side are likely one person twice
        const otherRight = linkOfLeft[i]!;
        if (otherRight !== -1 && otherRight !== j && isMatch[i] === 1) samePersonRight.push([otherRight, j]);
        const otherLeft = linkOfRight[j]!;
        if (otherLeft !== -1 && otherLeft !== i && isMatch[otherLeft] === 1) samePersonLeft.push([otherLeft, i]);
      }
      alternatives.push({ p3keRecordId: L.recordId[i]!, dtksRecordId: R.recordId[j]!, probability: probabilityOf(w), matchWeight: w, method });
    }
  }

  links.sort((x, y) => x.p3keRecordId - y.p3keRecordId || x.dtksRecordId - y.dtksRecordId);
  alternatives.sort((x, y) => x.p3keRecordId - y.p3keRecordId || x.dtksRecordId - y.dtksRecordId);
  nikConflicts.sort((x, y) => x.p3keRecordId - y.p3keRecordId || x.dtksRecordId - y.dtksRecordId);
  for (let i = 0; i < L.n; i++) if (isMatch[i] === 1) matched.push([i, linkOfLeft[i]!]);
  return { links, alternatives, nikConflicts, nikPairs, decisions: decisionStats, linkOfLeft, linkOfRight, matched, samePersonLeft, samePersonRight };
}
