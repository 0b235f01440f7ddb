// The registry of subcommands: cli.ts adds each; the end-to-end tests are keyed by it.
import type { Command } from 'commander';
import { ingestCommand } from './ingest.js';
import { statusCommand } from './status.js';

export const COMMANDS = {
  ingest: ingestCommand,
  status: statusCommand,
} as const satisfies Record<string, () => Command>;

export type CommandName = keyof typeof COMMANDS;
