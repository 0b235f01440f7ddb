// The ingest stage: one export file (or standard input) into one snapshot, atomically.
import { basename } from 'node:path';
import { t } from '../i18n/index.js';
import type { Source } from '../normalise/types.js';
import type { Db } from '../store/open.js';
import { deferRecordIndex, storedRecordCount } from '../store/records.js';
import { beginSnapshot, snapshotWithSha256, type Snapshot } from '../store/snapshots.js';
import { EXIT, PadanError } from '../util/errors.js';
import type { ExportProfile } from './profiles.js';
import { readExport, sha256OfFile, totalBytes } from './read-export.js';

export interface LoadOptions {
  source: Source;
  encoding?: string;
  delimiter?: string;
  profile?: ExportProfile;
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
  rowsRead: number;
  accepted: number;
  rejected: number;
  seconds: number;
  rowsPerSecond: number;
}

function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PadanError(t('error.interrupted'), EXIT.interrupted);
}

export async function loadSnapshot(db: Db, input: string, options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const fileName = input === '-' ? '(standard input)' : basename(input);
  const unchanged = (snapshot: Snapshot): LoadResult => ({
    status: 'unchanged',
    snapshot,
    rowsRead: 0,
    accepted: 0,
    rejected: 0,
    seconds: (performance.now() - started) / 1000,
    rowsPerSecond: 0,
  });

  // A file is hashed here, before anything is written, so an unchanged export costs one pass and
  // no writes; the reader then need not hash it again. The hash runs while the reader starts (its
  // worker loads the region list and parses the first rows, which this thread waits for anyway)
  // and is awaited at the header. Standard input is hashed by the reader as it streams.
  const hashing = input !== '-' ? sha256OfFile(input) : null;
  hashing?.catch(() => undefined); // a read error is the reader's to report

  const total = input === '-' ? null : totalBytes(input);
  const events = readExport(input, {
    source: options.source,
    encoding: options.encoding,
    delimiter: options.delimiter,
    profile: options.profile,
    worker: options.worker,
    // The ingest benchmark times ingest without normalisation too (issue 3: its share of the time).
    skipNormalise: process.env.PADAN_BENCH_SKIP_NORMALISE === '1',
    hash: hashing === null,
  });
  let writer: ReturnType<typeof beginSnapshot> | undefined;
  let rows = 0;
  // The records index is built again at the end when this snapshot will be at least as big as
  // everything stored before it (see deferRecordIndex); decided at the first batch, which tells
  // the bytes per row, hence about how many rows the file holds.
  let storedBefore = 0;
  let indexDecided = false;
  let buildIndex: (() => void) | null = null;
  try {
    for await (const event of events) {
      checkSignal(options.signal);
      if (event.type === 'header') {
        if (hashing && !options.force) {
          const known = snapshotWithSha256(db, options.source, (await hashing).sha256);
          if (known) return unchanged(known);
        }
        storedBefore = storedRecordCount(db);
        writer = beginSnapshot(db, {
          source: options.source,
          fileName,
          profile: event.header.profile,
          encoding: event.header.encoding,
          delimiter: event.header.delimiter,
          headerLine: event.header.line,
          headers: event.header.headers,
          mapping: event.header.mapping as Record<string, number | readonly number[]>,
          startedAt: new Date().toISOString(),
        });
      } else if (event.type === 'batch') {
        if (!writer) throw new Error('ingest: rows arrived before the header');
        const { records } = event;
        writer.addEncodedRecords(records);
        writer.addRejects(event.rejects);
        rows += records.length + event.rejects.length;
        if (!indexDecided && rows > 0) {
          indexDecided = true;
          const expected = total !== null && event.bytesRead > 0 ? (total / event.bytesRead) * rows : rows;
          if (storedBefore <= expected) buildIndex = deferRecordIndex(db);
        }
        options.onProgress?.({ bytesRead: event.bytesRead, totalBytes: total, rows });
      } else {
        if (!writer) throw new PadanError(t('error.noHeader', { file: fileName }), EXIT.failure);
        let { sha256 } = event;
        if (hashing) {
          const hashed = await hashing;
          if (hashed.bytes !== event.bytes) {
            throw new PadanError(t('error.fileChanged', { file: fileName, before: hashed.bytes, after: event.bytes }), EXIT.failure, t('hint.fileChanged'));
          }
          sha256 = hashed.sha256;
        }
        // Standard input is hashed while it streams; an unchanged export is dropped here.
        const known = options.force ? undefined : snapshotWithSha256(db, options.source, sha256);
        if (known) {
          writer.rollback();
          return unchanged(known);
        }
        buildIndex?.();
        const snapshot = writer.commit({ fileSize: event.bytes, sha256, rowsRead: event.rowsRead, finishedAt: new Date().toISOString() });
        const seconds = (performance.now() - started) / 1000;
        return {
          status: 'ingested',
          snapshot,
          rowsRead: snapshot.rowsRead,
          accepted: snapshot.rowsAccepted,
          rejected: snapshot.rowsRejected,
          seconds,
          rowsPerSecond: seconds > 0 ? snapshot.rowsRead / seconds : 0,
        };
      }
    }
    throw new Error('ingest: the reader ended without an end event');
  } catch (error) {
    writer?.rollback();
    throw error;
  } finally {
    await events.return(undefined);
  }
}
