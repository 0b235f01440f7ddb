// The official Kemendagri region list, read from the data files of the npm package idn-area-data
// (its code asks for Node 22; its CSV files read fine on 20). Loaded once, lazily, synchronously:
// normalisers stay pure functions over this read-only table.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type RegionLevel = 'provinsi' | 'kabupaten' | 'kecamatan' | 'desa';

export interface Region {
  /** Code without dots: 2, 4, 6 or 10 digits. */
  code: string;
  /** Official name as the list spells it (mixed case, e.g. `Kabupaten Belitung Timur`). */
  name: string;
  level: RegionLevel;
  /** Code of the region one level up; null for a province. */
  parent: string | null;
}

export interface RegionTable {
  byCode: Map<string, Region>;
  children: Map<string, Region[]>;
  provinces: Region[];
}

let table: RegionTable | undefined;

function dataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('idn-area-data/package.json')), 'data');
}

const undot = (code: string): string => code.replace(/\./g, '');

/** One line of the data files: comma-separated, a field in quotes may hold commas and `""`. */
function csvFields(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line.charCodeAt(i) === 0x22) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q === -1) throw new Error(`idn-area-data: unclosed quote in ${JSON.stringify(line)}`);
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) !== 0x22) {
          j = q + 1;
          break;
        }
        value += '"';
        j = q + 2;
      }
      fields.push(value);
      i = j + 1; // past the comma after the closing quote
    } else {
      const comma = line.indexOf(',', i);
      const end = comma === -1 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

/**
 * Each row of one data file as its code, parent code and name (by column name). A few lines of
 * code rather than csv-parse: this runs at the start of every ingest (90k villages), and
 * csv-parse took 0.3 s for it, building an object per row.
 */
function eachRow(file: string, parentColumn: string | null, row: (code: string, parent: string | null, name: string) => void): void {
  const lines = readFileSync(join(dataDir(), file), 'utf8').replace(/^\uFEFF/, '').split('\n');
  const header = csvFields(lines[0]!.replace(/\r$/, ''));
  const codeAt = header.indexOf('code');
  const nameAt = header.indexOf('name');
  const parentAt = parentColumn === null ? -1 : header.indexOf(parentColumn);
  if (codeAt < 0 || nameAt < 0 || (parentColumn !== null && parentAt < 0)) throw new Error(`idn-area-data: unexpected columns in ${file}`);
  for (let l = 1; l < lines.length; l++) {
    const line = lines[l]!.endsWith('\r') ? lines[l]!.slice(0, -1) : lines[l]!;
    if (line === '') continue;
    const fields = csvFields(line);
    row(undot(fields[codeAt] ?? ''), parentAt < 0 ? null : undot(fields[parentAt] ?? ''), fields[nameAt] ?? '');
  }
}

export function regionTable(): RegionTable {
  if (table) return table;
  const byCode = new Map<string, Region>();
  const children = new Map<string, Region[]>();
  const provinces: Region[] = [];
  const add = (region: Region): void => {
    byCode.set(region.code, region);
    if (region.parent === null) provinces.push(region);
    else {
      const siblings = children.get(region.parent);
      if (siblings) siblings.push(region);
      else children.set(region.parent, [region]);
    }
  };
  const level =
    (l: RegionLevel) =>
    (code: string, parent: string | null, name: string): void =>
      // The parent's own code string: 90k regions then share a few thousand parent codes.
      add({ code, name, level: l, parent: parent === null ? null : (byCode.get(parent)?.code ?? parent) });
  eachRow('provinces.csv', null, level('provinsi'));
  eachRow('regencies.csv', 'province_code', level('kabupaten'));
  eachRow('districts.csv', 'regency_code', level('kecamatan'));
  eachRow('villages.csv', 'district_code', level('desa'));
  table = { byCode, children, provinces };
  return table;
}

export function regionByCode(code: string): Region | undefined {
  return regionTable().byCode.get(code);
}

/** The regions one level below `code` (kabupaten of a province, desa of a kecamatan, ...). */
export function regionChildren(code: string): readonly Region[] {
  return regionTable().children.get(code) ?? [];
}
