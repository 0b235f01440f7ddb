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

interface RegionTable {
  /** Provinces, kabupaten and kecamatan; a desa once its kecamatan's block is read (loadVillages). */
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

interface DataFile {
  lines: string[];
  codeAt: number;
  nameAt: number;
  parentAt: number;
}

function dataFile(file: string, parentColumn: string | null): DataFile {
  const lines = readFileSync(join(dataDir(), file), 'utf8').replace(/^\uFEFF/, '').split('\n');
  const header = csvFields(lines[0]!.replace(/\r$/, ''));
  const codeAt = header.indexOf('code');
  const nameAt = header.indexOf('name');
  const parentAt = parentColumn === null ? -1 : header.indexOf(parentColumn);
  if (codeAt < 0 || nameAt < 0 || (parentColumn !== null && parentAt < 0)) throw new Error(`idn-area-data: unexpected columns in ${file}`);
  return { lines, codeAt, nameAt, parentAt };
}

const lineAt = (data: DataFile, l: number): string => {
  const line = data.lines[l]!;
  return line.endsWith('\r') ? line.slice(0, -1) : line;
};

/**
 * Rows `from` to `to` (exclusive) of a data file as code, parent code and name. A few lines of
 * code rather than csv-parse: this runs at the start of every ingest, and csv-parse took 0.3 s
 * for the 90k villages, building an object per row.
 */
function eachRow(data: DataFile, from: number, to: number, row: (code: string, parent: string | null, name: string) => void): void {
  const { codeAt, nameAt, parentAt } = data;
  for (let l = from; l < to; l++) {
    const line = lineAt(data, l);
    if (line === '') continue;
    const fields = csvFields(line);
    row(undot(fields[codeAt] ?? ''), parentAt < 0 ? null : undot(fields[parentAt] ?? ''), fields[nameAt] ?? '');
  }
}

/**
 * The desa file, read but not made into regions: the line ranges of each kecamatan's desa. Most
 * exports name a few hundred desa of the 80k; building all of them cost every ingest's parse
 * worker 0.15 s before its first row, and their 20 MB were marked again at each full garbage
 * collection. A kecamatan's desa become regions when one of them (or its list) is first asked for.
 */
interface VillageBlocks {
  data: DataFile;
  /** Undotted kecamatan code → its desa lines as [from, to) pairs (one pair, as the file is sorted). */
  ranges: Map<string, number[]>;
  loaded: Set<string>;
}

let villages: VillageBlocks | undefined;

/** The parent column of a data line as written, without splitting the line when it holds no quote. */
function parentField(data: DataFile, line: string): string {
  if (line.includes('"')) return csvFields(line)[data.parentAt] ?? '';
  let start = 0;
  for (let i = 0; i < data.parentAt; i++) start = line.indexOf(',', start) + 1;
  const end = line.indexOf(',', start);
  return end < 0 ? line.slice(start) : line.slice(start, end);
}

function villageBlocks(): VillageBlocks {
  if (villages) return villages;
  const data = dataFile('villages.csv', 'district_code');
  const ranges = new Map<string, number[]>();
  let previous = '';
  let range: number[] = [];
  for (let l = 1; l < data.lines.length; l++) {
    const line = lineAt(data, l);
    if (line === '') continue;
    const field = parentField(data, line);
    // The lines of one kecamatan are adjacent: a line of the same one extends its range.
    if (field === previous) {
      range[range.length - 1] = l + 1;
      continue;
    }
    previous = field;
    const parent = undot(field);
    range = ranges.get(parent) ?? [];
    if (range.length === 0) ranges.set(parent, range);
    range.push(l, l + 1);
  }
  villages = { data, ranges, loaded: new Set() };
  return villages;
}

/** Makes the desa of kecamatan `code` (undotted) into regions, once. */
function loadVillages(code: string): void {
  const blocks = villageBlocks();
  if (blocks.loaded.has(code)) return;
  blocks.loaded.add(code);
  const ranges = blocks.ranges.get(code);
  if (!ranges) return;
  const add = adder(regionTable(), 'desa');
  for (let i = 0; i < ranges.length; i += 2) eachRow(blocks.data, ranges[i]!, ranges[i + 1]!, add);
}

function adder(t: RegionTable, level: RegionLevel): (code: string, parent: string | null, name: string) => void {
  return (code, parent, name) => {
    // The parent's own code string: 90k regions then share a few thousand parent codes.
    const region: Region = { code, name, level, parent: parent === null ? null : (t.byCode.get(parent)?.code ?? parent) };
    t.byCode.set(region.code, region);
    if (region.parent === null) t.provinces.push(region);
    else {
      const siblings = t.children.get(region.parent);
      if (siblings) siblings.push(region);
      else t.children.set(region.parent, [region]);
    }
  };
}

/** Provinces, kabupaten and kecamatan, read on first use; desa as their kecamatan are asked for. */
function regionTable(): RegionTable {
  if (table) return table;
  const t: RegionTable = { byCode: new Map(), children: new Map(), provinces: [] };
  table = t;
  for (const [file, parent, level] of [
    ['provinces.csv', null, 'provinsi'],
    ['regencies.csv', 'province_code', 'kabupaten'],
    ['districts.csv', 'regency_code', 'kecamatan'],
  ] as const) {
    const data = dataFile(file, parent);
    eachRow(data, 1, data.lines.length, adder(t, level));
  }
  return t;
}

/** The provinces, in the list's order. */
export function provinces(): readonly Region[] {
  return regionTable().provinces;
}

export function regionByCode(code: string): Region | undefined {
  if (code.length === 10) loadVillages(code.slice(0, 6));
  return regionTable().byCode.get(code);
}

/** The regions one level below `code` (kabupaten of a province, desa of a kecamatan, ...). */
export function regionChildren(code: string): readonly Region[] {
  if (code.length === 6) loadVillages(code);
  return regionTable().children.get(code) ?? [];
}

/** Every region of the list, desa included (what the name indexes are built from). */
export function allRegions(): Iterable<Region> {
  for (const code of villageBlocks().ranges.keys()) loadVillages(code);
  return regionTable().byCode.values();
}
