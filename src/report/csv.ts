// CSV files analysts open in Excel (contracts.md): UTF-8 with BOM, CRLF, comma, header row, every
// cell guarded against formula injection; written to a temporary name and renamed, so a reader
// never sees half a file.
import { createWriteStream, openSync, readdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { stringify, type Stringifier } from 'csv-stringify';
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

export class CsvFileWriter {
  private readonly temporary: string;
  private readonly stringifier: Stringifier;
  private readonly file: WriteStream;
  private rows = 0;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.temporary = `${path}.tmp-${process.pid}`;
    // Opened synchronously so the temporary file exists (and abort can remove it) from here on.
    this.file = createWriteStream('', { fd: openSync(this.temporary, 'w', privateFileMode()) });
    this.stringifier = stringify({ bom: true, record_delimiter: 'windows' });
    this.stringifier.pipe(this.file);
    this.stringifier.write(header.map(guardCell));
  }

  /** Resolves when the stream can take more (backpressure on million-row reports). */
  async write(row: readonly Cell[]): Promise<void> {
    this.rows += 1;
    if (!this.stringifier.write(row.map(guardCell))) await once(this.stringifier, 'drain');
  }

  get rowCount(): number {
    return this.rows;
  }

  async close(): Promise<void> {
    this.stringifier.end();
    await once(this.file, 'close');
    renameSync(this.temporary, this.path);
  }

  abort(): void {
    this.stringifier.destroy();
    this.file.destroy();
    rmSync(this.temporary, { force: true });
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

export async function writeCsv(path: string, header: readonly string[], rows: Iterable<readonly Cell[]>): Promise<number> {
  const writer = new CsvFileWriter(path, header);
  try {
    for (const row of rows) await writer.write(row);
    await writer.close();
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
