// What writeback needs of a run, per record of one side's snapshot: its link (if any) and the
// linked record of the other side. Looked up by person id as each template row is read (the
// records_snapshot index), so no snapshot is held in memory: 300,000 placements took 160 MB.
import type { Source } from '../normalise/types.js';
import type { Db } from './open.js';
import { cellsOfRaw } from './records.js';
import type { LinkMethod, LinkStatus, Run } from './runs.js';

export interface OtherRecord {
  sourceId: string;
  familyId: string | null;
  noKk: string | null;
  nik: string | null;
  desil: number | null;
}

export interface Placement {
  sourceId: string;
  familyId: string | null;
  nik: string | null;
  nikStatus: string;
  link: { status: LinkStatus; probability: number; method: LinkMethod; other: OtherRecord } | null;
}

interface PlacementRow {
  sourceId: string;
  familyId: string | null;
  nik: string | null;
  nikStatus: string;
  status: LinkStatus | null;
  probability: number | null;
  method: LinkMethod | null;
  oSourceId: string | null;
  oFamilyId: string | null;
  oNoKk: string | null;
  oNoKkStatus: string | null;
  oRaw: string | null;
  oNik: string | null;
  oDesil: number | null;
}

/** Person id → placement; an id that occurs on several records gives their count instead. */
export interface Placements {
  get(sourceId: string): Placement | number | undefined;
}

/**
 * The placements of the records of `side` in the run's snapshot, by person id. An id that occurs
 * on several records gives their count: writeback cannot tell which row is which.
 */
export function placementsOf(db: Db, run: Run, side: Source): Placements {
  const [snapshotId, mine, theirs] = side === 'p3ke' ? [run.p3keSnapshotId, 'p3ke_record_id', 'dtks_record_id'] : [run.dtksSnapshotId, 'dtks_record_id', 'p3ke_record_id'];
  // On the DTKS side SQLite picks the primary key's (run_id, kind) prefix and scans every link of
  // the run for each record (measured: 10 minutes for 78k records); the DTKS index is named.
  const pairsIndex = side === 'p3ke' ? '' : 'INDEXED BY pairs_dtks';
  const statement = db.prepare(
    `SELECT r.source_id AS sourceId, r.family_id AS familyId, r.nik, r.nik_status AS nikStatus,
            p.status, p.probability, p.method,
            o.source_id AS oSourceId, o.family_id AS oFamilyId, o.no_kk AS oNoKk, o.no_kk_status AS oNoKkStatus, CASE WHEN o.no_kk_status <> 'valid' THEN o.raw END AS oRaw, o.nik AS oNik, o.desil AS oDesil
     FROM records r
     LEFT JOIN pairs p ${pairsIndex} ON p.run_id = ? AND p.kind = 'link' AND p.${mine} = r.id
     LEFT JOIN records o ON o.id = p.${theirs}
     WHERE r.snapshot_id = ? AND r.source_id = ?`,
  );
  // A KK number that is not valid is given as the other side's export wrote it: the cleaned digits
  // of `1.21209E+15` would be a guess.
  const otherSnapshot = side === 'p3ke' ? run.dtksSnapshotId : run.p3keSnapshotId;
  const mapping = JSON.parse((db.prepare('SELECT mapping FROM snapshots WHERE id = ?').get(otherSnapshot) as { mapping: string }).mapping) as Record<string, unknown>;
  const kkColumn = typeof mapping.no_kk === 'number' ? mapping.no_kk : null;
  const rawKk = (row: PlacementRow): string | null => (row.oRaw === null || kkColumn === null ? null : (cellsOfRaw(row.oRaw)[kkColumn]?.trim() ?? null));
  return {
    get(sourceId) {
      const rows = statement.all(run.id, snapshotId, sourceId) as PlacementRow[];
      if (rows.length !== 1) return rows.length === 0 ? undefined : rows.length;
      const row = rows[0]!;
      return {
        sourceId: row.sourceId,
        familyId: row.familyId,
        nik: row.nik,
        nikStatus: row.nikStatus,
        link:
          row.status && row.oSourceId !== null
            ? {
                status: row.status,
                probability: row.probability ?? 0,
                method: row.method ?? 'model',
                other: { sourceId: row.oSourceId, familyId: row.oFamilyId, noKk: row.oNoKkStatus === 'valid' ? row.oNoKk : rawKk(row), nik: row.oNik, desil: row.oDesil },
              }
            : null,
      };
    },
  };
}
