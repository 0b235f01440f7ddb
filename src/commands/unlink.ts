import type { Command } from 'commander';
import { decisionCommand } from './link.js';

export const unlinkCommand = (): Command => decisionCommand('unlink', 'different');
