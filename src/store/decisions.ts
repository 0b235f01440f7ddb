// Reviewer decisions: stored against the stable source ids of both records (never row ids), so
// they survive new snapshots; every later match applies them before the model.
import type { Db } from './open.js';
import type { Decision } from './runs.js';

export type { Decision } from './runs.js';
export { listDecisions } from './runs.js';

/**
 * Writes decisions in one transaction. A decision that says what the stored one says (decision,
 * reviewer, note) changes nothing and keeps its original time, so importing the same file twice
 * is a no-op. Returns how many rows were new or changed.
 */
export function saveDecisions(db: Db, decisions: readonly Decision[]): { written: number; unchanged: number } {
  const current = db.prepare('SELECT decision, reviewer, note FROM decisions WHERE p3ke_id = ? AND dtks_id = ?');
  const upsert = db.prepare(
    `INSERT INTO decisions (p3ke_id, dtks_id, decision, reviewer, decided_at, note) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (p3ke_id, dtks_id) DO UPDATE SET decision = excluded.decision, reviewer = excluded.reviewer,
       decided_at = excluded.decided_at, note = excluded.note`,
  );
  return db
    .transaction(() => {
      let written = 0;
      let unchanged = 0;
      for (const d of decisions) {
        const had = current.get(d.p3keId, d.dtksId) as Pick<Decision, 'decision' | 'reviewer' | 'note'> | undefined;
        if (had && had.decision === d.decision && had.reviewer === d.reviewer && had.note === d.note) {
          unchanged += 1;
          continue;
        }
        upsert.run(d.p3keId, d.dtksId, d.decision, d.reviewer, d.decidedAt, d.note);
        written += 1;
      }
      return { written, unchanged };
    })
    .immediate();
}

/** Decisions naming a P3KE or DTKS id that the given snapshots no longer hold. */
export function orphanDecisions(db: Db, p3keSnapshotId: number, dtksSnapshotId: number): (Decision & { missing: ('p3ke' | 'dtks')[] })[] {
  const rows = db
    .prepare(
      `SELECT d.p3ke_id AS p3keId, d.dtks_id AS dtksId, d.decision, d.reviewer, d.decided_at AS decidedAt, d.note,
              NOT EXISTS (SELECT 1 FROM records r WHERE r.snapshot_id = ? AND r.source_id = d.p3ke_id) AS p3keMissing,
              NOT EXISTS (SELECT 1 FROM records r WHERE r.snapshot_id = ? AND r.source_id = d.dtks_id) AS dtksMissing
       FROM decisions d ORDER BY d.p3ke_id, d.dtks_id`,
    )
    .all(p3keSnapshotId, dtksSnapshotId) as (Decision & { p3keMissing: number; dtksMissing: number })[];
  return rows
    .filter((r) => r.p3keMissing || r.dtksMissing)
    .map(({ p3keMissing, dtksMissing, ...d }) => ({ ...d, missing: [...(p3keMissing ? ['p3ke' as const] : []), ...(dtksMissing ? ['dtks' as const] : [])] }));
}

export function decisionFor(db: Db, p3keId: string, dtksId: string): Decision | undefined {
  return db
    .prepare('SELECT p3ke_id AS p3keId, dtks_id AS dtksId, decision, reviewer, decided_at AS decidedAt, note FROM decisions WHERE p3ke_id = ? AND dtks_id = ?')
    .get(p3keId, dtksId) as Decision | undefined;
}

/** Takes a decision back (undo in the review session): the previous one is restored, or none. */
export function restoreDecision(db: Db, p3keId: string, dtksId: string, previous: Decision | undefined): void {
  db.transaction(() => {
    db.prepare('DELETE FROM decisions WHERE p3ke_id = ? AND dtks_id = ?').run(p3keId, dtksId);
    if (previous) saveDecisions(db, [previous]);
  })();
}
