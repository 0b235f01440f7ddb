// The report queries on a real store: a snapshot's records read by id range must be exactly its
// own, in the reports' order, even when another snapshot's ids fall inside that range.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invalidNikRecords, unlinkedRecords } from '../../src/store/findings.js';
import { openStore, type OpenStore } from '../../src/store/open.js';
import { beginSnapshot } from '../../src/store/snapshots.js';
import { makePerson } from '../helpers/person.js';

let dir: string;
let store: OpenStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'padan-findings-'));
  store = openStore(join(dir, 'padan.db'), { write: true });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function snapshot(source: 'p3ke' | 'dtks', people: { id: string; desil?: number | null; nikStatus?: 'valid' | 'bad_length' }[]): number {
  const writer = beginSnapshot(store.db, {
    source,
    fileName: `${source}.csv`,
    profile: 'test',
    encoding: 'utf-8',
    delimiter: ';',
    headerLine: 1,
    headers: ['ID', 'NIK'],
    mapping: { person_id: 0, nik: 1 },
    startedAt: '2026-11-23T00:00:00.000Z',
  });
  writer.addRecords(
    people.map((p, i) => ({
      line: i + 2,
      cells: [p.id, p.nikStatus === 'bad_length' ? '12345' : '3273014507850002'],
      person: makePerson({ sourceId: p.id, desil: p.desil ?? null, nikStatus: p.nikStatus ?? 'valid' }),
    })),
  );
  return writer.commit({ fileSize: 1, sha256: source.repeat(16), rowsRead: people.length, finishedAt: '2026-11-23T00:00:01.000Z' }).id;
}

describe('report queries by id range', () => {
  it('read only the snapshot asked for, in report order, with another snapshot inside its id range', () => {
    const first = snapshot('p3ke', [
      { id: 'P-3', desil: 2, nikStatus: 'bad_length' },
      { id: 'P-1', desil: 1 },
      { id: 'P-2', desil: null, nikStatus: 'bad_length' },
    ]);
    const second = snapshot('dtks', [{ id: 'D-1', nikStatus: 'bad_length' }, { id: 'D-2' }]);
    // Hand record 2 (P-1) to the second snapshot: the first's ids now span one of the second's.
    store.db.prepare('UPDATE records SET snapshot_id = ? WHERE id = 2').run(second);

    const runId = 99; // no such run: nothing is linked
    expect([...unlinkedRecords(store.db, runId, first, 'p3ke', ['sourceId', 'desil'])]).toEqual([
      { sourceId: 'P-3', desil: 2 },
      { sourceId: 'P-2', desil: null },
    ]);
    expect([...unlinkedRecords(store.db, runId, second, 'dtks', ['sourceId'])].map((r) => r.sourceId)).toEqual(['D-1', 'D-2', 'P-1']);
    expect([...invalidNikRecords(store.db, first)].map((r) => [r.sourceId, r.cells[1]])).toEqual([
      ['P-2', '12345'],
      ['P-3', '12345'],
    ]);
    expect([...invalidNikRecords(store.db, second)].map((r) => r.sourceId)).toEqual(['D-1']);
    expect([...unlinkedRecords(store.db, runId, 12345, 'p3ke', ['sourceId'])]).toEqual([]);
  });
});
