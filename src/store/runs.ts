// Runs: one match of the newest P3KE snapshot against the newest DTKS snapshot, and its findings.
// A run is written in one transaction: a killed run leaves the previous runs as they were.
import type { Source } from '../normalise/types.js';
import type { Db } from './open.js';

export type PairKind = 'link' | 'alternative' | 'nik_conflict';
export type LinkStatus = 'match' | 'review';
export type LinkMethod = 'nik' | 'model' | 'manual';
export type FamilyPattern = 'same' | 'split' | 'merged' | 'partial';

export interface StoredPair {
  kind: PairKind;
  p3keRecordId: number;
  dtksRecordId: number;
  status: LinkStatus | null;
  probability: number;
  matchWeight: number;
  method: LinkMethod;
}

export interface StoredDuplicate {
  source: Source;
  groupNo: number;
  recordId: number;
  reason: 'same_nik' | 'same_person';
}

export interface StoredFamily {
  p3keFamilyId: string;
  dtksHouseholdId: string;
  p3keMembers: number;
  dtksMembers: number;
  linkedMembers: number;
  pattern: FamilyPattern;
}

export interface RunInput {
  p3keSnapshotId: number;
  dtksSnapshotId: number;
  version: string;
  startedAt: string;
  finishedAt: string;
  settings: unknown;
  model: unknown;
  stats: unknown;
  /** Written in the order given: in primary-key order (kind, P3KE, DTKS) each insert appends. */
  pairs: Iterable<StoredPair>;
  duplicates: readonly StoredDuplicate[];
  families: readonly StoredFamily[];
}

export interface Run {
  id: number;
  p3keSnapshotId: number;
  dtksSnapshotId: number;
  version: string;
  startedAt: string;
  finishedAt: string;
  settings: unknown;
  model: unknown;
  stats: unknown;
}

interface RunRow {
  id: number;
  p3ke_snapshot_id: number;
  dtks_snapshot_id: number;
  version: string;
  started_at: string;
  finished_at: string;
  settings: string;
  model: string;
  stats: string;
}

const toRun = (row: RunRow): Run => ({
  id: row.id,
  p3keSnapshotId: row.p3ke_snapshot_id,
  dtksSnapshotId: row.dtks_snapshot_id,
  version: row.version,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  settings: JSON.parse(row.settings),
  model: JSON.parse(row.model),
  stats: JSON.parse(row.stats),
});

export function saveRun(db: Db, run: RunInput): Run {
  return db
    .transaction((): Run => {
      const { lastInsertRowid } = db
        .prepare(
          `INSERT INTO runs (p3ke_snapshot_id, dtks_snapshot_id, version, started_at, finished_at, settings, model, stats)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(run.p3keSnapshotId, run.dtksSnapshotId, run.version, run.startedAt, run.finishedAt, JSON.stringify(run.settings), JSON.stringify(run.model), JSON.stringify(run.stats));
      const id = Number(lastInsertRowid);
      const pair = db.prepare(
        'INSERT INTO pairs (run_id, kind, p3ke_record_id, dtks_record_id, status, probability, match_weight, method) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const p of run.pairs) pair.run(id, p.kind, p.p3keRecordId, p.dtksRecordId, p.status, p.probability, p.matchWeight, p.method);
      const duplicate = db.prepare('INSERT INTO duplicates (run_id, source, group_no, record_id, reason) VALUES (?, ?, ?, ?, ?)');
      for (const d of run.duplicates) duplicate.run(id, d.source, d.groupNo, d.recordId, d.reason);
      const family = db.prepare(
        'INSERT INTO families (run_id, p3ke_family_id, dtks_household_id, p3ke_members, dtks_members, linked_members, pattern) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const f of run.families) family.run(id, f.p3keFamilyId, f.dtksHouseholdId, f.p3keMembers, f.dtksMembers, f.linkedMembers, f.pattern);
      return runById(db, id)!;
    })
    .immediate();
}

export function runById(db: Db, id: number): Run | undefined {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  return row ? toRun(row) : undefined;
}

export function latestRun(db: Db): Run | undefined {
  const row = db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT 1').get() as RunRow | undefined;
  return row ? toRun(row) : undefined;
}

/** The run before `id`, for "what changed since last night". */
/**
 * The run before `id` that changes are counted against: the newest whose reports the nightly job
 * wrote completely, else (no run reported yet, e.g. runs made with `padan match`) the newest.
 */
export function previousRun(db: Db, id: number): Run | undefined {
  const row = db.prepare('SELECT * FROM runs WHERE id < ? ORDER BY reported_at IS NOT NULL DESC, id DESC LIMIT 1').get(id) as RunRow | undefined;
  return row ? toRun(row) : undefined;
}

/** The ids of the runs whose reports `padan run` wrote completely. */
export function reportedRunIds(db: Db): number[] {
  return (db.prepare('SELECT id FROM runs WHERE reported_at IS NOT NULL ORDER BY id').all() as { id: number }[]).map((r) => r.id);
}

/** Records that the reports of a run were written completely (padan run, after the last rename). */
export function markReported(db: Db, id: number, at: string): void {
  db.prepare('UPDATE runs SET reported_at = ? WHERE id = ?').run(at, id);
}

export function listRuns(db: Db): Run[] {
  return (db.prepare('SELECT * FROM runs ORDER BY id').all() as RunRow[]).map(toRun);
}

export function pairsOf(db: Db, runId: number, kind: PairKind): StoredPair[] {
  return db
    .prepare(
      `SELECT kind, p3ke_record_id AS p3keRecordId, dtks_record_id AS dtksRecordId, status, probability, match_weight AS matchWeight, method
       FROM pairs WHERE run_id = ? AND kind = ? ORDER BY p3ke_record_id, dtks_record_id`,
    )
    .all(runId, kind) as StoredPair[];
}

export function duplicatesOf(db: Db, runId: number): StoredDuplicate[] {
  return db
    .prepare('SELECT source, group_no AS groupNo, record_id AS recordId, reason FROM duplicates WHERE run_id = ? ORDER BY source, group_no, record_id')
    .all(runId) as StoredDuplicate[];
}

export function familiesOf(db: Db, runId: number): StoredFamily[] {
  return db
    .prepare(
      `SELECT p3ke_family_id AS p3keFamilyId, dtks_household_id AS dtksHouseholdId, p3ke_members AS p3keMembers,
              dtks_members AS dtksMembers, linked_members AS linkedMembers, pattern
       FROM families WHERE run_id = ? ORDER BY p3ke_family_id, dtks_household_id`,
    )
    .all(runId) as StoredFamily[];
}

export interface Decision {
  p3keId: string;
  dtksId: string;
  decision: 'same' | 'different';
  reviewer: string;
  decidedAt: string;
  note: string | null;
}

export function listDecisions(db: Db): Decision[] {
  return db
    .prepare('SELECT p3ke_id AS p3keId, dtks_id AS dtksId, decision, reviewer, decided_at AS decidedAt, note FROM decisions ORDER BY p3ke_id, dtks_id')
    .all() as Decision[];
}
