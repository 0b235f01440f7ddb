// The official Kemendagri region list, read from the data files of the npm package idn-area-data
// (its code asks for Node 22; its CSV files read fine on 20). Loaded once, lazily, synchronously:
// normalisers stay pure functions over this read-only table.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';

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

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(join(dataDir(), file)), { columns: true, bom: true }) as Record<string, string>[];
}

const undot = (code: string): string => code.replace(/\./g, '');

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
  for (const r of readCsv('provinces.csv')) add({ code: undot(r.code!), name: r.name!, level: 'provinsi', parent: null });
  for (const r of readCsv('regencies.csv'))
    add({ code: undot(r.code!), name: r.name!, level: 'kabupaten', parent: undot(r.province_code!) });
  for (const r of readCsv('districts.csv'))
    add({ code: undot(r.code!), name: r.name!, level: 'kecamatan', parent: undot(r.regency_code!) });
  for (const r of readCsv('villages.csv'))
    add({ code: undot(r.code!), name: r.name!, level: 'desa', parent: undot(r.district_code!) });
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
