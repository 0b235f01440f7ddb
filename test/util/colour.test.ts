import { describe, expect, it } from 'vitest';
import { colourLevel } from '../../src/util/colour.js';

describe('colourLevel (chalk 5 ignores NO_COLOR, so padan decides)', () => {
  it.each([
    [{ isTTY: true }, undefined, {}, 2],
    [{ isTTY: true }, undefined, { COLORTERM: 'truecolor' }, 3],
    [{ isTTY: false }, undefined, {}, 0],
    [{}, undefined, {}, 0],
    [{ isTTY: true }, undefined, { NO_COLOR: '1' }, 0],
    [{ isTTY: true }, undefined, { NO_COLOR: '' }, 2], // an empty NO_COLOR does not count (no-color.org)
    [{ isTTY: true }, false, {}, 0], // --no-color
    [{ isTTY: false }, undefined, { FORCE_COLOR: '1' }, 1],
    [{ isTTY: false }, undefined, { FORCE_COLOR: '3' }, 3],
    [{ isTTY: true }, undefined, { FORCE_COLOR: '0' }, 0],
    [{ isTTY: false }, undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, 0],
  ])('%j, option %j, env %j → level %i', (stream, option, env, level) => {
    expect(colourLevel(stream, option, env)).toBe(level);
  });
});
