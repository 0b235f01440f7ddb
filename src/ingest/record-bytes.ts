// Encoded records (store/records.ts encodeRecord) as the parse worker hands them over: UTF-8 bytes,
// records separated by U+001D, which no record holds (the reader rejects control characters).
// Each record is written into the batch's buffer as soon as it is made, so no string of a batch
// outlives its row: strings kept until a batch was full outlived a scavenge or two and were
// promoted, filling the worker's old generation with garbage (a tenth of the ingest's CPU went to
// collecting it on DTKS exports). The buffer is transferred to the writing thread, not copied.

const SEPARATOR = 0x1d;
const decoder = new TextDecoder();

/** Buffers the writing thread has handed back (this thread's; a worker has its own module state). */
const spare: ArrayBuffer[] = [];
const MAX_SPARE = 4;

/** Takes back a batch's buffer once its records are decoded, for a later batch to reuse. */
export function recycleRecordBuffer(buffer: ArrayBuffer): void {
  if (spare.length < MAX_SPARE) spare.push(buffer);
}

export class RecordBytes {
  private buffer: Buffer;
  private at = 0;
  count = 0;

  constructor(private readonly initialBytes = 1 << 20) {
    this.buffer = Buffer.allocUnsafeSlow(initialBytes);
  }

  add(record: string): void {
    // Room for the worst case, 3 bytes per UTF-16 unit: Buffer.write cuts what does not fit.
    const need = record.length * 3 + 1;
    if (this.buffer.length - this.at < need) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.at + need));
      this.buffer.copy(bigger, 0, 0, this.at);
      this.buffer = bigger;
    }
    if (this.count > 0) this.buffer[this.at++] = SEPARATOR;
    this.at += this.buffer.write(record, this.at);
    this.count++;
  }

  /** The records so far, in a buffer of their own (transferable); starts a new batch. */
  take(): Uint8Array {
    const out = this.buffer.subarray(0, this.at);
    const want = Math.max(this.initialBytes, this.at + (this.at >> 3));
    const reused = spare.pop();
    this.buffer = reused && reused.byteLength >= want ? Buffer.from(reused) : Buffer.allocUnsafeSlow(want);
    this.at = 0;
    this.count = 0;
    return out;
  }
}

/**
 * Bytes decoded at a time, ending at a record boundary. The writing thread decodes a batch piece
 * by piece as it binds the records: a batch decoded whole (~700 KB of text, and its records held
 * until the last was written) was alive across two scavenges often enough that a third of what
 * that thread allocated was promoted (600 MB per million rows), and its old generation swung
 * between 15 and 90 MB. The separator byte is never part of a multi-byte UTF-8 sequence, so any
 * record boundary is a character boundary.
 */
const DECODE_PIECE_BYTES = 32 * 1024;

/** The records of a RecordBytes batch as strings, a piece (a few dozen records) at a time. */
export function* recordPiecesOfBytes(bytes: Uint8Array): Generator<string[]> {
  for (let start = 0; start < bytes.length; ) {
    let end = start + DECODE_PIECE_BYTES;
    if (end >= bytes.length) end = bytes.length;
    else {
      const boundary = bytes.indexOf(SEPARATOR, end);
      end = boundary < 0 ? bytes.length : boundary;
    }
    yield decoder.decode(bytes.subarray(start, end)).split('\u001d');
    start = end + 1;
  }
}

/** The records of a RecordBytes batch as strings. */
export function recordsOfBytes(bytes: Uint8Array): string[] {
  const records: string[] = [];
  for (const piece of recordPiecesOfBytes(bytes)) for (const record of piece) records.push(record);
  return records;
}
