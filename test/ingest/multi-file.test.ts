// Several export files as one snapshot: which files a folder or glob names, and what the store
// keeps of each file (real SQLite files, no mocks).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/ingest/inputs.js';
import { combinedSha256, loadSnapshot } from '../../src/ingest/load-snapshot.js';
import { sha256OfFile } from '../../src/ingest/read-export.js';
import { openStore, type OpenStore } from '../../src/store/open.js';
import { listSnapshots, rejectsOf, snapshotFiles } from '../../src/store/snapshots.js';
import { EXIT, PadanError } from '../../src/util/errors.js';
import { writeAwkwardWorkbook } from '../helpers/workbook.js';
import { csv, P3KE_HEADER, p3keRow, TODAY } from './helpers.js';

let dir: string;
let store: OpenStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'padan-multi-'));
  store = openStore(join(dir, 'padan.db'), { write: true });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(relative: string, content: string): string {
  const path = join(dir, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

describe('expandInputs', () => {
  it('a folder gives every export file under it, sorted, named relative to the folder; lock and hidden files are left out', () => {
    write('p3ke/kec_b/desa1.csv', 'x');
    write('p3ke/kec_a/desa2.xlsx', 'x');
    write('p3ke/kec_a/~$desa2.xlsx', 'x');
    write('p3ke/.hidden.csv', 'x');
    write('p3ke/notes.docx', 'x');
    const files = expandInputs([join(dir, 'p3ke')]);
    expect(files.map((f) => f.name)).toEqual(['kec_a/desa2.xlsx', 'kec_b/desa1.csv']);
  });

  it('a glob in the last part of the path, and plain files, each file once', () => {
    const a = write('x/P3KE_a.xlsx', 'x');
    write('x/P3KE_b.xlsx', 'x');
    write('x/DTKS_c.xlsx', 'x');
    const files = expandInputs([join(dir, 'x', 'P3KE_*.xlsx'), a]);
    expect(files.map((f) => f.name)).toEqual(['P3KE_a.xlsx', 'P3KE_b.xlsx']);
  });

  it('standard input stands alone; a folder or glob that names nothing is an error', () => {
    expect(expandInputs(['-'])).toEqual([{ path: '-', name: '(standard input)' }]);
    expect(() => expandInputs(['-', 'a.csv'])).toThrow(/standard input/);
    mkdirSync(join(dir, 'empty'));
    expect(() => expandInputs([join(dir, 'empty')])).toThrow(/no export files in this folder/);
    expect(() => expandInputs([join(dir, 'none*.csv')])).toThrow(/no file matches/);
  });
});

const options = { source: 'p3ke' as const, worker: false, today: TODAY };

describe('loadSnapshot over several files', () => {
  it('makes one snapshot; each record and reject remembers its file; a workbook and a CSV of the same person both stay', async () => {
    write('p3ke/a.csv', csv([P3KE_HEADER, p3keRow({ individu: '1' }), p3keRow({ individu: '', nama: 'TANPA ID' })]));
    await writeAwkwardWorkbook(join(dir, 'p3ke', 'b.xlsx'), [{ individu: '1' }, { individu: '2', nik: '3275014503800002' }]);
    const result = await loadSnapshot(store.db, expandInputs([join(dir, 'p3ke')]), options);
    expect(result.status).toBe('ingested');
    expect(result.accepted).toBe(3);
    expect(result.rejected).toBe(1);
    expect(result.snapshot.fileName).toBe('2 files: a.csv, b.xlsx');
    const files = snapshotFiles(store.db, result.snapshot.id);
    expect(files.map((f) => [f.fileNo, f.fileName, f.sheet, f.headerLine, f.rowsRead, f.rowsAccepted, f.rowsRejected])).toEqual([
      [1, 'a.csv', null, 1, 2, 1, 1],
      [2, 'b.xlsx', 'Data', 4, 2, 2, 0],
    ]);
    const hashes = await Promise.all(['a.csv', 'b.xlsx'].map((f) => sha256OfFile(join(dir, 'p3ke', f))));
    expect(files.map((f) => f.sha256)).toEqual(hashes.map((h) => h.sha256));
    expect(result.snapshot.sha256).toBe(combinedSha256(hashes.map((h) => h.sha256)));
    const records = store.db.prepare('SELECT file_no AS fileNo, line, source_id AS id, nik FROM records WHERE snapshot_id = ? ORDER BY id').all(result.snapshot.id);
    expect(records).toEqual([
      { fileNo: 1, line: 2, id: '210000001-1', nik: '3275014503800001' },
      { fileNo: 2, line: 6, id: '210000001-1', nik: '3275014503800001' },
      { fileNo: 2, line: 7, id: '210000001-2', nik: '3275014503800002' },
    ]);
    const rejects = rejectsOf(store.db, result.snapshot.id);
    expect(rejects.map((r) => [r.fileName, r.line])).toEqual([['a.csv', 3]]);
  });

  it('the same set again (in any order) is a no-op; a changed file makes a new snapshot', async () => {
    const a = write('a.csv', csv([P3KE_HEADER, p3keRow({ individu: '1' })]));
    const b = write('b.csv', csv([P3KE_HEADER, p3keRow({ individu: '2', nik: '3275014503800002' })]));
    const first = await loadSnapshot(store.db, expandInputs([a, b]), options);
    const again = await loadSnapshot(store.db, expandInputs([b, a]), options);
    expect(again.status).toBe('unchanged');
    expect(again.snapshot.id).toBe(first.snapshot.id);
    write('b.csv', csv([P3KE_HEADER, p3keRow({ individu: '3', nik: '3275014503800003' })]));
    const changed = await loadSnapshot(store.db, expandInputs([a, b]), options);
    expect(changed.status).toBe('ingested');
    expect(listSnapshots(store.db, 'p3ke')).toHaveLength(2);
  });

  it('a file whose columns differ from the first is refused, naming both, and nothing is written', async () => {
    const a = write('a.csv', csv([P3KE_HEADER, p3keRow()]));
    const swapped = [...P3KE_HEADER];
    [swapped[9], swapped[10]] = [swapped[10]!, swapped[9]!]; // Nama and NIK change places
    const b = write('b.csv', csv([swapped, p3keRow()]));
    const error = (await loadSnapshot(store.db, expandInputs([a, b]), options).catch((e: unknown) => e)) as PadanError;
    expect(error).toBeInstanceOf(PadanError);
    expect(error.exitCode).toBe(EXIT.failure);
    expect(error.message).toMatch(/b\.csv: its columns differ from those of a\.csv/);
    expect(listSnapshots(store.db)).toHaveLength(0);
    expect((store.db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n).toBe(0);
  });
});
