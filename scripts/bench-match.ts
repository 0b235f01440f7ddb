// npm run bench:match: accuracy of `padan run` on generated data with ground truth (several sizes
// and seeds, generated independently of the committed fixtures), the exact-NIK baseline officers
// use today, pairs completeness after blocking, and FEBRL4; with `-- --persons N` instead, the
// speed of `padan match` on N × N already-ingested persons.
// Targets (issue 4): precision ≥ 0.995 and recall ≥ 0.98 for automatic matches; recall ≥ 0.995
// counting the review band, review band < 3% of P3KE records; FEBRL4 F1 ≥ 0.997; 1M × 1M in
// ≤ 60 s with peak RSS ≤ 1.5 GB.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEFAULT_BLOCKING_RULES, generateCandidates, MATCH_RECORD_FIELDS, MatchInputBuilder } from '../src/match/index.js';
import { openStore } from '../src/store/open.js';
import { recordFields, recordPages } from '../src/store/records.js';
import { latestSnapshot } from '../src/store/snapshots.js';
import { argValue, generated, ROOT, runPadan } from './bench-util.js';

type Pair = string; // `${p3keId}|${dtksId}`

const readCsv = (path: string): Record<string, string>[] => parse(readFileSync(path), { columns: true, bom: true }) as Record<string, string>[];
const clean = (db: string): void => ['', '-wal', '-shm', '.lock'].forEach((suffix) => rmSync(db + suffix, { force: true }));

interface Scores {
  precision: number;
  recall: number;
  f1: number;
  /** Filled by accuracy(): person-level recall of automatic matches, and with the review band. */
  personRecall?: number;
  personRecallWithReview?: number;
  reviewShare?: number;
}

function score(found: ReadonlySet<Pair>, truth: ReadonlySet<Pair>): Scores {
  let tp = 0;
  for (const pair of found) if (truth.has(pair)) tp += 1;
  const precision = found.size > 0 ? tp / found.size : 1;
  const recall = truth.size > 0 ? tp / truth.size : 1;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

/**
 * A DTKS duplicate gives a P3KE person two true partners, but each record links to at most one
 * record on the other side: person-level recall counts a P3KE person found when it is linked to
 * any of its true partners.
 */
function personRecall(found: ReadonlySet<Pair>, truth: ReadonlySet<Pair>): number {
  const truePersons = new Set([...truth].map((p) => p.split('|')[0]));
  const foundPersons = new Set([...found].filter((p) => truth.has(p)).map((p) => p.split('|')[0]));
  return truePersons.size > 0 ? foundPersons.size / truePersons.size : 1;
}

/** Pairs the blocking rules generate, and the exact join on the raw NIK cell (VLOOKUP). */
function storeFigures(db: string): { blocked: Set<Pair>; exactNik: Set<Pair>; p3kePersons: number } {
  const store = openStore(db, { write: false, mustExist: true });
  try {
    const p3ke = latestSnapshot(store.db, 'p3ke')!;
    const dtks = latestSnapshot(store.db, 'dtks')!;
    const builder = new MatchInputBuilder();
    const ids: Record<'p3ke' | 'dtks', string[]> = { p3ke: [], dtks: [] };
    for (const [source, snapshot] of [['p3ke', p3ke], ['dtks', dtks]] as const) {
      for (const record of recordFields(store.db, snapshot.id, MATCH_RECORD_FIELDS)) {
        builder.add(source, record);
        ids[source].push(record.sourceId);
      }
    }
    const input = builder.finish();
    const candidates = generateCandidates(input, DEFAULT_BLOCKING_RULES);
    const blocked = new Set<Pair>();
    for (let k = 0; k < candidates.length; k++) blocked.add(`${ids.p3ke[candidates.a[k]!]}|${ids.dtks[candidates.b[k]!]}`);

    const rawNik = (snapshotId: number, column: number | undefined): Map<string, string[]> => {
      const byNik = new Map<string, string[]>();
      for (const page of recordPages(store.db, snapshotId)) {
        for (const record of page) {
          const nik = column === undefined ? '' : (record.cells[column] ?? '').trim();
          if (!nik) continue;
          const list = byNik.get(nik) ?? [];
          list.push(record.person.sourceId);
          byNik.set(nik, list);
        }
      }
      return byNik;
    };
    const left = rawNik(p3ke.id, p3ke.mapping.nik as number | undefined);
    const right = rawNik(dtks.id, dtks.mapping.nik as number | undefined);
    const exactNik = new Set<Pair>();
    // VLOOKUP returns the first row with the value.
    for (const [nik, p3keIds] of left) {
      const first = right.get(nik)?.[0];
      if (first) for (const id of p3keIds) exactNik.add(`${id}|${first}`);
    }
    return { blocked, exactNik, p3kePersons: p3ke.rowsAccepted };
  } finally {
    store.close();
  }
}

const f = (x: number): string => x.toFixed(4);

function accuracy(label: string, files: { p3ke: string; dtks: string; truth: string }, dir: string, profiles: string[] = []): Scores {
  const db = join(dir, 'bench-match.db');
  const out = join(dir, 'bench-match-out');
  clean(db);
  const run = runPadan(['run', files.p3ke, files.dtks, '--db', db, '--out', out, '--force', '--json', ...profiles]);
  const truth = new Set(readCsv(files.truth).map((r) => `${r.p3ke_id}|${r.dtks_id}`));
  const matches = readCsv(join(out, 'matches.csv'));
  const auto = new Set(matches.filter((m) => m.status === 'match').map((m) => `${m.p3ke_id}|${m.dtks_id}`));
  const withReview = new Set(matches.map((m) => `${m.p3ke_id}|${m.dtks_id}`));
  const review = withReview.size - auto.size;
  const { blocked, exactNik, p3kePersons } = storeFigures(db);
  const s = score(auto, truth);
  const r = score(withReview, truth);
  const b = score(blocked, truth);
  const n = score(exactNik, truth);
  console.log(`\n${label}: ${p3kePersons.toLocaleString('en-US')} P3KE persons, ${truth.size.toLocaleString('en-US')} true pairs; padan run ${run.seconds.toFixed(1)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
  console.log(`  pairs completeness after blocking  ${f(b.recall)}  (${blocked.size.toLocaleString('en-US')} candidate pairs)`);
  console.log(`  automatic matches   precision ${f(s.precision)}  recall ${f(s.recall)}  F1 ${f(s.f1)}  person-level recall ${f(personRecall(auto, truth))}`);
  console.log(`  with review band    recall ${f(r.recall)}  person-level recall ${f(personRecall(withReview, truth))}  review band ${review} = ${((review / p3kePersons) * 100).toFixed(2)}% of P3KE`);
  console.log(`  exact-NIK baseline  precision ${f(n.precision)}  recall ${f(n.recall)}  F1 ${f(n.f1)}`);
  clean(db);
  rmSync(out, { recursive: true, force: true });
  return { ...s, personRecall: personRecall(auto, truth), personRecallWithReview: personRecall(withReview, truth), reviewShare: review / p3kePersons };
}

function speed(persons: number): void {
  const data = generated(persons, 7);
  const db = join(data.dir, 'bench-speed.db');
  clean(db);
  runPadan(['ingest', 'p3ke', data.p3ke, '--db', db]);
  runPadan(['ingest', 'dtks', data.dtks, '--db', db]);
  const match = runPadan(['match', '--db', db, '--json']);
  const result = JSON.parse(match.stdout) as { counts: Record<string, number>; run: { stats: { timingsMs: Record<string, number> } } };
  console.log(`padan match, ${persons.toLocaleString('en-US')} P3KE x ${result.counts.dtksPersons!.toLocaleString('en-US')} DTKS persons (already ingested):`);
  console.log(`  ${match.seconds.toFixed(1)} s (target <= 60) ${match.seconds <= 60 ? 'MET' : 'MISSED'}, peak RSS ${match.peakRssMb.toFixed(0)} MB (target <= 1536) ${match.peakRssMb <= 1536 ? 'MET' : 'MISSED'}`);
  console.log(`  phases (ms): ${JSON.stringify(result.run.stats.timingsMs)}`);
  console.log(`  ${result.counts.candidatePairs!.toLocaleString('en-US')} candidate pairs, ${result.counts.matches!.toLocaleString('en-US')} matches, ${result.counts.review!.toLocaleString('en-US')} review`);
  clean(db);
}

if (process.argv.includes('--persons')) {
  speed(argValue('--persons', 1_000_000));
} else {
  const results: Scores[] = [];
  for (const [persons, seed] of [
    [2_000, 101],
    [2_000, 102],
    [20_000, 103],
    [100_000, 104],
  ] as const) {
    const data = generated(persons, seed);
    results.push(accuracy(`generated, seed ${seed}`, data, data.dir));
  }
  const febrl = join(ROOT, '..', 'shared', 'benchmarks', 'febrl');
  const febrlFiles = { p3ke: join(febrl, 'dataset4a.csv'), dtks: join(febrl, 'dataset4b.csv'), truth: join(ROOT, 'bench-data', 'febrl-truth.csv') };
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(join(ROOT, 'bench-data'), { recursive: true });
  // The mapping uses rec_id as both family and person id, so a P3KE-side id reads `rec-N-org-rec-N-org`.
  writeFileSync(febrlFiles.truth, `p3ke_id,dtks_id\n${Array.from({ length: 5000 }, (_, i) => `rec-${i}-org-rec-${i}-org,rec-${i}-dup-0`).join('\n')}\n`);
  const profiles = join(ROOT, 'scripts', 'febrl');
  const febrlScore = accuracy('FEBRL4 (fuzzy only: no soc_sec_id)', febrlFiles, join(ROOT, 'bench-data'), ['--p3ke-profile', join(profiles, 'febrl-a.json'), '--dtks-profile', join(profiles, 'febrl-b.json')]);
  const worst = (key: keyof Scores): number => Math.min(...results.map((r) => r[key] ?? 0));
  const verdict = (ok: boolean): string => (ok ? 'MET' : 'MISSED');
  // One-to-one linking (issue 4, point 5) gives a P3KE person whose DTKS record is duplicated one
  // link, not two: pair-level recall is capped below 1, so the targets are judged per P3KE person.
  console.log(`\nworst generated: precision ${f(worst('precision'))} (target >= 0.995) ${verdict(worst('precision') >= 0.995)}`);
  console.log(`  recall per P3KE person ${f(worst('personRecall'))} (target >= 0.98) ${verdict(worst('personRecall') >= 0.98)}; pair-level ${f(worst('recall'))}`);
  console.log(`  with the review band ${f(worst('personRecallWithReview'))} (target >= 0.995) ${verdict(worst('personRecallWithReview') >= 0.995)}`);
  const band = Math.max(...results.map((r) => r.reviewShare ?? 1));
  console.log(`  review band at most ${(band * 100).toFixed(2)}% of P3KE (target < 3%) ${verdict(band < 0.03)}`);
  console.log(`FEBRL4 F1 ${f(febrlScore.f1)} (target >= 0.997; Python Record Linkage Toolkit 0.9963) ${febrlScore.f1 >= 0.997 ? 'MET' : 'MISSED'}`);
}
