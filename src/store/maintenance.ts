// Keeping a store healthy: the check an officer runs after a crash or before a backup, and the
// retention purge the data protection law asks for (UU PDP No. 27/2022: keep no longer than needed).
import type Database from 'better-sqlite3';
import type { Db } from './open.js';
import { SCHEMA_VERSION } from './migrations/index.js';

/** Every table of the schema, in the order `padan check` lists them. */
export const TABLES = ['snapshots', 'snapshot_files', 'records', 'rejects', 'runs', 'pairs', 'duplicates', 'families', 'decisions'] as const;
export type TableName = (typeof TABLES)[number];

/**
 * Rows that point at nothing, or that a finished write never leaves behind. Each is a constant
 * query: `problem` ones make `padan check` fail, `warning` ones are expected after a purge.
 */
const ORPHAN_QUERIES: readonly { name: string; severity: 'problem' | 'warning'; what: string; sql: string }[] = [
  {
    name: 'unfinished_snapshots',
    severity: 'problem',
    what: 'snapshots without their final counts (a half-written ingest)',
    sql: "SELECT count(*) AS n FROM snapshots WHERE finished_at = '' OR sha256 = ''",
  },
  {
    name: 'records_without_snapshot',
    severity: 'problem',
    what: 'records whose snapshot is gone',
    sql: 'SELECT count(*) AS n FROM records WHERE snapshot_id NOT IN (SELECT id FROM snapshots)',
  },
  {
    name: 'rejects_without_snapshot',
    severity: 'problem',
    what: 'rejected rows whose snapshot is gone',
    sql: 'SELECT count(*) AS n FROM rejects WHERE snapshot_id NOT IN (SELECT id FROM snapshots)',
  },
  {
    name: 'runs_without_snapshot',
    severity: 'problem',
    what: 'runs whose P3KE or DTKS snapshot is gone',
    sql: 'SELECT count(*) AS n FROM runs WHERE p3ke_snapshot_id NOT IN (SELECT id FROM snapshots) OR dtks_snapshot_id NOT IN (SELECT id FROM snapshots)',
  },
  {
    name: 'pairs_without_run',
    severity: 'problem',
    what: 'person pairs whose run is gone',
    sql: 'SELECT count(*) AS n FROM pairs WHERE run_id NOT IN (SELECT id FROM runs)',
  },
  {
    name: 'pairs_without_record',
    severity: 'problem',
    what: 'person pairs naming a record that is gone',
    sql: 'SELECT count(*) AS n FROM pairs WHERE p3ke_record_id NOT IN (SELECT id FROM records) OR dtks_record_id NOT IN (SELECT id FROM records)',
  },
  {
    name: 'duplicates_without_run',
    severity: 'problem',
    what: 'duplicate-group rows whose run or record is gone',
    sql: 'SELECT count(*) AS n FROM duplicates WHERE run_id NOT IN (SELECT id FROM runs) OR record_id NOT IN (SELECT id FROM records)',
  },
  {
    name: 'files_without_snapshot',
    severity: 'problem',
    what: 'export-file rows whose snapshot is gone',
    sql: 'SELECT count(*) AS n FROM snapshot_files WHERE snapshot_id NOT IN (SELECT id FROM snapshots)',
  },
  {
    name: 'families_without_run',
    severity: 'problem',
    what: 'family rows whose run is gone',
    sql: 'SELECT count(*) AS n FROM families WHERE run_id NOT IN (SELECT id FROM runs)',
  },
  {
    // A decision outlives the snapshots it was made on (it is keyed by source ids), so one that
    // matches no stored record is worth a look but is not damage.
    name: 'decisions_referencing_nothing',
    severity: 'warning',
    what: 'reviewer decisions whose P3KE or DTKS person is in no stored snapshot',
    sql: `SELECT count(*) AS n FROM decisions d
          WHERE NOT EXISTS (SELECT 1 FROM records r JOIN snapshots s ON s.id = r.snapshot_id WHERE s.source = 'p3ke' AND r.source_id = d.p3ke_id)
             OR NOT EXISTS (SELECT 1 FROM records r JOIN snapshots s ON s.id = r.snapshot_id WHERE s.source = 'dtks' AND r.source_id = d.dtks_id)`,
  },
];

const COUNT_SQL: Record<TableName, string> = Object.fromEntries(TABLES.map((t) => [t, `SELECT count(*) AS n FROM ${t}`])) as Record<TableName, string>;

export interface CheckResult {
  ok: boolean;
  integrity: string[];
  schemaVersion: number;
  expectedSchemaVersion: number;
  counts: Record<TableName, number>;
  orphans: { name: string; severity: 'problem' | 'warning'; what: string; rows: number }[];
  problems: string[];
  warnings: string[];
}

/** A query that a damaged file makes throw: the damage becomes a problem to report, not a crash. */
function damaged<T>(problems: string[], what: string, query: () => T, fallback: T): T {
  try {
    return query();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'SQLITE_CORRUPT' && code !== 'SQLITE_NOTADB' && code !== 'SQLITE_IOERR') throw error;
    problems.push(`${what}: ${code} (${(error as Error).message})`);
    return fallback;
  }
}

/** Integrity, schema version, orphaned rows and a count per table; `ok` is false on any problem. */
export function checkStore(db: Db): CheckResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const integrity = damaged(problems, 'integrity_check', () => (db.pragma('integrity_check') as { integrity_check: string }[]).flatMap((r) => r.integrity_check.split('\n')), ['failed']);
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  if (!(integrity.length === 1 && integrity[0] === 'ok')) problems.push(`integrity_check: ${integrity.slice(0, 5).join('; ')}${integrity.length > 5 ? ` (and ${integrity.length - 5} more)` : ''}`);
  if (schemaVersion !== SCHEMA_VERSION) problems.push(`schema version ${schemaVersion}, this padan expects ${SCHEMA_VERSION}`);
  const counts = Object.fromEntries(TABLES.map((t) => [t, damaged(problems, `counting ${t}`, () => (db.prepare(COUNT_SQL[t]).get() as { n: number }).n, -1)])) as Record<TableName, number>;
  const orphans = ORPHAN_QUERIES.map((q) => ({ name: q.name, severity: q.severity, what: q.what, rows: damaged(problems, q.name, () => (db.prepare(q.sql).get() as { n: number }).n, 0) }));
  for (const o of orphans) {
    if (o.rows === 0) continue;
    (o.severity === 'problem' ? problems : warnings).push(`${o.rows} ${o.what} (${o.name})`);
  }
  return { ok: problems.length === 0, integrity, schemaVersion, expectedSchemaVersion: SCHEMA_VERSION, counts, orphans, problems, warnings };
}

export interface PurgePlan {
  before: string;
  runs: { id: number; startedAt: string }[];
  snapshots: { id: number; source: string; finishedAt: string; rows: number }[];
  kept: { newestSnapshots: number[]; newestRun: number | null; snapshotsOfKeptRuns: number[] };
}

/**
 * What a purge before `before` (an ISO date or time, compared with the stored ISO timestamps)
 * would delete. Never the newest snapshot of a source, never the newest run (the next night's
 * changes.csv compares against it), never a snapshot a kept run was matched on.
 */
export function planPurge(db: Db, before: string): PurgePlan {
  const newestRun = (db.prepare('SELECT max(id) AS id FROM runs').get() as { id: number | null }).id;
  const runs = db
    .prepare('SELECT id, started_at AS startedAt FROM runs WHERE started_at < ? AND id IS NOT ? ORDER BY id')
    .all(before, newestRun) as { id: number; startedAt: string }[];
  const purgedRuns = new Set(runs.map((r) => r.id));
  const newestSnapshots = (db.prepare('SELECT max(id) AS id FROM snapshots GROUP BY source ORDER BY source').all() as { id: number }[]).map((r) => r.id);
  const usedByKeptRuns = new Set<number>();
  for (const r of db.prepare('SELECT id, p3ke_snapshot_id AS p, dtks_snapshot_id AS d FROM runs').all() as { id: number; p: number; d: number }[]) {
    if (purgedRuns.has(r.id)) continue;
    usedByKeptRuns.add(r.p);
    usedByKeptRuns.add(r.d);
  }
  const snapshots = (
    db
      .prepare('SELECT id, source, finished_at AS finishedAt, rows_read AS rows FROM snapshots WHERE finished_at < ? ORDER BY id')
      .all(before) as { id: number; source: string; finishedAt: string; rows: number }[]
  ).filter((s) => !newestSnapshots.includes(s.id) && !usedByKeptRuns.has(s.id));
  return {
    before,
    runs,
    snapshots,
    kept: { newestSnapshots, newestRun, snapshotsOfKeptRuns: [...usedByKeptRuns].sort((a, b) => a - b) },
  };
}

/** Deletes what the plan names in one transaction (all or nothing), then VACUUMs the freed pages away. */
export function applyPurge(db: Db, plan: PurgePlan): { deletedRows: Record<TableName, number> } {
  const deletedRows = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<TableName, number>;
  const byRun = {
    pairs: db.prepare('DELETE FROM pairs WHERE run_id = ?'),
    duplicates: db.prepare('DELETE FROM duplicates WHERE run_id = ?'),
    families: db.prepare('DELETE FROM families WHERE run_id = ?'),
    runs: db.prepare('DELETE FROM runs WHERE id = ?'),
  } as const;
  const bySnapshot = {
    rejects: db.prepare('DELETE FROM rejects WHERE snapshot_id = ?'),
    records: db.prepare('DELETE FROM records WHERE snapshot_id = ?'),
    snapshot_files: db.prepare('DELETE FROM snapshot_files WHERE snapshot_id = ?'),
    snapshots: db.prepare('DELETE FROM snapshots WHERE id = ?'),
  } as const;
  db.transaction(() => {
    for (const run of plan.runs) {
      for (const [table, statement] of Object.entries(byRun) as [TableName, Database.Statement][]) deletedRows[table] += statement.run(run.id).changes;
    }
    for (const snapshot of plan.snapshots) {
      for (const [table, statement] of Object.entries(bySnapshot) as [TableName, Database.Statement][]) deletedRows[table] += statement.run(snapshot.id).changes;
    }
  }).immediate();
  // Deleted personal data stays readable in free pages and the WAL until they are overwritten:
  // VACUUM rewrites the file without them, and the checkpoint empties the WAL.
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { deletedRows };
}
