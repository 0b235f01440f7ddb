// Records: one row per accepted input row, its cells verbatim beside the canonical fields.
// The column list is one table used for writing and reading, so the two can never drift.
import type { NormalisedPerson, Source } from '../normalise/types.js';
import type { Db } from './open.js';

type PersonKey = keyof NormalisedPerson;

/** canonical person field → column; JSON-valued fields are encoded separately below. */
const COLUMNS: readonly [PersonKey, string][] = [
  ['sourceId', 'source_id'],
  ['familyId', 'family_id'],
  ['nik', 'nik'],
  ['nikStatus', 'nik_status'],
  ['nikDetail', 'nik_detail'],
  ['nikTglLahir', 'nik_tgl_lahir'],
  ['nikSex', 'nik_sex'],
  ['noKk', 'no_kk'],
  ['noKkStatus', 'no_kk_status'],
  ['nama', 'nama'],
  ['namaGelar', 'nama_gelar'],
  ['namaBin', 'nama_bin'],
  ['namaKey', 'nama_key'],
  ['namaTokens', 'nama_tokens'],
  ['namaInitials', 'nama_initials'],
  ['tglLahir', 'tgl_lahir'],
  ['tglLahirFlag', 'tgl_lahir_flag'],
  ['jenisKelamin', 'jenis_kelamin'],
  ['hubungan', 'hubungan'],
  ['tempatLahir', 'tempat_lahir'],
  ['namaIbu', 'nama_ibu'],
  ['kodeWilayah', 'kode_wilayah'],
  ['kodeProvinsi', 'kode_provinsi'],
  ['kodeKabupaten', 'kode_kabupaten'],
  ['kodeKecamatan', 'kode_kecamatan'],
  ['wilayahStatus', 'wilayah_status'],
  ['provinsi', 'provinsi'],
  ['kabupaten', 'kabupaten'],
  ['kecamatan', 'kecamatan'],
  ['desa', 'desa'],
  ['alamat', 'alamat'],
  ['dusun', 'dusun'],
  ['rt', 'rt'],
  ['rw', 'rw'],
  ['desil', 'desil'],
  ['persentil', 'persentil'],
];

const PERSON_COLUMNS = [...COLUMNS.map(([, column]) => column), 'padan_dukcapil', 'programmes', 'flags'];

function personValues(person: NormalisedPerson): unknown[] {
  const values: unknown[] = COLUMNS.map(([key]) => person[key]);
  values.push(person.padanDukcapil === null ? null : person.padanDukcapil ? 1 : 0);
  values.push(JSON.stringify(person.programmes));
  values.push(JSON.stringify(person.flags));
  return values;
}

export interface StoredRecord {
  id: number;
  snapshotId: number;
  line: number;
  cells: string[];
  person: NormalisedPerson;
}

type RecordRow = Record<string, unknown> & { id: number; snapshot_id: number; line: number; raw: string };

/** Reads a person from a row; `prefix` selects one side of a join (see personColumnsAs). */
export function personFromRow(row: Record<string, unknown>, prefix = ''): NormalisedPerson {
  const person: Record<string, unknown> = {};
  for (const [key, column] of COLUMNS) person[key] = row[prefix + column] ?? null;
  const padan = row[`${prefix}padan_dukcapil`];
  person.padanDukcapil = padan === null || padan === undefined ? null : padan === 1;
  person.programmes = JSON.parse(String(row[`${prefix}programmes`] ?? '{}'));
  person.flags = JSON.parse(String(row[`${prefix}flags`] ?? '[]'));
  return person as unknown as NormalisedPerson;
}

/** `alias.column AS prefixcolumn, ...` for every person column: both sides of a pair in one row. */
export function personColumnsAs(alias: string, prefix: string): string {
  return ['id', 'line', ...PERSON_COLUMNS].map((column) => `${alias}.${column} AS ${prefix}${column}`).join(', ');
}

export interface RecordInput {
  line: number;
  cells: string[];
  person: NormalisedPerson;
}

/** A prepared insert for one snapshot: prepared once, run per row inside the caller's transaction. */
export function recordInserter(db: Db, snapshotId: number): (rows: readonly RecordInput[]) => void {
  const columns = ['snapshot_id', 'line', 'raw', ...PERSON_COLUMNS];
  const insert = db.prepare(`INSERT INTO records (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  return (rows) => {
    for (const row of rows) insert.run(snapshotId, row.line, JSON.stringify(row.cells), ...personValues(row.person));
  };
}

/** Rewrites the canonical fields of stored records (re-normalisation after a rule change). */
export function recordUpdater(db: Db): (id: number, person: NormalisedPerson) => void {
  const update = db.prepare(`UPDATE records SET ${PERSON_COLUMNS.map((column) => `${column} = ?`).join(', ')} WHERE id = ?`);
  return (id, person) => {
    update.run(...personValues(person), id);
  };
}

/**
 * Records of a snapshot in pages (keyset on id), so a caller may write to the store between pages:
 * a connection cannot write while a statement iterates.
 */
export function* recordPages(db: Db, snapshotId: number, pageSize = 10_000): Generator<StoredRecord[]> {
  const page = db.prepare('SELECT * FROM records WHERE snapshot_id = ? AND id > ? ORDER BY id LIMIT ?');
  let after = 0;
  for (;;) {
    const rows = page.all(snapshotId, after, pageSize) as RecordRow[];
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    yield rows.map((row) => ({
      id: row.id,
      snapshotId: row.snapshot_id,
      line: row.line,
      cells: JSON.parse(row.raw) as string[],
      person: personFromRow(row),
    }));
  }
}

export function recordById(db: Db, id: number): (StoredRecord & { source: Source }) | undefined {
  const row = db
    .prepare('SELECT records.*, snapshots.source AS source FROM records JOIN snapshots ON snapshots.id = records.snapshot_id WHERE records.id = ?')
    .get(id) as (RecordRow & { source: Source }) | undefined;
  if (!row) return undefined;
  return { id: row.id, snapshotId: row.snapshot_id, line: row.line, cells: JSON.parse(row.raw) as string[], person: personFromRow(row), source: row.source };
}

/** Finds records of a snapshot by their source id (p3ke_id / dtks_id). */
export function recordsBySourceId(db: Db, snapshotId: number, sourceId: string): StoredRecord[] {
  const rows = db.prepare('SELECT * FROM records WHERE snapshot_id = ? AND source_id = ? ORDER BY id').all(snapshotId, sourceId) as RecordRow[];
  return rows.map((row) => ({ id: row.id, snapshotId: row.snapshot_id, line: row.line, cells: JSON.parse(row.raw) as string[], person: personFromRow(row) }));
}

/**
 * Selected canonical fields of every record of a snapshot, streamed in id order, as plain objects
 * keyed by person field plus `recordId`: matching loads a million of these, so only what it reads.
 */
export function* recordFields<K extends PersonKey>(db: Db, snapshotId: number, keys: readonly K[]): Generator<Pick<NormalisedPerson, K> & { recordId: number }> {
  const columns = keys.map((key) => {
    const found = COLUMNS.find(([k]) => k === key);
    if (!found) throw new Error(`records: no column for ${String(key)}`);
    return found[1];
  });
  const statement = db.prepare(`SELECT id, ${columns.join(', ')} FROM records WHERE snapshot_id = ? ORDER BY id`).raw(true);
  for (const row of statement.iterate(snapshotId) as IterableIterator<unknown[]>) {
    const record: Record<string, unknown> = { recordId: row[0] };
    for (let i = 0; i < keys.length; i++) record[keys[i] as string] = row[i + 1] ?? null;
    yield record as Pick<NormalisedPerson, K> & { recordId: number };
  }
}
