// Why a pair scored what it did: per comparison both values, the level, its weight and the
// term-frequency adjustment, then the prior, the sum and the probability (a waterfall's data).
// And, for linked pairs, which fields differ and how (reports).
import { COMPARISONS, Comparer, comparerData, decodePattern } from './comparisons.js';
import { buildMatchInput, type MatchInput } from './features.js';
import { Scorer, probabilityOf, summaryFrequencies, tokenFrequencies, type TermFrequencies } from './predict.js';
import { hamming, jaroWinkler, levenshtein, withinOneEdit } from './similarity.js';
import { weightTable } from './train.js';
import type { ComparisonName, MatchModel, MatchRecord } from './types.js';

/** A record as explain and fieldDifferences read it; a `NormalisedPerson` fits. */
export type ComparableRecord = Omit<MatchRecord, 'recordId'> & { recordId?: number };

export interface ExplainedComparison {
  comparison: ComparisonName;
  /** What was compared, P3KE side then DTKS side (display text; NIKs unmasked). */
  values: [string | null, string | null];
  level: string;
  m: number | null;
  u: number | null;
  /** Weight of the level (log2 m/u). */
  weight: number;
  /** Term-frequency adjustment (name only): rarer names weigh more. */
  tfAdjustment: number;
  /** weight + tfAdjustment. */
  total: number;
}

export interface PairExplanation {
  priorWeight: number;
  comparisons: ExplainedComparison[];
  /** priorWeight + Σ totals. */
  matchWeight: number;
  probability: number;
  threshold: number;
  reviewThreshold: number;
  /** What the probability alone decides (assignment may still link a record elsewhere). */
  decision: 'match' | 'review' | 'no_match';
}

/** Counts of name values in the data, for exact term frequencies (else the model's summary). */
export interface TermFrequencyCounts {
  total: number;
  count(table: 'nama' | 'namaTokens' | 'namaKey' | 'token', value: string): number;
}

function countFrequencies(input: MatchInput, counts: TermFrequencyCounts): TermFrequencies {
  const { dict } = input;
  const total = Math.max(1, counts.total);
  const of = (table: Parameters<TermFrequencyCounts['count']>[0], value: string | undefined): number =>
    value === undefined ? 1 / total : Math.max(1, counts.count(table, value)) / total;
  return {
    total,
    nama: (s, i) => of('nama', dict.names.values[s.name[i]!]),
    namaTokens: (s, i) => of('namaTokens', dict.tokens.values[s.nameTokens[i]!]),
    namaKey: (s, i) => of('namaKey', dict.keySorted.values[dict.keySortedId[s.nameKey[i]!]!]),
    ...tokenFrequencies(dict, (t) => of('token', dict.keyToken.values[t])),
  };
}

const rtRw = (r: ComparableRecord): string | null => (r.rt || r.rw ? `RT ${r.rt ?? '-'} RW ${r.rw ?? '-'}` : null);

function displayValues(name: ComparisonName, a: ComparableRecord, b: ComparableRecord): [string | null, string | null] {
  const pick = (f: (r: ComparableRecord) => string | null): [string | null, string | null] => [f(a), f(b)];
  switch (name) {
    case 'name':
      return pick((r) => r.nama);
    case 'dob':
      return pick((r) =>
        r.tglLahirFlag === 'ok' ? r.tglLahir : r.tglLahirFlag === 'placeholder' ? `${r.tglLahir ?? ''} (year only)` : r.nikTglLahir ? `${r.nikTglLahir} (from NIK)` : null,
      );
    case 'nik':
      return pick((r) => (r.nik ? `${r.nik}${r.nikStatus === 'valid' ? '' : ` (${r.nikStatus})`}` : null));
    case 'household':
      return pick((r) => {
        const parts = [r.noKk && r.noKkStatus === 'valid' ? `KK ${r.noKk}` : null, r.kodeWilayah ?? r.desa, r.alamat, rtRw(r)].filter((x) => x);
        return parts.length > 0 ? parts.join(', ') : null;
      });
    case 'sex':
      return pick((r) => r.jenisKelamin ?? (r.nikStatus === 'valid' && r.nikSex ? `${r.nikSex} (from NIK)` : null));
    case 'hubungan':
      return pick((r) => r.hubungan);
    case 'tempat_lahir':
      return pick((r) => r.tempatLahir);
    case 'nama_ibu':
      return pick((r) => r.namaIbu);
  }
}

/**
 * Explains the score of a P3KE record `a` against a DTKS record `b` under `model`. Term
 * frequencies come from `counts` when given (exact), else from the model's summary of common
 * names (rarer names count once).
 */
export function explainPair(a: ComparableRecord, b: ComparableRecord, model: MatchModel, counts?: TermFrequencyCounts): PairExplanation {
  const input = buildMatchInput([{ ...a, recordId: a.recordId ?? 0 }], [{ ...b, recordId: b.recordId ?? 0 }]);
  const comparer = new Comparer(comparerData(input.dict), input.p3ke, input.dtks);
  const code = comparer.code(0, 0);
  const levels = decodePattern(code);
  const weights = weightTable(model);
  const tf = counts ? countFrequencies(input, counts) : summaryFrequencies(input, model.tf);
  const scorer = new Scorer(model, tf);
  const comparisons = COMPARISONS.map((spec, c): ExplainedComparison => {
    const l = levels[c]!;
    const params = model.comparisons.find((p) => p.name === spec.name)?.levels.find((p) => p.level === spec.levels[l]);
    const weight = weights[c]![l]!;
    const tfAdjustment = c === 0 ? scorer.tfAdjustment(l, input.p3ke, 0, input.dtks, 0) : 0;
    return {
      comparison: spec.name,
      values: displayValues(spec.name, a, b),
      level: spec.levels[l]!,
      m: params?.m ?? null,
      u: params?.u ?? null,
      weight,
      tfAdjustment,
      total: weight + tfAdjustment,
    };
  });
  const matchWeight = model.priorWeight + comparisons.reduce((s, c) => s + c.total, 0);
  const probability = probabilityOf(matchWeight);
  return {
    priorWeight: model.priorWeight,
    comparisons,
    matchWeight,
    probability,
    threshold: model.threshold,
    reviewThreshold: model.reviewThreshold,
    decision: probability >= model.threshold ? 'match' : probability >= model.reviewThreshold ? 'review' : 'no_match',
  };
}

// --- field differences -------------------------------------------------------------------------------

export type DifferenceField = 'nik' | 'no_kk' | 'nama' | 'tgl_lahir' | 'jenis_kelamin' | 'kode_desa' | 'alamat';
export type DifferenceKind = 'typo' | 'swapped_day_month' | 'year_off_by_one' | 'placeholder' | 'moved_desa' | 'variant' | 'missing_one_side' | 'different';

export interface FieldDifference {
  field: DifferenceField;
  p3keValue: string | null;
  dtksValue: string | null;
  kind: DifferenceKind;
}

type DiffRecord = Pick<
  ComparableRecord,
  'nik' | 'nikStatus' | 'noKk' | 'noKkStatus' | 'nama' | 'namaKey' | 'namaTokens' | 'tglLahir' | 'tglLahirFlag' | 'jenisKelamin' | 'kodeWilayah' | 'alamat'
>;

function idKind(a: string, b: string, statusA: string, statusB: string): DifferenceKind {
  if (statusA === 'placeholder' || statusB === 'placeholder') return 'placeholder';
  return withinOneEdit(a, b) ? 'typo' : 'different';
}

function dateKind(a: string, b: string, flagA: string, flagB: string): DifferenceKind {
  if (flagA === 'placeholder' || flagB === 'placeholder') return 'placeholder';
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  if (ya === yb && ma === db && da === mb) return 'swapped_day_month';
  if (ma === mb && da === db && Math.abs(Number(ya) - Number(yb)) === 1) return 'year_off_by_one';
  if (hamming(a, b) === 1 || withinOneEdit(a, b)) return 'typo';
  return 'different';
}

function nameKind(a: DiffRecord, b: DiffRecord): DifferenceKind {
  const x = a.nama!;
  const y = b.nama!;
  if ((a.namaTokens && a.namaTokens === b.namaTokens) || (a.namaKey && a.namaKey === b.namaKey)) return 'variant';
  if (a.namaKey && b.namaKey && a.namaKey.split(' ').sort().join(' ') === b.namaKey.split(' ').sort().join(' ')) return 'variant';
  if (levenshtein(x, y) <= 2 || jaroWinkler(x, y) >= 0.92) return 'typo';
  return 'different';
}

/**
 * One entry per field whose values differ between a linked P3KE record and DTKS record, with what
 * kind of difference it looks like. Fields missing on both sides are not differences.
 */
export function fieldDifferences(p3ke: DiffRecord, dtks: DiffRecord): FieldDifference[] {
  const out: FieldDifference[] = [];
  const add = (field: DifferenceField, a: string | null, b: string | null, kind: () => DifferenceKind): void => {
    const x = a && a.length > 0 ? a : null;
    const y = b && b.length > 0 ? b : null;
    if (x === y) return;
    out.push({ field, p3keValue: x, dtksValue: y, kind: x === null || y === null ? 'missing_one_side' : kind() });
  };
  add('nik', p3ke.nik, dtks.nik, () => idKind(p3ke.nik!, dtks.nik!, p3ke.nikStatus, dtks.nikStatus));
  add('no_kk', p3ke.noKk, dtks.noKk, () => idKind(p3ke.noKk!, dtks.noKk!, p3ke.noKkStatus, dtks.noKkStatus));
  add('nama', p3ke.nama, dtks.nama, () => nameKind(p3ke, dtks));
  add('tgl_lahir', p3ke.tglLahir, dtks.tglLahir, () => dateKind(p3ke.tglLahir!, dtks.tglLahir!, p3ke.tglLahirFlag, dtks.tglLahirFlag));
  add('jenis_kelamin', p3ke.jenisKelamin, dtks.jenisKelamin, () => 'different');
  add('kode_desa', p3ke.kodeWilayah, dtks.kodeWilayah, () => 'moved_desa');
  add('alamat', p3ke.alamat, dtks.alamat, () => (levenshtein(p3ke.alamat!, dtks.alamat!) <= 2 ? 'typo' : 'different'));
  return out;
}
