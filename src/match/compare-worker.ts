// Worker thread of WorkerPool: takes work items (chunks of pairs, blocking rules) from the shared
// counter until none are left.
import { parentPort } from 'node:worker_threads';
import { RuleScratch, ruleList } from './blocking.js';
import { Comparer, comparePairs, reviveComparerData } from './comparisons.js';
import { BUSY, CHUNK, FAILED, NEXT, type BlockJob, type CompareJob } from './parallel.js';

/** Runs items until the counter passes `total`; BUSY is held while an item runs. */
function drain(ctrl: Int32Array, step: number, total: number, item: (start: number) => void): void {
  for (;;) {
    Atomics.add(ctrl, BUSY, 1);
    const start = Atomics.add(ctrl, NEXT, step);
    if (start < total) {
      try {
        item(start);
      } catch {
        Atomics.store(ctrl, FAILED, 1);
      }
    }
    Atomics.sub(ctrl, BUSY, 1);
    Atomics.notify(ctrl, BUSY);
    if (start >= total) return;
  }
}

parentPort?.on('message', (job: CompareJob | BlockJob) => {
  if (job.type === 'compare') {
    const { a, b, codes, n, done } = job;
    const comparer = new Comparer(reviveComparerData(job.data), job.left, job.right);
    drain(job.ctrl, CHUNK, n, (start) => {
      comparePairs(comparer, a, b, start, Math.min(n, start + CHUNK), codes);
      Atomics.store(done, start / CHUNK, 1);
    });
  } else {
    const scratch = new RuleScratch(job.left.n, job.right.n);
    drain(job.ctrl, 1, job.rules.length, (r) => {
      const result = ruleList(job.rules[r]!, job.data, job.left, job.right, job.self, job.globalCap, scratch);
      // posted before the item ends, so the main thread finds it once the worker is idle
      job.port.postMessage({ r, result });
    });
    job.port.close();
  }
});
