// Timing and accuracy on a synthetic population, outside vitest (real RSS, the worker thread):
//   npx tsc -p tsconfig.test.json --noEmit false --outDir /tmp/padan-bench
//   echo '{"type":"module"}' > /tmp/padan-bench/package.json; ln -sfn "$PWD/node_modules" /tmp/padan-bench/node_modules
//   node /tmp/padan-bench/test/match/bench.js FAMILIES [SEED] [--threshold P] [--review P] [--model]
// Prints the phases' timings, pairs per second, peak RSS, precision and recall per threshold.
import { matchRecords } from '../../src/match/index.js';
import { accuracy, synthPopulation } from './synth.js';

const families = Number(process.argv[2] ?? 3000);
const seed = Number(process.argv[3] ?? 1);
const verbose = process.argv.includes('--model');
const t0 = performance.now();
const pop = synthPopulation({ families, seed });
const generated = performance.now();
console.log(`p3ke ${pop.p3ke.length} dtks ${pop.dtks.length} reachable ${pop.reachable} (generated in ${Math.round(generated - t0)} ms)`);
const rssBefore = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const arg = (name: string): number | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : undefined;
};
const out = matchRecords(pop.p3ke, pop.dtks, { threshold: arg('--threshold'), reviewThreshold: arg('--review') });
const done = performance.now();
const cpu = process.cpuUsage(cpu0);
console.log(`match ${Math.round(done - generated)} ms (cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms), rss before ${Math.round(rssBefore / 1e6)} MB, peak ${Math.round(process.resourceUsage().maxRSS / 1000)} MB`);
console.log(JSON.stringify({ ...out.stats, blocking: undefined }));
for (const b of out.stats.blocking) console.log(`  ${b.rule.padEnd(24)} new ${b.newPairs} of ${b.pairs}${b.cappedBlocks ? ` capped ${b.cappedBlocks} blocks (${b.cappedPairs} pairs)` : ''}`);
const m = accuracy(pop, out.links, ['match']);
const mr = accuracy(pop, out.links, ['match', 'review']);
const review = out.links.filter((l) => l.status === 'review').length;
console.log(`match: precision ${m.precision.toFixed(4)} recall ${m.recall.toFixed(4)} f1 ${m.f1.toFixed(4)} (fp ${m.fp})`);
console.log(`match+review: precision ${mr.precision.toFixed(4)} recall ${mr.recall.toFixed(4)}; review band ${review} = ${((100 * review) / pop.p3ke.length).toFixed(2)}% of P3KE`);
console.log(`nik conflicts ${out.nikConflicts.length}, duplicates ${out.duplicates.length} groups, families ${out.families.length}`);
const guarded = (l: (typeof out.links)[number]): boolean => l.status === 'review' && l.probability >= out.model.threshold;
for (const t of [0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99]) {
  const a = accuracy(pop, out.links.filter((l) => l.probability >= t && !guarded(l)).map((l) => ({ ...l, status: 'match' })));
  console.log(`  threshold ${t}: precision ${a.precision.toFixed(4)} recall ${a.recall.toFixed(4)} (fp ${a.fp})`);
}
if (verbose) {
  console.log('prior', out.model.priorWeight.toFixed(2), 'lambda', out.model.lambda.toExponential(3), JSON.stringify(out.model.training));
  for (const c of out.model.comparisons)
    console.log(c.name.padEnd(12), c.levels.map((l) => `${l.level}:${l.weight.toFixed(1)}${l.m === null ? '' : `(m=${l.m.toFixed(3)},u=${l.u!.toExponential(1)})`}`).join(' '));
}
