// The scratch file that holds a workbook's answers between reading its sheets and patching them.
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnswerSpool, type RowValues } from '../../src/report/writeback/spool.js';
import { tempDir } from '../helpers/cli.js';

describe('answer spool', () => {
  const dir = tempDir('spool');
  afterAll(() => dir.remove());

  it('gives back each sheet its rows in order, any text and nulls intact, across flushes', () => {
    const fd = openSync(join(dir.path, 'answers'), 'w+');
    try {
      const spool = new AnswerSpool(fd);
      const sheet = (from: number, count: number): [number, RowValues][] =>
        Array.from({ length: count }, (_, i) => [from + i, [`YA ${i}`, i % 3 === 0 ? null : `line\nbreak "q" \\ é € 😀 ${i}`, '', `D-${i}`]]);
      const first = sheet(5, 30_000); // more than one flush and one read chunk
      const second = sheet(2, 3);
      const a = spool.mark();
      for (const [row, values] of first) spool.add(row, values);
      const b = spool.mark();
      for (const [row, values] of second) spool.add(row, values);
      const c = spool.mark();
      expect([...spool.rows(b, c)]).toEqual(second);
      expect([...spool.rows(a, b)]).toEqual(first);
      expect([...spool.rows(c, c)]).toEqual([]);
    } finally {
      closeSync(fd);
    }
  });
});
