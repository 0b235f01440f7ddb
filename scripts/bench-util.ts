// What the benchmark scripts share: generating data once, timing a child process with its peak
// memory, and the sqlite3 shell to compare ingest against.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PADAN = join(ROOT, 'bin', 'padan.js');
const RSS_HOOK = join(ROOT, 'dist', 'scripts', 'rss-hook.js');

export interface Measured {
  seconds: number;
  peakRssMb: number;
  /** User + system CPU seconds of padan (every thread), NaN for other commands. */
  cpuSeconds: number;
  /** Of which padan's main thread, and each worker thread in the order they started (Linux). */
  mainCpuSeconds: number;
  workerCpuSeconds: number[];
  stdout: string;
  stderr: string;
  status: number | null;
}

export function run(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Measured {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ...options.env } });
  const seconds = (performance.now() - started) / 1000;
  const rss = /padan-bench-maxrss-kb (\d+)/.exec(result.stderr ?? '');
  const cpu = /padan-bench-cpu-ms (\d+)/.exec(result.stderr ?? '');
  return {
    seconds,
    peakRssMb: rss ? Number(rss[1]) / 1024 : NaN,
    cpuSeconds: cpu ? Number(cpu[1]) / 1000 : NaN,
    mainCpuSeconds: Number(/padan-bench-main-cpu-ms (\S+)/.exec(result.stderr ?? '')?.[1] ?? NaN) / 1000,
    workerCpuSeconds: [...new Map([...(result.stderr ?? '').matchAll(/padan-bench-worker-cpu-ms (\d+) (\S+)/g)].map((m) => [m[1], Number(m[2]) / 1000])).values()],
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    status: result.status,
  };
}

/** Runs padan as a user would (bin/padan.js), with the peak-RSS hook. */
export function runPadan(args: readonly string[], env?: NodeJS.ProcessEnv): Measured {
  const measured = run(process.execPath, ['--import', RSS_HOOK, PADAN, ...args], { env });
  if (measured.status !== 0) {
    throw new Error(`padan ${args.join(' ')} exited ${String(measured.status)}:\n${measured.stderr.slice(-4000)}`);
  }
  return measured;
}

export function argValue(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? Number(process.argv[index + 1]) : fallback;
}

/** Generates (once, cached under bench-data/) a P3KE/DTKS pair of about `persons` P3KE persons. */
export function generated(persons: number, seed: number): { dir: string; p3ke: string; dtks: string; truth: string } {
  const dir = join(ROOT, 'bench-data', `persons-${persons}-seed-${seed}`);
  const files = { dir, p3ke: join(dir, 'p3ke.csv'), dtks: join(dir, 'dtks.csv'), truth: join(dir, 'truth.csv') };
  if (!existsSync(files.truth)) {
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`generating ${persons.toLocaleString('en-US')} persons (seed ${seed}) into ${dir} ...\n`);
    const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'generate-fixtures.js'), '--persons', String(persons), '--seed', String(seed), '--out', dir], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.status !== 0) throw new Error('the fixture generator failed');
  }
  return files;
}

/** The sqlite3 shell, installed from Debian's packages when the machine lacks it. */
export function sqlite3(): string {
  const found = spawnSync('sh', ['-c', 'command -v sqlite3'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  process.stderr.write('sqlite3 not found: installing Debian package sqlite3 ...\n');
  const install = spawnSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq sqlite3'], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error('could not install sqlite3 (apt-get install sqlite3)');
  return 'sqlite3';
}
