import { Command } from 'commander';
import { readDecisionFile } from '../ingest/decision-file.js';
import { writeCsv } from '../report/csv.js';
import { listDecisions, saveDecisions } from '../store/decisions.js';
import { defaultReviewer } from './link.js';
import { openForRead, openForWrite, printJson, usingStore, withExamples, withJson, withStore } from './shared.js';

export const DECISION_COLUMNS = ['p3ke_id', 'dtks_id', 'decision', 'reviewer', 'decided_at', 'note'] as const;

/** Reads a decisions or review file and stores what it decides; nothing of a bad file is applied. */
export function importDecisions(command: Command, examples: string[]): Command {
  command.argument('<file>', 'CSV with p3ke_id, dtks_id, decision (same/different/sama/beda/blank)').option('--reviewer <name>', 'reviewer for rows that name none (default: the OS user)');
  withStore(command);
  withJson(command);
  withExamples(command, examples);
  return command.action((file: string, options: { db?: string; wait?: number; json?: boolean; reviewer?: string }) => {
    const read = readDecisionFile(file, { reviewer: options.reviewer ?? defaultReviewer(), decidedAt: new Date().toISOString() });
    return usingStore(openForWrite(options), (store) => {
      const result = { file, ...saveDecisions(store.db, read.decisions), blank: read.blank };
      if (options.json) printJson(result);
      else process.stdout.write(`${file}: ${result.written} decisions stored, ${result.unchanged} already stored, ${result.blank} rows left blank\n`);
    });
  });
}

export function decisionsCommand(): Command {
  const command = new Command('decisions').description('move reviewer decisions between stores (e.g. from a laptop to the district server)');
  const exportCommand = new Command('export').description('write every decision to a CSV file').requiredOption('--out <file>', 'CSV to write');
  withStore(exportCommand);
  withExamples(exportCommand, ['padan decisions export --out keputusan.csv']);
  exportCommand.action((options: { db?: string; out: string }) =>
    usingStore(openForRead(options), async (store) => {
      const decisions = listDecisions(store.db);
      writeCsv(options.out, DECISION_COLUMNS, decisions.map((d) => [d.p3keId, d.dtksId, d.decision, d.reviewer, d.decidedAt, d.note]));
      process.stdout.write(`${decisions.length} decisions written to ${options.out}\n`);
    }),
  );
  command.addCommand(exportCommand);
  command.addCommand(importDecisions(new Command('import').description('store the decisions of a CSV file; importing the same file twice changes nothing'), ['padan decisions import keputusan.csv']));
  withExamples(command, ['padan decisions export --out keputusan.csv', 'padan decisions import keputusan.csv --db /data/padan.db']);
  return command;
}
