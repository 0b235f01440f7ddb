// Read-only queries behind the reports: the records each discrepancy category lists, in a fixed
// order so that the same run always gives byte-identical files.
import type { NormalisedPerson } from '../normalise/types.js';
import type { Db } from './open.js';
import { cellsOfRaw, fieldColumns, fieldsOfRow, personColumnsAs, personFromRow } from './records.js';
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

/** The pairs of a run of one kind (and status) joined to both records (p, d), by p3ke_id then dtks_id. */
function pairsQuery(columns: string, status: StoredPair['status'] | undefined): string {
  return `SELECT ${columns}
    FROM pairs JOIN records p ON p.id = pairs.p3ke_record_id JOIN records d ON d.id = pairs.dtks_record_id
    WHERE pairs.run_id = ? AND pairs.kind = ? ${status ? 'AND pairs.status = ?' : ''}
    ORDER BY p.source_id, d.source_id, p.id, d.id`;
}

/** Pairs of a run with both records, ordered by p3ke_id then dtks_id. */
export function* pairViews(db: Db, runId: number, kind: StoredPair['kind'], status?: StoredPair['status']): Generator<PairView> {
  const rows = db
    .prepare(
      pairsQuery(
        `pairs.kind, pairs.status, pairs.probability, pairs.match_weight AS matchWeight, pairs.method,
         pairs.p3ke_record_id AS p3keRecordId, pairs.dtks_record_id AS dtksRecordId,
         ${personColumnsAs('p', 'p_')}, ${personColumnsAs('d', 'd_')}`,
        status,
      ),
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

type PersonKey = keyof NormalisedPerson;

/**
 * `WHERE` terms for the records of one snapshot read in id order, for a query that reads most of
 * them and sorts them itself: through the (snapshot_id, source_id) index, each row is a lookup on
 * a random page (UUID ids), which took a million-record store seconds; a range of ids is read
 * in table order. The range covers the snapshot; `+snapshot_id` (no index) keeps only its rows.
 */
function snapshotRows(db: Db, alias: string, snapshotId: number): { where: string; params: number[] } {
  const range = db.prepare('SELECT min(id) AS first, max(id) AS last FROM records WHERE snapshot_id = ?').get(snapshotId) as { first: number | null; last: number | null };
  return { where: `${alias}.id BETWEEN ? AND ? AND +${alias}.snapshot_id = ?`, params: [range.first ?? 0, range.last ?? -1, snapshotId] };
}

/** What the reports read of each record of a pair: the fields they show or compare, no more. */
export const PAIR_SIDE_FIELDS = [
  'sourceId', 'familyId', 'nik', 'nikStatus', 'noKk', 'noKkStatus', 'nama', 'namaKey', 'namaTokens',
  'tglLahir', 'tglLahirFlag', 'jenisKelamin', 'kodeWilayah', 'alamat',
] as const satisfies readonly PersonKey[];
export type PairSide = Pick<NormalisedPerson, (typeof PAIR_SIDE_FIELDS)[number]>;

export interface PairRow {
  pair: Pick<StoredPair, 'status' | 'probability' | 'method'>;
  p3ke: PairSide;
  dtks: PairSide;
}

/**
 * Like pairViews, with only PAIR_SIDE_FIELDS of each record, read as arrays: whole persons as
 * objects of ninety properties cost reports at a million pairs most of their time.
 */
export function* pairRows(db: Db, runId: number, kind: StoredPair['kind'], status?: StoredPair['status']): Generator<PairRow> {
  const rows = db
    .prepare(
      pairsQuery(`pairs.status, pairs.probability, pairs.method, ${fieldColumns('p', PAIR_SIDE_FIELDS)}, ${fieldColumns('d', PAIR_SIDE_FIELDS)}`, status),
    )
    .raw(true)
    .iterate(...(status ? [runId, kind, status] : [runId, kind])) as IterableIterator<unknown[]>;
  for (const row of rows) {
    yield {
      pair: { status: row[0] as StoredPair['status'], probability: row[1] as number, method: row[2] as StoredPair['method'] },
      p3ke: fieldsOfRow(row, PAIR_SIDE_FIELDS, 3),
      dtks: fieldsOfRow(row, PAIR_SIDE_FIELDS, 3 + PAIR_SIDE_FIELDS.length),
    };
  }
}

/**
 * The given fields of the records of one side with no link in the run (neither match nor review).
 * P3KE ones come poorest first (desil), then by region, so the extreme-poor missing from DTKS
 * head the list.
 */
export function* unlinkedRecords<K extends PersonKey>(db: Db, runId: number, snapshotId: number, side: 'p3ke' | 'dtks', keys: readonly K[]): Generator<Pick<NormalisedPerson, K>> {
  const column = side === 'p3ke' ? 'p3ke_record_id' : 'dtks_record_id';
  const order = side === 'p3ke' ? 'r.desil IS NULL, r.desil, r.kode_wilayah, r.family_id, r.source_id, r.id' : 'r.kode_wilayah, r.family_id, r.source_id, r.id';
  const snapshot = snapshotRows(db, 'r', snapshotId);
  const rows = db
    .prepare(
      `SELECT ${fieldColumns('r', keys)} FROM records r
       WHERE ${snapshot.where} AND NOT EXISTS (SELECT 1 FROM pairs WHERE pairs.run_id = ? AND pairs.kind = 'link' AND pairs.${column} = r.id)
       ORDER BY ${order}`,
    )
    .raw(true)
    .iterate(...snapshot.params, runId) as IterableIterator<unknown[]>;
  for (const row of rows) yield fieldsOfRow(row, keys, 0);
}

const INVALID_NIK_FIELDS = ['sourceId', 'nikStatus', 'nikDetail'] as const satisfies readonly PersonKey[];

/** Records of a snapshot whose NIK is not valid, with their cells, by source id. */
export function* invalidNikRecords(
  db: Db,
  snapshotId: number,
): Generator<Pick<NormalisedPerson, (typeof INVALID_NIK_FIELDS)[number]> & { cells: string[]; nikColumn: number | null }> {
  const snapshot = db.prepare('SELECT mapping FROM snapshots WHERE id = ?').get(snapshotId) as { mapping: string } | undefined;
  const nikColumn = snapshot ? ((JSON.parse(snapshot.mapping) as Record<string, number>).nik ?? null) : null;
  const snapshotRange = snapshotRows(db, 'r', snapshotId);
  const rows = db
    .prepare(`SELECT r.raw, ${fieldColumns('r', INVALID_NIK_FIELDS)} FROM records r WHERE ${snapshotRange.where} AND r.nik_status <> 'valid' ORDER BY r.source_id, r.id`)
    .raw(true)
    .iterate(...snapshotRange.params) as IterableIterator<unknown[]>;
  // The cells whichever form the store keeps them in (records.ts).
  for (const row of rows) yield { ...fieldsOfRow(row, INVALID_NIK_FIELDS, 1), cells: cellsOfRaw(row[0] as string), nikColumn };
}

const DUPLICATE_FIELDS = ['sourceId', 'nik', 'nama', 'tglLahir', 'kodeWilayah'] as const satisfies readonly PersonKey[];

/** Members of duplicate groups, each with the file it came from (null before files were kept). */
export function* duplicateViews(
  db: Db,
  runId: number,
): Generator<Pick<NormalisedPerson, (typeof DUPLICATE_FIELDS)[number]> & { source: string; groupNo: number; reason: string; fileName: string | null }> {
  const rows = db
    .prepare(
      `SELECT duplicates.source, duplicates.group_no, duplicates.reason, f.file_name, ${fieldColumns('r', DUPLICATE_FIELDS)}
       FROM duplicates JOIN records r ON r.id = duplicates.record_id
       LEFT JOIN snapshot_files f ON f.snapshot_id = r.snapshot_id AND f.file_no = r.file_no
       WHERE duplicates.run_id = ? ORDER BY duplicates.source, duplicates.group_no, r.source_id, r.id`,
    )
    .raw(true)
    .iterate(runId) as IterableIterator<unknown[]>;
  for (const row of rows) {
    yield { ...fieldsOfRow(row, DUPLICATE_FIELDS, 4), source: row[0] as string, groupNo: row[1] as number, reason: row[2] as string, fileName: row[3] as string | null };
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
