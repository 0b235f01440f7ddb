// Reading what a report run wrote, for tests that check the page against the CSVs.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export const readReportCsv = (path: string): Record<string, string>[] => parse(readFileSync(path), { columns: true, bom: true }) as Record<string, string>[];

/** The inputs' SHA-256 may hold 16 digits in a row by chance: not a NIK. Removed before looking for NIKs. */
export const withoutHashes = (page: string): string => page.replace(/\b[0-9a-f]{64}\b/g, '');
