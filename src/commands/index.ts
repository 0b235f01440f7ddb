// The registry of subcommands: cli.ts adds each; the end-to-end tests are keyed by it.
import type { Command } from 'commander';
import { diffCommand } from './diff.js';
import { explainCommand } from './explain.js';
import { ingestCommand } from './ingest.js';
import { matchCommand } from './match.js';
import { normaliseCommand } from './normalise.js';
import { profileCommand } from './profile.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { runsCommand } from './runs.js';
import { statusCommand } from './status.js';

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
} as const satisfies Record<string, () => Command>;

export type CommandName = keyof typeof COMMANDS;
