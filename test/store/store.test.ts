import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open.js';
import { invalidNikRecords } from '../../src/store/findings.js';
import {
  cellsOfRaw,
  decodeRecord,
  deferRecordIndex,
  encodeRecord,
  rawOfText,
  recordById,
  recordFields,
  recordPages,
  recordsBySourceId,
  storedRecordCount,
} from '../../src/store/records.js';
import { beginSnapshot, latestSnapshot, listSnapshots, rejectsOf, snapshotFiles, unchangedSnapshot } from '../../src/store/snapshots.js';
import { EXIT, PadanError } from '../../src/util/errors.js';
import { makePerson } from '../helpers/person.js';

let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'padan-store-'));
  path = join(dir, 'padan.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const meta = {
  source: 'p3ke' as const,
  fileName: 'p3ke.csv',
  profile: 'p3ke-individu',
  encoding: 'utf-8',
  delimiter: ';',
  headerLine: 3,
  headers: ['ID Keluarga', 'ID Individu', 'NIK'],
  mapping: { family_id: 0, person_id: 1, nik: 2 },
  startedAt: '2026-11-23T00:00:00.000Z',
};
const totals = { fileSize: 123, sha256: 'ab'.repeat(32), rowsRead: 3, finishedAt: '2026-11-23T00:00:01.000Z' };

describe('opening the store', () => {
  it('creates the file with mode 0600, WAL and the current schema', () => {
    const store = openStore(path, { write: true });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    store.close();
  });

  it('refuses a store made by a newer padan', () => {
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openStore(path, { write: false })).toThrow(/newer padan/);
  });

  it('refuses a file that is not a store', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, 'this is not sqlite at all, just text that is long enough to fill a header page'.repeat(20));
    expect(() => openStore(path, { write: false })).toThrow(/not a padan store/);
  });

  it('says so when a read-only command finds no store', () => {
    expect(() => openStore(path, { write: false, mustExist: true })).toThrow(/no store at/);
  });

  it('lets one writer in and tells a second it is locked (exit 4)', () => {
    const first = openStore(path, { write: true });
    let error: unknown;
    try {
      openStore(path, { write: true });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PadanError);
    expect((error as PadanError).exitCode).toBe(EXIT.locked);
    first.close();
    const second = openStore(path, { write: true });
    second.close();
  });

  it('waits for a lock up to --wait seconds before giving up', () => {
    const first = openStore(path, { write: true });
    const started = Date.now();
    expect(() => openStore(path, { write: true, waitSeconds: 0.5 })).toThrow(/locked by another padan run/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    first.close();
  });
});

describe('migration 003: the files of a snapshot', () => {
  it('upgrades a store of schema 2: its snapshots keep their records and rejects, with no file of their own', () => {
    const old = new Database(path);
    for (const migration of MIGRATIONS.filter((m) => m.version <= 2)) old.exec(migration.sql);
    old.pragma('user_version = 2');
    old.exec(`INSERT INTO snapshots VALUES (1, 'p3ke', 'p3ke.csv', 10, 'ab', 'p3ke-individu', 'utf-8', ';', 1, '[]', '{}', 2, 1, 1, 't0', 't1')`);
    old.exec(`INSERT INTO rejects (snapshot_id, line, reason, raw) VALUES (1, 3, 'short row', 'x;y')`);
    old.close();
    const store = openStore(path, { write: true });
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(rejectsOf(store.db, 1)).toEqual([{ snapshotId: 1, fileName: null, line: 3, reason: 'short row', raw: 'x;y' }]);
      expect(snapshotFiles(store.db, 1)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('startFile and finishFile record each file and number its records and rejects', () => {
    const store = openStore(path, { write: true });
    try {
      const writer = beginSnapshot(store.db, meta);
      writer.startFile('kec_a.xlsx');
      writer.addRecords([{ line: 5, cells: ['1'], person: makePerson({ sourceId: 'a-1' }) }]);
      writer.finishFile({ fileSize: 100, sha256: 'aa', sheet: 'Data', headerLine: 4, rowsRead: 1 });
      writer.startFile('kec_b.csv');
      writer.addRecords([{ line: 2, cells: ['2'], person: makePerson({ sourceId: 'b-1' }) }]);
      writer.addRejects([{ line: 3, reason: 'short row', raw: 'x' }]);
      writer.finishFile({ fileSize: 50, sha256: 'bb', sheet: null, headerLine: 1, rowsRead: 2 });
      const snapshot = writer.commit({ fileSize: 150, sha256: 'cc', rowsRead: 3, finishedAt: 't' });
      expect(snapshotFiles(store.db, snapshot.id)).toEqual([
        { fileNo: 1, fileName: 'kec_a.xlsx', fileSize: 100, sha256: 'aa', sheet: 'Data', headerLine: 4, rowsRead: 1, rowsAccepted: 1, rowsRejected: 0 },
        { fileNo: 2, fileName: 'kec_b.csv', fileSize: 50, sha256: 'bb', sheet: null, headerLine: 1, rowsRead: 2, rowsAccepted: 1, rowsRejected: 1 },
      ]);
      expect(store.db.prepare('SELECT file_no AS f, source_id AS id FROM records ORDER BY id').all()).toEqual([
        { f: 1, id: 'a-1' },
        { f: 2, id: 'b-1' },
      ]);
      expect(rejectsOf(store.db, snapshot.id).map((r) => r.fileName)).toEqual(['kec_b.csv']);
    } finally {
      store.close();
    }
  });
});

describe('snapshots', () => {
  it('commits records and rejects together and reads them back exactly', () => {
    const store = openStore(path, { write: true });
    const papua = '9171014507850001'; // larger than 2^53: must stay a string
    const writer = beginSnapshot(store.db, meta);
    writer.addRecords([
      { line: 4, cells: ['100000001', '1', papua], person: makePerson({ sourceId: '100000001-1', nik: papua }) },
      { line: 5, cells: ['100000001', '2', ''], person: makePerson({ sourceId: '100000001-2', nik: null, nikStatus: 'missing' }) },
    ]);
    writer.addRejects([{ line: 6, reason: 'expected 3 cells, found 2', raw: '100000001;3' }]);
    const snapshot = writer.commit(totals);
    expect(snapshot).toMatchObject({ rowsRead: 3, rowsAccepted: 2, rowsRejected: 1, sha256: totals.sha256, headers: meta.headers });
    const [page] = [...recordPages(store.db, snapshot.id)];
    expect(page!.map((r) => r.person.nik)).toEqual([papua, null]);
    expect(page![0]!.cells).toEqual(['100000001', '1', papua]);
    expect(page![0]!.person).toEqual(makePerson({ sourceId: '100000001-1', nik: papua }));
    // Written without startFile (as before snapshots kept their files): no file of its own.
    expect(rejectsOf(store.db, snapshot.id)).toEqual([{ snapshotId: snapshot.id, fileName: null, line: 6, reason: 'expected 3 cells, found 2', raw: '100000001;3' }]);
    expect(recordsBySourceId(store.db, snapshot.id, '100000001-2')).toHaveLength(1);
    expect(unchangedSnapshot(store.db, 'p3ke', totals.sha256)?.id).toBe(snapshot.id);
    expect(unchangedSnapshot(store.db, 'dtks', totals.sha256)).toBeUndefined();
    // Once other bytes made a newer snapshot, the first bytes are no longer "unchanged".
    const next = beginSnapshot(store.db, meta);
    next.commit({ ...totals, sha256: 'b'.repeat(64) });
    expect(unchangedSnapshot(store.db, 'p3ke', totals.sha256)).toBeUndefined();
    expect(unchangedSnapshot(store.db, 'p3ke', 'b'.repeat(64))?.id).toBe(snapshot.id + 1);
    store.close();
  });

  it('leaves nothing behind when rolled back', () => {
    const store = openStore(path, { write: true });
    const writer = beginSnapshot(store.db, meta);
    writer.addRecords([{ line: 4, cells: ['1'], person: makePerson() }]);
    writer.rollback();
    expect(listSnapshots(store.db)).toEqual([]);
    expect(store.db.prepare('SELECT count(*) AS n FROM records').get()).toEqual({ n: 0 });
    store.close();
  });

  it('hides an uncommitted snapshot from other connections', () => {
    const store = openStore(path, { write: true });
    const writer = beginSnapshot(store.db, meta);
    writer.addRecords([{ line: 4, cells: ['1'], person: makePerson() }]);
    const reader = openStore(path, { write: false });
    expect(latestSnapshot(reader.db, 'p3ke')).toBeUndefined();
    writer.commit(totals);
    expect(latestSnapshot(reader.db, 'p3ke')?.rowsAccepted).toBe(1);
    reader.close();
    store.close();
  });

  it('pages through records in id order', () => {
    const store = openStore(path, { write: true });
    const writer = beginSnapshot(store.db, meta);
    writer.addRecords(Array.from({ length: 25 }, (_, i) => ({ line: i + 4, cells: [String(i)], person: makePerson({ sourceId: `1-${i}` }) })));
    const snapshot = writer.commit(totals);
    const pages = [...recordPages(store.db, snapshot.id, 10)];
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat().map((r) => r.line)).toEqual(Array.from({ length: 25 }, (_, i) => i + 4));
    store.close();
  });
});

describe('match input', () => {
  it('reads the selected fields of one snapshot in id order and nothing of the others', () => {
    const store = openStore(path, { write: true });
    const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    const add = (source: 'p3ke' | 'dtks', sourceIds: string[]): number => {
      const writer = beginSnapshot(store.db, { ...meta, source });
      // source ids out of order: the index on (snapshot_id, source_id) must not set the order
      writer.addRecords([...sourceIds].reverse().map((sourceId, i) => ({ line: i + 4, cells: [sourceId], person: makePerson({ sourceId, nama: `NAMA ${sourceId}` }) })));
      return writer.commit(totals).id;
    };
    const first = add('p3ke', ids('a', 30));
    const second = add('dtks', ids('b', 20));
    const third = add('p3ke', ids('c', 5));
    const read = (snapshotId: number): { recordId: number; sourceId: string; nama: string | null }[] =>
      [...recordFields(store.db, snapshotId, ['sourceId', 'nama'])];
    const rows = read(second);
    expect(rows.map((r) => r.sourceId)).toEqual(ids('b', 20).reverse());
    expect(rows.map((r) => r.nama)).toEqual(ids('b', 20).reverse().map((id) => `NAMA ${id}`));
    expect(rows.map((r) => r.recordId)).toEqual([...rows.map((r) => r.recordId)].sort((x, y) => x - y));
    expect(read(first)).toHaveLength(30);
    expect(read(third).map((r) => r.sourceId)).toEqual(ids('c', 5).reverse());
    expect(read(999)).toEqual([]);
    store.close();
  });
});

describe('records as the parse worker encodes them', () => {
  it('read back exactly, raw cells stored as text or as JSON', () => {
    const store = openStore(path, { write: true });
    const plain = ['100000001', '1', '9171014507850001', 'JL. MAWAR, RT 1'];
    const quoted = ['100000001', '2', '', 'said "hi"\nthen ;left', '[x]'];
    const papua = makePerson({ sourceId: '100000001-1', nik: '9171014507850001', desil: 3, padanDukcapil: false, flags: ['gelar_stripped'] });
    const missing = makePerson({ sourceId: '100000001-2', nik: null, nikStatus: 'missing', persentil: 35, padanDukcapil: null, programmes: {} });
    const plainRaw = rawOfText(plain.join(';'), ';');
    expect(plainRaw).toBe(';100000001;1;9171014507850001;JL. MAWAR, RT 1');
    expect(rawOfText('x', '[')).toBeNull(); // a JSON array starts with `[`
    const writer = beginSnapshot(store.db, meta);
    writer.addEncodedRecords([encodeRecord(4, plain, papua, plainRaw!), encodeRecord(5, quoted, missing)]);
    const snapshot = writer.commit(totals);
    const [page] = [...recordPages(store.db, snapshot.id)];
    expect(page!.map(({ line, cells, person }) => ({ line, cells, person }))).toEqual([
      { line: 4, cells: plain, person: papua },
      { line: 5, cells: quoted, person: missing },
    ]);
    expect(cellsOfRaw(plainRaw!)).toEqual(plain);
    expect(recordById(store.db, page![1]!.id)?.cells).toEqual(quoted);
    expect(recordsBySourceId(store.db, snapshot.id, '100000001-1')[0]?.cells).toEqual(plain);
    // Reports read raw cells as a JSON array, whichever form the store keeps.
    const invalid = [...invalidNikRecords(store.db, snapshot.id)];
    expect(invalid.map((r) => r.cells)).toEqual([quoted]);
    store.close();
  });

  it('decodeRecord inverts encodeRecord', () => {
    const person = makePerson({ desil: 10, persentil: null, padanDukcapil: true, programmes: { pkh: true, bst: false }, flags: ['a', 'b'] });
    expect(decodeRecord(encodeRecord(7, ['a', '', 'é'], person))).toEqual({ line: 7, cells: ['a', '', 'é'], person });
  });

  it('a deferred index is built again before commit, and is back after a rollback', () => {
    const store = openStore(path, { write: true });
    const indexSql = (): string | undefined =>
      (store.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'records_snapshot'").get() as { sql: string } | undefined)?.sql;
    const before = indexSql();
    let writer = beginSnapshot(store.db, meta);
    deferRecordIndex(store.db);
    expect(indexSql()).toBeUndefined();
    writer.rollback();
    expect(indexSql()).toBe(before);
    writer = beginSnapshot(store.db, meta);
    const build = deferRecordIndex(store.db);
    writer.addEncodedRecords([encodeRecord(4, ['1'], makePerson({ sourceId: 'a-1' })), encodeRecord(5, ['2'], makePerson({ sourceId: 'a-2' }))]);
    build();
    const snapshot = writer.commit(totals);
    expect(indexSql()).toBe(before);
    expect(storedRecordCount(store.db)).toBe(2);
    expect(recordsBySourceId(store.db, snapshot.id, 'a-2').map((r) => r.line)).toEqual([5]);
    store.close();
  });
});
