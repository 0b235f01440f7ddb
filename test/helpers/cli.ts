// Runs the built CLI as a child process, as a user or a cron job would.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PADAN = join(ROOT, 'bin', 'padan.js');
export const FIXTURES = join(ROOT, 'fixtures');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** No colour, no terminal: what cron sees. */
const baseEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.PADAN_DB;
  delete env.FORCE_COLOR;
  return env;
};

export function padan(args: readonly string[], options: { cwd?: string; input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, [PADAN, ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    env: { ...baseEnv(), ...options.env },
    maxBuffer: 1 << 28,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** padan in the background; its standard input is closed at once unless `stdin: 'pipe'` keeps it open to write to. */
export function padanAsync(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: 'ignore' | 'pipe' } = {}) {
  const child = spawn(process.execPath, [PADAN, ...args], { cwd: options.cwd, env: { ...baseEnv(), ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  if (options.stdin !== 'pipe') child.stdin.end();
  return child;
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `padan-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
