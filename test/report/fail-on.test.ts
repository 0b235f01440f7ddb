import { describe, expect, it } from 'vitest';
import { failingConditions, parseFailOn } from '../../src/report/fail-on.js';
import type { CategoryName } from '../../src/report/categories.js';

const counts = { matches: 800, review: 30, p3ke_only: 200, dtks_only: 150, field_mismatch: 900, nik_conflict: 3, duplicates: 10, invalid_nik: 120, families: 400, rejects: 25 } satisfies Record<CategoryName, number>;
const result = { counts, persons: { p3ke: 1000, dtks: 900 }, rowsRead: 2000 };

describe('--fail-on', () => {
  it.each([
    ['p3ke_only>199', true],
    ['p3ke_only>200', false],
    ['p3ke_only>=200', true],
    ['rejects>1%', true], // 25 of 2000 rows read = 1.25%
    ['rejects>1.5%', false],
    ['dtks_only>16%', true], // of DTKS persons: 16.7%
    ['review>2%', true], // of P3KE persons: 3%
    ['review<=3%', true],
    ['nik_conflict=3', true],
    [' invalid_nik > 500 ', false],
  ])('%s holds: %s', (expression, holds) => {
    expect(failingConditions(parseFailOn(expression), result).length > 0).toBe(holds);
  });

  it('lists only the conditions that hold, in order', () => {
    expect(failingConditions(parseFailOn('rejects>1%,p3ke_only>500,review>2%'), result).map((c) => c.text)).toEqual(['rejects>1%', 'review>2%']);
  });

  it.each([['p3ke_only'], ['p3ke_only>>5'], ['nonsense>1'], ['p3ke_only>abc'], ['']])('%j is a usage error (exit 2)', (expression) => {
    expect(() => parseFailOn(expression)).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});
