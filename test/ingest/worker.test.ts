// The worker path runs compiled JavaScript (a worker cannot load the .ts sources vitest runs), so
// this test compiles the ingest modules into a temporary folder and checks that reading through
// the worker gives exactly what reading in this thread gives.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ReadExportModule from '../../src/ingest/read-export.js';
import { decodeRecord } from '../../src/store/records.js';
import { PadanError } from '../../src/util/errors.js';
import { csv, csvLine, DTKS_HEADER, dtksRow, P3KE_HEADER, p3keRow, read, tempFile, TODAY, utf8, type Collected } from './helpers.js';

const root = resolve(import.meta.dirname, '../..');
let out: string;
let compiled: typeof ReadExportModule;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'padan-worker-build-'));
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const files = ['src/ingest/read-export.ts', 'src/ingest/parse-worker.ts'].map((f) => join(root, f));
  execFileSync(process.execPath, [tsc, ...files, '--outDir', out, '--rootDir', root, '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--resolveJsonModule', '--types', 'node'], { cwd: root, stdio: 'pipe' });
  symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'), 'dir');
}, 120_000);

beforeAll(async () => {
  compiled = (await import(pathToFileURL(join(out, 'src/ingest/read-export.js')).href)) as typeof ReadExportModule;
});

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

async function viaWorker(events: AsyncGenerator<ReadExportModule.ExportEvent>): Promise<Collected & { batchSizes: number[] }> {
  let header;
  let end;
  const rows = [];
  const rejects = [];
  const batchSizes = [];
  for await (const e of events) {
    if (e.type === 'header') header = e.header;
    else if (e.type === 'batch') {
      rows.push(...e.rows);
      rejects.push(...e.rejects);
      batchSizes.push(e.rows.length + e.rejects.length);
    } else end = e;
  }
  return { header: header!, rows, rejects, end: end!, batches: batchSizes.length, batchSizes };
}

function mixedFile(): Buffer {
  const lines = [csvLine(['DATA P3KE']), csvLine(P3KE_HEADER)];
  for (let i = 0; i < 230; i++) {
    const row = p3keRow({ family: String(210000000 + (i >> 2)), individu: String((i % 4) + 1), nama: i % 7 === 0 ? 'JOSÉ MUÑOZ' : 'SITI AMINAH', nik: i % 11 === 0 ? '9171014503800001' : '3.27301E+15', alamat: i % 5 === 0 ? 'RT 1\nRW 2, "X"' : 'JL. MAWAR' });
    if (i % 13 === 0) lines.push(csvLine(row.slice(0, 20)));
    else if (i % 17 === 0) lines.push(csvLine(row).replace('Kawin', '"Kawin'));
    else lines.push(csvLine(row));
  }
  return utf8(lines.join('\r\n') + '\r\n');
}

describe('parse worker', () => {
  it('is available once compiled', () => {
    expect(existsSync(join(out, 'src/ingest/parse-worker.js'))).toBe(true);
    expect(compiled.workerAvailable()).toBe(true);
  });

  it('gives exactly the in-thread result: header, rows, persons, rejects, counts, hash', async () => {
    const path = tempFile('mixed.csv', mixedFile());
    const inThread = await read(path, { batchSize: 16 });
    const worker = await viaWorker(compiled.readExport(path, { source: 'p3ke', worker: true, batchSize: 16, today: TODAY }));
    expect(inThread.rejects.length).toBeGreaterThan(10);
    expect(worker.header).toEqual(inThread.header);
    expect(worker.rows).toEqual(inThread.rows);
    expect(worker.rejects).toEqual(inThread.rejects);
    expect(worker.end).toEqual(inThread.end);
    expect(Math.max(...worker.batchSizes)).toBeLessThanOrEqual(16);
  });

  it('streams a batch piece by piece to a consumer that writes and lets go, and reuses its buffer', async () => {
    // Rows long enough that a batch spans several 32 KiB decoding pieces.
    const long = 'JL. ' + 'MAWAR '.repeat(400);
    const rows = Array.from({ length: 120 }, (_, i) => p3keRow({ family: String(600000000 + i), alamat: i % 2 ? long : 'É Ñ 😀' }));
    const path = tempFile('long-rows.csv', utf8(csv([P3KE_HEADER, ...rows])));
    const inThread = await read(path, { batchSize: 50 });
    const streamed: string[] = [];
    let pieces = 0;
    let spent: ReadExportModule.RowBatch | undefined;
    for await (const e of compiled.readExport(path, { source: 'p3ke', worker: true, batchSize: 50, today: TODAY })) {
      if (e.type !== 'batch') continue;
      if (spent === undefined) spent = e;
      for (const piece of e.recordPieces()) {
        pieces++;
        streamed.push(...piece);
      }
    }
    expect(pieces).toBeGreaterThan(3);
    expect(streamed.map((r) => decodeRecord(r))).toEqual(inThread.rows);
    // Once the next event was asked for, its buffer went back to the worker: reading it fails loudly.
    expect(() => spent!.records).toThrow(/read after the next one/);
  });

  it.each([
    ['tab, CRLF', '\t', '\r\n'],
    ['pipe, CR only', '|', '\r'],
    ['semicolon, LF', ';', '\n'],
  ])('gives exactly the in-thread rows whatever the delimiter and line break (%s)', async (_, delimiter, eol) => {
    // Unquoted rows travel as their text: backslashes, quotes inside a cell, tabs and non-ASCII
    // must come back as the cells the reader made (quoted rows travel as JSON).
    const odd = ['C:\\DATA\\X', 'JL. "MAWAR"', 'A\tB', 'É Ñ 😀', 'RT 1/RW 2', '[x]', '\\"'];
    const rows = Array.from({ length: 60 }, (_, i) => p3keRow({ family: String(500000000 + i), alamat: odd[i % odd.length]!, nama: i % 3 ? 'SITI AMINAH' : 'Ma\'ruf' }));
    const path = tempFile(`odd-${delimiter.charCodeAt(0)}.csv`, utf8(csv([P3KE_HEADER, ...rows], { delimiter, eol })));
    const inThread = await read(path, { batchSize: 7 });
    const worker = await viaWorker(compiled.readExport(path, { source: 'p3ke', worker: true, batchSize: 7, today: TODAY }));
    expect(inThread.rows.length + inThread.rejects.length).toBe(60);
    expect(worker.rows).toEqual(inThread.rows);
    expect(worker.rejects).toEqual(inThread.rejects);
  });

  it('standard input through the worker (chunks pulled from this thread)', async () => {
    const bytes = utf8(csv([DTKS_HEADER, ...Array.from({ length: 40 }, (_, i) => dtksRow(String(i + 1)))], { delimiter: '|', quoteAll: true }));
    const chunks = Array.from({ length: Math.ceil(bytes.length / 100) }, (_, i) => bytes.subarray(i * 100, (i + 1) * 100));
    const worker = await viaWorker(compiled.readExportStream(Readable.from(chunks), { source: 'dtks', worker: true, batchSize: 7, today: TODAY }));
    const inThread = await read(bytes, { source: 'dtks', batchSize: 7 });
    expect(worker.rows).toEqual(inThread.rows);
    expect(worker.end).toEqual(inThread.end);
    expect(worker.rows).toHaveLength(40);
  });

  it('errors come back as the same PadanError', async () => {
    const path = tempFile('nonik.csv', csv([P3KE_HEADER.filter((h) => h !== 'NIK')]));
    const fromWorker = await viaWorker(compiled.readExport(path, { source: 'p3ke', worker: true })).catch((e: unknown) => e);
    const inThread = await read(path).catch((e: unknown) => e);
    expect((fromWorker as Error).name).toBe('PadanError');
    expect((fromWorker as PadanError).message).toBe((inThread as PadanError).message);
    expect((fromWorker as PadanError).exitCode).toBe(1);
  });

  it('a consumer that stops early terminates the worker', async () => {
    const path = tempFile('long.csv', csv([P3KE_HEADER, ...Array.from({ length: 2000 }, (_, i) => p3keRow({ family: String(400000000 + i) }))]));
    const gen = compiled.readExport(path, { source: 'p3ke', worker: true, batchSize: 10, today: TODAY });
    let batches = 0;
    for await (const e of gen) if (e.type === 'batch' && ++batches === 2) break;
    expect(await gen.next()).toEqual({ done: true, value: undefined });
  });

  it('the worker stays a bounded distance ahead of a slow consumer', async () => {
    const row = csvLine(p3keRow()) + '\r\n';
    const bytes = utf8(csvLine(P3KE_HEADER) + '\r\n' + row.repeat(3000));
    let pulled = 0;
    async function* slowStdin() {
      for (let i = 0; i < bytes.length; i += 1000) {
        pulled += Math.min(1000, bytes.length - i);
        yield bytes.subarray(i, i + 1000);
      }
    }
    const gen = compiled.readExportStream(Readable.from(slowStdin()), { source: 'p3ke', worker: true, batchSize: 50, today: TODAY });
    let delivered = 0;
    let maxAhead = 0;
    for await (const e of gen) {
      if (e.type !== 'batch') continue;
      await new Promise((r) => setTimeout(r, 15));
      delivered += e.rows.length;
      maxAhead = Math.max(maxAhead, pulled - delivered * row.length);
    }
    expect(delivered).toBe(3000);
    // The 64 KiB sniffed before the header, plus at most a few batches and a chunk, never the file.
    expect(maxAhead).toBeLessThan(64 * 1024 + 4 * 50 * row.length + 2000);
    expect(bytes.length).toBeGreaterThan(5 * (64 * 1024 + 4 * 50 * row.length));
  });
});
