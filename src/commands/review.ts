import { emitKeypressEvents } from 'node:readline';
import { Command } from 'commander';
import { t } from '../i18n/index.js';
import { explainPair, type MatchModel } from '../match/index.js';
import { renderReviewScreen } from '../report/review-screen.js';
import { decisionFor, restoreDecision, saveDecisions, type Decision } from '../store/decisions.js';
import { nameValueCounts, pairViews, type PairView } from '../store/findings.js';
import type { Db } from '../store/open.js';
import { colourFor } from '../util/colour.js';
import { defaultReviewer } from './link.js';
import { category, type CategoryRow } from '../report/categories.js';
import { contextOf } from '../report/changes.js';
import { writeCsv } from '../report/csv.js';
import { orphanDecisions } from '../store/decisions.js';
import { latestRun } from '../store/runs.js';
import { EXIT, PadanError } from '../util/errors.js';
import { importDecisions } from './decisions.js';
import { openForRead, openForWrite, printJson, usingStore, withExamples, withJson, withStore } from './shared.js';

interface InteractiveOptions {
  db?: string;
  wait?: number;
  kecamatan?: string;
  desa?: string;
  reviewer?: string;
  maskNik?: boolean;
  color?: boolean;
}

const inArea = (view: PairView, area: string | undefined, level: 'kecamatan' | 'desa'): boolean => {
  if (!area) return true;
  const wanted = area.trim().toUpperCase();
  return [view.p3ke.person, view.dtks.person].some((p) =>
    level === 'kecamatan' ? p.kecamatan?.toUpperCase() === wanted || p.kodeKecamatan === wanted : p.desa?.toUpperCase() === wanted || p.kodeWilayah === wanted,
  );
};

/** The review band of the latest run not decided yet, most uncertain first. */
function pendingPairs(db: Db, runId: number, options: InteractiveOptions): PairView[] {
  const pairs = [...pairViews(db, runId, 'link', 'review')].filter(
    (v) => inArea(v, options.kecamatan, 'kecamatan') && inArea(v, options.desa, 'desa') && !decisionFor(db, v.p3ke.person.sourceId, v.dtks.person.sourceId),
  );
  return pairs.sort((a, b) => Math.abs(a.pair.probability - 0.5) - Math.abs(b.pair.probability - 0.5) || a.p3ke.id - b.p3ke.id || a.dtks.id - b.dtks.id);
}

/**
 * The interactive session: every key that decides is written to the store at once, so quitting
 * or a crash loses nothing, and the next session resumes with the pairs still undecided.
 */
async function interactiveReview(options: InteractiveOptions): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new PadanError(t('error.reviewTerminal'), EXIT.usage, t('hint.reviewTerminal'));
  }
  await usingStore(openForWrite(options), async (store) => {
    const run = latestRun(store.db);
    if (!run) throw new PadanError(t('error.noRunYet'), EXIT.failure, t('hint.makeRun'));
    const pairs = pendingPairs(store.db, run.id, options);
    const colour = colourFor(process.stdout, options.color);
    if (pairs.length === 0) {
      process.stdout.write('nothing to review: every pair of the review band is decided\n');
      return;
    }
    const counts = nameValueCounts(store.db, [run.p3keSnapshotId, run.dtksSnapshotId]);
    const reviewer = options.reviewer ?? defaultReviewer();
    const history: { index: number; previous: Decision | undefined }[] = [];
    let index = 0;
    let message = '';
    const draw = (): void => {
      const view = pairs[index]!;
      const explanation = explainPair(view.p3ke.person, view.dtks.person, run.model as MatchModel, counts);
      process.stdout.write('\x1b[2J\x1b[H');
      process.stdout.write(
        renderReviewScreen(
          {
            index,
            total: pairs.length,
            decided: history.length,
            p3keId: view.p3ke.person.sourceId,
            dtksId: view.dtks.person.sourceId,
            p3ke: view.p3ke.person,
            dtks: view.dtks.person,
            probability: view.pair.probability,
            explanation,
            maskNik: options.maskNik ?? false,
            message,
          },
          colour,
          process.stdout.columns ?? 100,
        ),
      );
    };
    emitKeypressEvents(process.stdin);
    process.stdin.setRawMode(true);
    try {
      await new Promise<void>((resolve) => {
        const finish = (): void => {
          process.stdin.off('keypress', onKey);
          resolve();
        };
        const onKey = (text: string | undefined, key: { name?: string; ctrl?: boolean } | undefined): void => {
          const name = (key?.name ?? text ?? '').toLowerCase();
          if (name === 'q' || (key?.ctrl && name === 'c')) return finish();
          const view = pairs[index]!;
          const ids = [view.p3ke.person.sourceId, view.dtks.person.sourceId] as const;
          if (name === 's' || name === 'd') {
            history.push({ index, previous: decisionFor(store.db, ...ids) });
            saveDecisions(store.db, [{ p3keId: ids[0], dtksId: ids[1], decision: name === 's' ? 'same' : 'different', reviewer, decidedAt: new Date().toISOString(), note: null }]);
            message = `saved: ${ids[0]} and ${ids[1]} ${name === 's' ? 'same person' : 'different persons'}`;
            index += 1;
          } else if (name === 'k' || name === 'space' || name === 'right') {
            message = `skipped ${ids[0]} / ${ids[1]}`;
            index += 1;
          } else if (name === 'u') {
            const last = history.pop();
            if (last) {
              const back = pairs[last.index]!;
              restoreDecision(store.db, back.p3ke.person.sourceId, back.dtks.person.sourceId, last.previous);
              index = last.index;
              message = 'undone';
            } else message = 'nothing to undo';
          } else {
            message = 'keys: s same, d different, k skip, u undo, q quit';
          }
          if (index >= pairs.length) {
            process.stdout.write(`\nend of the review band: ${history.length} decisions saved\n`);
            return finish();
          }
          draw();
        };
        process.stdin.on('keypress', onKey);
        draw();
      });
    } finally {
      process.stdin.setRawMode(false);
      process.stdin.pause();
    }
    process.stdout.write(`${history.length} decisions saved; they apply from the next padan match or padan run\n`);
  });
}

export function reviewCommand(): Command {
  const command = new Command('review').description(
    'clerical review of the uncertain pairs in the terminal (s same, d different, k skip, u undo, q quit); export/import them as CSV; list orphaned decisions',
  );
  // `padan review [options]` runs the terminal session: a default subcommand, so the other
  // subcommands keep their own --db without the parent's options catching it.
  const start = new Command('start')
    .description('decide the review band of the latest run in the terminal, most uncertain first (the default)')
    .option('--kecamatan <name|code>', 'only pairs in this kecamatan')
    .option('--desa <name|code>', 'only pairs in this desa')
    .option('--reviewer <name>', 'who decides (default: the OS user)')
    .option('--mask-nik', 'mask NIK and KK on screen');
  withStore(start);
  withExamples(start, ['padan review', 'padan review --kecamatan "LUMBAN JULU" --reviewer siti']);
  start.action((options: InteractiveOptions, cmd: Command) => interactiveReview({ ...options, color: cmd.optsWithGlobals().color as boolean | undefined }));
  command.addCommand(start, { isDefault: true });

  const exportCommand = new Command('export')
    .description('write the review band of the latest run as CSV with an empty decision column, most uncertain first')
    .requiredOption('--out <file>', 'CSV to write')
    .option('--mask-nik', 'mask NIK and KK');
  withStore(exportCommand);
  withExamples(exportCommand, ['padan review export --out tinjau.csv']);
  exportCommand.action((options: { db?: string; out: string; maskNik?: boolean }) =>
    usingStore(openForRead(options), async (store) => {
      const run = latestRun(store.db);
      if (!run) throw new PadanError(t('error.noRunYet'), EXIT.failure, t('hint.makeRun'));
      const review = category('review');
      const rows: CategoryRow[] = [...review.rows(contextOf(store.db, run, options.maskNik ?? false))];
      // Most uncertain first: the probability closest to one half.
      const uncertainty = (row: CategoryRow): number => Math.abs(Number(row.cells[2]) - 0.5);
      rows.sort((a, b) => uncertainty(a) - uncertainty(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      writeCsv(options.out, [...review.header, 'decision', 'note'], rows.map((row) => [...row.cells, '', '']));
      process.stdout.write(`${rows.length} pairs of run ${run.id} written to ${options.out}: fill "decision" with same/different (sama/beda), then padan review import ${options.out}\n`);
    }),
  );

  const orphansCommand = new Command('orphans').description('decisions whose P3KE or DTKS person is no longer in the newest snapshots');
  withStore(orphansCommand);
  withJson(orphansCommand);
  withExamples(orphansCommand, ['padan review orphans', 'padan review orphans --json']);
  orphansCommand.action((options: { db?: string; json?: boolean }) =>
    usingStore(openForRead(options), (store) => {
      const run = latestRun(store.db);
      if (!run) throw new PadanError(t('error.noRunYet'), EXIT.failure, t('hint.makeRun'));
      const orphans = orphanDecisions(store.db, run.p3keSnapshotId, run.dtksSnapshotId);
      if (options.json) printJson(orphans);
      else if (orphans.length === 0) process.stdout.write('no orphaned decisions\n');
      else for (const o of orphans) process.stdout.write(`${o.p3keId}  ${o.dtksId}  ${o.decision}  by ${o.reviewer} ${o.decidedAt.slice(0, 10)}: ${o.missing.join(' and ')} person no longer in the data\n`);
    }),
  );

  command.addCommand(exportCommand);
  command.addCommand(importDecisions(new Command('import').description('apply the decisions of a filled-in review file; every invalid line is reported and nothing of a bad file is applied'), ['padan review import tinjau.csv --reviewer siti']));
  command.addCommand(orphansCommand);
  withExamples(command, ['padan review', 'padan review --kecamatan "LUMBAN JULU" --reviewer siti', 'padan review export --out tinjau.csv', 'padan review import tinjau.csv', 'padan review orphans']);
  return command;
}
