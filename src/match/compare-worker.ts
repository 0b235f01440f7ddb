// Worker thread of ComparePool: takes chunks of pairs from the shared counter until none are left.
import { parentPort } from 'node:worker_threads';
import { Comparer, comparePairs, reviveComparerData } from './comparisons.js';
import { BUSY, CHUNK, FAILED, NEXT, type CompareJob } from './parallel.js';

parentPort?.on('message', (job: CompareJob) => {
  const { ctrl, a, b, codes, n, done } = job;
  const comparer = new Comparer(reviveComparerData(job.data), job.left, job.right);
  for (;;) {
    Atomics.add(ctrl, BUSY, 1);
    const start = Atomics.add(ctrl, NEXT, CHUNK);
    if (start < n) {
      try {
        comparePairs(comparer, a, b, start, Math.min(n, start + CHUNK), codes);
        Atomics.store(done, start / CHUNK, 1);
      } catch {
        Atomics.store(ctrl, FAILED, 1);
      }
    }
    Atomics.sub(ctrl, BUSY, 1);
    Atomics.notify(ctrl, BUSY);
    if (start >= n) return;
  }
});
