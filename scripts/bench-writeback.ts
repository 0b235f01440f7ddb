// npm run bench:writeback [-- --persons N --seed S]: time, CPU and peak RSS of `padan writeback
// p3ke` into a verval workbook of N person rows in one sheet (a whole kabupaten). The generated
// P3KE/DTKS pair is run through `padan run` once (the store is kept under bench-data/), and the
// workbook is written with exceljs's streaming writer as Excel would save it: a title block, the
// published header plus the four DTKS answer columns, ids as numbers, NIKs and names as shared
// strings. Target: peak RSS under about 400 MB for 300,000 rows.
import { createReadStream, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { argValue, generated, runPadan } from './bench-util.js';

const ANSWERS = ['DTKS_BERIRISAN_DTKS', 'DTKS_ID_DTKS', 'DTKS_KK_DTKS', 'DTKS_keterangan_DTKS'];

/** The verval workbook of the generated P3KE file (its title block dropped, rows as they are). */
async function writeVerval(p3keCsv: string, path: string): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('VERVAL P3KE');
  sheet.addRow(['VERIFIKASI DAN VALIDASI DATA P3KE']).commit();
  sheet.addRow([]).commit();
  let header: string[] | null = null;
  let rows = 0;
  const numeric = new Set(['ID Keluarga', 'ID Individu', 'No']);
  for await (const cells of createReadStream(p3keCsv).pipe(parse({ delimiter: ';', relax_column_count: true, bom: true })) as AsyncIterable<string[]>) {
    if (header === null) {
      if (cells.includes('ID Keluarga')) {
        header = cells;
        const row = sheet.addRow([...cells, ...ANSWERS]);
        row.font = { bold: true };
        row.commit();
      }
      continue;
    }
    const values = cells.map((cell, i) => (numeric.has(header![i]!) && /^\d{1,15}$/.test(cell) ? Number(cell) : cell));
    sheet.addRow([...values, '', '', '', '']).commit();
    rows++;
  }
  sheet.commit();
  await workbook.commit();
  return rows;
}

const persons = argValue('--persons', 300_000);
const seed = argValue('--seed', 5);
const data = generated(persons, seed);
const db = join(data.dir, 'writeback.db');
const template = join(data.dir, 'verval.xlsx');
const out = join(data.dir, 'verval_terisi.xlsx');
if (!existsSync(db)) {
  process.stderr.write(`padan run on ${data.dir} ...\n`);
  runPadan(['run', data.p3ke, data.dtks, '--db', db, '--out', join(data.dir, 'writeback-reports')]);
}
if (!existsSync(template)) {
  process.stderr.write(`writing ${template} ...\n`);
  const rows = await writeVerval(data.p3ke, template);
  process.stderr.write(`${rows.toLocaleString('en-US')} rows, ${(statSync(template).size / 1e6).toFixed(1)} MB\n`);
}
rmSync(out, { force: true });
const measured = runPadan(['writeback', 'p3ke', '--template', template, '--out', out, '--db', db, '--json']);
const result = JSON.parse(measured.stdout) as { rows: number; filled: number; unplaced: number };
process.stdout.write(
  `writeback p3ke, ${result.rows.toLocaleString('en-US')} rows (${result.filled.toLocaleString('en-US')} filled, ${result.unplaced.toLocaleString('en-US')} unplaced): ` +
    `${measured.seconds.toFixed(1)} s, CPU ${measured.cpuSeconds.toFixed(1)} s, peak RSS ${Math.round(measured.peakRssMb)} MB\n`,
);
