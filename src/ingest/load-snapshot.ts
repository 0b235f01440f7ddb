// The ingest stage: one export file (or standard input), or several, into one snapshot, atomically.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { t } from '../i18n/index.js';
import type { Source } from '../normalise/types.js';
import type { Db } from '../store/open.js';
import { deferRecordIndex, storedRecordCount } from '../store/records.js';
import { beginSnapshot, snapshotFiles, unchangedSnapshot, type Snapshot, type SnapshotFile } from '../store/snapshots.js';
import { EXIT, PadanError } from '../util/errors.js';
import type { ExportProfile } from './profiles.js';
import type { InputFile } from './inputs.js';
import { readExport, sha256OfFile, totalBytes } from './read-export.js';

export interface LoadOptions {
  source: Source;
  encoding?: string;
  delimiter?: string;
  profile?: ExportProfile;
  /** Workbooks: the sheet to read, by name or 1-based position (default: the first with a header row). */
  sheet?: string;
  /** Ingest even when a byte-identical file is already the newest snapshot. */
  force?: boolean;
  /** Parse and normalise in a worker thread (default); false keeps everything in this thread. */
  worker?: boolean;
  /** Set when the officer presses Ctrl+C or the job is terminated: checked between batches. */
  signal?: AbortSignal;
  onProgress?: (progress: { bytesRead: number; totalBytes: number | null; rows: number }) => void;
}

export interface LoadResult {
  status: 'ingested' | 'unchanged';
  snapshot: Snapshot;
  /** The files read (ingested only). */
  files?: SnapshotFile[];
  rowsRead: number;
  accepted: number;
  rejected: number;
  seconds: number;
  rowsPerSecond: number;
}

function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PadanError(t('error.interrupted'), EXIT.interrupted);
}

/** The SHA-256 a snapshot of several files is known by: of their own hashes, sorted (names and order aside). */
export function combinedSha256(hashes: readonly string[]): string {
  return createHash('sha256').update([...hashes].sort().join('\n')).digest('hex');
}

const sameMapping = (a: object, b: object): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * One export (a path, or `-` for standard input) or several (files found by expandInputs) into one
 * snapshot, atomically. Every file must have the layout of the first (same columns for the same
 * fields), since the snapshot keeps one mapping for its raw cells.
 */
export async function loadSnapshot(db: Db, input: string | readonly InputFile[], options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const files: readonly InputFile[] = typeof input === 'string' ? [{ path: input, name: input === '-' ? '(standard input)' : basename(input) }] : input;
  if (files.length === 0) throw new PadanError(t('error.noFiles'), EXIT.usage);
  const stdin = files.length === 1 && files[0]!.path === '-';
  const unchanged = (snapshot: Snapshot): LoadResult => ({
    status: 'unchanged',
    snapshot,
    rowsRead: 0,
    accepted: 0,
    rejected: 0,
    seconds: (performance.now() - started) / 1000,
    rowsPerSecond: 0,
  });

  // Files are hashed here, before anything is written, so unchanged exports cost one pass and no
  // writes; the reader then need not hash them again. The hashes run while the reader starts (its
  // worker loads the region list and parses the first rows, which this thread waits for anyway)
  // and are awaited at the first header. Standard input is hashed by the reader as it streams.
  const hashing = stdin ? null : files.map((f) => sha256OfFile(f.path));
  for (const h of hashing ?? []) h.catch(() => undefined); // a read error is the reader's to report
  const setSha256 = async (): Promise<string> => {
    const hashes = await Promise.all(hashing!);
    return hashes.length === 1 ? hashes[0]!.sha256 : combinedSha256(hashes.map((h) => h.sha256));
  };

  const sizes = stdin ? null : files.map((f) => totalBytes(f.path));
  const total = sizes && sizes.every((n) => n !== null) ? sizes.reduce((a, b) => a! + b!, 0)! : null;
  let writer: ReturnType<typeof beginSnapshot> | undefined;
  let first: { name: string; profile: string; mapping: object } | null = null;
  let rows = 0;
  let rowsRead = 0;
  let bytesBefore = 0;
  let fileBytes = 0;
  let stdinSha256 = '';
  // The records index is built again at the end when this snapshot will be at least as big as
  // everything stored before it (see deferRecordIndex); decided at the first batch, which tells
  // the bytes per row, hence about how many rows the files hold.
  let storedBefore = 0;
  let indexDecided = false;
  let buildIndex: (() => void) | null = null;
  try {
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      const events = readExport(file.path, {
        source: options.source,
        encoding: options.encoding,
        delimiter: options.delimiter,
        profile: options.profile,
        worker: options.worker,
        sheet: options.sheet,
        // The ingest benchmark times ingest without normalisation too (issue 3: its share of the time).
        skipNormalise: process.env.PADAN_BENCH_SKIP_NORMALISE === '1',
        hash: stdin,
      });
      let headerLine = 0;
      let sheet: string | null = null;
      let ended = false;
      try {
        for await (const event of events) {
          checkSignal(options.signal);
          if (event.type === 'header') {
            headerLine = event.header.line;
            sheet = event.header.sheet ?? null;
            if (!writer) {
              if (hashing && !options.force) {
                const known = unchangedSnapshot(db, options.source, await setSha256());
                if (known) return unchanged(known);
              }
              storedBefore = storedRecordCount(db);
              first = { name: file.name, profile: event.header.profile, mapping: event.header.mapping };
              writer = beginSnapshot(db, {
                source: options.source,
                fileName: files.length === 1 ? file.name : `${files.length} files: ${files.map((f) => f.name).join(', ')}`.slice(0, 1000),
                profile: event.header.profile,
                encoding: event.header.encoding,
                delimiter: event.header.delimiter,
                headerLine: event.header.line,
                headers: event.header.headers,
                mapping: event.header.mapping as Record<string, number | readonly number[]>,
                startedAt: new Date().toISOString(),
              });
            } else if (event.header.profile !== first!.profile || !sameMapping(event.header.mapping, first!.mapping)) {
              throw new PadanError(
                `${file.name}: its columns differ from those of ${first!.name} (layout ${event.header.profile}, header on line ${event.header.line})`,
                EXIT.failure,
                'files of one snapshot need the same columns in the same order; ingest this one on its own, or export it again like the others',
              );
            }
            writer.startFile(file.name);
          } else if (event.type === 'batch') {
            if (!writer) throw new Error('ingest: rows arrived before the header');
            for (const records of event.recordPieces()) {
              writer.addEncodedRecords(records);
              rows += records.length;
            }
            writer.addRejects(event.rejects);
            rows += event.rejects.length;
            if (!indexDecided && rows > 0) {
              indexDecided = true;
              const bytes = bytesBefore + event.bytesRead;
              const expected = total !== null && bytes > 0 ? (total / bytes) * rows : rows;
              if (storedBefore <= expected) buildIndex = deferRecordIndex(db);
            }
            options.onProgress?.({ bytesRead: bytesBefore + event.bytesRead, totalBytes: total, rows });
          } else {
            if (!writer || headerLine === 0) throw new PadanError(t('error.noHeader', { file: file.name }), EXIT.failure);
            let { sha256 } = event;
            if (hashing) {
              const hashed = await hashing[i]!;
              if (hashed.bytes !== event.bytes) {
                throw new PadanError(t('error.fileChanged', { file: file.name, before: hashed.bytes, after: event.bytes }), EXIT.failure, t('hint.fileChanged'));
              }
              sha256 = hashed.sha256;
            } else stdinSha256 = sha256;
            writer.finishFile({ fileSize: event.bytes, sha256, sheet, headerLine, rowsRead: event.rowsRead });
            rowsRead += event.rowsRead;
            fileBytes += event.bytes;
            bytesBefore += sizes?.[i] ?? event.bytes;
            ended = true;
            break;
          }
        }
        if (!ended) throw new Error('ingest: the reader ended without an end event');
      } finally {
        await events.return(undefined);
      }
    }
    if (!writer) throw new Error('ingest: the reader ended without a header');
    const sha256 = hashing ? await setSha256() : stdinSha256;
    // Standard input is hashed while it streams; an unchanged export is dropped here.
    const known = options.force || hashing ? undefined : unchangedSnapshot(db, options.source, sha256);
    if (known) {
      writer.rollback();
      return unchanged(known);
    }
    buildIndex?.();
    const snapshot = writer.commit({ fileSize: fileBytes, sha256, rowsRead, finishedAt: new Date().toISOString() });
    const seconds = (performance.now() - started) / 1000;
    return {
      status: 'ingested',
      snapshot,
      files: snapshotFiles(db, snapshot.id),
      rowsRead: snapshot.rowsRead,
      accepted: snapshot.rowsAccepted,
      rejected: snapshot.rowsRejected,
      seconds,
      rowsPerSecond: seconds > 0 ? snapshot.rowsRead / seconds : 0,
    };
  } catch (error) {
    writer?.rollback();
    throw error;
  }
}
