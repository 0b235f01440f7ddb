// Snapshots: one ingested export of one source. Written inside one transaction that the caller
// opens with beginSnapshot and ends with commit or rollback, so a failed or killed ingest leaves
// the store as it was.
import type { Source } from '../normalise/types.js';
import type { Db } from './open.js';
import { encodedRecordInserter, recordInserter, type RecordInput } from './records.js';

export interface SnapshotMeta {
  source: Source;
  fileName: string;
  profile: string;
  encoding: string;
  delimiter: string;
  headerLine: number;
  headers: string[];
  mapping: Record<string, number | readonly number[]>;
  startedAt: string;
}

export interface Snapshot extends SnapshotMeta {
  id: number;
  fileSize: number;
  sha256: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  finishedAt: string;
}

export interface RejectInput {
  line: number;
  reason: string;
  raw: string;
}

interface SnapshotRow {
  id: number;
  source: Source;
  file_name: string;
  file_size: number;
  sha256: string;
  profile: string;
  encoding: string;
  delimiter: string;
  header_line: number;
  headers: string;
  mapping: string;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  started_at: string;
  finished_at: string;
}

function toSnapshot(row: SnapshotRow): Snapshot {
  return {
    id: row.id,
    source: row.source,
    fileName: row.file_name,
    fileSize: row.file_size,
    sha256: row.sha256,
    profile: row.profile,
    encoding: row.encoding,
    delimiter: row.delimiter,
    headerLine: row.header_line,
    headers: JSON.parse(row.headers) as string[],
    mapping: JSON.parse(row.mapping) as Record<string, number | readonly number[]>,
    rowsRead: row.rows_read,
    rowsAccepted: row.rows_accepted,
    rowsRejected: row.rows_rejected,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function listSnapshots(db: Db, source?: Source): Snapshot[] {
  const rows = (
    source
      ? db.prepare('SELECT * FROM snapshots WHERE source = ? ORDER BY id').all(source)
      : db.prepare('SELECT * FROM snapshots ORDER BY source, id').all()
  ) as SnapshotRow[];
  return rows.map(toSnapshot);
}

export function latestSnapshot(db: Db, source: Source): Snapshot | undefined {
  const row = db.prepare('SELECT * FROM snapshots WHERE source = ? ORDER BY id DESC LIMIT 1').get(source) as SnapshotRow | undefined;
  return row ? toSnapshot(row) : undefined;
}

export function snapshotById(db: Db, id: number): Snapshot | undefined {
  const row = db.prepare('SELECT * FROM snapshots WHERE id = ?').get(id) as SnapshotRow | undefined;
  return row ? toSnapshot(row) : undefined;
}

/**
 * The newest finished snapshot of a source when it was made from these bytes, so that ingesting
 * them again would change nothing. An older snapshot of the same bytes does not count: matching
 * uses the newest snapshot, so going back to an earlier night's export must make it the newest.
 */
export function unchangedSnapshot(db: Db, source: Source, sha256: string): Snapshot | undefined {
  const row = db.prepare("SELECT * FROM snapshots WHERE source = ? AND finished_at <> '' ORDER BY id DESC LIMIT 1").get(source) as SnapshotRow | undefined;
  return row && row.sha256 === sha256 ? toSnapshot(row) : undefined;
}

/** One export file of a snapshot (a snapshot of a folder has several). */
export interface SnapshotFile {
  fileNo: number;
  fileName: string;
  fileSize: number;
  sha256: string;
  sheet: string | null;
  headerLine: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
}

/** The files of a snapshot in reading order; empty for a snapshot stored before files were kept. */
export function snapshotFiles(db: Db, snapshotId: number): SnapshotFile[] {
  return db
    .prepare(
      `SELECT file_no AS fileNo, file_name AS fileName, file_size AS fileSize, sha256, sheet, header_line AS headerLine,
         rows_read AS rowsRead, rows_accepted AS rowsAccepted, rows_rejected AS rowsRejected
       FROM snapshot_files WHERE snapshot_id = ? ORDER BY file_no`,
    )
    .all(snapshotId) as SnapshotFile[];
}

export interface SnapshotWriter {
  readonly id: number;
  /** The rows added from here on come from this file (1, 2, ... in order of the calls). */
  startFile(fileName: string): void;
  /** Records the file started last, with the counts of the rows added since. */
  finishFile(file: { fileSize: number; sha256: string; sheet: string | null; headerLine: number; rowsRead: number }): void;
  addRecords(rows: readonly RecordInput[]): void;
  /** Records encoded with encodeRecord (records.ts), as the parse worker sends them. */
  addEncodedRecords(rows: readonly string[]): void;
  addRejects(rows: readonly RejectInput[]): void;
  /** Writes the final counts and commits everything since beginSnapshot. */
  commit(totals: { fileSize: number; sha256: string; rowsRead: number; finishedAt: string }): Snapshot;
  rollback(): void;
}

/**
 * Opens a write transaction and a snapshot row inside it. The transaction stays open across the
 * caller's awaits (rows arrive from a worker); nothing is visible to readers until commit.
 */
export function beginSnapshot(db: Db, meta: SnapshotMeta): SnapshotWriter {
  db.exec('BEGIN IMMEDIATE');
  let open = true;
  try {
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO snapshots (source, file_name, file_size, sha256, profile, encoding, delimiter, header_line, headers, mapping,
           rows_read, rows_accepted, rows_rejected, started_at, finished_at)
         VALUES (?, ?, 0, '', ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, '')`,
      )
      .run(meta.source, meta.fileName, meta.profile, meta.encoding, meta.delimiter, meta.headerLine, JSON.stringify(meta.headers), JSON.stringify(meta.mapping), meta.startedAt);
    const id = Number(lastInsertRowid);
    let fileNo: number | null = null;
    let fileName = meta.fileName;
    let insertRecords = recordInserter(db, id);
    let insertEncoded = encodedRecordInserter(db, id);
    const insertReject = db.prepare('INSERT INTO rejects (snapshot_id, file_no, line, reason, raw) VALUES (?, ?, ?, ?, ?)');
    const insertFile = db.prepare(
      `INSERT INTO snapshot_files (snapshot_id, file_no, file_name, file_size, sha256, sheet, header_line, rows_read, rows_accepted, rows_rejected)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let accepted = 0;
    let rejected = 0;
    let acceptedBefore = 0;
    let rejectedBefore = 0;
    return {
      id,
      startFile(name) {
        fileNo = (fileNo ?? 0) + 1;
        fileName = name;
        insertRecords = recordInserter(db, id, fileNo);
        insertEncoded = encodedRecordInserter(db, id, fileNo);
        acceptedBefore = accepted;
        rejectedBefore = rejected;
      },
      finishFile(file) {
        if (fileNo === null) throw new Error('finishFile before startFile');
        insertFile.run(id, fileNo, fileName, file.fileSize, file.sha256, file.sheet, file.headerLine, file.rowsRead, accepted - acceptedBefore, rejected - rejectedBefore);
      },
      addRecords(rows) {
        insertRecords(rows);
        accepted += rows.length;
      },
      addEncodedRecords(rows) {
        insertEncoded(rows);
        accepted += rows.length;
      },
      addRejects(rows) {
        for (const row of rows) insertReject.run(id, fileNo, row.line, row.reason, row.raw);
        rejected += rows.length;
      },
      commit(totals) {
        db.prepare(
          'UPDATE snapshots SET file_size = ?, sha256 = ?, rows_read = ?, rows_accepted = ?, rows_rejected = ?, finished_at = ? WHERE id = ?',
        ).run(totals.fileSize, totals.sha256, totals.rowsRead, accepted, rejected, totals.finishedAt, id);
        db.exec('COMMIT');
        open = false;
        return snapshotById(db, id)!;
      },
      rollback() {
        if (open && db.inTransaction) db.exec('ROLLBACK');
        open = false;
      },
    };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

export interface RejectRow {
  snapshotId: number;
  /** The file of a snapshot of several files; null for a snapshot stored before files were kept. */
  fileName: string | null;
  line: number;
  reason: string;
  raw: string;
}

export function rejectsOf(db: Db, snapshotId: number): RejectRow[] {
  return db
    .prepare(
      `SELECT r.snapshot_id AS snapshotId, f.file_name AS fileName, r.line, r.reason, r.raw
       FROM rejects r LEFT JOIN snapshot_files f ON f.snapshot_id = r.snapshot_id AND f.file_no = r.file_no
       WHERE r.snapshot_id = ? ORDER BY r.file_no, r.line, r.id`,
    )
    .all(snapshotId) as RejectRow[];
}
