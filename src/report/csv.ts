// CSV files analysts open in Excel (contracts.md): UTF-8 with BOM, CRLF, comma, header row, every
// cell guarded against formula injection; written to a temporary name and renamed, so a reader
// never sees half a file.
import { closeSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { privateFileMode } from '../util/file-mode.js';

export type Cell = string | number | null | undefined;

/**
 * A cell Excel would evaluate as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe,
 * so a name typed as `=HYPERLINK(...)` in an export shows as text and never runs (OWASP advice).
 */
export function guardCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

// What csv-stringify (which wrote these reports before) quotes given a record delimiter: a quote,
// a comma or a CRLF, but not a lone CR or LF. Kept so that reports stay byte-identical.
const NEEDS_QUOTES = /[",]|\r\n/;

/** One guarded cell as CSV text: quoted, quotes doubled, when it holds `"`, `,` or CRLF. */
function csvField(value: Cell): string {
  const text = guardCell(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record with its CRLF, as csv-stringify wrote it with `record_delimiter: 'windows'` (test/report/csv.test.ts compares). */
export function csvLine(row: readonly Cell[]): string {
  let line = row.length > 0 ? csvField(row[0]) : '';
  for (let i = 1; i < row.length; i++) line += `,${csvField(row[i])}`;
  return `${line}\r\n`;
}

/** Bytes gathered before a write: million-row reports in a few hundred system calls. */
const BUFFER_BYTES = 1 << 20;

export class CsvFileWriter {
  private readonly temporary: string;
  private fd: number | null;
  // Each line is encoded into the buffer as it comes: concatenating a megabyte of lines into one
  // string and encoding that cost a tenth of a million-row report.
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private rows = 0;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.temporary = `${path}.tmp-${process.pid}`;
    // Opened synchronously so the temporary file exists (and abort can remove it) from here on.
    this.fd = openSync(this.temporary, 'w', privateFileMode());
    this.append(`\ufeff${csvLine(header)}`);
  }

  /** Writes synchronously, a megabyte at a time: memory stays flat however long the report. */
  write(row: readonly Cell[]): void {
    this.rows += 1;
    this.append(csvLine(row));
  }

  get rowCount(): number {
    return this.rows;
  }

  close(): void {
    this.flush();
    closeSync(this.fd!);
    this.fd = null;
    renameSync(this.temporary, this.path);
  }

  abort(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.temporary, { force: true });
  }

  private append(text: string): void {
    // A UTF-16 unit takes at most three bytes in UTF-8; a line longer than the buffer goes alone.
    if (this.used + text.length * 3 > BUFFER_BYTES) {
      this.flush();
      if (text.length * 3 > BUFFER_BYTES) return this.writeAll(Buffer.from(text, 'utf8'));
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  private flush(): void {
    this.writeAll(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  private writeAll(bytes: Uint8Array): void {
    // write(2) may take less than asked (a full disk shows up as an error on the next call).
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd!, bytes, done);
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes the temporary files (`name.tmp-PID`) a killed padan left in `dir`: they hold personal
 * data and nobody will rename them. Files of a padan still running are left alone.
 */
export function removeStaleTemporaries(dir: string): string[] {
  const stale = readdirSync(dir).filter((name) => {
    const pid = /\.tmp-(\d+)$/.exec(name)?.[1];
    return pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid));
  });
  for (const name of stale) rmSync(join(dir, name), { force: true });
  return stale;
}

export function writeCsv(path: string, header: readonly string[], rows: Iterable<readonly Cell[]>): number {
  const writer = new CsvFileWriter(path, header);
  try {
    for (const row of rows) writer.write(row);
    writer.close();
    return writer.rowCount;
  } catch (error) {
    writer.abort();
    throw error;
  }
}

/** `327301******0001`: region and serial stay visible, the birth date (and with it sex) does not. */
export function maskId(value: string | null | undefined): string | null {
  if (!value) return value ?? null;
  if (value.length <= 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** Runs of 15 to 17 digits in free text (a rejected line, an explanation) are NIK- or KK-shaped: masked like one. */
export const maskDigitRuns = (text: string): string => text.replace(/\d{15,17}/g, (digits) => maskId(digits) ?? '');
