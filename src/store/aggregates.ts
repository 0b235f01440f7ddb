// Aggregate counts behind the HTML report page: per area, per pattern, per run. Counts only, so
// the page carries no NIK, KK or name unless it asks for them separately.
import type { Db } from './open.js';
import type { FamilyPattern } from './runs.js';

export interface UnlinkedAreaCount {
  kodeKecamatan: string | null;
  kecamatan: string | null;
  kodeWilayah: string | null;
  desa: string | null;
  desil: number | null;
  /** P3KE persons with no DTKS link. */
  persons: number;
  /** P3KE families none of whose members has a DTKS link (a record without family id counts alone). */
  families: number;
}

/** P3KE-only persons and wholly unlinked families of a run, per desa and desil. */
export function p3keOnlyByDesa(db: Db, runId: number, snapshotId: number): UnlinkedAreaCount[] {
  return db
    .prepare(
      `WITH r AS (
         SELECT coalesce(family_id, 'record:' || id) AS family, kode_kecamatan, kecamatan, kode_wilayah, desa, desil,
                EXISTS (SELECT 1 FROM pairs WHERE pairs.run_id = ? AND pairs.kind = 'link' AND pairs.p3ke_record_id = records.id) AS linked
         FROM records WHERE snapshot_id = ?),
       f AS (
         SELECT kode_kecamatan, max(kecamatan) AS kecamatan, kode_wilayah, max(desa) AS desa, desil,
                sum(NOT linked) AS unlinked, max(linked) AS any_linked
         FROM r GROUP BY family, kode_kecamatan, kode_wilayah, desil)
       SELECT kode_kecamatan AS kodeKecamatan, max(kecamatan) AS kecamatan, kode_wilayah AS kodeWilayah, max(desa) AS desa, desil,
              sum(unlinked) AS persons, sum(any_linked = 0) AS families
       FROM f GROUP BY kode_kecamatan, kode_wilayah, desil HAVING sum(unlinked) > 0
       ORDER BY kode_kecamatan, kode_wilayah, desil`,
    )
    .all(runId, snapshotId) as UnlinkedAreaCount[];
}

export function familyPatternCounts(db: Db, runId: number): Record<FamilyPattern, number> {
  const counts: Record<FamilyPattern, number> = { same: 0, split: 0, merged: 0, partial: 0 };
  const rows = db.prepare('SELECT pattern, count(*) AS n FROM families WHERE run_id = ? GROUP BY pattern').all(runId) as { pattern: FamilyPattern; n: number }[];
  for (const row of rows) counts[row.pattern] = row.n;
  return counts;
}

export interface RunTrendPoint {
  runId: number;
  startedAt: string;
  matches: number;
  review: number;
  nikConflict: number;
  p3keOnly: number;
  dtksOnly: number;
}

/** The main categories of every stored run up to `lastRunId`, oldest first. */
export function runTrend(db: Db, lastRunId: number): RunTrendPoint[] {
  return db
    .prepare(
      `SELECT runs.id AS runId, runs.started_at AS startedAt,
              (SELECT count(*) FROM pairs WHERE run_id = runs.id AND kind = 'link') AS matches,
              (SELECT count(*) FROM pairs WHERE run_id = runs.id AND kind = 'link' AND status = 'review') AS review,
              (SELECT count(*) FROM pairs WHERE run_id = runs.id AND kind = 'nik_conflict') AS nikConflict,
              (SELECT count(*) FROM records WHERE snapshot_id = runs.p3ke_snapshot_id)
                - (SELECT count(DISTINCT p3ke_record_id) FROM pairs WHERE run_id = runs.id AND kind = 'link') AS p3keOnly,
              (SELECT count(*) FROM records WHERE snapshot_id = runs.dtks_snapshot_id)
                - (SELECT count(DISTINCT dtks_record_id) FROM pairs WHERE run_id = runs.id AND kind = 'link') AS dtksOnly
       FROM runs WHERE runs.id <= ? ORDER BY runs.id`,
    )
    .all(lastRunId) as RunTrendPoint[];
}
