// The registry of subcommands: cli.ts adds each; the end-to-end tests are keyed by it.
import type { Command } from 'commander';
import { backupCommand } from './backup.js';
import { checkCommand } from './check.js';
import { decisionsCommand } from './decisions.js';
import { diffCommand } from './diff.js';
import { explainCommand } from './explain.js';
import { ingestCommand } from './ingest.js';
import { linkCommand } from './link.js';
import { matchCommand } from './match.js';
import { normaliseCommand } from './normalise.js';
import { profileCommand } from './profile.js';
import { purgeCommand } from './purge.js';
import { reportCommand } from './report.js';
import { reviewCommand } from './review.js';
import { runCommand } from './run.js';
import { runsCommand } from './runs.js';
import { statusCommand } from './status.js';
import { unlinkCommand } from './unlink.js';
import { writebackCommand } from './writeback.js';

export const COMMANDS = {
  run: runCommand,
  ingest: ingestCommand,
  status: statusCommand,
  profile: profileCommand,
  normalise: normaliseCommand,
  match: matchCommand,
  explain: explainCommand,
  report: reportCommand,
  runs: runsCommand,
  diff: diffCommand,
  review: reviewCommand,
  link: linkCommand,
  unlink: unlinkCommand,
  decisions: decisionsCommand,
  writeback: writebackCommand,
  check: checkCommand,
  backup: backupCommand,
  purge: purgeCommand,
} as const satisfies Record<string, () => Command>;

export type CommandName = keyof typeof COMMANDS;
