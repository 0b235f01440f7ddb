// Re-normalising a stored snapshot after a rule change: the raw cells are kept verbatim, so the
// canonical fields can be rebuilt without the original file. One transaction: all or nothing.
import { normalisePerson } from '../normalise/person.js';
import type { Mapping } from './header.js';
import type { Db } from '../store/open.js';
import { recordPages, recordUpdater } from '../store/records.js';
import type { Snapshot } from '../store/snapshots.js';
import { fieldsFromCells } from './read-export.js';

export interface RenormaliseResult {
  snapshotId: number;
  records: number;
  changed: number;
  seconds: number;
}

export function renormaliseSnapshot(db: Db, snapshot: Snapshot, options: { onProgress?: (done: number) => void } = {}): RenormaliseResult {
  const started = performance.now();
  const mapping = snapshot.mapping as Mapping;
  const update = recordUpdater(db);
  let records = 0;
  let changed = 0;
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const page of recordPages(db, snapshot.id)) {
      for (const record of page) {
        const person = normalisePerson(fieldsFromCells(record.cells, mapping), snapshot.source);
        // A derived id (export without a person id column) is kept: it names the record in runs.
        if (!person.sourceId) person.sourceId = record.person.sourceId;
        if (JSON.stringify(person) !== JSON.stringify(record.person)) {
          update(record.id, person);
          changed += 1;
        }
        records += 1;
      }
      options.onProgress?.(records);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return { snapshotId: snapshot.id, records, changed, seconds: (performance.now() - started) / 1000 };
}
