// chalk 5 ignores NO_COLOR (its maintainers declined it), so padan decides the level itself.
import { Chalk, type ChalkInstance } from 'chalk';

export function colourFor(stream: NodeJS.WriteStream, option?: boolean): ChalkInstance {
  return new Chalk({ level: colourLevel(stream, option, process.env) });
}

export function colourLevel(stream: { isTTY?: boolean }, option: boolean | undefined, env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  if (option === false) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const forced = env.FORCE_COLOR;
  if (forced !== undefined) {
    if (forced === '0' || forced === 'false') return 0;
    if (forced === '2') return 2;
    if (forced === '3') return 3;
    return 1;
  }
  if (!stream.isTTY) return 0;
  return env.COLORTERM === 'truecolor' ? 3 : 2;
}
