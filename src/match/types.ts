// The vocabulary of matching: what a record must carry, what the matcher returns, and the model
// (Fellegi–Sunter parameters) that is saved with each run and can be pinned from a file.
import type { NormalisedPerson, Source } from '../normalise/types.js';

/**
 * The fields matching reads from a normalised person, plus the store's integer row id. A full
 * `NormalisedPerson & { recordId }` fits; the store may load only these columns to save memory.
 */
export type MatchRecord = Pick<
  NormalisedPerson,
  | 'sourceId'
  | 'familyId'
  | 'nik'
  | 'nikStatus'
  | 'nikTglLahir'
  | 'nikSex'
  | 'noKk'
  | 'noKkStatus'
  | 'nama'
  | 'namaKey'
  | 'namaTokens'
  | 'tglLahir'
  | 'tglLahirFlag'
  | 'jenisKelamin'
  | 'hubungan'
  | 'tempatLahir'
  | 'namaIbu'
  | 'kodeWilayah'
  | 'kodeKecamatan'
  | 'kodeKabupaten'
  | 'desa'
  | 'alamat'
  | 'rt'
  | 'rw'
> & { recordId: number };

/** The fields of `MatchRecord` the store must select (camelCase person keys). */
export const MATCH_RECORD_FIELDS = [
  'sourceId',
  'familyId',
  'nik',
  'nikStatus',
  'nikTglLahir',
  'nikSex',
  'noKk',
  'noKkStatus',
  'nama',
  'namaKey',
  'namaTokens',
  'tglLahir',
  'tglLahirFlag',
  'jenisKelamin',
  'hubungan',
  'tempatLahir',
  'namaIbu',
  'kodeWilayah',
  'kodeKecamatan',
  'kodeKabupaten',
  'desa',
  'alamat',
  'rt',
  'rw',
] as const satisfies readonly (keyof MatchRecord)[];

// ---------------------------------------------------------------------------------------------
// Blocking

/** Derived per-record values a blocking rule can require to be equal. */
export const BLOCK_FIELDS = [
  'nik', // valid NIK
  'noKk', // valid No KK
  'desa', // desa code (or desa name when no code)
  'kecamatan',
  'kabupaten',
  'nameKey', // phonetic key of the whole name
  'nameKeySorted', // phonetic key tokens in sorted order
  'nameKeySortedMulti', // the same, only for names of two or more tokens (single names are common)
  'nameTokens', // canonical tokens in sorted order
  'nameFirstKey', // phonetic key of the first token
  'nameLastKey', // phonetic key of the last token
  'namePrefix', // first three letters of the first and of the last key token
  'initial', // first letter of the canonical name
  'dob', // full birth date (not a placeholder; the NIK's date when none was recorded)
  'birthYear', // year of the birth date (placeholders included: their year is real)
  'sex',
  'noRegionCode', // the same constant for every record without a region code; none for the others
  'addressWord', // the rarest word of the address (a street or dusun name)
] as const;
export type BlockField = (typeof BLOCK_FIELDS)[number];

/** Records whose values are equal on every field of `on` are compared. */
export interface KeyBlockingRule {
  name: string;
  on: BlockField[];
  /** Skip blocks with more pairs than this (overrides the global cap). */
  maxBlockPairs?: number;
}

/** NIKs one substitution, transposition, insertion or deletion apart with the same first six digits. */
export interface NikNearBlockingRule {
  name: string;
  kind: 'nik_near';
  maxBlockPairs?: number;
}

export type BlockingRule = KeyBlockingRule | NikNearBlockingRule;

// ---------------------------------------------------------------------------------------------
// Comparisons and the model

export type ComparisonName = 'name' | 'dob' | 'nik' | 'household' | 'sex' | 'hubungan' | 'tempat_lahir' | 'nama_ibu';

export interface LevelParameters {
  /** Level label, e.g. `exact`, `swapped_day_month`. Level 0 of every comparison is `missing`. */
  level: string;
  /** P(level | same person); null for neutral levels (missing, pinned). */
  m: number | null;
  /** P(level | different persons), from random pairs. */
  u: number | null;
  /** log2(m/u); 0 for neutral levels. */
  weight: number;
  /** Whether a term-frequency adjustment applies on this level. */
  tf?: boolean;
}

export interface ComparisonParameters {
  name: ComparisonName;
  levels: LevelParameters[];
}

export interface TermFrequencySummary {
  /** Records counted (both sources). */
  total: number;
  /** Values counted at least `minCount` times: value → count. Rarer values count as 1 in explain. */
  values: Record<string, number>;
  minCount: number;
}

export interface MatchModel {
  version: 1;
  /** Probability that two random records (one per source) are the same person. */
  lambda: number;
  /** log2(lambda / (1 - lambda)). */
  priorWeight: number;
  comparisons: ComparisonParameters[];
  /** Summaries of the term-frequency tables of the name (exact, token set, phonetic key). */
  tf: { nama: TermFrequencySummary; namaTokens: TermFrequencySummary; namaKey: TermFrequencySummary; token: TermFrequencySummary };
  blockingRules: BlockingRule[];
  threshold: number;
  reviewThreshold: number;
  training: {
    /** `em` when trained on this data, `pinned` when read from a file. */
    source: 'em' | 'pinned';
    iterations: number;
    converged: boolean;
    candidatePairs: number;
    /** Estimated share of candidate pairs that are the same person. */
    candidateMatchShare: number;
    uSamplePairs: number;
    seed: number;
    /** Pairs that agreed on a valid NIK, which started EM. */
    seedPairs: number;
  };
}

// ---------------------------------------------------------------------------------------------
// Options and output

export interface MatchDecision {
  p3keSourceId: string;
  dtksSourceId: string;
  decision: 'same' | 'different';
}

export interface MatchOptions {
  /** Probability at or above which a pair is a match. */
  threshold?: number;
  /** Probability at or above which a pair (below `threshold`) goes to review. */
  reviewThreshold?: number;
  blockingRules?: BlockingRule[];
  /** Default cap of pairs per block (common names in one desa). */
  maxBlockPairs?: number;
  /** A saved model: skip training and use these parameters. */
  model?: MatchModel;
  decisions?: MatchDecision[];
  /** Seed of every sample (u-probabilities). */
  seed?: number;
  /** Random pairs drawn to estimate u-probabilities. */
  uSamplePairs?: number;
  emMaxIterations?: number;
  /** Pairs with a probability at least this are kept as alternatives when not linked. */
  alternativeThreshold?: number;
  /**
   * Threads for blocking and comparing, this one included (default: 2 when the machine has two
   * cores and the input has 20,000 records or more). Results do not depend on it.
   */
  threads?: number;
  /** Called between phases (progress bars); never gets personal data. */
  onPhase?: (phase: string) => void;
}

export type LinkStatus = 'match' | 'review';
export type LinkMethod = 'nik' | 'model' | 'manual';

export interface PersonLink {
  p3keRecordId: number;
  dtksRecordId: number;
  status: LinkStatus;
  probability: number;
  matchWeight: number;
  method: LinkMethod;
}

export interface AlternativePair {
  p3keRecordId: number;
  dtksRecordId: number;
  probability: number;
  matchWeight: number;
  method: LinkMethod;
}

export interface NikConflict {
  nik: string;
  p3keRecordId: number;
  dtksRecordId: number;
  /** The model's probability that the two are the same person (low). */
  probability: number;
  matchWeight: number;
}

export interface DuplicateGroup {
  source: Source;
  /** 1, 2, 3 … per source and reason, in a stable order. */
  group: number;
  reason: 'same_nik' | 'same_person';
  recordIds: number[];
}

export type FamilyPattern = 'same' | 'split' | 'merged' | 'partial';

export interface FamilyLink {
  p3keFamilyId: string;
  dtksHouseholdId: string;
  p3keMembers: number;
  dtksMembers: number;
  linkedMembers: number;
  pattern: FamilyPattern;
}

export interface BlockingRuleStats {
  rule: string;
  /** Pairs this rule generated that no earlier rule had (Splink's cumulative count). */
  newPairs: number;
  /** All pairs whose records agree on the rule's key (before removing earlier rules' pairs). */
  pairs: number;
  cappedBlocks: number;
  cappedPairs: number;
  /** Size of the largest capped block, records per side (no key values: they are personal data). */
  largestCapped: [number, number] | null;
}

export interface MatchStats {
  p3keRecords: number;
  dtksRecords: number;
  candidatePairs: number;
  blocking: BlockingRuleStats[];
  nikPairs: number;
  nikConflicts: number;
  links: { match: number; review: number; nik: number; model: number; manual: number };
  alternatives: number;
  decisions: { same: number; different: number; unknownIds: number };
  timingsMs: Record<string, number>;
  pairsPerSecond: number;
}

export interface MatchOutcome {
  links: PersonLink[];
  alternatives: AlternativePair[];
  nikConflicts: NikConflict[];
  duplicates: DuplicateGroup[];
  families: FamilyLink[];
  model: MatchModel;
  stats: MatchStats;
}
