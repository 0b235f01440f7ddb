import { Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import { t } from '../i18n/index.js';
import { explainPair, type MatchModel, type PairExplanation } from '../match/index.js';
import { maskDigitRuns } from '../report/csv.js';
import { nameValueCounts } from '../store/findings.js';
import { recordsBySourceId } from '../store/records.js';
import { colourFor } from '../util/colour.js';
import { EXIT, PadanError } from '../util/errors.js';
import { parseRunId } from './report.js';
import { openForRead, printJson, storedRun, usingStore, withExamples, withJson, withStore } from './shared.js';

const signed = (w: number): string => `${w >= 0 ? '+' : ''}${w.toFixed(2)}`;

/** A terminal waterfall: each comparison's bar starts where the running sum stands. */
function waterfall(explanation: PairExplanation, colour: ChalkInstance, mask: boolean): string {
  // Any comparison can show a NIK or KK (a household's KK, a NIK with a note): mask every digit run of that shape.
  const show = (value: string | null): string => (value === null ? '-' : mask ? maskDigitRuns(value) : value);
  const lines: string[] = [];
  const scale = 2; // characters per unit of weight (bits)
  let running = explanation.priorWeight;
  // The lowest point the running sum reaches is the left edge of the chart.
  let low = Math.min(0, explanation.priorWeight);
  for (let i = 0, sum = explanation.priorWeight; i < explanation.comparisons.length; i++) {
    sum += explanation.comparisons[i]!.total;
    low = Math.min(low, sum);
  }
  const offset = (w: number): number => Math.round((w - low) * scale);
  const bar = (from: number, to: number): string => {
    const a = offset(Math.min(from, to));
    const b = offset(Math.max(from, to));
    const text = ' '.repeat(a) + '█'.repeat(Math.max(1, b - a));
    return to >= from ? colour.green(text) : colour.red(text);
  };
  lines.push(`${'prior (λ)'.padEnd(14)} ${signed(explanation.priorWeight).padStart(7)}  ${bar(0, explanation.priorWeight)}`);
  for (const c of explanation.comparisons) {
    const before = running;
    running += c.total;
    const tf = c.tfAdjustment !== 0 ? ` (tf ${signed(c.tfAdjustment)})` : '';
    lines.push(`${c.comparison.padEnd(14)} ${signed(c.total).padStart(7)}  ${bar(before, running)}`);
    lines.push(colour.dim(`${''.padEnd(14)}          ${c.level}${tf}: ${show(c.values[0])}  |  ${show(c.values[1])}`));
  }
  lines.push(`${'match weight'.padEnd(14)} ${signed(explanation.matchWeight).padStart(7)}`);
  lines.push(
    colour.bold(
      `probability ${explanation.probability.toFixed(4)} → ${explanation.decision} (match ≥ ${explanation.threshold}, review ≥ ${explanation.reviewThreshold})`,
    ),
  );
  return `${lines.join('\n')}\n`;
}

export function explainCommand(): Command {
  const command = new Command('explain')
    .description('show why a P3KE person and a DTKS person scored what they did: per field the values, level and weight, summed to the probability')
    .argument('<p3ke-id>', 'p3ke_id ({ID Keluarga}-{ID Individu})')
    .argument('<dtks-id>', 'dtks_id (ID DTKS)')
    .option('--run <id>', 'use the model and snapshots of this run (default: the latest)', parseRunId)
    .option('--mask-nik', 'mask NIK and KK numbers in the output');
  withStore(command);
  withJson(command);
  withExamples(command, ['padan explain 702509148-1 4fdce419-139b-4182-9475-46379e3779b1', 'padan explain 702509148-1 4fdce419-139b-4182-9475-46379e3779b1 --json']);
  return command.action((p3keId: string, dtksId: string, options: { db?: string; json?: boolean; run?: number; maskNik?: boolean }, cmd: Command) =>
    usingStore(openForRead(options), (store) => {
      const run = storedRun(store.db, options.run);
      const [p3ke] = recordsBySourceId(store.db, run.p3keSnapshotId, p3keId);
      const [dtks] = recordsBySourceId(store.db, run.dtksSnapshotId, dtksId);
      if (!p3ke) throw new PadanError(t('error.noPersonInRun', { source: 'P3KE', id: maskDigitRuns(p3keId), run: run.id }), EXIT.failure, t('hint.p3keId'));
      if (!dtks) throw new PadanError(t('error.noPersonInRun', { source: 'DTKS', id: maskDigitRuns(dtksId), run: run.id }), EXIT.failure, t('hint.dtksId'));
      const explanation = explainPair(p3ke.person, dtks.person, run.model as MatchModel, nameValueCounts(store.db, [run.p3keSnapshotId, run.dtksSnapshotId]));
      if (options.json) {
        const masked = options.maskNik
          ? { ...explanation, comparisons: explanation.comparisons.map((c) => ({ ...c, values: c.values.map((v) => (v ? maskDigitRuns(v) : v)) })) }
          : explanation;
        printJson({ run: run.id, p3keId, dtksId, ...masked });
      } else {
        process.stdout.write(`run ${run.id}: P3KE ${p3keId}  vs  DTKS ${dtksId}\n`);
        process.stdout.write(waterfall(explanation, colourFor(process.stdout, cmd.optsWithGlobals().color as boolean | undefined), options.maskNik ?? false));
      }
    }),
  );
}
