// The html report format: report.html next to the CSVs, written atomically like summary.json.
import { privateFileMode } from '../../util/file-mode.js';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../store/open.js';
import type { Run } from '../../store/runs.js';
import type { ReportResult } from '../write-reports.js';
import { pageData, type PageOptions } from './data.js';
import { renderPage } from './page.js';

export type { PageOptions } from './data.js';

export function writeHtmlReport(db: Db, run: Run, result: ReportResult, options: PageOptions): ReportResult['files'][number] {
  const path = join(result.outDir, 'report.html');
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, renderPage(pageData(db, run, result, options)), { mode: privateFileMode() });
  renameSync(temporary, path);
  return { category: 'html', path, rows: 1 };
}
