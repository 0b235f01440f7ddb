// Reading one export (a file, or `-` for standard input) as a stream of events: the header, then
// batches of normalised rows and rejects, then the byte count and SHA-256. Parsing, mapping and
// normalising can run in a worker thread so the main thread only writes SQLite; `worker: false`
// runs the very same code (parse-core.ts) in this thread. Memory stays flat either way: the worker
// is never more than MAX_IN_FLIGHT batches ahead of the consumer, and the in-thread generator
// reads no further than the batch it hands out.
import { closeSync, createReadStream, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { t, whyUnreadable } from '../i18n/index.js';
import type { RawFields, Source } from '../normalise/types.js';
import { decodeRecord, encodeRecord } from '../store/records.js';
import { EXIT, PadanError } from '../util/errors.js';
import { makePrivateTmpdir, removePrivateTmpdir } from '../util/private-tmpdir.js';
import { fieldsFromCells as mapCells, parseEvents, type CoreOptions, type ExportHeader, type ExportRow, type RejectedRow, type StreamEvent } from './parse-core.js';
import { formatOfFile, sheetEvents } from './xlsx.js';
import type { ExportProfile } from './profiles.js';
import { recordPiecesOfBytes, recordsOfBytes } from './record-bytes.js';

export type { ExportHeader, ExportRow, RejectedRow } from './parse-core.js';

/**
 * Rows come in two forms, each built on first use from the other: `rows` as objects, and
 * `records` encoded as the store binds them (encodeRecord). The worker sends records, so that
 * ingest writes them without ever building row objects in the writing thread.
 */
export interface RowBatch {
  type: 'batch';
  readonly rows: ExportRow[];
  readonly records: readonly string[];
  /**
   * The records a few dozen at a time, for a consumer that writes them and lets them go (ingest):
   * a batch from the worker is decoded piece by piece, so only a piece is alive at once. Such a
   * batch is spent once the consumer asks for the next event; `rows` and `records` then throw.
   */
  recordPieces(): Iterable<readonly string[]>;
  rejects: RejectedRow[];
  bytesRead: number;
}

export type ExportEvent = { type: 'header'; header: ExportHeader } | RowBatch | { type: 'end'; rowsRead: number; bytes: number; sha256: string };

/** A batch of rows made in this thread. */
function rowBatch(rows: ExportRow[], rejects: RejectedRow[], bytesRead: number): RowBatch {
  let asRecords: readonly string[] | null = null;
  return {
    type: 'batch',
    rows,
    get records() {
      return (asRecords ??= rows.map((r) => encodeRecord(r.line, r.cells, r.person)));
    },
    recordPieces() {
      return [this.records];
    },
    rejects,
    bytesRead,
  };
}

/**
 * A batch of records from the worker, in a buffer that goes back to it (recycleRecordBuffer) once
 * the consumer is done: `release` decodes what was not streamed, then hands the buffer over.
 */
function workerBatch(bytes: Uint8Array, rejects: RejectedRow[], bytesRead: number): RowBatch & { release(): ArrayBuffer } {
  let asRecords: readonly string[] | null = null;
  let asRows: ExportRow[] | null = null;
  let streamed = false;
  let released = false;
  const usable = (): void => {
    if (released) throw new Error('internal error: a streamed batch was read after the next one was asked for');
  };
  return {
    type: 'batch',
    get rows() {
      return (asRows ??= this.records.map((r) => decodeRecord(r)));
    },
    get records() {
      if (asRecords === null) usable();
      return (asRecords ??= recordsOfBytes(bytes));
    },
    recordPieces() {
      if (asRecords !== null) return [asRecords];
      usable();
      streamed = true;
      return recordPiecesOfBytes(bytes);
    },
    rejects,
    bytesRead,
    release() {
      // A consumer that kept the batch without streaming it can still read it afterwards.
      if (!streamed && asRecords === null) asRecords = recordsOfBytes(bytes);
      released = true;
      return bytes.buffer as ArrayBuffer;
    },
  };
}

export interface ReadExportOptions {
  source: Source;
  encoding?: string;
  delimiter?: string;
  profile?: ExportProfile;
  /** Rows (and rejects) per batch; default 1,000. */
  batchSize?: number;
  /** Parse in a worker thread (default). false runs the same code in this thread. */
  worker?: boolean;
  /** ISO date for "future date" checks; tests fix it. */
  today?: string;
  /** Benchmarks only: raw cells stand in for canonical values (see CoreOptions). */
  skipNormalise?: boolean;
  /** false: the caller hashes the input itself (sha256OfFile); the end event's sha256 is empty. */
  hash?: boolean;
  /**
   * Workbooks: the sheet to read, by name or 1-based position (default: the first with a header
   * row). Ignored for CSV, so that one --sheet serves a folder holding both.
   */
  sheet?: string;
}

// Small batches and chunks keep the parse worker's garbage young: a batch or a chunk of text still
// alive at the next scavenge is copied, then promoted, and collected only by a full mark-compact
// (1 MiB chunks and 5,000-row batches made nine of them per million rows and 300 MB of heap; 64 KiB
// and 1,000 rows, two and 200 MB), for the same time.
export const DEFAULT_BATCH_SIZE = 1000;
/** Batches the worker may send before the consumer has taken them. */
export const MAX_IN_FLIGHT = 2;
/**
 * Old-generation heap of the parse worker, MiB. It holds the region list (~20 MB, ~50 with the
 * name indexes DTKS exports need) and bounded memo tables (~30 MB at most, see normalise/memo.ts),
 * so it lives in ~40-70 MB; left to itself, V8 let garbage grow the heap to twice or three times
 * that before collecting, which took ingest past its 300 MB budget.
 */
export const WORKER_OLD_GENERATION_MB = 144;
/**
 * Young generation of the parse worker, MiB. Rows die young, so a small one is enough: 16 MiB
 * measured ~40 MB less peak RSS than V8's default, in the same time.
 */
export const WORKER_YOUNG_GENERATION_MB = 16;
/** Bytes per read when hashing a file (sha256OfFile). */
export const READ_CHUNK_BYTES = 1024 * 1024;
/** Bytes per read when parsing a file: decoded into one string of text at a time. */
export const PARSE_CHUNK_BYTES = 64 * 1024;

/** Canonical field → raw cell text for one row; `padan normalise` uses it on stored raw cells. */
export function fieldsFromCells(cells: string[], mapping: ExportHeader['mapping']): RawFields {
  return mapCells(cells, mapping);
}

/** Size of a file for a progress bar; null for standard input and anything that is not a file. */
export function totalBytes(input: string): number | null {
  if (input === '-') return null;
  try {
    const stat = statSync(input);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

function fileError(path: string, error: unknown): PadanError {
  return new PadanError(`${path}: ${whyUnreadable((error as NodeJS.ErrnoException).code)}`, EXIT.failure);
}

export async function sha256OfFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (error) {
    throw fileError(path, error);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Reads a file chunk by chunk with blocking reads: for the parse worker, whose thread has nothing
 * else to do meanwhile, and where each of the ~5,000 chunks of a 300 MB file cost ~80 µs through
 * a stream (a thread-pool round trip and promises) against ~15 µs read directly.
 */
export async function* fileChunksBlocking(path: string): AsyncGenerator<Uint8Array> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw fileError(path, error);
  }
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafeSlow(PARSE_CHUNK_BYTES);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        throw fileError(path, error);
      }
      if (n === 0) return;
      yield n === chunk.length ? chunk : chunk.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Reads a file chunk by chunk, turning I/O errors into messages naming the file. */
export async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: PARSE_CHUNK_BYTES });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw fileError(path, error);
  } finally {
    stream.destroy();
  }
}

function coreOptions(options: ReadExportOptions, label: string): CoreOptions {
  return {
    source: options.source,
    encoding: options.encoding,
    delimiter: options.delimiter,
    profile: options.profile,
    batchSize: Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE),
    today: options.today,
    label,
    skipNormalise: options.skipNormalise,
    hash: options.hash,
    sheet: options.sheet,
  };
}

const WORKER_URL = new URL('./parse-worker.js', import.meta.url);
/** The compiled worker exists only next to compiled code (not when tests run the .ts sources). */
export const workerAvailable = (): boolean => WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));

export function readExport(input: string, options: ReadExportOptions): AsyncGenerator<ExportEvent> {
  if (input === '-') return readExportStream(process.stdin, options, '(standard input)');
  return readExportFile(input, options);
}

async function* readExportFile(path: string, options: ReadExportOptions): AsyncGenerator<ExportEvent> {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    throw fileError(path, error);
  }
  if (stat.isDirectory()) throw fileError(path, Object.assign(new Error(), { code: 'EISDIR' }));
  const core: CoreOptions = { ...coreOptions(options, path), format: formatOfFile(path) };
  const events = options.worker !== false && workerAvailable() ? viaWorker({ path }, core) : inThread(core.format === 'xlsx' ? null : fileChunks(path), core, path);
  if (core.format === 'csv' || options.hash === false) return yield* events;
  // A workbook's reader stops after its sheet; the hash is of the whole file.
  for await (const event of events) yield event.type === 'end' ? { ...event, sha256: (await sha256OfFile(path)).sha256 } : event;
}

/** The parser's events for bytes of CSV text, or for the workbook at `path` (format xlsx). */
export function coreEvents(source: AsyncIterable<Uint8Array> | null, options: CoreOptions, path: string | null): AsyncGenerator<StreamEvent> {
  if (options.format === 'xlsx') {
    if (path === null) throw new PadanError(t('error.workbookStdin', { file: options.label }), EXIT.usage, t('hint.workbookStdin'));
    return sheetEvents(path, options);
  }
  return parseEvents(source!, options);
}

async function* inThread(source: AsyncIterable<Uint8Array> | null, options: CoreOptions, path: string | null = null): AsyncGenerator<ExportEvent> {
  for await (const event of coreEvents(source, options, path)) {
    yield event.type === 'batch' ? rowBatch(event.rows, event.rejects, event.bytesRead) : event;
  }
}

/** Same as readExport on a byte stream (standard input; tests pass their own). */
export async function* readExportStream(stream: Readable, options: ReadExportOptions, label = '(standard input)'): AsyncGenerator<ExportEvent> {
  const core = coreOptions(options, label);
  if (options.worker !== false && workerAvailable()) yield* viaWorker({ stream }, core);
  else yield* inThread(stream as AsyncIterable<Uint8Array>, core);
}

/**
 * What the worker posts. Rows travel as encoded records in UTF-8 bytes (record-bytes.ts) whose
 * buffer is transferred, not copied: a batch waiting for the writer is no heap object, and its
 * strings are made only when it is written, so they die young (as strings, batches waiting in the
 * queue outlived a scavenge and filled the old generation with garbage).
 */
export type WorkerMessage =
  | { type: 'header'; header: ExportHeader }
  | { type: 'batch'; records: Uint8Array; rejects: RejectedRow[]; bytesRead: number }
  | { type: 'end'; rowsRead: number; bytes: number; sha256: string }
  | { type: 'error'; message: string; exitCode: number; hint?: string; padan: boolean; stack?: string }
  | { type: 'pull' };

export interface WorkerInput {
  path: string | null;
  options: CoreOptions;
  maxInFlight: number;
}

/** Messages from the worker in arrival order, awaited one at a time. */
class Inbox<T> {
  private items: T[] = [];
  private failure: unknown = null;
  private waiting: { resolve: (v: T) => void; reject: (e: unknown) => void } | null = null;

  put(item: T): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w.resolve(item);
    } else this.items.push(item);
  }

  fail(error: unknown): void {
    if (this.failure) return;
    this.failure = error;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w.reject(error);
    }
  }

  next(): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }
}

async function* viaWorker(input: { path: string } | { stream: Readable }, coreOptions: CoreOptions): AsyncGenerator<ExportEvent> {
  // A worker ended by terminate() runs no cleanup: the folder for a workbook's temporary files is
  // this thread's to make and to remove.
  const scratchDir = coreOptions.format === 'xlsx' ? makePrivateTmpdir() : undefined;
  const options: CoreOptions = scratchDir ? { ...coreOptions, scratchDir } : coreOptions;
  const data: WorkerInput = { path: 'path' in input ? input.path : null, options, maxInFlight: MAX_IN_FLIGHT };
  const worker = new Worker(WORKER_URL, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  const inbox = new Inbox<WorkerMessage>();
  let finished = false;
  const chunks = 'stream' in input ? (input.stream as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]() : null;
  const pull = async (): Promise<void> => {
    try {
      const r = await chunks!.next();
      worker.postMessage({ type: 'chunk', data: r.done ? null : r.value });
    } catch (error) {
      inbox.fail(error);
    }
  };
  worker.on('message', (m: WorkerMessage) => (m.type === 'pull' ? void pull() : inbox.put(m)));
  worker.on('error', (error) =>
    inbox.fail(
      (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new PadanError(t('error.workerMemory', { label: options.label }), EXIT.failure, t('hint.reportBug'))
        : error,
    ),
  );
  worker.on('exit', (code) => {
    if (!finished) inbox.fail(new PadanError(t('error.workerStopped', { label: options.label, code: String(code) }), EXIT.failure));
  });
  try {
    for (;;) {
      const m = await inbox.next();
      if (m.type === 'header') yield m;
      else if (m.type === 'batch') {
        const batch = workerBatch(m.records, m.rejects, m.bytesRead);
        yield batch;
        // Taken by the consumer: the worker may read one batch further, into the same buffer.
        const buffer = batch.release();
        worker.postMessage({ type: 'ack', buffer }, [buffer]);
      } else if (m.type === 'end') {
        finished = true;
        yield m;
        return;
      } else if (m.type === 'error') {
        finished = true;
        if (m.padan) throw new PadanError(m.message, m.exitCode, m.hint);
        const error = new Error(m.message);
        if (m.stack) error.stack = m.stack;
        throw error;
      }
    }
  } finally {
    finished = true;
    await worker.terminate();
    if (scratchDir) removePrivateTmpdir(scratchDir);
    if (chunks?.return) await chunks.return();
  }
}

