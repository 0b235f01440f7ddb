// Setting cells of an .xlsx in place: only the `<c>` elements of the answer cells (and the rows
// and `<dimension>` holding them) change in the worksheet XML; every other part of the package is
// copied byte for byte. Values are written as inline strings, so the shared string table stays as
// it was, and a replaced cell keeps its style index. A sheet's XML is inflated, edited and
// deflated a chunk at a time: a 300,000-row sheet is some 200 MB of XML.
import { posix } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { crc32, createDeflateRaw, createInflateRaw } from 'node:zlib';
import { checkMethod, compressedChunks, entryContent, readZip, replaced, writeAll, writeZip, ZipFormatError, type ZipEntry } from './zip.js';

/** The answer cells of one sheet. */
export interface SheetEdits {
  /** Where each value goes (1-based) and, for a cell its row lacks, the column whose style it takes. */
  columns: readonly { column: number; styleFrom?: number }[];
  /** Row number (1-based, ascending) and one value per column; null leaves that cell as it is. */
  rows: Iterable<readonly [number, readonly (string | null)[]]>;
}

const unescapeXml = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );
const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An attribute of a start tag; XML allows either quote. */
function attribute(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? unescapeXml(m[1] ?? m[2]!) : null;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function columnLetters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/y;
const ROW_START = /<row[\s/>]/g;
const CELL = /<c\b([^>]*?)(?:\/>|>[\s\S]*?<\/c>)/g;
const SHEET_DATA = /<sheetData\b[^>]*?(\/?)>/;
const SHEET_DATA_END = '</sheetData>';
/** What comes before `<sheetData>` (views, columns, formats) is small; more means a sheet this cannot read. */
const MAX_HEAD_CHARS = 16 * 1024 * 1024;

interface Cell {
  column: number;
  text: string;
}

function cellText(ref: string, style: string | null, value: string): string {
  const s = style === null ? '' : ` s="${style}"`;
  return value === '' ? `<c r="${ref}"${s}/>` : `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
}

/** The row's cells with the values applied, in column order. */
function editRow(rowNumber: number, body: string, columns: SheetEdits['columns'], values: readonly (string | null)[]): { body: string; formulaReplaced: boolean } {
  const cells: Cell[] = [];
  let previous = 0;
  for (const m of body.matchAll(CELL)) {
    const ref = attribute(m[0].slice(0, m[0].indexOf('>') + 1), 'r');
    const column = ref ? columnNumber(ref.replace(/\d+$/, '')) : previous + 1;
    cells.push({ column, text: m[0] });
    previous = column;
  }
  let formulaReplaced = false;
  const styleOf = (cell: Cell | undefined): string | null => (cell ? attribute(cell.text.slice(0, cell.text.indexOf('>') + 1), 's') : null);
  columns.forEach(({ column, styleFrom }, i) => {
    const value = values[i];
    if (value === null || value === undefined) return;
    const ref = `${columnLetters(column)}${rowNumber}`;
    const at = cells.findIndex((c) => c.column === column);
    if (at !== -1) {
      if (/<f[\s>/]/.test(cells[at]!.text)) formulaReplaced = true;
      cells[at] = { column, text: cellText(ref, styleOf(cells[at]), value) };
    } else {
      const style = styleFrom === undefined ? null : styleOf(cells.find((c) => c.column === styleFrom));
      const before = cells.findIndex((c) => c.column > column);
      cells.splice(before === -1 ? cells.length : before, 0, { column, text: cellText(ref, style, value) });
    }
  });
  // Text between cells (none in practice) is dropped only for rows that are edited.
  return { body: cells.map((c) => c.text).join(''), formulaReplaced };
}

const maxColumnOf = (cells: string): number => Math.max(0, ...[...cells.matchAll(/<c r="([A-Z]+)\d+"/g)].map((m) => columnNumber(m[1]!)));

function withSpans(openTag: string, maxColumn: number): string {
  return openTag.replace(/\sspans="(\d+):(\d+)"/, (all, a: string, b: string) => (Number(b) >= maxColumn ? all : ` spans="${a}:${maxColumn}"`));
}

/**
 * Applies edits to a worksheet's XML given in pieces of any size (`push`, then `end`): rows are
 * edited as they are complete, rows the XML lacks are created where they belong, and once the
 * last edited row is passed the rest goes through as it is. Holds one piece and one row at most.
 */
export class SheetEditor {
  /** Whether a formula cell was overwritten. */
  formulaReplaced = false;
  private pending = '';
  private phase: 'head' | 'rows' | 'rest' = 'head';
  private readonly edits: Iterator<readonly [number, readonly (string | null)[]]>;
  /** The next row to edit, or null when all are done. */
  private next: readonly [number, readonly (string | null)[]] | null;
  private previous = 0;

  constructor(private readonly sheet: SheetEdits) {
    this.edits = sheet.rows[Symbol.iterator]();
    this.next = this.edits.next().value ?? null;
  }

  push(text: string): string {
    this.pending += text;
    let out = '';
    if (this.phase === 'head') {
      const open = SHEET_DATA.exec(this.pending);
      if (!open) {
        if (this.pending.length > MAX_HEAD_CHARS) throw new ZipFormatError('worksheet without sheetData');
        return '';
      }
      out = this.withDimension(this.pending.slice(0, open.index));
      this.pending = this.pending.slice(open.index + open[0].length);
      if (open[1] === '/') {
        out += `${open[0].slice(0, -2)}>${this.newRows(Infinity)}${SHEET_DATA_END}`;
        this.phase = 'rest';
      } else {
        out += open[0];
        this.phase = 'rows';
      }
    }
    if (this.phase === 'rows') out += this.rows();
    if (this.phase === 'rest') {
      out += this.pending;
      this.pending = '';
    }
    return out;
  }

  end(): string {
    if (this.phase === 'head') throw new ZipFormatError('worksheet without sheetData');
    if (this.phase === 'rows') throw new ZipFormatError('worksheet with unclosed sheetData');
    return this.pending;
  }

  /** The complete rows of `pending`, edited where asked; an incomplete one stays pending. */
  private rows(): string {
    const text = this.pending;
    let out = '';
    let at = 0;
    for (;;) {
      if (this.next === null) {
        this.phase = 'rest';
        break;
      }
      ROW_START.lastIndex = at;
      const rowAt = ROW_START.exec(text)?.index ?? -1;
      const endAt = text.indexOf(SHEET_DATA_END, at);
      if (endAt !== -1 && (rowAt === -1 || endAt < rowAt)) {
        out += text.slice(at, endAt) + this.newRows(Infinity);
        at = endAt;
        this.phase = 'rest';
        break;
      }
      if (rowAt === -1) {
        // Keep what could be the start of `<row` or `</sheetData>`.
        const keep = Math.max(at, text.length - SHEET_DATA_END.length);
        out += text.slice(at, keep);
        at = keep;
        break;
      }
      ROW.lastIndex = rowAt;
      const m = ROW.exec(text);
      if (!m) {
        out += text.slice(at, rowAt);
        at = rowAt;
        break;
      }
      const r = attribute(`<row${m[1]}>`, 'r');
      const rowNumber = r ? Number(r) : this.previous + 1;
      this.previous = rowNumber;
      out += text.slice(at, rowAt) + this.newRows(rowNumber);
      at = rowAt + m[0].length;
      if (this.next?.[0] !== rowNumber) {
        out += m[0];
        continue;
      }
      const cells = this.apply(m[2] ?? '');
      out += `${withSpans(`<row${m[1]}>`, maxColumnOf(cells))}${cells}</row>`;
    }
    this.pending = text.slice(at);
    return out;
  }

  /** The cells of the next row to edit with its values applied; moves on to the row after. */
  private apply(cells: string): string {
    const [rowNumber, values] = this.next!;
    const edited = editRow(rowNumber, cells, this.sheet.columns, values);
    this.formulaReplaced ||= edited.formulaReplaced;
    this.next = this.edits.next().value ?? null;
    if (this.next !== null && this.next[0] <= rowNumber) throw new ZipFormatError(`rows to edit out of order (${this.next[0]} after ${rowNumber})`);
    return edited.body;
  }

  /** Rows to edit that the XML lacks, before row `before`. */
  private newRows(before: number): string {
    let text = '';
    while (this.next !== null && this.next[0] < before) {
      const rowNumber = this.next[0];
      text += `<row r="${rowNumber}">${this.apply('')}</row>`;
    }
    return text;
  }

  /** The used range grows when answer columns are appended. */
  private withDimension(head: string): string {
    const maxColumn = this.next === null ? 0 : Math.max(0, ...this.sheet.columns.map((c) => c.column));
    return head.replace(/(<dimension\b[^>]*\sref=")([A-Z]+)(\d+):([A-Z]+)(\d+)"/, (all, head: string, c1: string, r1: string, c2: string, r2: string) =>
      columnNumber(c2) >= maxColumn ? all : `${head}${c1}${r1}:${columnLetters(maxColumn)}${r2}"`,
    );
  }
}

const relationships = (xml: string): { id: string; type: string; target: string }[] =>
  [...xml.matchAll(/<Relationship\b[^>]*>/g)].map((m) => ({ id: attribute(m[0], 'Id') ?? '', type: attribute(m[0], 'Type') ?? '', target: attribute(m[0], 'Target') ?? '' }));

const resolvePart = (from: string, target: string): string => (target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(posix.dirname(from), target)));

const relsOf = (part: string): string => posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);

export interface WorkbookParts {
  workbookPart: string;
  workbookRels: { id: string; type: string; target: string }[];
  /** The sheets in the workbook's order, each with the package part holding its XML. */
  sheets: { name: string; part: string }[];
}

function partText(entries: readonly ZipEntry[], name: string): string {
  const entry = entries.find((e) => e.name === name);
  if (!entry) throw new ZipFormatError(`no ${name} in the package`);
  return entryContent(entry).toString('utf8');
}

/** The workbook part and its sheets, found through the relationships as Excel finds them. */
export function workbookParts(entries: readonly ZipEntry[]): WorkbookParts {
  const root = relationships(partText(entries, '_rels/.rels')).find((r) => r.type.endsWith('/officeDocument'));
  if (!root) throw new ZipFormatError('no workbook in the package');
  const workbookPart = resolvePart('', root.target);
  const workbookRels = relationships(partText(entries, relsOf(workbookPart)));
  const sheets: WorkbookParts['sheets'] = [];
  for (const m of partText(entries, workbookPart).matchAll(/<sheet\b[^>]*>/g)) {
    const name = attribute(m[0], 'name');
    const rid = /\s\w+:id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(m[0])?.slice(1).find((v) => v !== undefined);
    const rel = workbookRels.find((r) => r.id === rid);
    if (name !== null && rel) sheets.push({ name, part: resolvePart(workbookPart, rel.target) });
  }
  return { workbookPart, workbookRels, sheets };
}

/** An open file that edited sheets are deflated into, one after the other, before the package is written. */
export interface Scratch {
  fd: number;
  size: number;
}

/** The sheet's entry with the edits applied, its compressed bytes appended to `scratch`. */
async function editedEntry(entry: ZipEntry, edits: SheetEdits, scratch: Scratch): Promise<{ entry: ZipEntry; formulaReplaced: boolean }> {
  checkMethod(entry);
  const editor = new SheetEditor(edits);
  const decoder = new StringDecoder('utf8');
  let crc = 0;
  let size = 0;
  const encoded = (text: string): Buffer => {
    const bytes = Buffer.from(text, 'utf8');
    crc = crc32(bytes, crc);
    size += bytes.length;
    return bytes;
  };
  const start = scratch.size;
  await pipeline(
    Readable.from(compressedChunks(entry)),
    entry.method === 8 ? createInflateRaw() : new PassThrough(),
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        const text = editor.push(decoder.write(chunk));
        if (text !== '') yield encoded(text);
      }
      yield encoded(editor.push(decoder.end()) + editor.end());
    },
    createDeflateRaw(),
    async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        writeAll(scratch.fd, chunk, scratch.size);
        scratch.size += chunk.length;
      }
    },
  );
  if (size > 0xffffffff || scratch.size - start > 0xffffffff) throw new ZipFormatError(`${entry.name} would need ZIP64`);
  return { entry: { ...entry, method: 8, crc, size, compressedSize: scratch.size - start, data: { fd: scratch.fd, start } }, formulaReplaced: editor.formulaReplaced };
}

/**
 * Writes to `out` the package (`size` bytes of a buffer or open file) with the edits of each sheet
 * (by name) applied. When a formula cell was overwritten the calculation chain is dropped (Excel
 * rebuilds it; a stale one makes it repair the file).
 */
export async function patchXlsx(source: Buffer | number, size: number, editsBySheet: ReadonlyMap<string, SheetEdits>, out: number, scratch: Scratch): Promise<void> {
  let entries = readZip(source, size);
  const byName = new Map(entries.map((e, i) => [e.name, i]));
  const { workbookPart, workbookRels, sheets } = workbookParts(entries);
  let dropCalcChain = false;
  for (const [sheet, edits] of editsBySheet) {
    const part = sheets.find((s) => s.name === sheet)?.part;
    const i = part === undefined ? undefined : byName.get(part);
    if (i === undefined) throw new ZipFormatError(`sheet ${sheet} not found in the package`);
    const edited = await editedEntry(entries[i]!, edits, scratch);
    dropCalcChain ||= edited.formulaReplaced;
    entries[i] = edited.entry;
  }
  const calcChain = workbookRels.find((r) => r.type.endsWith('/calcChain'));
  if (dropCalcChain && calcChain) {
    const part = resolvePart(workbookPart, calcChain.target);
    const swap = (name: string, edit: (xml: string) => string): void => {
      const i = byName.get(name)!;
      entries[i] = replaced(entries[i]!, Buffer.from(edit(entryContent(entries[i]!).toString('utf8')), 'utf8'));
    };
    swap(relsOf(workbookPart), (xml) => xml.replace(new RegExp(`<Relationship\\b[^>]*\\sId="${calcChain.id}"[^>]*/>`), ''));
    swap('[Content_Types].xml', (xml) => xml.replace(new RegExp(`<Override\\b[^>]*\\sPartName="/${part}"[^>]*/>`), ''));
    entries = entries.filter((e) => e.name !== part);
  }
  writeZip(out, entries);
}
