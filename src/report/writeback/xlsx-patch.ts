// Setting cells of an .xlsx in place: only the `<c>` elements of the answer cells (and the rows
// and `<dimension>` holding them) change in the worksheet XML; every other part of the package is
// copied byte for byte. Values are written as inline strings, so the shared string table stays as
// it was, and a replaced cell keeps its style index.
import { posix } from 'node:path';
import { entryContent, readZip, replaced, writeZip, ZipFormatError, type ZipEntry } from './zip.js';

export interface CellEdit {
  value: string;
  /** For a cell the row does not have yet: take the style of this column's cell in the same row. */
  styleFrom?: number;
}

/** Row number → column number → edit (both 1-based). */
export type SheetEdits = Map<number, Map<number, CellEdit>>;

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

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
const CELL = /<c\b([^>]*?)(?:\/>|>[\s\S]*?<\/c>)/g;

interface Cell {
  column: number;
  text: string;
}

function cellText(ref: string, style: string | null, value: string): string {
  const s = style === null ? '' : ` s="${style}"`;
  return value === '' ? `<c r="${ref}"${s}/>` : `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
}

/** The row's cells with the edits applied, in column order. */
function editRow(rowNumber: number, body: string, edits: Map<number, CellEdit>): { body: string; formulaReplaced: boolean; maxColumn: number } {
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
  for (const [column, edit] of edits) {
    const ref = `${columnLetters(column)}${rowNumber}`;
    const at = cells.findIndex((c) => c.column === column);
    if (at !== -1) {
      if (/<f[\s>/]/.test(cells[at]!.text)) formulaReplaced = true;
      cells[at] = { column, text: cellText(ref, styleOf(cells[at]), edit.value) };
    } else {
      const style = edit.styleFrom === undefined ? null : styleOf(cells.find((c) => c.column === edit.styleFrom));
      const before = cells.findIndex((c) => c.column > column);
      cells.splice(before === -1 ? cells.length : before, 0, { column, text: cellText(ref, style, edit.value) });
    }
  }
  // Text between cells (none in practice) is dropped only for rows that are edited.
  return { body: cells.map((c) => c.text).join(''), formulaReplaced, maxColumn: Math.max(0, ...cells.map((c) => c.column)) };
}

const maxColumnOf = (cells: string): number => Math.max(0, ...[...cells.matchAll(/<c r="([A-Z]+)\d+"/g)].map((m) => columnNumber(m[1]!)));

function withSpans(openTag: string, maxColumn: number): string {
  return openTag.replace(/\sspans="(\d+):(\d+)"/, (all, a: string, b: string) => (Number(b) >= maxColumn ? all : ` spans="${a}:${maxColumn}"`));
}

/** The worksheet XML with the edits applied; whether a formula cell was overwritten. */
export function editSheetXml(xml: string, edits: SheetEdits): { xml: string; formulaReplaced: boolean } {
  const open = /<sheetData\b[^>]*?(\/?)>/.exec(xml);
  if (!open) throw new ZipFormatError('worksheet without sheetData');
  const bodyStart = open.index + open[0].length;
  const bodyEnd = open[1] === '/' ? bodyStart : xml.indexOf('</sheetData>', bodyStart);
  if (bodyEnd === -1) throw new ZipFormatError('worksheet with unclosed sheetData');
  const body = xml.slice(bodyStart, bodyEnd);
  // Rows to edit in order; those the XML lacks are created where they belong.
  const order = [...edits.keys()].sort((a, b) => a - b);
  let next = 0;
  let formulaReplaced = false;
  let maxColumn = 0;
  let previous = 0;
  let out = '';
  let copied = 0;
  const apply = (rowNumber: number, cells: string): string => {
    const edited = editRow(rowNumber, cells, edits.get(rowNumber)!);
    formulaReplaced ||= edited.formulaReplaced;
    maxColumn = Math.max(maxColumn, edited.maxColumn);
    return edited.body;
  };
  const newRows = (before: number): string => {
    let text = '';
    for (; next < order.length && order[next]! < before; next++) text += `<row r="${order[next]}">${apply(order[next]!, '')}</row>`;
    return text;
  };
  for (const m of body.matchAll(ROW)) {
    if (next >= order.length) break;
    const r = attribute(`<row${m[1]}>`, 'r');
    const rowNumber = r ? Number(r) : previous + 1;
    previous = rowNumber;
    const inserted = newRows(rowNumber);
    const edit = order[next] === rowNumber;
    if (!edit && !inserted) continue;
    out += body.slice(copied, m.index) + inserted;
    copied = m.index;
    if (!edit) continue;
    next++;
    const cells = apply(rowNumber, m[2] ?? '');
    out += `${withSpans(`<row${m[1]}>`, maxColumnOf(cells))}${cells}</row>`;
    copied = m.index + m[0].length;
  }
  out += body.slice(copied) + newRows(Infinity);
  const sheetData = open[1] === '/' ? `${open[0].slice(0, -2)}>${out}</sheetData>` : out;
  let result = open[1] === '/' ? xml.slice(0, open.index) + sheetData + xml.slice(bodyStart) : xml.slice(0, bodyStart) + sheetData + xml.slice(bodyEnd);
  // The used range grows when answer columns are appended.
  result = result.replace(/(<dimension\b[^>]*\sref=")([A-Z]+)(\d+):([A-Z]+)(\d+)"/, (all, head: string, c1: string, r1: string, c2: string, r2: string) =>
    columnNumber(c2) >= maxColumn ? all : `${head}${c1}${r1}:${columnLetters(maxColumn)}${r2}"`,
  );
  return { xml: result, formulaReplaced };
}

const relationships = (xml: string): { id: string; type: string; target: string }[] =>
  [...xml.matchAll(/<Relationship\b[^>]*>/g)].map((m) => ({ id: attribute(m[0], 'Id') ?? '', type: attribute(m[0], 'Type') ?? '', target: attribute(m[0], 'Target') ?? '' }));

const resolvePart = (from: string, target: string): string => (target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(posix.dirname(from), target)));

const relsOf = (part: string): string => posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);

/**
 * The package with the edits of each sheet (by name) applied. When a formula cell was overwritten
 * the calculation chain is dropped (Excel rebuilds it; a stale one makes it repair the file).
 */
export function patchXlsx(zip: Buffer, editsBySheet: ReadonlyMap<string, SheetEdits>): Buffer {
  let entries = readZip(zip);
  const byName = new Map(entries.map((e, i) => [e.name, i]));
  const text = (name: string): string => {
    const i = byName.get(name);
    if (i === undefined) throw new ZipFormatError(`no ${name} in the package`);
    return entryContent(entries[i]!).toString('utf8');
  };
  const root = relationships(text('_rels/.rels')).find((r) => r.type.endsWith('/officeDocument'));
  if (!root) throw new ZipFormatError('no workbook in the package');
  const workbookPart = resolvePart('', root.target);
  const workbookRels = relationships(text(relsOf(workbookPart)));
  const sheetParts = new Map<string, string>();
  for (const m of text(workbookPart).matchAll(/<sheet\b[^>]*>/g)) {
    const name = attribute(m[0], 'name');
    const rid = /\s\w+:id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(m[0])?.slice(1).find((v) => v !== undefined);
    const rel = workbookRels.find((r) => r.id === rid);
    if (name !== null && rel) sheetParts.set(name, resolvePart(workbookPart, rel.target));
  }
  let dropCalcChain = false;
  for (const [sheet, edits] of editsBySheet) {
    const part = sheetParts.get(sheet);
    const i = part === undefined ? undefined : byName.get(part);
    if (i === undefined) throw new ZipFormatError(`sheet ${sheet} not found in the package`);
    const edited = editSheetXml(entryContent(entries[i]!).toString('utf8'), edits);
    dropCalcChain ||= edited.formulaReplaced;
    entries[i] = replaced(entries[i]!, Buffer.from(edited.xml, 'utf8'));
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
  return writeZip(entries as ZipEntry[]);
}
