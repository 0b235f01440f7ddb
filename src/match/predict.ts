// Scoring: match weight = log2 prior odds + Σ level weights + term-frequency adjustment of the
// name; probability = 2^w / (1 + 2^w). The pattern part is cached per distinct pattern.
import {
  C_NAME,
  COMPARISONS,
  NAME_CONTAINED,
  NAME_EXACT,
  NAME_PHONETIC,
  NAME_SHARED_TOKEN,
  NAME_TOKENS,
  PATTERN_COUNT,
  RADIX,
  STRIDE,
} from './comparisons.js';
import type { Dictionaries, MatchInput, SideTable } from './features.js';
import { weightTable } from './train.js';
import type { MatchModel, TermFrequencySummary } from './types.js';

export const probabilityOf = (weight: number): number => {
  if (weight > 60) return 1;
  if (weight < -60) return 0;
  const odds = 2 ** weight;
  return odds / (1 + odds);
};

const log2 = (x: number): number => Math.log(x) / Math.LN2;

/** How often values occur, for term-frequency adjustments. */
export interface TermFrequencies {
  total: number;
  nama(side: SideTable, i: number): number;
  namaTokens(side: SideTable, i: number): number;
  namaKey(side: SideTable, i: number): number;
  /** Frequency of the key tokens of a name: product over its tokens of the share of records with the token. */
  tokenProduct(side: SideTable, i: number): number;
  /** Frequency of the tokens two names share (the rarer end token when they only nearly share one). */
  sharedTokens(left: SideTable, i: number, right: SideTable, j: number): number;
}

/** The token-based frequencies, from the frequency of one key token. */
function tokenFrequencies(dict: Dictionaries, freq: (token: number) => number): Pick<TermFrequencies, 'tokenProduct' | 'sharedTokens'> {
  const start = dict.keyTokStart;
  const ids = dict.keyTokIds;
  return {
    tokenProduct: (s, i) => {
      const k = s.nameKey[i]!;
      let p = 1;
      for (let t = start[k]!; t < start[k + 1]!; t++) p *= freq(ids[t]!);
      return p;
    },
    sharedTokens: (left, i, right, j) => {
      const ka = left.nameKey[i]!;
      const kb = right.nameKey[j]!;
      let p = 1;
      let shared = false;
      for (let x = start[ka]!; x < start[ka + 1]!; x++)
        for (let y = start[kb]!; y < start[kb + 1]!; y++)
          if (ids[x] === ids[y]) {
            p *= freq(ids[x]!);
            shared = true;
          }
      if (shared) return p;
      return Math.max(freq(ids[start[ka + 1]! - 1]!), freq(ids[start[kb + 1]! - 1]!));
    },
  };
}

/** Term frequencies counted on the input (a training run). */
export { tokenFrequencies };

export function inputFrequencies(input: MatchInput): TermFrequencies {
  const total = Math.max(1, input.p3ke.n + input.dtks.n);
  const { counts, dict } = input;
  return {
    total,
    nama: (s, i) => counts.names[s.name[i]!]! / total,
    namaTokens: (s, i) => counts.tokens[s.nameTokens[i]!]! / total,
    namaKey: (s, i) => counts.keySorted[dict.keySortedId[s.nameKey[i]!]!]! / total,
    ...tokenFrequencies(dict, (t) => counts.keyToken[t]! / total),
  };
}

/** Term frequencies from a saved model's summaries: values it does not list count once. */
export function summaryFrequencies(input: MatchInput, tf: MatchModel['tf']): TermFrequencies {
  const total = Math.max(1, tf.nama.total);
  const { dict } = input;
  const of = (summary: TermFrequencySummary, value: string | undefined): number => (value !== undefined ? (summary.values[value] ?? 1) : 1) / total;
  return {
    total,
    nama: (s, i) => of(tf.nama, dict.names.values[s.name[i]!]),
    namaTokens: (s, i) => of(tf.namaTokens, dict.tokens.values[s.nameTokens[i]!]),
    namaKey: (s, i) => of(tf.namaKey, dict.keySorted.values[dict.keySortedId[s.nameKey[i]!]!]),
    ...tokenFrequencies(dict, (t) => of(tf.token, dict.keyToken.values[t])),
  };
}

/**
 * Scores pairs. For name levels with term frequencies, the value-specific u replaces the level's
 * average u: weight = log2(m / u_value), so agreeing on SITI counts less than on KHAIRUNNISA.
 */
export class Scorer {
  private readonly weights: Float64Array[];
  private readonly patternWeight = new Float64Array(PATTERN_COUNT).fill(NaN);
  private readonly nameU: Float64Array;
  private readonly minU: number;
  readonly prior: number;

  constructor(
    model: Pick<MatchModel, 'comparisons' | 'priorWeight'>,
    private readonly tf: TermFrequencies,
  ) {
    this.weights = weightTable(model);
    this.prior = model.priorWeight;
    const name = model.comparisons.find((c) => c.name === 'name');
    this.nameU = Float64Array.from(COMPARISONS[C_NAME]!.levels, (level) => name?.levels.find((l) => l.level === level)?.u ?? 0);
    this.minU = 1 / tf.total;
  }

  /** Prior plus the level weights of a pattern (no term frequencies). */
  patternSum(code: number): number {
    let w = this.patternWeight[code]!;
    if (w !== w) {
      w = this.prior;
      for (let c = 0; c < RADIX.length; c++) w += this.weights[c]![Math.floor(code / STRIDE[c]!) % RADIX[c]!]!;
      this.patternWeight[code] = w;
    }
    return w;
  }

  /** log2(u_level / u_value) for the pair's name level (0 when the level has no term frequencies). */
  tfAdjustment(nameLevel: number, left: SideTable, i: number, right: SideTable, j: number): number {
    const uLevel = this.nameU[nameLevel]!;
    if (uLevel <= 0) return 0;
    let uValue: number;
    switch (nameLevel) {
      case NAME_EXACT:
        uValue = this.tf.nama(left, i);
        break;
      case NAME_TOKENS:
        uValue = this.tf.namaTokens(left, i);
        break;
      case NAME_PHONETIC:
        uValue = Math.max(this.tf.namaKey(left, i), this.tf.namaKey(right, j));
        break;
      case NAME_CONTAINED: {
        // the shorter name is what both share
        const a = this.tf.tokenProduct(left, i);
        const b = this.tf.tokenProduct(right, j);
        uValue = Math.max(a, b);
        break;
      }
      case NAME_SHARED_TOKEN:
        uValue = this.tf.sharedTokens(left, i, right, j);
        break;
      default:
        return 0;
    }
    if (!(uValue > this.minU)) uValue = this.minU;
    return log2(uLevel / uValue);
  }

  weight(code: number, left: SideTable, i: number, right: SideTable, j: number): number {
    const nameLevel = code % RADIX[C_NAME]!;
    return this.patternSum(code) + this.tfAdjustment(nameLevel, left, i, right, j);
  }
}

/** Weights of a chunk of pairs into `out` (pure, splittable across threads). */
export function scorePairs(scorer: Scorer, left: SideTable, right: SideTable, a: Int32Array, b: Int32Array, codes: Int32Array, from: number, to: number, out: Float64Array): void {
  for (let k = from; k < to; k++) out[k] = scorer.weight(codes[k]!, left, a[k]!, right, b[k]!);
}
