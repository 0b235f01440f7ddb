// The interactive review driven through a pseudo-terminal (util-linux `script`), as an officer
// would use it: decide, quit in the middle, resume, undo.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, PADAN, padan, tempDir } from '../helpers/cli.js';

const dir = tempDir('e2e-review-tty');
const db = join(dir.path, 'padan.db');

interface Session {
  /** Resolves once the screen (ANSI codes removed) contains `text` after everything seen so far. */
  waitFor(text: string | RegExp): Promise<string>;
  press(key: string): void;
  closed: Promise<number | null>;
}

function session(args: string[]): Session {
  const child = spawn('script', ['-qfec', [process.execPath, PADAN, ...args].join(' '), '/dev/null'], {
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '120', LINES: '40' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let seen = 0;
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString().replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    waitFor(text) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${String(text)}; screen:\n${screen.slice(seen)}`)), 20_000);
        const check = (): void => {
          const rest = screen.slice(seen);
          const found = typeof text === 'string' ? rest.indexOf(text) : rest.search(text);
          if (found >= 0) {
            clearTimeout(timer);
            seen += found + 1;
            resolve(rest);
          } else waiters.push(check);
        };
        check();
      });
    },
    press(key) {
      child.stdin.write(key);
    },
    closed,
  };
}

/** The stored decisions, one CSV line each (header dropped). */
const decisions = (): string[] => {
  const file = join(dir.path, 'decisions.csv');
  expect(padan(['decisions', 'export', '--out', file, '--db', db]).status).toBe(0);
  return readFileSync(file, 'utf8').trim().split('\r\n').slice(1);
};

beforeAll(() => {
  expect(padan(['run', join(FIXTURES, 'p3ke.csv'), join(FIXTURES, 'dtks.csv'), '--db', db, '--out', join(dir.path, 'out')]).status).toBe(0);
});
afterAll(() => dir.remove());

describe('padan review in a terminal', () => {
  it('refuses to start without a terminal, with a hint', () => {
    const result = padan(['review', '--db', db]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/needs a terminal/);
    expect(result.stderr).toMatch(/review export/);
  });

  it('saves every decision at once, resumes after quit, and undoes', async () => {
    const first = session(['review', '--db', db, '--reviewer', 'siti']);
    // The whole first screen: a terminal may deliver it in several chunks.
    const screen = await first.waitFor(/pair 1 of (\d+)[\s\S]*driven by: /);
    const total = Number(/pair 1 of (\d+)/.exec(screen)![1]);
    expect(total).toBeGreaterThan(2);
    expect(screen).toMatch(/NIK .*\n.*Nama/s);
    expect(screen).toMatch(/driven by: /);
    first.press('s');
    await first.waitFor(`pair 2 of ${total}`);
    first.press('q'); // quit in the middle
    await first.waitFor('1 decisions saved');
    expect(await first.closed).toBe(0);
    expect(decisions()).toEqual([expect.stringMatching(/,same,siti,/)]);

    // The next session starts with what is still undecided.
    const second = session(['review', '--db', db, '--reviewer', 'siti']);
    await second.waitFor(`pair 1 of ${total - 1}`);
    second.press('d');
    await second.waitFor('saved:');
    expect(decisions()).toHaveLength(2);
    second.press('u');
    await second.waitFor('undone');
    expect(decisions()).toHaveLength(1);
    second.press('k');
    await second.waitFor('skipped');
    second.press('q');
    expect(await second.closed).toBe(0);
    expect(decisions()).toHaveLength(1);
  });
});
