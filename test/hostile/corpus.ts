// The hostile input corpus: files an export pipeline, a broken USB stick or a malicious user can
// hand padan. Small ones are built from the DTKS fixture; the big ones (a 100 MB line) are written
// at test time, never committed. Each case says how padan must end: a clear error, or rows
// rejected (the rest ingested), or everything accepted.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/cli.js';

export type Outcome = 'error' | 'rejects' | 'accepted';

export interface HostileCase {
  name: string;
  /** Writes the file into `dir` and returns its path. */
  make(dir: string): string;
  outcome: Outcome;
  /** For 'rejects': at least this many rows rejected. */
  minRejected?: number;
}

const DTKS_TEXT = readFileSync(join(FIXTURES, 'dtks.csv'), 'utf8');
const [HEADER, ...ALL_ROWS] = DTKS_TEXT.split(/\r?\n/).filter((l) => l.length > 0);
export const DTKS_HEADER = HEADER!;
/** 200 well-formed rows, so every case has real data around its hostile part. */
export const DTKS_ROWS = ALL_ROWS.slice(0, 200);

const cells = (row: string): string[] => row.slice(1, -1).split('"|"');
/** A DTKS line: every cell quoted, quotes inside doubled (RFC 4180). */
const row = (values: readonly string[]): string => `"${values.map((v) => v.replace(/"/g, '""')).join('"|"')}"`;
export const NIK_COLUMN = cells(DTKS_HEADER).indexOf('NIK');
export const NAMA_COLUMN = cells(DTKS_HEADER).indexOf('NAMA');

function write(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w', 0o600);
  writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  closeSync(fd);
  return path;
}

/** A file of `head`, then `megabytes` MiB of `fill` repeated (never held whole), then `tail`. */
function writeHuge(dir: string, name: string, head: string, fill: string, megabytes: number, tail: string): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w', 0o600);
  writeSync(fd, Buffer.from(head));
  const block = Buffer.alloc(1 << 20, fill);
  for (let i = 0; i < megabytes; i++) writeSync(fd, block);
  writeSync(fd, Buffer.from(tail));
  closeSync(fd);
  return path;
}

/** Seeded bytes (xorshift), so the junk is the same on every run. */
function junk(length: number, seed = 0x2545f491): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

const withRows = (rows: readonly string[], eol = '\r\n'): string => [DTKS_HEADER, ...rows].join(eol) + eol;
const replaceCell = (line: string, column: number, value: string): string => {
  const c = cells(line);
  c[column] = value;
  return row(c);
};
const toDigits = (nik: string, zero: number): string => nik.replace(/\d/g, (d) => String.fromCharCode(zero + Number(d)));

export const FORMULAS = ['=HYPERLINK("http://example.invalid/x","klik")', '+SUM(1+1)', '-2+3', '@cmd', '=cmd|\' /C calc\'!A0'];
/** Lines that do not fit the header, so they land in rejects.csv with their text. */
export const REJECTED_FORMULAS = ['=HYPERLINK("http://example.invalid/x","klik")|1', '@SUM(1+1)|2'];
export const SQL_FRAGMENTS = ["Robert'); DROP TABLE records;--", "' OR 1=1 --", '"; DELETE FROM snapshots; --', 'x\u0027); ATTACH DATABASE \u0027/tmp/p.db\u0027 AS p;--'];

export const HOSTILE: readonly HostileCase[] = [
  { name: 'empty file', make: (d) => write(d, 'empty.csv', ''), outcome: 'error' },
  { name: 'header only', make: (d) => write(d, 'header-only.csv', `${DTKS_HEADER}\r\n`), outcome: 'accepted' },
  { name: 'binary junk (1 MB)', make: (d) => write(d, 'junk.bin', junk(1 << 20)), outcome: 'error' },
  { name: 'only NUL bytes (1 MB)', make: (d) => write(d, 'nul.csv', Buffer.alloc(1 << 20)), outcome: 'error' },
  {
    name: 'NUL bytes inside rows',
    make: (d) => write(d, 'nul-rows.csv', withRows(DTKS_ROWS.map((r, i) => (i % 10 === 0 ? r.replace('"|"', '"|\u0000\u0000"') : r)))),
    outcome: 'rejects',
    minRejected: 20,
  },
  {
    name: 'binary junk in the middle of good rows',
    make: (d) => write(d, 'junk-middle.csv', Buffer.concat([Buffer.from(withRows(DTKS_ROWS.slice(0, 100))), junk(4096, 7), Buffer.from(`\r\n${DTKS_ROWS.slice(100).join('\r\n')}\r\n`)])),
    outcome: 'rejects',
    minRejected: 1,
  },
  {
    name: 'a 100 MB single line after the header',
    make: (d) => writeHuge(d, 'long-line.csv', `${DTKS_HEADER}\r\n${DTKS_ROWS.slice(0, 10).join('\r\n')}\r\n`, 'A', 100, `\r\n${DTKS_ROWS.slice(10, 20).join('\r\n')}\r\n`),
    outcome: 'rejects',
    minRejected: 1,
  },
  {
    name: 'a 100 MB single line and nothing else',
    make: (d) => writeHuge(d, 'one-line.csv', '', 'B;', 100, ''),
    outcome: 'error',
  },
  {
    name: '10,000 columns in the header and the rows',
    make: (d) => {
      const extra = Array.from({ length: 10_000 - cells(DTKS_HEADER).length }, (_, i) => `KOLOM ${i}`);
      return write(d, 'wide.csv', [row([...cells(DTKS_HEADER), ...extra]), ...DTKS_ROWS.map((r) => row([...cells(r), ...extra.map(() => 'x')]))].join('\r\n'));
    },
    outcome: 'accepted',
  },
  {
    name: 'rows of 10,000 cells under a normal header',
    make: (d) => write(d, 'wide-rows.csv', withRows(DTKS_ROWS.map((r, i) => (i % 4 === 0 ? `${r}${'|"x"'.repeat(10_000)}` : r)))),
    outcome: 'rejects',
    minRejected: 50,
  },
  {
    name: 'unbalanced quotes',
    make: (d) => write(d, 'quotes.csv', withRows(DTKS_ROWS.map((r, i) => (i % 7 === 0 ? r.replace('"|"', '"|""|') : i % 11 === 0 ? `"${r}` : r)))),
    outcome: 'rejects',
    minRejected: 20,
  },
  {
    name: 'mixed line endings (CRLF, LF, CR)',
    make: (d) => write(d, 'mixed-eol.csv', DTKS_HEADER + DTKS_ROWS.map((r, i) => ['\r\n', '\n', '\r'][i % 3] + r).join('') + '\n'),
    outcome: 'rejects',
  },
  {
    name: 'CRLF and LF mixed (no lone CR)',
    make: (d) => write(d, 'crlf-lf.csv', DTKS_HEADER + DTKS_ROWS.map((r, i) => (i % 2 ? '\r\n' : '\n') + r).join('') + '\n'),
    outcome: 'accepted',
  },
  {
    name: 'invalid UTF-8 in names',
    make: (d) =>
      write(
        d,
        'bad-utf8.csv',
        Buffer.concat(
          DTKS_ROWS.slice(0, 50).flatMap((r, i) => {
            const line = Buffer.from(`${i === 0 ? `${DTKS_HEADER}\r\n` : ''}${r}\r\n`);
            if (i % 5 !== 0) return [line];
            const at = line.indexOf(Buffer.from(cells(r)[NAMA_COLUMN]!));
            return [line.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), line.subarray(at)];
          }),
        ),
      ),
    outcome: 'accepted',
  },
  {
    name: 'UTF-16LE without BOM',
    make: (d) => write(d, 'utf16le.csv', Buffer.from(withRows(DTKS_ROWS.slice(0, 50)), 'utf16le')),
    outcome: 'accepted',
  },
  {
    name: 'UTF-16BE without BOM',
    make: (d) => write(d, 'utf16be.csv', Buffer.from(withRows(DTKS_ROWS.slice(0, 50)), 'utf16le').swap16()),
    outcome: 'accepted',
  },
  {
    // Names are normalised to letters (a formula in a name reaches no report as one), but a
    // rejected line is reported verbatim: two such lines start with a formula.
    name: 'formula-injection payloads and SQL fragments in names',
    make: (d) =>
      write(d, 'injection.csv', withRows([...DTKS_ROWS.map((r, i) => (i < 9 ? replaceCell(r, NAMA_COLUMN, [...FORMULAS, ...SQL_FRAGMENTS][i]!) : r)), ...REJECTED_FORMULAS])),
    outcome: 'rejects',
    minRejected: 2,
  },
  {
    name: 'NIKs in Arabic-Indic and full-width digits',
    make: (d) =>
      write(
        d,
        'digits.csv',
        withRows(DTKS_ROWS.map((r, i) => (i % 3 === 0 ? r : replaceCell(r, NIK_COLUMN, toDigits(cells(r)[NIK_COLUMN]!, i % 3 === 1 ? 0x660 : 0xff10))))),
      ),
    outcome: 'accepted',
  },
];

export { cells as dtksCells };
