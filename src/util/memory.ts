// Gives the memory of a finished stage back before the next one starts. After matching a million
// persons, half a gigabyte of heap and as much in typed arrays is garbage, but V8 sees no reason to
// collect it while the reports grow the heap further, so both add up to the process's peak.
// `global.gc` needs a flag a cron job should not have to pass: the flag is set for the moment it
// takes to fetch the function, as the V8 documentation of setFlagsFromString allows.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** A full, synchronous garbage collection. */
export function collectGarbage(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
    setFlagsFromString('--no-expose-gc');
  }
  collect();
}
