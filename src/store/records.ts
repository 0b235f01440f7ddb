// Records: one row per accepted input row, its cells verbatim beside the canonical fields.
// The column list is one table used for writing and reading, so the two can never drift.
import { PROGRAMMES, type NormalisedPerson, type Source } from '../normalise/types.js';
import type { Statement } from 'better-sqlite3';
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
  values.push(person.flags.length === 0 ? '[]' : JSON.stringify(person.flags));
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

function missingColumn(key: PersonKey): never {
  throw new Error(`records: no column for ${String(key)}`);
}

/** `alias.column, ...` for the given person fields, in their order (see fieldsOfRow). */
export function fieldColumns(alias: string, keys: readonly PersonKey[]): string {
  const columnOf = new Map(COLUMNS);
  return keys.map((key) => `${alias}.${columnOf.get(key) ?? missingColumn(key)}`).join(', ');
}

/**
 * The given person fields from a raw row (an array) read with fieldColumns, starting at `offset`:
 * reports read a million rows, and objects of a few fields cost far less than whole persons.
 */
export function fieldsOfRow<K extends PersonKey>(row: readonly unknown[], keys: readonly K[], offset: number): Pick<NormalisedPerson, K> {
  const fields: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) fields[keys[i] as string] = row[offset + i] ?? null;
  return fields as Pick<NormalisedPerson, K>;
}

/** `alias.column AS prefixcolumn, ...` for every person column: both sides of a pair in one row. */
export function personColumnsAs(alias: string, prefix: string): string {
  return ['id', 'line', ...PERSON_COLUMNS].map((column) => `${alias}.${column} AS ${prefix}${column}`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// Raw cells. A row that held no quote is stored as its text with its delimiter in front
// (`;1;455484252;SUMATERA UTARA;…`): that is its cells exactly, and costs nothing to build, where
// JSON.stringify of a million rows' cells cost a second. Any other row is stored as the JSON array
// of its cells, which starts with `[`, a character never used in front of text.

/** The stored form of a row's cells from its unquoted text (null: store rawOfCells instead). */
export function rawOfText(text: string, delimiter: string): string | null {
  return delimiter.length === 1 && delimiter !== '[' ? delimiter + text : null;
}

export function rawOfCells(cells: readonly string[]): string {
  return JSON.stringify(cells);
}

/** A row's cells from their stored form. */
export function cellsOfRaw(raw: string): string[] {
  return raw.charCodeAt(0) === 0x5b ? (JSON.parse(raw) as string[]) : raw.slice(1).split(raw[0]!);
}

export interface RecordInput {
  line: number;
  cells: string[];
  person: NormalisedPerson;
}

// ---------------------------------------------------------------------------------------------
// Encoded records: the bound values of one insert (everything after snapshot_id) as one string,
// built where rows are normalised (the parse worker) so that the writing thread only splits and
// binds: handing rows over as objects and turning them into values there cost more than the insert.

/** Separates the values of an encoded record; no value holds it (see encodeRecord). */
export const RECORD_SEPARATOR = '\u001e';
const NULL = '\u0000';
/** line, raw, the person columns. */
export const ENCODED_WIDTH = 2 + PERSON_COLUMNS.length;

const s = (v: string | null): string => (v === null ? NULL : v);
const n = (v: number | null): string => (v === null ? NULL : String(v));

/**
 * One record as its bound values joined by U+001E, null as NUL. No value holds either: the CSV
 * reader rejects lines with control characters other than tab, CR and LF, canonical values are
 * built from such cells, and JSON escapes control characters. Integers travel as their decimal
 * text; SQLite's INTEGER affinity stores them as the same integers. `raw` is the stored form of
 * the cells, rawOfText when the caller has the row's unquoted text.
 */
export function encodeRecord(line: number, cells: readonly string[], person: NormalisedPerson, raw = rawOfCells(cells)): string {
  const p = person;
  // Written out in PERSON_COLUMNS order, which decodeRecord follows (the store tests check both).
  return [
    String(line), raw,
    p.sourceId, s(p.familyId), s(p.nik), p.nikStatus, s(p.nikDetail), s(p.nikTglLahir), s(p.nikSex), s(p.noKk),
    p.noKkStatus, s(p.nama), s(p.namaGelar), s(p.namaBin), s(p.namaKey), s(p.namaTokens), s(p.namaInitials),
    s(p.tglLahir), p.tglLahirFlag, s(p.jenisKelamin), s(p.hubungan), s(p.tempatLahir), s(p.namaIbu),
    regionValues(p), s(p.alamat), s(p.dusun), s(p.rt), s(p.rw),
    n(p.desil), n(p.persentil), p.padanDukcapil === null ? NULL : p.padanDukcapil ? '1' : '0',
    programmesJson(p.programmes), p.flags.length === 0 ? '[]' : JSON.stringify(p.flags),
  ].join(RECORD_SEPARATOR);
}

// Rows come grouped by desa, and their nine region values are the same strings as the row
// before's (one resolved tuple): joined once per tuple rather than once per row.
let lastRegion: NormalisedPerson | null = null;
let lastRegionValues = '';

function regionValues(p: NormalisedPerson): string {
  const l = lastRegion;
  if (
    l === null ||
    p.kodeWilayah !== l.kodeWilayah ||
    p.kodeProvinsi !== l.kodeProvinsi ||
    p.kodeKabupaten !== l.kodeKabupaten ||
    p.kodeKecamatan !== l.kodeKecamatan ||
    p.wilayahStatus !== l.wilayahStatus ||
    p.provinsi !== l.provinsi ||
    p.kabupaten !== l.kabupaten ||
    p.kecamatan !== l.kecamatan ||
    p.desa !== l.desa
  ) {
    lastRegionValues = [
      s(p.kodeWilayah), s(p.kodeProvinsi), s(p.kodeKabupaten), s(p.kodeKecamatan), p.wilayahStatus,
      s(p.provinsi), s(p.kabupaten), s(p.kecamatan), s(p.desa),
    ].join(RECORD_SEPARATOR);
    lastRegion = p;
  }
  return lastRegionValues;
}

// A programmes object is one of a few dozen combinations: its JSON is remembered by its keys and
// values in order, packed into a number (JSON.stringify of each row's object cost a fifth of
// encoding the record). Each key and value takes one hexadecimal digit, never 0.
const PROGRAMME_DIGIT: Readonly<Record<string, number>> = Object.fromEntries(PROGRAMMES.map((name, i) => [name, 2 * (i + 1)]));
const programmesJsonByCode = new Map<number, string>();

function programmesJson(programmes: NormalisedPerson['programmes']): string {
  let code = 0;
  for (const name in programmes) {
    const value = programmes[name as keyof typeof programmes];
    const digit = PROGRAMME_DIGIT[name];
    if (typeof value !== 'boolean' || digit === undefined || code >= 2 ** 40) return JSON.stringify(programmes);
    code = code * 16 + digit + (value ? 1 : 0);
  }
  let json = programmesJsonByCode.get(code);
  if (json === undefined) {
    json = JSON.stringify(programmes);
    programmesJsonByCode.set(code, json);
  }
  return json;
}

/** An encoded record's bound values, nulls restored; throws on a record of the wrong width. */
function encodedValues(encoded: string): (string | null)[] {
  const values: (string | null)[] = encoded.split(RECORD_SEPARATOR);
  // A separator inside a value would shift every value after it: fail loudly rather than mislabel.
  if (values.length !== ENCODED_WIDTH) throw new Error(`internal error: an encoded record has ${values.length} values, not ${ENCODED_WIDTH}`);
  for (let i = 0; i < values.length; i++) if (values[i] === NULL) values[i] = null;
  return values;
}

/** The inverse of encodeRecord (API consumers of the parse worker; tests). */
export function decodeRecord(encoded: string): RecordInput {
  const values = encodedValues(encoded);
  const row: Record<string, unknown> = {};
  for (let i = 0; i < PERSON_COLUMNS.length; i++) row[PERSON_COLUMNS[i]!] = values[i + 2];
  for (const column of ['desil', 'persentil', 'padan_dukcapil']) if (row[column] !== null) row[column] = Number(row[column]);
  return { line: Number(values[0]), cells: cellsOfRaw(values[1]!), person: personFromRow(row) };
}

function insertStatement(db: Db, snapshotId: number, fileNo: number | null): Statement<unknown[]> {
  // The snapshot id and file number are the same for every row of a file: written into the
  // statement, not bound per row.
  const columns = ['line', 'raw', ...PERSON_COLUMNS];
  const file = fileNo === null ? 'NULL' : String(Math.trunc(fileNo));
  return db.prepare(`INSERT INTO records (snapshot_id, file_no, ${columns.join(', ')}) VALUES (${Number(snapshotId)}, ${file}, ${columns.map(() => '?').join(', ')})`);
}

/**
 * A prepared insert for one snapshot (and one of its files): prepared once, run per row inside
 * the caller's transaction.
 */
export function recordInserter(db: Db, snapshotId: number, fileNo: number | null = null): (rows: readonly RecordInput[]) => void {
  const insert = insertStatement(db, snapshotId, fileNo);
  return (rows) => {
    for (const row of rows) insert.run(row.line, rawOfCells(row.cells), ...personValues(row.person));
  };
}

/** Like recordInserter, for records encoded with encodeRecord. */
export function encodedRecordInserter(db: Db, snapshotId: number, fileNo: number | null = null): (rows: readonly string[]) => void {
  const insert = insertStatement(db, snapshotId, fileNo);
  return (rows) => {
    // Spread rather than an array: better-sqlite3 binds arguments faster than array elements.
    for (let i = 0; i < rows.length; i++) insert.run(...encodedValues(rows[i]!));
  };
}

/** Records of every snapshot in the store (committed ones: a count kept with each snapshot). */
export function storedRecordCount(db: Db): number {
  return (db.prepare('SELECT coalesce(sum(rows_accepted), 0) AS n FROM snapshots').get() as { n: number }).n;
}

/**
 * For a bulk load inside the caller's transaction: drops the index on (snapshot_id, source_id)
 * and returns the function that builds it again, as it was defined. Built once from sorted keys,
 * it costs a second for a million records; kept up to date row by row, each insert lands on a
 * random page of it, which for DTKS's UUID ids took fifteen seconds a million rows. Building
 * reads every snapshot, so it pays only when the new snapshot is a good part of the store.
 */
export function deferRecordIndex(db: Db): () => void {
  const index = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'records_snapshot'").get() as { sql: string } | undefined;
  if (!index) return () => undefined;
  db.exec('DROP INDEX records_snapshot');
  return () => db.exec(index.sql);
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
      cells: cellsOfRaw(row.raw),
      person: personFromRow(row),
    }));
  }
}

export function recordById(db: Db, id: number): (StoredRecord & { source: Source }) | undefined {
  const row = db
    .prepare('SELECT records.*, snapshots.source AS source FROM records JOIN snapshots ON snapshots.id = records.snapshot_id WHERE records.id = ?')
    .get(id) as (RecordRow & { source: Source }) | undefined;
  if (!row) return undefined;
  return { id: row.id, snapshotId: row.snapshot_id, line: row.line, cells: cellsOfRaw(row.raw), person: personFromRow(row), source: row.source };
}

/** Finds records of a snapshot by their source id (p3ke_id / dtks_id). */
export function recordsBySourceId(db: Db, snapshotId: number, sourceId: string): StoredRecord[] {
  const rows = db.prepare('SELECT * FROM records WHERE snapshot_id = ? AND source_id = ? ORDER BY id').all(snapshotId, sourceId) as RecordRow[];
  return rows.map((row) => ({ id: row.id, snapshotId: row.snapshot_id, line: row.line, cells: cellsOfRaw(row.raw), person: personFromRow(row) }));
}

/**
 * The lowest and highest record id of a snapshot (from the index). A snapshot is written in one
 * transaction by the single writer, so its ids are one run (the query still checks the snapshot of each row).
 */
function snapshotIdRange(db: Db, snapshotId: number): { lo: number; hi: number } {
  const range = db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM records WHERE snapshot_id = ?').get(snapshotId) as { lo: number | null; hi: number | null };
  return { lo: range.lo ?? 1, hi: range.hi ?? 0 };
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
  const { lo, hi } = snapshotIdRange(db, snapshotId);
  // A rowid range scan reads the table in storage order; `snapshot_id = ?` alone made SQLite walk
  // the (snapshot_id, source_id) index, fetch each row at random and sort by id: three times slower
  // at a million records. The unary plus keeps the index out of the plan.
  const statement = db.prepare(`SELECT id, ${columns.join(', ')} FROM records WHERE id BETWEEN ? AND ? AND +snapshot_id = ? ORDER BY id`).raw(true);
  // One object literal per row, compiled for these keys (checked against COLUMNS above): filling
  // each object key by key through a variable made the load a fifth slower (3.4 s against 2.7 s
  // of CPU for 390k records).
  const toRecord = new Function('row', `return { recordId: row[0], ${keys.map((key, i) => `${String(key)}: row[${i + 1}] ?? null`).join(', ')} };`) as (
    row: unknown[],
  ) => Pick<NormalisedPerson, K> & { recordId: number };
  for (const row of statement.iterate(lo, hi, snapshotId) as IterableIterator<unknown[]>) yield toRecord(row);
}
