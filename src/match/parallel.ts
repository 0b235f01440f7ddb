// The two cores. The API stays synchronous: the main thread and a worker take work items (chunks
// of pairs to compare, blocking rules) from a shared counter; the main thread then waits with
// Atomics.wait until the worker has finished its last item and reads its results with
// receiveMessageOnPort. Everything the worker reads lives in SharedArrayBuffers, so nothing large
// is copied. If the worker is missing (running from TypeScript sources) or slow to start, the main
// thread simply does every item itself; results are the same either way, since each item is a
// pure function of its input.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { RuleScratch, ruleList, type BlockingData, type RuleResult } from './blocking.js';
import { comparePairs, type Comparer, type ComparerData } from './comparisons.js';
import { shared, type SideTable } from './features.js';
import type { BlockingRule } from './types.js';

/** ctrl slots */
export const NEXT = 0;
export const BUSY = 1;
export const FAILED = 2;

export const CHUNK = 8192;

export interface CompareJob {
  type: 'compare';
  data: ComparerData;
  left: SideTable;
  right: SideTable;
  a: Int32Array;
  b: Int32Array;
  codes: Int32Array;
  n: number;
  ctrl: Int32Array;
  done: Uint8Array;
}

export interface BlockJob {
  type: 'block';
  rules: readonly BlockingRule[];
  data: BlockingData;
  left: SideTable;
  right: SideTable;
  self: boolean;
  globalCap: number;
  ctrl: Int32Array;
  port: MessagePort;
}

/** A side table without its JS string arrays (a worker needs only the typed columns). */
function typedOnly(side: SideTable): SideTable {
  return { ...side, sourceId: [], familyIds: [] };
}

const isShared = (a: ArrayBufferView): boolean => a.buffer instanceof SharedArrayBuffer;

/** Waits until no worker holds a work item. */
function waitIdle(ctrl: Int32Array): void {
  for (;;) {
    const busy = Atomics.load(ctrl, BUSY);
    if (busy === 0) return;
    Atomics.wait(ctrl, BUSY, busy, 1000);
  }
}

export class WorkerPool {
  private readonly workers: Worker[] = [];

  /** `threads`: threads in all, the calling one included. */
  constructor(threads = Math.min(2, availableParallelism())) {
    if (threads < 2) return;
    const url = new URL('./compare-worker.js', import.meta.url);
    // under vitest the sources are TypeScript and there is no compiled worker: stay single-threaded
    if (!existsSync(fileURLToPath(url))) return;
    for (let t = 1; t < threads; t++) {
      try {
        const worker = new Worker(url);
        worker.on('error', () => undefined); // a failed worker leaves its items to the main thread
        worker.unref();
        this.workers.push(worker);
      } catch {
        break;
      }
    }
  }

  get threads(): number {
    return 1 + this.workers.length;
  }

  /** Patterns of pairs [0, n) into `codes`, on all threads. */
  compare(comparer: Comparer, a: Int32Array, b: Int32Array, n: number, codes: Int32Array): void {
    const parallel = this.workers.length > 0 && n >= 4 * CHUNK && isShared(a) && isShared(b) && isShared(codes);
    if (!parallel) {
      comparePairs(comparer, a, b, 0, n, codes);
      return;
    }
    const ctrl = shared(Int32Array, 4);
    const chunks = Math.ceil(n / CHUNK);
    const done = shared(Uint8Array, chunks);
    const job: CompareJob = { type: 'compare', data: comparer.data, left: typedOnly(comparer.left), right: typedOnly(comparer.right), a, b, codes, n, ctrl, done };
    for (const worker of this.workers) worker.postMessage(job);
    for (;;) {
      const start = Atomics.add(ctrl, NEXT, CHUNK);
      if (start >= n) break;
      comparePairs(comparer, a, b, start, Math.min(n, start + CHUNK), codes);
      done[start / CHUNK] = 1;
    }
    waitIdle(ctrl);
    // a chunk a worker failed on is done again here
    for (let c = 0; c < chunks; c++) if (Atomics.load(done, c) === 0) comparePairs(comparer, a, b, c * CHUNK, Math.min(n, (c + 1) * CHUNK), codes);
  }

  /** The blocking rules' pair lists, rules shared out between the threads; results in rule order. */
  block(rules: readonly BlockingRule[], data: BlockingData, left: SideTable, right: SideTable, self: boolean, globalCap: number): RuleResult[] {
    const results: (RuleResult | undefined)[] = new Array(rules.length);
    let scratch: RuleScratch | null = null;
    const local = (r: number): RuleResult => ruleList(rules[r]!, data, left, right, self, globalCap, (scratch ??= new RuleScratch(left.n, right.n)));
    if (this.workers.length === 0 || rules.length < 2) return rules.map((_, r) => local(r));
    const ctrl = shared(Int32Array, 4);
    const channels = this.workers.map(() => new MessageChannel());
    this.workers.forEach((worker, w) => {
      const job: BlockJob = { type: 'block', rules, data, left: typedOnly(left), right: typedOnly(right), self, globalCap, ctrl, port: channels[w]!.port2 };
      worker.postMessage(job, [channels[w]!.port2]);
    });
    for (;;) {
      const r = Atomics.add(ctrl, NEXT, 1);
      if (r >= rules.length) break;
      results[r] = local(r);
    }
    waitIdle(ctrl);
    for (const channel of channels) {
      for (let message = receiveMessageOnPort(channel.port1); message; message = receiveMessageOnPort(channel.port1)) {
        const { r, result } = message.message as { r: number; result: RuleResult };
        results[r] = result;
      }
      channel.port1.close();
    }
    // a rule a worker failed on is done again here
    return results.map((result, r) => result ?? local(r));
  }

  close(): void {
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
  }
}
