import { describe, expect, it } from 'vitest';
import { detached, MAX_KEY_LENGTH, Memo } from '../../src/normalise/memo.js';

describe('Memo', () => {
  it('keeps at most two generations, and a value in use survives a turnover', () => {
    const memo = new Memo<number>(2);
    memo.set('a', 1);
    memo.set('b', 2);
    memo.set('c', 3); // young {a, b} becomes old
    expect(memo.get('a')).toBe(1); // back into the young generation
    memo.set('d', 4); // young {c, a} becomes old; {b} dropped
    memo.set('e', 5);
    expect(memo.get('b')).toBeUndefined();
    expect(memo.get('c')).toBe(3);
    expect(memo.get('d')).toBe(4);
  });

  it('does not remember long keys', () => {
    const memo = new Memo<number>(4);
    memo.set('x'.repeat(MAX_KEY_LENGTH + 1), 1);
    expect(memo.get('x'.repeat(MAX_KEY_LENGTH + 1))).toBeUndefined();
    memo.set('x'.repeat(MAX_KEY_LENGTH), 2);
    expect(memo.get('x'.repeat(MAX_KEY_LENGTH))).toBe(2);
  });

  it('detached gives an equal string', () => {
    const big = 'SITI AMINAH BINTI ABDULLAH '.repeat(1000);
    expect(detached(big.slice(5, 40))).toBe(big.slice(5, 40));
    expect(detached('SITI')).toBe('SITI');
  });
});
