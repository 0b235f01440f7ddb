// The match stage: the newest P3KE and DTKS snapshots from the store, through the matcher, into a
// stored run. Reviewer decisions are applied before the model; the run is saved in one
// transaction, so a killed match leaves earlier runs as they were.
import { readFileSync } from 'node:fs';
import { t } from '../i18n/index.js';
import type { Db } from '../store/open.js';
import { recordFields } from '../store/records.js';
import { listDecisions, saveRun, type Run, type StoredPair } from '../store/runs.js';
import { latestSnapshot } from '../store/snapshots.js';
import { EXIT, PadanError } from '../util/errors.js';
import { VERSION } from '../util/version.js';
import { MATCH_RECORD_FIELDS, MatchInputBuilder, matchInput, validateBlockingRules, validateModel, type BlockingRule, type MatchModel, type MatchOutcome } from './index.js';

export interface MatchStageOptions {
  threshold?: number;
  reviewThreshold?: number;
  /** JSON file: { blockingRules?, threshold?, reviewThreshold?, maxBlockPairs? } */
  settings?: string;
  /** A saved model to use instead of training. */
  model?: string;
  onPhase?: (phase: string) => void;
}

export interface MatchStageResult {
  run: Run;
  counts: { p3kePersons: number; dtksPersons: number; matches: number; review: number; nikConflicts: number; candidatePairs: number };
  seconds: number;
}

interface SettingsFile {
  blockingRules?: BlockingRule[];
  threshold?: number;
  reviewThreshold?: number;
  maxBlockPairs?: number;
}

function readJson(path: string, what: 'settings' | 'model'): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PadanError(t(what === 'settings' ? 'error.cannotReadSettings' : 'error.cannotReadModel', { path, message: (error as Error).message }), EXIT.failure);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PadanError(t('error.notJson', { path, message: (error as Error).message }), EXIT.failure, t(what === 'settings' ? 'hint.settingsObject' : 'hint.modelObject'));
  }
}

function readSettings(path: string): SettingsFile {
  const settings = readJson(path, 'settings') as SettingsFile;
  if (typeof settings !== 'object' || settings === null) throw new PadanError(`${path}: ${t('error.expectedObject')}`, EXIT.failure);
  try {
    if (settings.blockingRules !== undefined) validateBlockingRules(settings.blockingRules);
  } catch (error) {
    throw new PadanError(`${path}: ${(error as Error).message}`, EXIT.failure);
  }
  for (const key of ['threshold', 'reviewThreshold'] as const) {
    const value = settings[key];
    if (value !== undefined && !(typeof value === 'number' && value > 0 && value < 1)) throw new PadanError(t('error.probability', { path, key }), EXIT.failure);
  }
  return settings;
}

function readModel(path: string): MatchModel {
  try {
    return validateModel(readJson(path, 'model'));
  } catch (error) {
    if (error instanceof PadanError) throw error;
    throw new PadanError(`${path}: ${(error as Error).message}`, EXIT.failure, t('hint.modelFile'));
  }
}

/**
 * The run's pairs in the primary key's order (kind, P3KE record, DTKS record), each made as it is
 * written: in key order every insert appends to the B-tree (in the order links were assigned, by
 * weight, each landed on a random page: 24 s against 5 s of CPU for 860k pairs), and made one at a
 * time they never sit in memory together (a copy of every pair pushed peak memory at 1M to the
 * 1.5 GB limit).
 */
function* pairsInKeyOrder(outcome: MatchOutcome): Generator<StoredPair> {
  const byIds = (x: { p3keRecordId: number; dtksRecordId: number }, y: { p3keRecordId: number; dtksRecordId: number }): number =>
    x.p3keRecordId - y.p3keRecordId || x.dtksRecordId - y.dtksRecordId;
  // kinds as the key sorts them: 'alternative' < 'link' < 'nik_conflict'
  for (const a of [...outcome.alternatives].sort(byIds)) yield { kind: 'alternative', status: null, ...a };
  for (const l of [...outcome.links].sort(byIds)) yield { kind: 'link', ...l };
  for (const c of [...outcome.nikConflicts].sort(byIds)) {
    yield { kind: 'nik_conflict', p3keRecordId: c.p3keRecordId, dtksRecordId: c.dtksRecordId, status: null, probability: c.probability, matchWeight: c.matchWeight, method: 'nik' };
  }
}

export function matchLatest(db: Db, options: MatchStageOptions = {}): MatchStageResult {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const p3ke = latestSnapshot(db, 'p3ke');
  const dtks = latestSnapshot(db, 'dtks');
  if (!p3ke || !dtks) {
    throw new PadanError(t('error.nothingToMatch', { source: p3ke ? 'DTKS' : 'P3KE' }), EXIT.failure, t('hint.ingestFirst', { source: p3ke ? 'dtks' : 'p3ke' }));
  }
  const settings = options.settings ? readSettings(options.settings) : {};
  const model = options.model ? readModel(options.model) : undefined;

  options.onPhase?.('loading');
  const loadStarted = performance.now();
  // Sized up front: columns that grow by doubling would cost ~200 MB more at a million rows.
  const builder = new MatchInputBuilder({ p3ke: p3ke.rowsAccepted, dtks: dtks.rowsAccepted });
  for (const record of recordFields(db, p3ke.id, MATCH_RECORD_FIELDS)) builder.add('p3ke', record);
  for (const record of recordFields(db, dtks.id, MATCH_RECORD_FIELDS)) builder.add('dtks', record);
  const input = builder.finish();
  const loadMs = Math.round(performance.now() - loadStarted);

  const decisions = listDecisions(db).map((d) => ({ p3keSourceId: d.p3keId, dtksSourceId: d.dtksId, decision: d.decision }));
  const outcome = matchInput(input, {
    threshold: options.threshold ?? settings.threshold,
    reviewThreshold: options.reviewThreshold ?? settings.reviewThreshold,
    blockingRules: settings.blockingRules,
    maxBlockPairs: settings.maxBlockPairs,
    model,
    decisions,
    onPhase: options.onPhase,
  });

  options.onPhase?.('saving');
  const timingsMs: Record<string, number> = { load: loadMs, ...outcome.stats.timingsMs };
  const run = saveRun(db, {
    p3keSnapshotId: p3ke.id,
    dtksSnapshotId: dtks.id,
    version: VERSION,
    startedAt,
    finishedAt: new Date().toISOString(),
    settings: {
      thresholds: { match: outcome.model.threshold, review: outcome.model.reviewThreshold },
      blockingRules: outcome.model.blockingRules,
      maxBlockPairs: settings.maxBlockPairs ?? null,
      modelSource: outcome.model.training.source,
      decisions: outcome.stats.decisions,
    },
    model: outcome.model,
    stats: {
      ...outcome.stats,
      counts: { matches: outcome.stats.links.match, review: outcome.stats.links.review, nik_conflicts: outcome.nikConflicts.length },
      timingsMs,
    },
    pairs: pairsInKeyOrder(outcome),
    duplicates: outcome.duplicates.flatMap((g) => g.recordIds.map((recordId) => ({ source: g.source, groupNo: g.group, recordId, reason: g.reason }))),
    families: outcome.families,
  });
  // Not the outcome itself: the reports that follow in `padan run` must not keep a million
  // persons' match structures alive (they added ~250 MB to the run's peak).
  return {
    run,
    counts: {
      p3kePersons: input.p3ke.n,
      dtksPersons: input.dtks.n,
      matches: outcome.stats.links.match,
      review: outcome.stats.links.review,
      nikConflicts: outcome.nikConflicts.length,
      candidatePairs: outcome.stats.candidatePairs,
    },
    seconds: (performance.now() - started) / 1000,
  };
}
