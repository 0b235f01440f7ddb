// The writeback stage: a run's answers into a copy of an officer's own file (the P3KE verval
// workbook or export, or the DTKS export), placed by person id, written under a temporary name and
// renamed so a reader never sees half a file.
import { t } from '../../i18n/index.js';
import { closeSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Source } from '../../normalise/types.js';
import type { Db } from '../../store/open.js';
import type { Run } from '../../store/runs.js';
import { placementsOf } from '../../store/writeback.js';
import { EXIT, PadanError } from '../../util/errors.js';
import { writeCsv } from '../csv.js';
import { placeRow } from './answers.js';
import { fillCsvTemplate, type FillResult, type RowPlacer } from './csv-template.js';
import { fillXlsxTemplate } from './xlsx-template.js';

export { ANSWER_COLUMNS, remarkOf } from './answers.js';
export type { FillResult, Unplaced } from './csv-template.js';

export interface WritebackOptions {
  side: Source;
  template: string;
  out: string;
  /** CSV listing the rows that could not be placed. */
  unplacedFile?: string;
}

export interface WritebackResult extends FillResult {
  runId: number;
  side: Source;
  template: string;
  out: string;
  unplacedFile: string | null;
}

export const UNPLACED_HEADER = ['sheet', 'row', 'id', 'reason'] as const;

type Kind = 'xlsx' | 'xls' | 'csv';

function kindOf(path: string): Kind {
  const head = Buffer.alloc(4);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new PadanError(t('error.templateOpen', { file: path, code: (error as NodeJS.ErrnoException).code ?? 'error' }), EXIT.failure, t('hint.templatePath'));
  }
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'xls';
  return 'csv';
}

export async function writeBack(db: Db, run: Run, options: WritebackOptions): Promise<WritebackResult> {
  const { side } = options;
  const template = resolve(options.template);
  const out = resolve(options.out);
  if (template === out) throw new PadanError(t('error.outIsTemplate'), EXIT.usage, t('hint.outIsTemplate'));
  const kind = kindOf(template);
  if (kind === 'xls') throw new PadanError(t('error.xlsBinary', { file: options.template }), EXIT.failure, t('hint.xlsBinary'));

  const placements = placementsOf(db, run, side);
  const place: RowPlacer = (fields) => placeRow(fields, side, placements);
  const label = basename(options.template);
  const temporary = `${out}.tmp-${process.pid}`;
  let fill: FillResult;
  try {
    if (kind === 'xlsx') fill = await fillXlsxTemplate(template, temporary, side, place, label);
    else {
      const filled = fillCsvTemplate(readFileSync(template), side, place, label);
      writeFileSync(temporary, filled.bytes);
      fill = filled.result;
    }
    renameSync(temporary, out);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  if (options.unplacedFile) {
    await writeCsv(options.unplacedFile, UNPLACED_HEADER, fill.unplaced.map((u) => [u.sheet, u.row, u.id, u.reason]));
  }
  return { runId: run.id, side, template: options.template, out: options.out, unplacedFile: options.unplacedFile ?? null, ...fill };
}
