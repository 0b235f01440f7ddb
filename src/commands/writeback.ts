import { Argument, Command } from 'commander';
import { SOURCES, type Source } from '../normalise/types.js';
import { ANSWER_COLUMNS, writeBack, type WritebackResult } from '../report/writeback/index.js';
import { parseRunId } from './report.js';
import { formatCount, openForRead, printJson, storedRun, usingStore, withExamples, withJson, withStore } from './shared.js';

interface WritebackCommandOptions {
  template: string;
  out: string;
  run?: number;
  unplaced?: string;
  db?: string;
  json?: boolean;
}

/** Unplaced rows shown on stderr before "... and N more" (the --unplaced file has them all). */
const SHOWN = 20;

function describe(result: WritebackResult): string {
  const where = result.format === 'xlsx' ? `sheet ${result.sheets.join(', ')}` : `${result.encoding}, delimiter ${JSON.stringify(result.delimiter)}`;
  const lines = [
    `${result.out}: ${formatCount(result.filled)} of ${formatCount(result.rows)} rows filled from run ${result.runId} (${where})`,
    result.appended.length > 0 ? `  columns appended at the end: ${result.appended.join(', ')}` : `  filled the template's own ${ANSWER_COLUMNS[result.side].join(', ')} columns`,
  ];
  if (result.unplaced.length > 0) lines.push(`  ${formatCount(result.unplaced.length)} rows not placed, their answer cells left as they were${result.unplacedFile ? ` (listed in ${result.unplacedFile})` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** The refused rows on stderr: sheet, row and person id, never a NIK or a name. */
function listUnplaced(result: WritebackResult): string {
  const lines = result.unplaced.slice(0, SHOWN).map((u) => `padan: ${u.sheet ? `[${u.sheet}] ` : ''}row ${u.row}${u.id ? ` (${u.id})` : ''}: ${u.reason}`);
  if (result.unplaced.length > SHOWN) lines.push(`padan: ... and ${formatCount(result.unplaced.length - SHOWN)} more${result.unplacedFile ? '' : ' (--unplaced FILE lists them all)'}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export function writebackCommand(): Command {
  const command = new Command('writeback')
    .description("write a run's answers into a copy of an officer's own file: DTKS columns of the P3KE (verval) workbook or CSV, P3KE columns of the DTKS export")
    .addArgument(new Argument('<side>', 'p3ke: fill DTKS_BERIRISAN/ID/KK/keterangan; dtks: fill P3KE_ID_KELUARGA/ID_INDIVIDU/DESIL/KETERANGAN').choices(SOURCES))
    .requiredOption('--template <file>', 'the officer\'s file (.xlsx workbook or CSV export); it is only read')
    .requiredOption('--out <file>', 'the filled copy (same format; a CSV keeps encoding, delimiter, quoting and line ends)')
    .option('--run <id>', 'run number (see padan runs; default: the latest run)', parseRunId)
    .option('--unplaced <file>', 'write the rows that could not be placed as CSV (sheet, row, id, reason)');
  withStore(command);
  withJson(command);
  withExamples(command, [
    'padan writeback p3ke --template verval_p3ke.xlsx --out verval_p3ke_terisi.xlsx',
    'padan writeback dtks --template dtks.csv --out dtks_dengan_p3ke.csv --unplaced tidak_ditempatkan.csv',
    'padan writeback p3ke --template p3ke.csv --out p3ke_padan.csv --run 12 --json',
  ]);
  return command.action((side: Source, options: WritebackCommandOptions) =>
    usingStore(openForRead(options), async (store) => {
      const run = storedRun(store.db, options.run);
      const result = await writeBack(store.db, run, { side, template: options.template, out: options.out, unplacedFile: options.unplaced });
      process.stderr.write(listUnplaced(result));
      if (options.json) printJson({ ...result, unplaced: result.unplaced.length, unplacedRows: result.unplaced });
      else process.stdout.write(describe(result));
    }),
  );
}
