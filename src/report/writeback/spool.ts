// The answers of a workbook's rows, kept in a scratch file between reading the sheets and patching
// them: held in memory as arrays, 300,000 rows' answers (about 60 MB) let V8 grow the heap by
// some 200 MB more while exceljs reads. Rows are written and read back in the order they came.
import { readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { writeAll } from './zip.js';

export type RowValues = readonly (string | null)[];

/** Characters gathered before a write. */
const FLUSH_CHARS = 1 << 16;

export class AnswerSpool {
  private size = 0;
  private held: string[] = [];
  private heldChars = 0;

  /** `fd`: a scratch file opened for reading and writing. */
  constructor(private readonly fd: number) {}

  /** Where the next row will start, to read a sheet's rows back. */
  mark(): number {
    this.flush();
    return this.size;
  }

  add(row: number, values: RowValues): void {
    // One JSON array a line: values may hold any character, JSON escapes line breaks.
    const line = `${JSON.stringify([row, ...values])}\n`;
    this.held.push(line);
    this.heldChars += line.length;
    if (this.heldChars >= FLUSH_CHARS) this.flush();
  }

  flush(): void {
    if (this.held.length === 0) return;
    const bytes = Buffer.from(this.held.join(''), 'utf8');
    writeAll(this.fd, bytes, this.size);
    this.size += bytes.length;
    this.held = [];
    this.heldChars = 0;
  }

  /** The rows written between two offsets, in order. */
  *rows(start: number, end: number): Generator<[number, RowValues]> {
    this.flush();
    const decoder = new StringDecoder('utf8');
    const chunk = Buffer.alloc(1 << 16);
    let text = '';
    for (let at = start; at < end; ) {
      const n = readSync(this.fd, chunk, 0, Math.min(chunk.length, end - at), at);
      if (n === 0) break;
      at += n;
      text += decoder.write(chunk.subarray(0, n));
      const lines = text.split('\n');
      text = lines.pop()!;
      for (const line of lines) {
        const [row, ...values] = JSON.parse(line) as [number, ...(string | null)[]];
        yield [row, values];
      }
    }
  }
}
