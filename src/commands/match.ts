import { Command, InvalidArgumentError } from 'commander';
import { t } from '../i18n/index.js';
import { matchLatest, type MatchStageResult } from '../match/stage.js';
import { phaseLogger } from '../util/progress.js';
import { formatCount, openForWrite, printJson, usingStore, withExamples, withJson, withStore } from './shared.js';

export interface MatchCommandOptions {
  threshold?: number;
  reviewThreshold?: number;
  settings?: string;
  model?: string;
}

export function parseProbability(value: string): number {
  const p = Number(value);
  if (!Number.isFinite(p) || p <= 0 || p >= 1) throw new InvalidArgumentError('expected a probability between 0 and 1, e.g. 0.95');
  return p;
}

export function withMatchOptions(command: Command): Command {
  return command
    .option('--threshold <p>', 'match probability at or above which a pair is a match', parseProbability)
    .option('--review-threshold <p>', 'probability at or above which a pair below --threshold goes to review', parseProbability)
    .option('--settings <file>', 'JSON with blocking rules and thresholds (see README, "Matching")')
    .option('--model <file>', 'pin the model parameters from a file (e.g. saved by an earlier run) instead of training');
}

export function describeMatch(result: MatchStageResult): string {
  const c = result.counts;
  return t('log.matched', {
    run: result.run.id,
    p3ke: formatCount(c.p3kePersons),
    dtks: formatCount(c.dtksPersons),
    matches: formatCount(c.matches),
    review: formatCount(c.review),
    conflicts: c.nikConflicts,
    pairs: formatCount(c.candidatePairs),
    seconds: result.seconds.toFixed(1),
  });
}

export function matchCommand(): Command {
  const command = new Command('match').description('link the newest P3KE snapshot to the newest DTKS snapshot (exact NIK, then the probabilistic model) and store the run');
  withMatchOptions(command);
  withStore(command);
  withJson(command);
  withExamples(command, ['padan match', 'padan match --threshold 0.97 --review-threshold 0.6', 'padan match --model model-run-3.json --json']);
  return command.action((options: MatchCommandOptions & { db?: string; wait?: number; json?: boolean }) =>
    // Matching is synchronous: no SIGINT handler could run during it, so Ctrl+C ends the process
    // and the run, saved in one transaction at the end, is simply not there (conventions.md).
    usingStore(openForWrite(options), (store) => {
      const result = matchLatest(store.db, { ...options, onPhase: phaseLogger() });
      if (options.json) printJson({ run: { ...result.run, model: undefined }, counts: result.counts, seconds: result.seconds });
      else process.stdout.write(`${describeMatch(result)}\n`);
    }),
  );
}
