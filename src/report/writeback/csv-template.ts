// Writeback into a CSV template: the same bytes out except the answer cells. The file is held as
// code units that map one-to-one to its bytes (Latin-1 for UTF-8 and Windows-1252, whose
// delimiters, quotes and line ends are ASCII; UTF-16 as itself), so BOM, encoding, line ends,
// quoting and every cell padan does not write come back byte for byte.
import { t } from '../../i18n/index.js';
import { detectLayout, type Layout } from '../../ingest/header.js';
import { decodeCp1252 } from '../../ingest/decode.js';
import { completeUtf8Prefix, sniffEncoding, sniffLineBreak, type Encoding } from '../../ingest/sniff.js';
import { MAX_RECORD_CHARS } from '../../ingest/csv.js';
import { headerKey } from '../../ingest/profiles.js';
import type { RawFields, Source } from '../../normalise/types.js';
import { EXIT, PadanError } from '../../util/errors.js';
import { ANSWER_COLUMNS, type RowOutcome } from './answers.js';

export type RowPlacer = (fields: RawFields) => RowOutcome;

export interface Unplaced {
  sheet: string | null;
  /** Physical line (CSV) or row number (workbook). */
  row: number;
  id: string | null;
  reason: string;
}

export interface FillResult {
  format: 'csv' | 'xlsx';
  encoding?: Encoding;
  delimiter?: string;
  sheets: string[];
  rows: number;
  filled: number;
  unplaced: Unplaced[];
  /** Answer columns the template lacked and got at its end. */
  appended: string[];
}

/** How many bytes are decoded to find the header (it lies in the first 50 records). */
const HEADER_BYTES = 1024 * 1024;

/** The fields placing a row needs, read from its cells by the layout's mapping. */
export function idFields(cells: readonly string[], layout: Layout, decode = (cell: string) => cell): RawFields {
  const fields: RawFields = {};
  for (const field of ['family_id', 'person_id', 'nik'] as const) {
    const column = layout.mapping[field];
    if (typeof column === 'number') fields[field] = decode(cells[column] ?? '');
  }
  return fields;
}

/** Refuses a template whose layout cannot give a person id (a family sheet, a file with no id column). */
export function requireIds(layout: Layout, source: Source, label: string): void {
  const needed = source === 'p3ke' ? (['family_id', 'person_id'] as const) : (['person_id'] as const);
  const missing = needed.filter((f) => typeof layout.mapping[f] !== 'number');
  if (missing.length > 0) {
    throw new PadanError(
      t('error.writebackNoIds', { where: `${label}:${layout.headerLine}`, columns: missing.map((f) => (f === 'family_id' ? '"ID Keluarga"' : source === 'p3ke' ? '"ID Individu"' : '"ID DTKS"')).join(' + ') }),
      EXIT.failure,
      t(source === 'p3ke' ? 'hint.writebackP3keIds' : 'hint.writebackDtksIds'),
    );
  }
}

/** Where each answer column goes: the template's own column of that name, else the next free one at the end. */
export function answerColumns(headers: readonly string[], width: number, source: Source): { columns: number[]; appended: string[] } {
  const keys = headers.map(headerKey);
  const appended: string[] = [];
  const columns = ANSWER_COLUMNS[source].map((name) => {
    const at = keys.indexOf(headerKey(name));
    if (at !== -1) return at;
    appended.push(name);
    return width + appended.length - 1;
  });
  return { columns, appended };
}

interface Held {
  text: string;
  encoding: Encoding;
  bomLength: number;
  /** The first part of the file as real text (BOM removed), for the header. */
  head: string;
  /** A cell of `text` as real text (a NIK in full-width digits must read as the snapshot read it). */
  decode(cell: string): string;
}

function swapBytes(bytes: Uint8Array): Buffer {
  const swapped = Buffer.from(bytes);
  swapped.swap16();
  return swapped;
}

function hold(bytes: Buffer, label: string): Held {
  const { encoding, bomLength } = sniffEncoding(bytes);
  if (encoding.startsWith('utf-16') && bytes.length % 2 !== 0) throw new PadanError(t('error.utf16Odd', { file: label }), EXIT.failure, t('hint.exportAgain'));
  const text = encoding === 'utf-16le' ? bytes.toString('utf16le') : encoding === 'utf-16be' ? swapBytes(bytes).toString('utf16le') : bytes.toString('latin1');
  let head: string;
  if (encoding.startsWith('utf-16')) head = text.slice(bomLength / 2, bomLength / 2 + HEADER_BYTES);
  else {
    const part = bytes.subarray(bomLength, bomLength + HEADER_BYTES);
    head = encoding === 'utf-8' ? part.subarray(0, completeUtf8Prefix(part)).toString('utf8') : decodeCp1252(part);
  }
  const decode = encoding.startsWith('utf-16')
    ? (cell: string) => cell
    : encoding === 'utf-8'
      ? (cell: string) => Buffer.from(cell, 'latin1').toString('utf8')
      : (cell: string) => decodeCp1252(Buffer.from(cell, 'latin1'));
  return { text, encoding, bomLength, head, decode };
}

function release(text: string, encoding: Encoding): Buffer {
  if (encoding === 'utf-16le') return Buffer.from(text, 'utf16le');
  if (encoding === 'utf-16be') return swapBytes(Buffer.from(text, 'utf16le'));
  return Buffer.from(text, 'latin1');
}

const QUOTE = '"';

/**
 * End of the record starting at `pos` (the index of its terminating line break, or the text's
 * length) and how many line breaks quoted cells hold; null when a quote never closes (the record
 * is then taken as its first line, like the ingest reader does).
 */
function recordEnd(text: string, pos: number, delim: string, nl: string): { end: number; breaks: number } | null {
  let inQuotes = false;
  let fieldStart = true;
  let breaks = 0;
  for (let i = pos; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === QUOTE) {
        if (text[i + 1] === QUOTE) i++;
        else inQuotes = false;
      } else if (c === nl) breaks++;
      if (i - pos > MAX_RECORD_CHARS) return null;
      continue;
    }
    if (c === nl) return { end: i, breaks };
    if (c === delim) fieldStart = true;
    else {
      if (c === QUOTE && fieldStart) inQuotes = true;
      fieldStart = false;
    }
  }
  return inQuotes ? null : { end: text.length, breaks };
}

/** A record's cells as written (quotes and all), split at delimiters outside quotes. */
export function rawFields(record: string, delim: string): string[] {
  const fields: string[] = [];
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i];
    if (inQuotes) {
      if (c === QUOTE) {
        if (record[i + 1] === QUOTE) i++;
        else inQuotes = false;
      }
    } else if (c === delim) {
      fields.push(record.slice(start, i));
      start = i + 1;
    } else if (c === QUOTE && i === start) inQuotes = true;
  }
  fields.push(record.slice(start));
  return fields;
}

/** A cell's value: quotes removed and `""` undone; text after a closing quote is kept. */
export function unquote(raw: string): string {
  if (!raw.startsWith(QUOTE)) return raw;
  let out = '';
  let i = 1;
  for (; i < raw.length; i++) {
    if (raw[i] === QUOTE) {
      if (raw[i + 1] === QUOTE) {
        out += QUOTE;
        i++;
      } else break;
    } else out += raw[i];
  }
  return out + raw.slice(i + 1);
}

const quote = (value: string): string => `"${value.replaceAll(QUOTE, '""')}"`;

/**
 * Fills the answer columns of every person row a CSV template holds. Rows before and inside the
 * header block other than the header row itself, blank rows and rows the placer refuses keep
 * their text (refused rows only get empty cells for appended columns, so every row stays as wide
 * as the header).
 */
export function fillCsvTemplate(bytes: Buffer, source: Source, place: RowPlacer, label: string): { bytes: Buffer; result: FillResult } {
  const held = hold(bytes, label);
  const nl = sniffLineBreak(held.head);
  const complete = held.head.length < HEADER_BYTES ? held.head : held.head.slice(0, held.head.lastIndexOf(nl) + 1);
  const layout = detectLayout(complete, { source, lineBreak: nl, label });
  requireIds(layout, source, label);
  const delim = layout.delimiter;
  const text = held.text;

  const result: FillResult = { format: 'csv', encoding: held.encoding, delimiter: delim, sheets: [], rows: 0, filled: 0, unplaced: [], appended: [] };
  let columns: number[] = [];
  let quoteAll = false;
  const out: string[] = [];
  let copied = 0;
  const rewrite = (start: number, end: number, fields: string[]): void => {
    out.push(text.slice(copied, start), fields.join(delim));
    copied = end;
  };
  const setCell = (fields: string[], column: number, value: string): void => {
    while (fields.length <= column) fields.push(quoteAll ? '""' : '');
    const wasQuoted = fields[column]!.startsWith(QUOTE);
    fields[column] = quoteAll || wasQuoted || /["\r\n]/.test(value) || value.includes(delim) ? quote(value) : value;
  };

  let pos = text.charCodeAt(0) === 0xfeff ? 1 : held.encoding === 'utf-8' ? held.bomLength : 0;
  let line = 1;
  let quoteAt = -2;
  while (pos < text.length) {
    let end = text.indexOf(nl, pos);
    if (end === -1) end = text.length;
    let breaks = 0;
    if (quoteAt !== -1 && quoteAt < pos) quoteAt = text.indexOf(QUOTE, pos);
    if (quoteAt !== -1 && quoteAt < end) {
      const found = recordEnd(text, pos, delim, nl);
      if (found) ({ end, breaks } = found);
      quoteAt = -2;
    }
    // The record's text without its line end (CRLF's CR belongs to the line end).
    const contentEnd = nl === '\n' && end > pos && text[end - 1] === '\r' ? end - 1 : end;
    const recordLine = line;
    line += 1 + breaks;
    const start = pos;
    pos = end < text.length ? end + 1 : end;
    if (recordLine < layout.headerLine || (recordLine > layout.headerLine && recordLine <= layout.lastHeaderLine)) continue;
    const fields = rawFields(text.slice(start, contentEnd), delim);
    if (recordLine === layout.headerLine) {
      quoteAll = fields.every((f) => f.startsWith(QUOTE));
      const placed = answerColumns(layout.headers, fields.length, source);
      columns = placed.columns;
      result.appended = placed.appended;
      if (placed.appended.length === 0) continue;
      ANSWER_COLUMNS[source].forEach((name, i) => {
        if (placed.appended.includes(name)) setCell(fields, columns[i]!, name);
      });
      rewrite(start, contentEnd, fields);
      continue;
    }
    const cells = fields.map(unquote);
    if (cells.every((c) => c.trim() === '')) continue;
    result.rows++;
    const outcome = place(idFields(cells, layout, held.decode));
    if (outcome.placed) {
      result.filled++;
      columns.forEach((column, i) => setCell(fields, column, outcome.answer[i]!));
    } else {
      result.unplaced.push({ sheet: null, row: recordLine, id: outcome.sourceId, reason: outcome.reason });
      if (result.appended.length === 0) continue;
      for (const column of columns) if (column >= fields.length) setCell(fields, column, '');
    }
    rewrite(start, contentEnd, fields);
  }
  out.push(text.slice(copied));
  return { bytes: release(out.join(''), held.encoding), result };
}

