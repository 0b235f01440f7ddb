// Encoded records (store/records.ts encodeRecord) as the parse worker hands them over: UTF-8 bytes,
// records separated by U+001D, which no record holds (the reader rejects control characters).
// Each record is written into the batch's buffer as soon as it is made, so no string of a batch
// outlives its row: strings kept until a batch was full outlived a scavenge or two and were
// promoted, filling the worker's old generation with garbage (a tenth of the ingest's CPU went to
// collecting it on DTKS exports). The buffer is transferred to the writing thread, not copied.

const SEPARATOR = 0x1d;
const decoder = new TextDecoder();

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
    this.buffer = Buffer.allocUnsafeSlow(Math.max(this.initialBytes, this.at + (this.at >> 3)));
    this.at = 0;
    this.count = 0;
    return out;
  }
}

/** The records of a RecordBytes batch as strings. */
export function recordsOfBytes(bytes: Uint8Array): string[] {
  return bytes.length === 0 ? [] : decoder.decode(bytes).split('\u001d');
}
