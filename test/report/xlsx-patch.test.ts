// Setting cells in worksheet XML without touching anything else, and the ZIP container around it.
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { columnLetters, columnNumber, patchXlsx, SheetEditor, workbookParts, type SheetEdits } from '../../src/report/writeback/xlsx-patch.js';
import { entryContent, readZip, replaced, writeZip, type ZipEntry } from '../../src/report/writeback/zip.js';
import { tempDir } from '../helpers/cli.js';

const dir = tempDir('xlsx-patch');
afterAll(() => dir.remove());
let files = 0;
/** Runs `write` on a new file and gives back its bytes. */
function written(write: (fd: number) => void | Promise<void>): Promise<Buffer> {
  const path = join(dir.path, `f${files++}`);
  const fd = openSync(path, 'w+');
  return Promise.resolve(write(fd))
    .finally(() => closeSync(fd))
    .then(() => readFileSync(path));
}
const zipOf = (entries: readonly ZipEntry[]): Promise<Buffer> => written((fd) => writeZip(fd, entries));

const sheet = (rows: string, dimension = 'B1:D3'): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="${dimension}"/><sheetData>${rows}</sheetData><mergeCells count="1"><mergeCell ref="B1:D1"/></mergeCells></worksheet>`;
type CellEdit = { value: string; styleFrom?: number };
/** Row → column → edit, as the sheet's columns plus one value (or null) per column for each row. */
function edits(entries: [number, [number, CellEdit][]][]): SheetEdits {
  const columns: { column: number; styleFrom?: number }[] = [];
  for (const [, cells] of entries) for (const [column, { styleFrom }] of cells) if (!columns.some((c) => c.column === column)) columns.push({ column, styleFrom });
  const rows = entries.map(([r, cells]) => [r, columns.map((c) => cells.find(([column]) => column === c.column)?.[1].value ?? null)] as const).sort((a, b) => a[0] - b[0]);
  return { columns, rows };
}

/** The sheet edited in pieces of `size` characters. */
function editInPieces(xml: string, sheetEdits: SheetEdits, size: number): { xml: string; formulaReplaced: boolean } {
  const editor = new SheetEditor(sheetEdits);
  let out = '';
  for (let at = 0; at < xml.length; at += size) out += editor.push(xml.slice(at, at + size));
  out += editor.end();
  return { xml: out, formulaReplaced: editor.formulaReplaced };
}

/** The sheet edited whole; in pieces of every small size (as inflated chunks split it) the result is the same. */
function editSheetXml(xml: string, sheetEdits: SheetEdits): { xml: string; formulaReplaced: boolean } {
  const whole = editInPieces(xml, sheetEdits, Infinity);
  for (const size of [1, 2, 3, 5, 11, 12, 13, 64]) expect([size, editInPieces(xml, sheetEdits, size)]).toEqual([size, whole]);
  return whole;
}
const inline = (ref: string, value: string, s?: string): string => `<c r="${ref}"${s ? ` s="${s}"` : ''} t="inlineStr"><is><t xml:space="preserve">${value}</t></is></c>`;

describe('column letters', () => {
  it.each([
    [1, 'A'],
    [26, 'Z'],
    [27, 'AA'],
    [702, 'ZZ'],
    [703, 'AAA'],
    [16384, 'XFD'],
  ])('%i is %s and back', (n, letters) => {
    expect(columnLetters(n)).toBe(letters);
    expect(columnNumber(letters)).toBe(n);
  });
});

describe('editSheetXml', () => {
  const row2 = '<row r="2" spans="2:4"><c r="B2" s="1" t="s"><v>0</v></c><c r="C2" s="5"/><c r="D2" s="2"><f>LEN(B2)</f><v>3</v></c></row>';
  const row3 = '<row r="3"><c r="B3" t="s"><v>1</v></c></row>';

  it('replaces an existing cell keeping its style, and leaves every other byte', () => {
    const { xml, formulaReplaced } = editSheetXml(sheet(row2 + row3), edits([[2, [[3, { value: 'YA & <ok>' }]]]]));
    expect(xml).toBe(sheet(`<row r="2" spans="2:4"><c r="B2" s="1" t="s"><v>0</v></c>${inline('C2', 'YA &amp; &lt;ok&gt;', '5')}<c r="D2" s="2"><f>LEN(B2)</f><v>3</v></c></row>${row3}`));
    expect(formulaReplaced).toBe(false);
  });

  it('says when a formula cell was overwritten, and writes an empty value as an empty cell', () => {
    const { xml, formulaReplaced } = editSheetXml(sheet(row2), edits([[2, [[4, { value: '' }]]]]));
    expect(xml).toContain('<c r="D2" s="2"/></row>');
    expect(formulaReplaced).toBe(true);
  });

  it('appends cells after the last, styled like a given column, and widens spans and dimension', () => {
    const { xml } = editSheetXml(sheet(row2 + row3), edits([[2, [[5, { value: 'x', styleFrom: 2 }], [6, { value: 'y', styleFrom: 9 }]]], [3, [[5, { value: 'z', styleFrom: 2 }]]]]));
    expect(xml).toContain(`<row r="2" spans="2:6">`);
    expect(xml).toContain(`<v>3</v></c>${inline('E2', 'x', '1')}${inline('F2', 'y')}</row>`);
    expect(xml).toContain(`<c r="B3" t="s"><v>1</v></c>${inline('E3', 'z')}</row>`);
    expect(xml).toContain('<dimension ref="B1:F3"/>');
  });

  it('inserts a cell between others and a row between rows, and opens a self-closing row', () => {
    const rows = '<row r="1"><c r="B1"><v>1</v></c><c r="E1"><v>2</v></c></row><row r="4"/>';
    const { xml } = editSheetXml(sheet(rows, 'B1:E4'), edits([[1, [[3, { value: 'c' }]]], [3, [[2, { value: 'new' }]]], [4, [[2, { value: 'd' }]]]]));
    expect(xml).toBe(sheet(`<row r="1"><c r="B1"><v>1</v></c>${inline('C1', 'c')}<c r="E1"><v>2</v></c></row><row r="3">${inline('B3', 'new')}</row><row r="4">${inline('B4', 'd')}</row>`, 'B1:E4'));
  });

  it('numbers rows and cells without r attributes by position', () => {
    const rows = '<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>';
    const { xml } = editSheetXml(sheet(rows), edits([[2, [[2, { value: 'b2' }]]]]));
    expect(xml).toContain(`<row><c><v>3</v></c>${inline('B2', 'b2')}</row>`);
  });

  it("reads attributes in single quotes too", () => {
    const rows = "<row r='7'><c r='B7' s='4'><v>1</v></c><c r='D7'><v>2</v></c></row>";
    const { xml } = editSheetXml(sheet(rows, 'B1:D7'), edits([[7, [[3, { value: 'c', styleFrom: 2 }], [2, { value: 'b' }]]]]));
    expect(xml).toContain(`<row r='7'>${inline('B7', 'b', '4')}${inline('C7', 'c', '4')}<c r='D7'><v>2</v></c></row>`);
  });

  it('changes nothing without edits', () => {
    const original = sheet(row2 + row3);
    expect(editSheetXml(original, { columns: [{ column: 2 }], rows: [] }).xml).toBe(original);
  });

  it('creates rows after the last one, and in an empty sheetData', () => {
    const { xml } = editSheetXml(sheet(row3), edits([[9, [[2, { value: 'b9' }]]]]));
    expect(xml).toContain(`${row3}<row r="9">${inline('B9', 'b9')}</row></sheetData>`);
    expect(editSheetXml(sheet('').replace('<sheetData></sheetData>', '<sheetData/>'), edits([[1, [[1, { value: 'a' }]]]])).xml).toContain(`<sheetData><row r="1">${inline('A1', 'a')}</row></sheetData>`);
  });

  it('refuses rows to edit that are not in ascending order rather than misplace them', () => {
    expect(() => editSheetXml(sheet(row2 + row3), { columns: [{ column: 2 }], rows: [[3, ['x']], [2, ['y']]] })).toThrow(/out of order/);
  });

  it('refuses a sheet without sheetData or with sheetData never closed', () => {
    expect(() => editSheetXml('<worksheet><x:sheetData/></worksheet>', edits([[1, [[1, { value: 'a' }]]]]))).toThrow(/without sheetData/);
    expect(() => editSheetXml(`<worksheet><sheetData>${row2}`, edits([[3, [[1, { value: 'a' }]]]]))).toThrow(/unclosed sheetData/);
  });
});

describe('zip', () => {
  it('writes back what it read; replaced parts change, the others keep their compressed bytes', async () => {
    const base: ZipEntry = { name: 'a.xml', method: 0, flags: 0, crc: 0, compressedSize: 0, size: 0, time: 0, date: 0x5821, data: Buffer.alloc(0), versionMadeBy: 20, versionNeeded: 20, internalAttributes: 0, externalAttributes: 0, extra: Buffer.alloc(0), comment: Buffer.alloc(0) };
    const entries = [replaced(base, Buffer.from('<a>één</a>')), replaced({ ...base, name: 'dir/b.bin' }, Buffer.alloc(5000, 7))];
    const zip = await zipOf(entries);
    const read = readZip(zip);
    expect(read.map((e) => [e.name, entryContent(e).toString('latin1')])).toEqual(entries.map((e) => [e.name, entryContent(e).toString('latin1')]));
    const again = readZip(await zipOf([read[0]!, replaced(read[1]!, Buffer.from('changed'))]));
    expect((again[0]!.data as Buffer).equals(read[0]!.data as Buffer)).toBe(true);
    expect(entryContent(again[1]!).toString()).toBe('changed');
    // Read from an open file, as writeback reads a template: the same entries.
    const path = join(dir.path, 'read.zip');
    const out = openSync(path, 'w');
    writeZip(out, read);
    closeSync(out);
    const fd = openSync(path, 'r');
    try {
      expect(readZip(fd, zip.length).map((e) => [e.name, entryContent(e).toString('latin1')])).toEqual(read.map((e) => [e.name, entryContent(e).toString('latin1')]));
    } finally {
      closeSync(fd);
    }
  });
});

describe('patchXlsx', () => {
  const base: ZipEntry = { name: '', method: 0, flags: 0, crc: 0, compressedSize: 0, size: 0, time: 0, date: 0x5821, data: Buffer.alloc(0), versionMadeBy: 20, versionNeeded: 20, internalAttributes: 0, externalAttributes: 0, extra: Buffer.alloc(0), comment: Buffer.alloc(0) };
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const parts: Record<string, string> = {
    '[Content_Types].xml': '<Types><Override PartName="/xl/workbook.xml" ContentType="wb"/><Override PartName="/xl/calcChain.xml" ContentType="cc"/></Types>',
    '_rels/.rels': `<Relationships><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': '<workbook><sheets><sheet name="Data &amp; Catatan" sheetId="1" r:id="rId7"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': `<Relationships><Relationship Id="rId7" Type="${REL}/worksheet" Target="worksheets/sheet9.xml"/><Relationship Id="rId8" Type="${REL}/calcChain" Target="calcChain.xml"/></Relationships>`,
    'xl/worksheets/sheet9.xml': sheet('<row r="2"><c r="B2"><v>1</v></c><c r="C2"><f>B2*2</f><v>2</v></c></row>'),
    'xl/calcChain.xml': '<calcChain><c r="C2" i="1"/></calcChain>',
  };
  const pkg = (over: Record<string, string> = {}): Promise<Buffer> => zipOf(Object.entries({ ...parts, ...over }).map(([name, text]) => replaced({ ...base, name }, Buffer.from(text))));
  const contents = (zip: Buffer): Record<string, string> => Object.fromEntries(readZip(zip).map((e) => [e.name, entryContent(e).toString()]));
  const patched = async (template: Buffer, editsBySheet: Map<string, SheetEdits>): Promise<Record<string, string>> => {
    let scratch = -1;
    const scratchPath = join(dir.path, `scratch${files}`);
    const out = await written(async (fd) => {
      scratch = openSync(scratchPath, 'w+');
      await patchXlsx(template, template.length, editsBySheet, fd, { fd: scratch, size: 0 });
    }).finally(() => scratch >= 0 && closeSync(scratch));
    return contents(out);
  };

  it('finds the sheet by name through the relationships and changes only its XML', async () => {
    const out = await patched(await pkg(), new Map([['Data & Catatan', edits([[2, [[2, { value: 'YA' }]]]])]]));
    expect(out['xl/worksheets/sheet9.xml']).toContain(inline('B2', 'YA'));
    expect({ ...out, 'xl/worksheets/sheet9.xml': '' }).toEqual({ ...parts, 'xl/worksheets/sheet9.xml': '' });
  });

  it('drops the calculation chain when a formula cell is overwritten', async () => {
    const out = await patched(await pkg(), new Map([['Data & Catatan', edits([[2, [[3, { value: 'YA' }]]]])]]));
    expect(Object.keys(out)).not.toContain('xl/calcChain.xml');
    expect(out['xl/_rels/workbook.xml.rels']).not.toContain('calcChain');
    expect(out['[Content_Types].xml']).toBe('<Types><Override PartName="/xl/workbook.xml" ContentType="wb"/></Types>');
  });

  it('refuses a sheet it cannot edit safely', async () => {
    const prefixed = '<x:worksheet xmlns:x="main"><x:sheetData><x:row r="2"/></x:sheetData></x:worksheet>';
    await expect(patched(await pkg({ 'xl/worksheets/sheet9.xml': prefixed }), new Map([['Data & Catatan', edits([[2, [[2, { value: 'YA' }]]]])]]))).rejects.toThrow(/without sheetData/);
  });

  it('maps sheets to parts by relationship, whatever the order of sheets and part names, relative or absolute targets', async () => {
    const workbook = '<workbook><sheets><sheet name="Petunjuk" sheetId="2" r:id="rId2"/><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>';
    const rels = `<Relationships><Relationship Id="rId1" Type="${REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
    const template = await pkg({ 'xl/workbook.xml': workbook, 'xl/_rels/workbook.xml.rels': rels, 'xl/worksheets/sheet1.xml': sheet(''), 'xl/worksheets/sheet2.xml': sheet('<row r="2"/>') });
    expect(workbookParts(readZip(template)).sheets).toEqual([
      { name: 'Petunjuk', part: 'xl/worksheets/sheet1.xml' },
      { name: 'Data', part: 'xl/worksheets/sheet2.xml' },
    ]);
    const out = await patched(template, new Map([['Data', edits([[2, [[2, { value: 'YA' }]]]])]]));
    expect(out['xl/worksheets/sheet2.xml']).toContain(`<row r="2">${inline('B2', 'YA')}</row>`);
    expect(out['xl/worksheets/sheet1.xml']).toBe(sheet(''));
  });
});
