// Scale run as the store would do it: records streamed one at a time into a MatchInputBuilder
// from a file, so the heap holds only what the matcher keeps.
// Build as for bench.ts (/tmp/padan-bench), then:
//   node /tmp/padan-bench/test/match/bench-stream.js write 300000 /tmp/pop.ndjson   (≈ 1M persons per side, 1.1 GB)
//   node --expose-gc /tmp/padan-bench/test/match/bench-stream.js match /tmp/pop.ndjson
import { createReadStream, createWriteStream } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { MatchInputBuilder, matchInput } from '../../src/match/index.js';
import { synthPopulation } from './synth.js';

const [mode, a1, a2] = process.argv.slice(2);
const STRIDE = 4_000_000;

if (mode === 'write') {
  const families = Number(a1);
  const out = createWriteStream(a2!);
  let reachable = 0;
  for (let b = 0; b * 30000 < families; b++) {
    const pop = synthPopulation({ families: Math.min(30000, families - b * 30000), seed: 1000 + b, kabOffset: b * 10, idOffset: b * STRIDE });
    reachable += pop.reachable;
    for (const r of pop.p3ke) out.write(`p${JSON.stringify({ ...r, person: pop.person.get(r.recordId) })}\n`);
    for (const r of pop.dtks) out.write(`d${JSON.stringify({ ...r, person: pop.person.get(r.recordId) })}\n`);
  }
  out.write(`#${reachable}\n`);
  out.end();
} else {
  const t0 = performance.now();
  const builder = new MatchInputBuilder();
  const person = new Map<number, number>();
  let reachable = 0;
  let p3ke = 0;
  for await (const line of createInterface({ input: createReadStream(a1!) })) {
    if (line.startsWith('#')) {
      reachable = Number(line.slice(1));
      continue;
    }
    const r = JSON.parse(line.slice(1));
    person.set(r.recordId, r.person);
    delete r.person;
    if (line[0] === 'p') p3ke++;
    builder.add(line[0] === 'p' ? 'p3ke' : 'dtks', r);
  }
  const input = builder.finish();
  const loaded = performance.now();
  (globalThis as { gc?: () => void }).gc?.();
  console.log(`loaded ${input.p3ke.n} + ${input.dtks.n} in ${Math.round(loaded - t0)} ms, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB (truth map included)`);
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const out = matchInput(input, {});
  const cpu = process.cpuUsage(cpu0);
  console.log(`match ${Math.round(performance.now() - started)} ms (cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms), peak rss ${Math.round(process.resourceUsage().maxRSS / 1000)} MB`);
  await new Promise((r) => setTimeout(r, 10));
  console.log(`gc ${Math.round(gcMs)} ms; ${JSON.stringify(out.stats.timingsMs)}; candidates ${out.stats.candidatePairs}`);
  let tp = 0;
  let fp = 0;
  let reviewTrue = 0;
  let review = 0;
  for (const l of out.links) {
    const same = person.get(l.p3keRecordId) === person.get(l.dtksRecordId);
    if (l.status === 'match') same ? tp++ : fp++;
    else {
      review++;
      if (same) reviewTrue++;
    }
  }
  console.log(`precision ${(tp / (tp + fp)).toFixed(4)} recall ${(tp / reachable).toFixed(4)} recall+review ${((tp + reviewTrue) / reachable).toFixed(4)} review ${((100 * review) / p3ke).toFixed(2)}%`);
}
