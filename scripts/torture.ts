// Crash-safety torture: `padan run` killed with SIGKILL at seeded random moments in each phase
// (ingest P3KE, ingest DTKS, match, report). After every kill the store must pass integrity and
// padan check, the previous night's run and snapshots must be unchanged, every report file under
// its final name must be whole (last night's or tonight's, byte for byte), and a re-run must give
// the reports an uninterrupted run gives. test/e2e/torture.test.ts runs a small version in the
// suite; `npm run torture` runs more kills on a larger input.
//
//   npm run build && npm run torture -- --kills 200 --persons 20000 --seed 7
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { checkStore } from '../src/store/maintenance.js';
import { duplicatesOf, familiesOf, listRuns, pairsOf, reportedRunIds } from '../src/store/runs.js';
import { listSnapshots } from '../src/store/snapshots.js';
import { Rng } from './fixtures/random.js';
import { generate } from './generate-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root, whether this runs from scripts/ (vitest) or dist/scripts/ (npm run torture). */
const ROOT = existsSync(join(here, '..', 'package.json')) ? resolve(here, '..') : resolve(here, '..', '..');
const PADAN = join(ROOT, 'bin', 'padan.js');

export const PHASES = ['ingest_p3ke', 'ingest_dtks', 'match', 'report'] as const;
export type Phase = (typeof PHASES)[number];

/** The stderr line `padan run` prints when a phase is done, which starts the next one. */
const PHASE_ENDS: readonly [Phase, RegExp][] = [
  ['ingest_p3ke', /^p3ke /m],
  ['ingest_dtks', /^dtks /m],
  ['match', /^run \d+: .* matches, /m],
];

export interface TortureOptions {
  kills: number;
  persons: number;
  seed: string;
  /** Working folder (default: a new temporary one, removed at the end). */
  dir?: string;
  /** Kills in a row on one store before a full re-run is compared with the uninterrupted run (default 1). */
  rerunEvery?: number;
  log?: (line: string) => void;
}

export interface KillOutcome {
  phase: Phase;
  delayMs: number;
  /** The phase stderr showed when the kill landed (a phase can end before its delay is over). */
  killedIn: Phase;
  runCommitted: boolean;
}

export interface TortureResult {
  kills: KillOutcome[];
  /** Attempts where padan finished before the kill landed (not counted as kills). */
  finishedFirst: number;
  phaseMs: Record<Phase, number>;
  failures: string[];
}

interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete e.PADAN_DB;
  delete e.FORCE_COLOR;
  return e;
}

/** Runs padan; with `kill`, sends SIGKILL `delayMs` after stderr shows that `phase` began. */
function runPadan(args: readonly string[], kill?: { phase: Phase; delayMs: number }, onLine?: (phase: Phase, ms: number) => void): Promise<Spawned & { killedIn?: Phase }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [PADAN, ...args], { env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let current: Phase = 'ingest_p3ke';
    let timer: NodeJS.Timeout | undefined;
    let killedIn: Phase | undefined;
    const arm = (): void => {
      if (kill && kill.phase === current && !timer) {
        timer = setTimeout(() => {
          killedIn = current;
          child.kill('SIGKILL');
        }, kill.delayMs);
      }
    };
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (let i = PHASES.indexOf(current); i < PHASE_ENDS.length; i++) {
        const [phase, end] = PHASE_ENDS[i]!;
        if (phase !== current || !end.test(stderr)) break;
        current = PHASES[i + 1]!;
        onLine?.(current, performance.now() - started);
        arm();
      }
    });
    arm();
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code, signal, stderr, killedIn });
    });
  });
}

const sha = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** What the previous night left: its snapshots with all their records and rejects, its runs with all their rows. */
function fingerprint(path: string, snapshotIds: readonly number[], runIds: readonly number[]): string {
  const db = new Database(path, { readonly: true });
  try {
    const snapshots = listSnapshots(db).filter((s) => snapshotIds.includes(s.id));
    const records = snapshotIds.map((id) => sha(db.prepare('SELECT * FROM records WHERE snapshot_id = ? ORDER BY id').raw(true).all(id)));
    const rejects = snapshotIds.map((id) => sha(db.prepare('SELECT * FROM rejects WHERE snapshot_id = ? ORDER BY id').raw(true).all(id)));
    const runs = listRuns(db)
      .filter((r) => runIds.includes(r.id))
      .map((r) => ({ r, pairs: sha((['link', 'alternative', 'nik_conflict'] as const).map((k) => pairsOf(db, r.id, k))), duplicates: sha(duplicatesOf(db, r.id)), families: sha(familiesOf(db, r.id)) }));
    return sha({ snapshots, records, rejects, runs });
  } finally {
    db.close();
  }
}

/** Integrity, padan check, and no half-written snapshot or run visible through the store's own queries. */
function storeProblems(path: string): string[] {
  // Opened read-write, as the next padan would: this replays or discards the killed run's WAL.
  const db = new Database(path);
  try {
    const check = checkStore(db);
    const problems = [...check.problems];
    for (const s of listSnapshots(db)) {
      const records = (db.prepare('SELECT count(*) AS n FROM records WHERE snapshot_id = ?').get(s.id) as { n: number }).n;
      if (s.finishedAt === '' || records !== s.rowsAccepted) problems.push(`snapshot ${s.id} is half-written (${records} records, ${s.rowsAccepted} accepted)`);
    }
    for (const r of listRuns(db)) if (pairsOf(db, r.id, 'link').length === 0) problems.push(`run ${r.id} has no links`);
    return problems;
  } finally {
    db.close();
  }
}

/** Something read from a store opened read-only, closed again. */
function readStore<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Runs whose reports `padan run` wrote completely (a kill may land after that, as it exits). */
const countReportedRuns = (path: string): number => readStore(path, (db) => reportedRunIds(db).length);
const countRuns = (path: string): number => readStore(path, (db) => listRuns(db).length);

/** The ids and fingerprint of everything committed in the store now. */
function committed(path: string): { snapshotIds: number[]; runIds: number[]; print: string } {
  const db = new Database(path, { readonly: true });
  const snapshotIds = listSnapshots(db).map((s) => s.id);
  const runIds = listRuns(db).map((r) => r.id);
  db.close();
  return { snapshotIds, runIds, print: fingerprint(path, snapshotIds, runIds) };
}

const reportFiles = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => !/\.tmp-\d+$/.test(f)).sort() : []);

/** summary.json without what differs between two runs of the same inputs (times, run id, the changes it was compared with). */
function stableSummary(text: string): unknown {
  const { started_at: _s, finished_at: _f, timings_ms: _t, run_id: _r, changes: _c, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return rest;
}

/** Each report file under its final name is whole: byte-identical to last night's or to tonight's. */
function halfWrittenReports(out: string, before: string, after: string): string[] {
  const problems: string[] = [];
  for (const file of reportFiles(out)) {
    const text = readFileSync(join(out, file));
    if (file === 'summary.json') {
      try {
        JSON.parse(text.toString('utf8'));
      } catch {
        problems.push(`${file} is not whole JSON`);
      }
      continue;
    }
    const headerOnly = file === 'changes.csv' && text.toString('utf8').split('\r\n').filter(Boolean).length === 1;
    const matches = headerOnly || [before, after].some((dir) => existsSync(join(dir, file)) && readFileSync(join(dir, file)).equals(text));
    if (!matches) problems.push(`${file} is neither last night's nor tonight's report (half-written?)`);
  }
  return problems;
}

/**
 * A re-run's reports against the uninterrupted run's, changes.csv included: a run a killed
 * attempt stored but never reported is not what the re-run's changes are counted against. Only
 * when a killed attempt had completed its reports (killed as it exited) does the re-run compare
 * with that identical run, and then changes.csv lists nothing.
 */
function differentReports(out: string, reference: string, tonightReported = false): string[] {
  const problems: string[] = [];
  const expected = reportFiles(reference);
  if (reportFiles(out).join() !== expected.join()) problems.push(`report files ${reportFiles(out).join()} instead of ${expected.join()}`);
  for (const file of expected) {
    const got = join(out, file);
    if (!existsSync(got)) continue;
    if (file === 'summary.json') {
      if (sha(stableSummary(readFileSync(got, 'utf8'))) !== sha(stableSummary(readFileSync(join(reference, file), 'utf8')))) problems.push('summary.json differs');
    } else if (file === 'changes.csv' && tonightReported) {
      if (readFileSync(got, 'utf8').split('\r\n').filter(Boolean).length !== 1) problems.push('changes.csv against the identical reported run is not empty');
    } else if (!readFileSync(got).equals(readFileSync(join(reference, file)))) problems.push(`${file} differs from the uninterrupted run`);
  }
  return problems;
}

function copyStore(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(`${to}${suffix}`, { force: true });
  copyFileSync(from, to);
}

export async function torture(options: TortureOptions): Promise<TortureResult> {
  const log = options.log ?? (() => {});
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'padan-torture-'));
  mkdirSync(dir, { recursive: true });
  try {
    // Last night's exports and tonight's: different people, so tonight ingests and matches anew.
    for (const night of ['night1', 'night2']) generate({ out: join(dir, night), persons: options.persons, seed: `${options.seed}-${night}` });
    const files = (night: string): string[] => [join(dir, night, 'p3ke.csv'), join(dir, night, 'dtks.csv')];
    const baseline = join(dir, 'baseline.db');
    const before = join(dir, 'reports-night1');
    const first = await runPadan(['run', ...files('night1'), '--db', baseline, '--out', before]);
    if (first.code !== 0) throw new Error(`the first night's run failed: ${first.stderr}`);
    const base = new Database(baseline, { readonly: true });
    const snapshotIds = listSnapshots(base).map((s) => s.id);
    const runIds = listRuns(base).map((r) => r.id);
    base.close();
    const expectedPrint = fingerprint(baseline, snapshotIds, runIds);
    const reportedLastNight = countReportedRuns(baseline);

    // Tonight uninterrupted: the reference reports and how long each phase takes.
    const reference = join(dir, 'reports-night2');
    const referenceDb = join(dir, 'reference.db');
    copyStore(baseline, referenceDb);
    const phaseStart: Partial<Record<Phase, number>> = { ingest_p3ke: 0 };
    const started = performance.now();
    const second = await runPadan(['run', ...files('night2'), '--db', referenceDb, '--out', reference], undefined, (phase, ms) => {
      phaseStart[phase] = ms;
    });
    const total = performance.now() - started;
    if (second.code !== 0) throw new Error(`the uninterrupted run failed: ${second.stderr}`);
    const phaseMs = Object.fromEntries(PHASES.map((p, i) => [p, Math.max(1, Math.round((phaseStart[PHASES[i + 1]!] ?? total) - (phaseStart[p] ?? 0)))])) as Record<Phase, number>;
    log(`phases of an uninterrupted run (ms): ${JSON.stringify(phaseMs)}`);

    const rng = new Rng(`padan-torture/${options.seed}`);
    const kills: KillOutcome[] = [];
    const failures: string[] = [];
    let finishedFirst = 0;
    const trialDb = join(dir, 'trial.db');
    const trialOut = join(dir, 'reports-trial');
    const args = ['run', ...files('night2'), '--db', trialDb, '--out', trialOut];
    const chain = Math.max(1, options.rerunEvery ?? 1);
    for (let attempt = 0; kills.length < options.kills && attempt < options.kills * 3; ) {
      // Each chain starts from last night's store and reports, and ends with a full re-run.
      copyStore(baseline, trialDb);
      rmSync(trialOut, { recursive: true, force: true });
      mkdirSync(trialOut);
      for (const file of reportFiles(before)) copyFileSync(join(before, file), join(trialOut, file));
      let finished = false;
      // What earlier kills of this chain left committed must survive the later ones too.
      let survivors = { snapshotIds, runIds, print: expectedPrint };
      for (let j = 0; j < chain && kills.length < options.kills; j++, attempt++) {
        // Phases in turn, so each gets its share; a random moment within the phase.
        const phase = PHASES[attempt % PHASES.length]!;
        const delayMs = rng.int(0, phaseMs[phase]);
        const runsBefore = countRuns(trialDb);
        const reportedBefore = countReportedRuns(trialDb);
        const killed = await runPadan(args, { phase, delayMs });
        if (killed.signal !== 'SIGKILL') {
          finishedFirst += 1;
          finished = true;
          if (killed.code !== 0) failures.push(`attempt ${attempt}: padan exited ${killed.code} before the kill: ${killed.stderr}`);
          else failures.push(...differentReports(trialOut, reference, reportedBefore > reportedLastNight).map((p) => `attempt ${attempt} (finished before its kill): ${p}`));
          attempt++;
          break;
        }
        const label = `kill ${kills.length + 1} (${phase} +${delayMs} ms, in ${killed.killedIn ?? phase})`;
        const problems = [...storeProblems(trialDb), ...halfWrittenReports(trialOut, before, reference)];
        if (fingerprint(trialDb, snapshotIds, runIds) !== expectedPrint) problems.push("last night's snapshots or run changed");
        if (fingerprint(trialDb, survivors.snapshotIds, survivors.runIds) !== survivors.print) problems.push('what an earlier kill left committed changed');
        survivors = committed(trialDb);
        const runCommitted = countRuns(trialDb) > runsBefore;
        kills.push({ phase, delayMs, killedIn: killed.killedIn ?? phase, runCommitted });
        for (const p of problems) failures.push(`${label}: ${p}`);
        log(`${label}: ${problems.length === 0 ? 'ok' : problems.join('; ')}${runCommitted ? ' (its run was stored before the kill)' : ''}`);
      }
      if (finished) continue;
      const tonightReported = countReportedRuns(trialDb) > reportedLastNight;
      const rerun = await runPadan(args);
      const problems = rerun.code !== 0 ? [`the re-run exited ${rerun.code}: ${rerun.stderr}`] : differentReports(trialOut, reference, tonightReported);
      const leftovers = readdirSync(trialOut).filter((f) => /\.tmp-\d+$/.test(f));
      if (leftovers.length > 0) problems.push(`temporary files left after the re-run: ${leftovers.join(', ')}`);
      for (const p of problems) failures.push(`re-run after kill ${kills.length}: ${p}`);
      log(`re-run after kill ${kills.length}: ${problems.length === 0 ? 'same reports as the uninterrupted run' : problems.join('; ')}`);
    }
    return { kills, finishedFirst, phaseMs, failures };
  } finally {
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      kills: { type: 'string', default: '100' },
      persons: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '1' },
      'rerun-every': { type: 'string', default: '1' },
      dir: { type: 'string' },
    },
  });
  const result = await torture({
    kills: Number(values.kills),
    persons: Number(values.persons),
    seed: values.seed,
    rerunEvery: Number(values['rerun-every']),
    dir: values.dir,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const byPhase = Object.fromEntries(PHASES.map((p) => [p, result.kills.filter((k) => k.killedIn === p).length]));
  process.stdout.write(`${result.kills.length} kills (${JSON.stringify(byPhase)}), ${result.finishedFirst} runs finished before their kill, ${result.failures.length} failures\n`);
  for (const f of result.failures) process.stdout.write(`FAIL ${f}\n`);
  process.exitCode = result.failures.length === 0 && result.kills.length > 0 ? 0 : 1;
}
