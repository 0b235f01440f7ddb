// exceljs takes ~0.2 s to load. Imported statically, every padan command paid that at start-up,
// and so did the parse worker of every CSV ingest before its first row: the two readers of
// workbooks load it on first use instead.
import type ExcelJS from 'exceljs';

export async function loadExcelJs(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
