// npm run bench:ingest [-- --persons N --seed S --normalise-share [--repeat K] --insert-floor]:
// padan's ingest of a generated P3KE export against the sqlite3 shell's .import of the same file.
// Targets (issue 2): ≥ 0.75× the rows/s of .import, peak RSS ≤ 300 MB. With --normalise-share,
// padan ingests the file once more with normalisation skipped (raw cells stored as the canonical
// values, so the rows written are about as big): what normalising adds to ingest time (issue 3:
// at most 25%), over K pairs of runs with --repeat K. With --insert-floor, it also times
// better-sqlite3 alone writing the rows padan stored into an empty copy of the table from one
// thread, in one transaction: no reading, parsing or normalising, so the least any ingest through
// better-sqlite3 from one writing thread can take.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { argValue, generated, run, runPadan, sqlite3, type Measured } from './bench-util.js';

const persons = argValue('--persons', 1_000_000);
const seed = argValue('--seed', 1);
const data = generated(persons, seed);
const db = join(data.dir, 'bench-ingest.db');
const importDb = join(data.dir, 'bench-import.db');
const clean = (path: string): void => ['', '-wal', '-shm', '.lock'].forEach((suffix) => rmSync(path + suffix, { force: true }));

clean(db);
const padan = runPadan(['ingest', 'p3ke', data.p3ke, '--db', db, '--json']);
const result = JSON.parse(padan.stdout) as { rowsRead: number; accepted: number; rejected: number; snapshot: { headerLine: number; delimiter: string; headers: string[] } };

// .import the same file: skip the title block above the header (and the header itself: the
// table is created first) so both load the same rows.
clean(importDb);
const shell = sqlite3();
// As many columns as the header has, so .import neither pads nor warns per row.
const columns = result.snapshot.headers.map((_, i) => `c${i}`).join(', ');
const imported = run(shell, [
  importDb,
  `CREATE TABLE t (${columns});`,
  '.mode csv',
  `.separator "${result.snapshot.delimiter}"`,
  `.import --skip ${result.snapshot.headerLine} ${data.p3ke} t`,
  'SELECT count(*) FROM t;',
]);
const importedRows = Number(imported.stdout.trim().split('\n').at(-1));

const padanRate = result.rowsRead / padan.seconds;
const importRate = importedRows / imported.seconds;
const ratio = padanRate / importRate;
console.log(`P3KE rows:        ${result.rowsRead.toLocaleString('en-US')} read, ${result.accepted.toLocaleString('en-US')} accepted, ${result.rejected} rejected`);
console.log(`padan ingest:     ${padan.seconds.toFixed(2)} s, ${Math.round(padanRate).toLocaleString('en-US')} rows/s (whole command: start-up, hashing, parse, normalise, write, commit); CPU ${cpuText(padan)}`);
console.log(`sqlite3 .import:  ${imported.seconds.toFixed(2)} s, ${Math.round(importRate).toLocaleString('en-US')} rows/s (${importedRows.toLocaleString('en-US')} rows)`);
console.log(`ratio:            ${ratio.toFixed(2)}x of .import (target >= 0.75) ${ratio >= 0.75 ? 'MET' : 'MISSED'}`);
console.log(`peak RSS:         ${padan.peakRssMb.toFixed(0)} MB (target <= 300) ${padan.peakRssMb <= 300 ? 'MET' : 'MISSED'}`);
if (process.argv.includes('--insert-floor')) {
  const floor = insertFloor(db, join(data.dir, 'bench-floor.db'));
  const seconds = floor.insert + floor.commit;
  console.log(
    `insert floor:     ${seconds.toFixed(2)} s (bind and insert ${floor.insert.toFixed(2)} s, commit ${floor.commit.toFixed(2)} s) for ${floor.rows.toLocaleString('en-US')} rows of ${floor.columns} values; ` +
      `${(floor.rows / seconds / (importedRows / imported.seconds)).toFixed(2)}x of .import for the writing alone, before anything is read, decoded or normalised`,
  );
}
clean(db);
if (process.argv.includes('--normalise-share')) {
  // One pair of runs differs by a few per cent from the next on this machine, as much as the
  // effect measured, so --repeat K times K pairs (the first normalised run is the one above), the
  // order alternating so a machine getting slower or faster does not favour either side, and the
  // median of the pairs' shares is the figure.
  const repeat = argValue('--repeat', 1);
  const shares: number[] = [];
  const ingest = (env?: NodeJS.ProcessEnv): Measured => {
    const measured = runPadan(['ingest', 'p3ke', data.p3ke, '--db', db, '--json'], env);
    clean(db);
    return measured;
  };
  const withoutNormalise = { PADAN_BENCH_SKIP_NORMALISE: '1' };
  for (let pair = 0; pair < repeat; pair++) {
    const rawFirst = pair % 2 === 1;
    const raw = rawFirst ? ingest(withoutNormalise) : undefined;
    const normalised = pair === 0 ? padan : ingest();
    const rawRun = raw ?? ingest(withoutNormalise);
    const share = normalised.seconds / rawRun.seconds - 1;
    shares.push(share);
    console.log(
      `pair ${pair + 1}/${repeat}:        with normalise ${normalised.seconds.toFixed(2)} s, CPU ${cpuText(normalised)}; ` +
        `without ${rawRun.seconds.toFixed(2)} s, CPU ${cpuText(rawRun)}; adds ${(share * 100).toFixed(0)}%`,
    );
  }
  const sorted = [...shares].sort((a, b) => a - b);
  const median = ((sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN) + (sorted[Math.ceil((sorted.length - 1) / 2)] ?? NaN)) / 2;
  console.log(
    `normalising adds ${(median * 100).toFixed(0)}% to ingest time (${shares.length > 1 ? `median of ${shares.length} pairs, ` : ''}target <= 25%) ${median <= 0.25 ? 'MET' : 'MISSED'}`,
  );
}
clean(importDb);

/** CPU seconds of the whole process, then of the writing (main) thread and of the parse worker. */
function cpuText(m: Measured): string {
  return `${m.cpuSeconds.toFixed(2)} s (writing thread ${m.mainCpuSeconds.toFixed(2)} s, parse worker ${m.workerCpuSeconds.map((s) => s.toFixed(2)).join(' + ') || '-'} s)`;
}

/**
 * Copies the records padan stored into an empty table of the same definition, from JavaScript,
 * a row at a time as padan's writer does (prepared INSERT, one value per column), in one
 * transaction with the store's settings; only the inserts and the commit are timed.
 */
function insertFloor(storePath: string, floorPath: string): { rows: number; columns: number; insert: number; commit: number } {
  clean(floorPath);
  const store = new Database(storePath, { readonly: true });
  const floor = new Database(floorPath);
  try {
    floor.pragma('page_size = 16384');
    floor.pragma('journal_mode = WAL');
    floor.pragma('synchronous = NORMAL');
    const table = store.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'records'").get() as { sql: string };
    floor.exec(table.sql.replace(/REFERENCES\s+\w+\s*\([^)]*\)(\s+ON\s+DELETE\s+CASCADE)?/gi, ''));
    const columns = (store.prepare('SELECT * FROM records LIMIT 1').columns() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id');
    const read = store.prepare(`SELECT ${columns.join(', ')} FROM records WHERE id > ? ORDER BY id LIMIT 10000`).raw(true);
    const insert = floor.prepare(`INSERT INTO records (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    let rows = 0;
    let insertMs = 0;
    floor.exec('BEGIN');
    for (let after = 0; ; ) {
      const page = read.all(after) as unknown[][];
      if (page.length === 0) break;
      after += page.length; // ids of a single snapshot are one run from 1
      const started = performance.now();
      for (const values of page) insert.run(...values);
      insertMs += performance.now() - started;
      rows += page.length;
    }
    const started = performance.now();
    floor.exec('COMMIT');
    return { rows, columns: columns.length, insert: insertMs / 1000, commit: (performance.now() - started) / 1000 };
  } finally {
    store.close();
    floor.close();
    clean(floorPath);
  }
}
