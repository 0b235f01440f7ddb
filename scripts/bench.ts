// npm run bench [-- --persons N]: the nightly job end to end, `padan run` on N × N generated
// persons (ingest, match, reports), against the sqlite3 shell's .import of the same two files.
// Targets (issue 5): ≤ 120 s and peak RSS ≤ 1.5 GB for 1,000,000 × 1,000,000.
// `-- --second-night [--second-seed S]`: then a second `padan run` on the same store, with the
// same files (ingest skipped, changes.csv against the first run) or those of seed S.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { argValue, generated, run, runPadan, sqlite3 } from './bench-util.js';

const persons = argValue('--persons', 1_000_000);
const seed = argValue('--seed', 1);
const data = generated(persons, seed);
const db = join(data.dir, 'bench-run.db');
const out = join(data.dir, 'bench-run-out');
const secondOut = join(data.dir, 'bench-run-out-2');
const clean = (path: string): void => ['', '-wal', '-shm', '.lock'].forEach((suffix) => rmSync(path + suffix, { force: true }));

clean(db);
for (const dir of [out, secondOut]) rmSync(dir, { recursive: true, force: true });
const padan = runPadan(['run', data.p3ke, data.dtks, '--db', db, '--out', out, '--json']);
const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
  inputs: { source: string; rows: number }[];
  timings_ms: Record<string, number>;
  counts: Record<string, number>;
};
const snapshots = JSON.parse(runPadan(['status', '--db', db, '--json']).stdout) as { snapshots: { source: string; headerLine: number; delimiter: string; headers: string[] }[] };

// The sqlite3 shell's .import of the same two files, each into a table of its own width.
const shell = sqlite3();
const importDb = join(data.dir, 'bench-run-import.db');
clean(importDb);
let importSeconds = 0;
let importedRows = 0;
for (const [source, file] of [['p3ke', data.p3ke], ['dtks', data.dtks]] as const) {
  const s = snapshots.snapshots.find((x) => x.source === source)!;
  const table = `t_${source}`;
  const result = run(shell, [
    importDb,
    `CREATE TABLE ${table} (${s.headers.map((_, i) => `c${i}`).join(', ')});`,
    '.mode csv',
    `.separator "${s.delimiter}"`,
    `.import --skip ${s.headerLine} ${file} ${table}`,
    `SELECT count(*) FROM ${table};`,
  ]);
  importSeconds += result.seconds;
  importedRows += Number(result.stdout.trim().split('\n').at(-1));
}

const t = summary.timings_ms;
const ingestSeconds = ((t.ingest_p3ke ?? 0) + (t.ingest_dtks ?? 0)) / 1000;
const rows = summary.inputs.reduce((sum, input) => sum + input.rows, 0);
const ingestRate = rows / ingestSeconds;
const importRate = importedRows / importSeconds;
console.log(`padan run, ${summary.inputs.map((i) => `${i.rows.toLocaleString('en-US')} ${i.source}`).join(' x ')} rows:`);
console.log(`  end to end ${padan.seconds.toFixed(1)} s (target <= 120) ${padan.seconds <= 120 ? 'MET' : 'MISSED'}, CPU ${padan.cpuSeconds.toFixed(1)} s; peak RSS ${padan.peakRssMb.toFixed(0)} MB (target <= 1536) ${padan.peakRssMb <= 1536 ? 'MET' : 'MISSED'}`);
console.log(`  stages (ms): ${JSON.stringify(t)}`);
console.log(`  ingest ${ingestSeconds.toFixed(1)} s = ${Math.round(ingestRate).toLocaleString('en-US')} rows/s; sqlite3 .import ${importSeconds.toFixed(1)} s = ${Math.round(importRate).toLocaleString('en-US')} rows/s; ratio ${(ingestRate / importRate).toFixed(2)}x`);
console.log(`  counts: ${JSON.stringify(summary.counts)}`);

if (process.argv.includes('--second-night')) {
  const secondSeed = argValue('--second-seed', seed);
  const next = generated(persons, secondSeed);
  const again = runPadan(['run', next.p3ke, next.dtks, '--db', db, '--out', secondOut, '--json']);
  const second = JSON.parse(readFileSync(join(secondOut, 'summary.json'), 'utf8')) as { timings_ms: Record<string, number>; changes: { added: number; resolved: number }[] | null };
  const changed = (second.changes ?? []).reduce((sum, c) => sum + c.added + c.resolved, 0);
  console.log(`second night (${secondSeed === seed ? 'same files, ingest skipped' : `seed ${secondSeed}`}), on the store of the first:`);
  console.log(`  ${again.seconds.toFixed(1)} s, CPU ${again.cpuSeconds.toFixed(1)} s; peak RSS ${again.peakRssMb.toFixed(0)} MB (target <= 1536) ${again.peakRssMb <= 1536 ? 'MET' : 'MISSED'}`);
  console.log(`  stages (ms): ${JSON.stringify(second.timings_ms)}; changes.csv rows: ${changed.toLocaleString('en-US')}`);
}
clean(db);
clean(importDb);
for (const dir of [out, secondOut]) rmSync(dir, { recursive: true, force: true });
