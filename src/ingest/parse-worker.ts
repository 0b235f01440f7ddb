// Worker thread entry: reads the export (itself for a file, in chunks pulled from the main thread
// for standard input), parses, maps and normalises it, and posts the results. It waits for the
// main thread's acknowledgements so it is never more than `maxInFlight` batches ahead.
import { parentPort, workerData } from 'node:worker_threads';
import { PadanError } from '../util/errors.js';
import { recycleRecordBuffer } from './record-bytes.js';
import { coreEvents, fileChunksBlocking, type WorkerInput, type WorkerMessage } from './read-export.js';

const port = parentPort!;
const input = workerData as WorkerInput;

let acked = 0;
let wakeAck: (() => void) | null = null;
let nextChunk: ((chunk: Uint8Array | null) => void) | null = null;

port.on('message', (m: { type: 'ack'; buffer: ArrayBuffer } | { type: 'chunk'; data: Uint8Array | null }) => {
  if (m.type === 'ack') {
    acked++;
    recycleRecordBuffer(m.buffer);
    wakeAck?.();
  } else if (m.type === 'chunk') {
    nextChunk?.(m.data);
  }
});

/** Standard input, chunk by chunk on request, so the main thread never buffers ahead either. */
async function* pulledChunks(): AsyncGenerator<Uint8Array> {
  for (;;) {
    const chunk = await new Promise<Uint8Array | null>((resolve) => {
      nextChunk = resolve;
      port.postMessage({ type: 'pull' } satisfies WorkerMessage);
    });
    nextChunk = null;
    if (chunk === null) return;
    yield chunk;
  }
}

async function main(): Promise<void> {
  let sent = 0;
  const source = input.options.format === 'xlsx' ? null : input.path !== null ? fileChunksBlocking(input.path) : pulledChunks();
  for await (const event of coreEvents(source, { ...input.options, encodeRecords: true }, input.path)) {
    if (event.type !== 'batch') {
      port.postMessage(event satisfies WorkerMessage);
      continue;
    }
    const records = event.records!;
    const message: WorkerMessage = { type: 'batch', records, rejects: event.rejects, bytesRead: event.bytesRead };
    port.postMessage(message, [records.buffer as ArrayBuffer]);
    sent++;
    while (sent - acked >= input.maxInFlight) await new Promise<void>((resolve) => (wakeAck = resolve));
    wakeAck = null;
  }
}

main().then(
  () => port.close(),
  (error: unknown) => {
    const e = error as Error;
    const message: WorkerMessage =
      error instanceof PadanError
        ? { type: 'error', message: e.message, exitCode: error.exitCode, hint: error.hint, padan: true }
        : { type: 'error', message: e?.message ?? String(error), exitCode: 1, padan: false, stack: e?.stack };
    port.postMessage(message);
  },
);
