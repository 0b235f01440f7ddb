// Read-only queries behind the reports: the records each discrepancy category lists, in a fixed
// order so that the same run always gives byte-identical files.
import type { NormalisedPerson } from '../normalise/types.js';
import type { Db } from './open.js';
import { cellsOfRaw, personColumnsAs, personFromRow } from './records.js';
import type { StoredPair } from './runs.js';

export interface RecordView {
  id: number;
  line: number;
  person: NormalisedPerson;
}

export interface PairView {
  pair: StoredPair;
  p3ke: RecordView;
  dtks: RecordView;
}

const view = (row: Record<string, unknown>, prefix: string): RecordView => ({
  id: row[`${prefix}id`] as number,
  line: row[`${prefix}line`] as number,
  person: personFromRow(row, prefix),
});

/** Pairs of a run with both records, ordered by p3ke_id then dtks_id. */
export function* pairViews(db: Db, runId: number, kind: StoredPair['kind'], status?: StoredPair['status']): Generator<PairView> {
  const rows = db
    .prepare(
      `SELECT pairs.kind, pairs.status, pairs.probability, pairs.match_weight AS matchWeight, pairs.method,
              pairs.p3ke_record_id AS p3keRecordId, pairs.dtks_record_id AS dtksRecordId,
              ${personColumnsAs('p', 'p_')}, ${personColumnsAs('d', 'd_')}
       FROM pairs JOIN records p ON p.id = pairs.p3ke_record_id JOIN records d ON d.id = pairs.dtks_record_id
       WHERE pairs.run_id = ? AND pairs.kind = ? ${status ? 'AND pairs.status = ?' : ''}
       ORDER BY p.source_id, d.source_id, p.id, d.id`,
    )
    .iterate(...(status ? [runId, kind, status] : [runId, kind])) as IterableIterator<Record<string, unknown>>;
  for (const row of rows) {
    yield {
      pair: {
        kind: row.kind as StoredPair['kind'],
        status: row.status as StoredPair['status'],
        probability: row.probability as number,
        matchWeight: row.matchWeight as number,
        method: row.method as StoredPair['method'],
        p3keRecordId: row.p3keRecordId as number,
        dtksRecordId: row.dtksRecordId as number,
      },
      p3ke: view(row, 'p_'),
      dtks: view(row, 'd_'),
    };
  }
}

/**
 * Records of one side with no link in the run (neither match nor review). P3KE ones come poorest
 * first (desil), then by region, so the extreme-poor missing from DTKS head the list.
 */
export function* unlinkedRecords(db: Db, runId: number, snapshotId: number, side: 'p3ke' | 'dtks'): Generator<RecordView> {
  const column = side === 'p3ke' ? 'p3ke_record_id' : 'dtks_record_id';
  const order = side === 'p3ke' ? 'r.desil IS NULL, r.desil, r.kode_wilayah, r.family_id, r.source_id, r.id' : 'r.kode_wilayah, r.family_id, r.source_id, r.id';
  const rows = db
    .prepare(
      `SELECT ${personColumnsAs('r', '')} FROM records r
       WHERE r.snapshot_id = ? AND NOT EXISTS (SELECT 1 FROM pairs WHERE pairs.run_id = ? AND pairs.kind = 'link' AND pairs.${column} = r.id)
       ORDER BY ${order}`,
    )
    .iterate(snapshotId, runId) as IterableIterator<Record<string, unknown>>;
  for (const row of rows) yield view(row, '');
}

export function* invalidNikRecords(db: Db, snapshotId: number): Generator<RecordView & { raw: string; nikColumn: number | null }> {
  const snapshot = db.prepare('SELECT mapping FROM snapshots WHERE id = ?').get(snapshotId) as { mapping: string } | undefined;
  const nikColumn = snapshot ? ((JSON.parse(snapshot.mapping) as Record<string, number>).nik ?? null) : null;
  const rows = db
    .prepare(`SELECT ${personColumnsAs('r', '')}, r.raw AS raw FROM records r WHERE r.snapshot_id = ? AND r.nik_status <> 'valid' ORDER BY r.source_id, r.id`)
    .iterate(snapshotId) as IterableIterator<Record<string, unknown>>;
  // `raw` as the JSON array of the cells, whichever form the store keeps them in (records.ts).
  for (const row of rows) yield { ...view(row, ''), raw: JSON.stringify(cellsOfRaw(row.raw as string)), nikColumn };
}

/** Members of duplicate groups, each with the file it came from (null before files were kept). */
export function* duplicateViews(db: Db, runId: number): Generator<RecordView & { source: string; groupNo: number; reason: string; fileName: string | null }> {
  const rows = db
    .prepare(
      `SELECT duplicates.source AS dup_source, duplicates.group_no AS dup_group, duplicates.reason AS dup_reason, f.file_name AS dup_file, ${personColumnsAs('r', '')}
       FROM duplicates JOIN records r ON r.id = duplicates.record_id
       LEFT JOIN snapshot_files f ON f.snapshot_id = r.snapshot_id AND f.file_no = r.file_no
       WHERE duplicates.run_id = ? ORDER BY duplicates.source, duplicates.group_no, r.source_id, r.id`,
    )
    .iterate(runId) as IterableIterator<Record<string, unknown>>;
  for (const row of rows) {
    yield { ...view(row, ''), source: row.dup_source as string, groupNo: row.dup_group as number, reason: row.dup_reason as string, fileName: row.dup_file as string | null };
  }
}

export function countRecords(db: Db, snapshotId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM records WHERE snapshot_id = ?').get(snapshotId) as { n: number }).n;
}

/**
 * How often a name value occurs in two snapshots, for explaining a stored run with the term
 * frequencies it was scored with (the saved model keeps only common names: rare ones are
 * personal data). Queried lazily: explain asks for a handful of values.
 */
export function nameValueCounts(db: Db, snapshotIds: readonly [number, number]): { total: number; count(table: 'nama' | 'namaTokens' | 'namaKey' | 'token', value: string): number } {
  const total = (db.prepare('SELECT count(*) AS n FROM records WHERE snapshot_id IN (?, ?)').get(...snapshotIds) as { n: number }).n;
  const exact = {
    nama: db.prepare('SELECT count(*) AS n FROM records WHERE snapshot_id IN (?, ?) AND nama = ?'),
    namaTokens: db.prepare('SELECT count(*) AS n FROM records WHERE snapshot_id IN (?, ?) AND nama_tokens = ?'),
  };
  const keysWith = db.prepare("SELECT nama_key AS key FROM records WHERE snapshot_id IN (?, ?) AND instr(' ' || nama_key || ' ', ' ' || ? || ' ') > 0");
  const sortedKey = (key: string): string => key.split(' ').sort().join(' ');
  return {
    total,
    count(table, value) {
      if (table === 'nama' || table === 'namaTokens') return (exact[table].get(...snapshotIds, value) as { n: number }).n;
      const first = value.split(' ')[0] ?? '';
      const keys = (keysWith.all(...snapshotIds, first) as { key: string }[]).map((r) => r.key);
      // `token`: records whose key holds the token; `namaKey`: records whose sorted key is the value.
      return table === 'token' ? keys.length : keys.filter((key) => sortedKey(key) === value).length;
    },
  };
}
