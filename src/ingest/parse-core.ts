// The part of ingest that runs in the parse worker (or in this thread with `worker: false`): bytes
// in; header, then batches of normalised rows and rejects out. Both paths run exactly this code.
import { createHash } from 'node:crypto';
import { t } from '../i18n/index.js';
import { isoOf } from '../normalise/date.js';
import { normalisePerson, sourceIdOf } from '../normalise/person.js';
import { encodeRecord, rawOfText } from '../store/records.js';
import type { CanonicalField, NormalisedPerson, RawFields, Source } from '../normalise/types.js';
import { EXIT, PadanError } from '../util/errors.js';
import { CsvReader, type RecordSink } from './csv.js';
import { ChunkDecoder } from './decode.js';
import { RecordBytes } from './record-bytes.js';
import { detectLayout, detectLayoutInRows, HEADER_SCAN_RECORDS, type Layout, type Mapping } from './header.js';
import type { ExportProfile } from './profiles.js';
import { resolveDelimiter, resolveEncoding, SNIFF_BYTES, sniffEncoding, sniffLineBreak, type Encoding } from './sniff.js';

export interface ExportHeader {
  line: number;
  headers: string[];
  profile: string;
  mapping: Mapping;
  encoding: string;
  delimiter: string;
  /** The sheet read, for a workbook. */
  sheet?: string;
}
export interface ExportRow {
  line: number;
  cells: string[];
  person: NormalisedPerson;
}
export interface RejectedRow {
  line: number;
  reason: string;
  raw: string;
}

export interface CoreOptions {
  source: Source;
  encoding?: string;
  delimiter?: string;
  profile?: ExportProfile;
  batchSize: number;
  today?: string;
  /** The file as named in messages. */
  label: string;
  /**
   * Batches carry `records` (encodeRecord, as the store binds them, in the bytes of
   * record-bytes.ts) instead of `rows`: each row is encoded as soon as it is normalised, so its
   * cells, person and record die young (the worker's garbage collector copied batches of objects
   * from one generation to the next).
   */
  encodeRecords?: boolean;
  /** Benchmarks only (the normalisation share of ingest): raw cells stand in for canonical values. */
  skipNormalise?: boolean;
  /** false: the caller hashes the file itself, the end event's sha256 is empty. */
  hash?: boolean;
  /** 'xlsx': the input is an Excel workbook, read row by row by xlsx.ts (default: CSV text). */
  format?: InputFormat;
  /** Workbooks: the sheet to read, by name or 1-based position (default: the first with a header row). */
  sheet?: string;
  /** Workbooks: a private folder for exceljs's temporary files, made and removed by the caller (util/private-tmpdir.ts). */
  scratchDir?: string;
}

export type InputFormat = 'csv' | 'xlsx';

export type CoreEvent = { type: 'header'; header: ExportHeader } | { type: 'batch'; rows: ExportRow[]; records: Uint8Array | null; rejects: RejectedRow[] };

/** Text decoded before the header is looked for: enough for a title block and several header rows. */
const DETECT_CHARS = SNIFF_BYTES;

type FieldMaker = (cells: readonly string[]) => RawFields;

const fieldMakers = new WeakMap<object, { list: [CanonicalField, number | readonly number[]][]; make: FieldMaker | null; width: number }>();

/**
 * For a mapping of single columns, a function building the fields as one object literal: a
 * million rows built property by property cost more than reading the cells. The keys are
 * canonical field names (identifiers) and the values cell indexes, so the generated code holds
 * nothing from the file.
 */
function fieldMaker(list: readonly [CanonicalField, number | readonly number[]][]): FieldMaker | null {
  if (!list.every(([field, col]) => typeof col === 'number' && Number.isInteger(col) && /^[a-z_]+$/.test(field))) return null;
  const body = list.map(([field, col]) => `${field}: cells[${col as number}]`).join(', ');
  return new Function('cells', `return { ${body} };`) as FieldMaker;
}

/**
 * An input row's cells → canonical field → raw cell text (verbatim; absent when no such column).
 * A field joined from several columns gets their non-empty values joined by one space.
 */
export function fieldsFromCells(cells: readonly string[], mapping: Mapping): RawFields {
  let maker = fieldMakers.get(mapping);
  if (!maker) {
    const list = Object.entries(mapping).filter((e): e is [CanonicalField, number | readonly number[]] => e[1] !== undefined);
    const width = Math.max(0, ...list.flatMap(([, col]) => (typeof col === 'number' ? [col + 1] : col.map((c) => c + 1))));
    maker = { list, make: fieldMaker(list), width };
    fieldMakers.set(mapping, maker);
  }
  // A short row lacks some mapped cells, which must then be absent rather than undefined.
  if (maker.make && cells.length >= maker.width) return maker.make(cells);
  const { list } = maker;
  const fields: RawFields = {};
  for (let i = 0; i < list.length; i++) {
    const [field, col] = list[i]!;
    if (typeof col === 'number') {
      const value = cells[col];
      if (value !== undefined) fields[field] = value;
    } else {
      fields[field] = col
        .map((c) => (cells[c] ?? '').trim())
        .filter((v) => v.length > 0)
        .join(' ');
    }
  }
  return fields;
}

/**
 * What ingest stores when normalisation is skipped (benchmarks: the share of ingest time that
 * normalising takes). Each canonical column gets the raw cell nearest to it, untouched (parts of
 * the raw region code for its levels), so that the rows written hold about the same values and
 * bytes as normalised ones and only the normalisers' work is left out.
 */
function stubPerson(f: RawFields, source: Source): NormalisedPerson {
  const v = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s);
  const n = (s: string | undefined): number | null => (s === undefined || s === '' || Number.isNaN(Number(s)) ? null : Number(s));
  const kode = v(f.kode_wilayah);
  return {
    sourceId: sourceIdOf(f, source) ?? '',
    familyId: v(f.family_id),
    nik: v(f.nik), nikStatus: 'valid', nikDetail: null, nikTglLahir: v(f.tgl_lahir), nikSex: v(f.jenis_kelamin?.slice(0, 1)) as NormalisedPerson['nikSex'],
    noKk: v(f.no_kk), noKkStatus: 'missing',
    nama: v(f.nama), namaGelar: null, namaBin: null, namaKey: v(f.nama), namaTokens: v(f.nama), namaInitials: v(f.nama?.slice(0, 2)),
    tglLahir: v(f.tgl_lahir), tglLahirFlag: 'ok', jenisKelamin: v(f.jenis_kelamin?.slice(0, 1)) as NormalisedPerson['jenisKelamin'], hubungan: v(f.hubungan) as NormalisedPerson['hubungan'],
    tempatLahir: v(f.tempat_lahir), namaIbu: v(f.nama_ibu),
    kodeWilayah: kode, kodeProvinsi: kode && kode.slice(0, 2), kodeKabupaten: kode && kode.slice(0, 5), kodeKecamatan: kode && kode.slice(0, 8),
    wilayahStatus: 'ok', provinsi: v(f.provinsi), kabupaten: v(f.kabupaten), kecamatan: v(f.kecamatan), desa: v(f.desa),
    alamat: v(f.alamat), dusun: v(f.dusun), rt: v(f.rt) ?? '001', rw: v(f.rw) ?? '001',
    desil: n(f.desil), persentil: n(f.persentil), padanDukcapil: f.padan_dukcapil === undefined ? null : f.padan_dukcapil === 'Ya',
    programmes: { pkh: f.pkh === 'Ya', bpnt: f.bpnt === 'Ya', sembako: f.sembako === 'Ya', bpum: f.bpum === 'Ya', bst: f.bst === 'Ya' },
    flags: [],
  };
}

/**
 * Id of a row from an export without a person id column (P3KE family sheet, some --profile
 * layouts): `H` + the first 16 hex digits of SHA-256 over the normalised `NIK|name|birth date|desa`
 * (desa code, or desa name when there is no code), so the same person gets the same id in next
 * month's file; an identical row seen again gets `-2`, `-3`, ... in file order. P3KE ids keep
 * their family: `{ID Keluarga}-H…`.
 */
export function derivedId(person: NormalisedPerson): string {
  const key = [person.nik ?? '', person.nama ?? '', person.tglLahir ?? '', person.kodeWilayah ?? person.desa ?? ''].join('|');
  return `H${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/**
 * Occurrences of 64-bit keys in a flat open-addressing table: 12 bytes per distinct id rather than
 * a Map of strings (~70), as it lives as long as the file is read.
 */
class OccurrenceCounter {
  private keys = new Uint32Array(2 * 1024);
  private counts = new Uint32Array(1024);
  private size = 0;

  /** 1 the first time a key is seen, 2 the second, ... */
  next(hex16: string): number {
    const hi = parseInt(hex16.slice(0, 8), 16) >>> 0;
    const lo = parseInt(hex16.slice(8, 16), 16) >>> 0;
    if ((this.size + 1) * 2 > this.counts.length) this.grow();
    const mask = this.counts.length - 1;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const count = this.counts[slot]!;
      if (count === 0) {
        this.keys[2 * slot] = hi;
        this.keys[2 * slot + 1] = lo;
        this.counts[slot] = 1;
        this.size++;
        return 1;
      }
      if (this.keys[2 * slot] === hi && this.keys[2 * slot + 1] === lo) return (this.counts[slot] = count + 1);
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { keys, counts } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.counts = new Uint32Array(counts.length * 2);
    const mask = this.counts.length - 1;
    for (let s = 0; s < counts.length; s++) {
      if (counts[s] === 0) continue;
      const hi = keys[2 * s]!;
      const lo = keys[2 * s + 1]!;
      let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (this.counts[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[2 * slot] = hi;
      this.keys[2 * slot + 1] = lo;
      this.counts[slot] = counts[s]!;
    }
  }
}

const BOMS: Record<Encoding, number[]> = {
  'utf-8': [0xef, 0xbb, 0xbf],
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
  'windows-1252': [],
};

export class ExportParser {
  /** Events ready for the caller (drain after each push). */
  private ready: CoreEvent[] = [];
  private sample: Uint8Array[] = [];
  private sampleBytes = 0;
  private decoder: ChunkDecoder | null = null;
  private encoding: Encoding = 'utf-8';
  private pendingText = '';
  private reader: CsvReader | null = null;
  private rows: ExportRow[] = [];
  private records: RecordBytes | null = null;
  private rejects: RejectedRow[] = [];
  private occurrences: OccurrenceCounter | null = null;
  private sawText = false;
  /** The rejected row's text for a reject (the CSV reader's, or a sheet row's cells joined). */
  private currentRaw: () => string = () => this.reader!.currentRaw();
  /** Sheet rows (pushRow): the first ones, kept until the header is found, then the sink. */
  private sheetRows: { line: number; cells: string[] }[] = [];
  private sheetSink: { sink: RecordSink; width: number } | null = null;
  rowsRead = 0;

  constructor(private readonly options: CoreOptions) {
    if (options.encodeRecords) this.records = new RecordBytes();
    // Overrides are checked before the first byte is read.
    if (options.encoding) resolveEncoding(options.encoding);
    if (options.delimiter) resolveDelimiter(options.delimiter);
  }

  drain(): CoreEvent[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (!this.decoder) {
      this.sample.push(chunk);
      this.sampleBytes += chunk.length;
      if (this.sampleBytes >= SNIFF_BYTES) this.startDecoding();
      return;
    }
    this.text(this.decoder.decode(chunk), false);
  }

  finish(): void {
    if (!this.decoder) this.startDecoding();
    this.text(this.decoder!.decode(new Uint8Array(0)) + this.decoder!.end(), true);
    if (!this.reader) this.detect(true);
    this.reader!.end();
    this.flush();
  }

  private startDecoding(): void {
    const bytes = Buffer.concat(this.sample);
    this.sample = [];
    let bom = 0;
    if (this.options.encoding) {
      this.encoding = resolveEncoding(this.options.encoding);
      const mark = BOMS[this.encoding];
      if (mark.length > 0 && mark.every((b, i) => bytes[i] === b)) bom = mark.length;
    } else {
      const guess = sniffEncoding(bytes);
      this.encoding = guess.encoding;
      bom = guess.bomLength;
    }
    this.decoder = new ChunkDecoder(this.encoding, !this.options.encoding);
    this.text(this.decoder.decode(bytes.subarray(bom)), false);
  }

  private text(text: string, final: boolean): void {
    if (text.length > 0 && !this.sawText && text.trim() !== '') this.sawText = true;
    if (this.reader) {
      this.reader.push(text);
      return;
    }
    // Until the header is known, text gathers here (bounded: one detection window plus a line).
    this.pendingText += text;
    if (final) return; // finish() detects on everything
    const lines = countBreaks(this.pendingText, HEADER_SCAN_RECORDS + 1);
    if (this.pendingText.length >= DETECT_CHARS || lines > HEADER_SCAN_RECORDS) this.detect(false);
  }

  private detect(final: boolean): void {
    const { options } = this;
    const text = this.pendingText;
    if (!this.sawText) {
      throw new PadanError(t('error.emptyFile', { label: options.label }), EXIT.failure, t('hint.emptyFile'));
    }
    const lineBreak = sniffLineBreak(text.slice(0, DETECT_CHARS * 2));
    // Detection reads complete lines only, as if they were the whole file, so that a broken quote
    // in a title row cannot hold the header back; the data reader reads it all again properly.
    const complete = final ? text : text.slice(0, text.lastIndexOf(lineBreak) + 1);
    const layout = detectLayout(complete, {
      source: options.source,
      profile: options.profile,
      delimiter: options.delimiter ? resolveDelimiter(options.delimiter) : undefined,
      lineBreak,
      label: options.label,
    });
    this.announce(layout, this.encoding);
    this.reader = new CsvReader({ delimiter: layout.delimiter, lineBreak }, this.sink(layout));
    this.pendingText = '';
    // The window is read again from its first line, now as data after the header rows.
    this.reader.push(text);
  }

  private announce(layout: Layout, encoding: string): void {
    if (layout.mapping.person_id === undefined) this.occurrences = new OccurrenceCounter();
    this.ready.push({
      type: 'header',
      header: {
        line: layout.headerLine,
        headers: layout.headers,
        profile: layout.profile.name,
        mapping: layout.mapping,
        encoding,
        delimiter: layout.delimiter,
        ...(encoding === 'xlsx' && this.options.sheet !== undefined ? { sheet: this.options.sheet } : {}),
      },
    });
  }

  /** True once the header row is known (and announced). */
  get headerFound(): boolean {
    return this.reader !== null || this.sheetSink !== null;
  }

  /**
   * One row of a workbook sheet (xlsx.ts), its cells already text, numbered by its row in the
   * sheet: the header is looked for in the first non-empty rows, then every row goes through the
   * same checks, mapping and normalisation as a CSV record. Empty rows are skipped.
   */
  pushRow(line: number, cells: string[]): void {
    if (!this.sawText) this.sawText = cells.some((c) => c.trim() !== '');
    if (this.sheetSink) {
      this.sheetRecord(line, cells);
      return;
    }
    if (cells.some((c) => c.trim() !== '')) this.sheetRows.push({ line, cells });
    if (this.sheetRows.length >= HEADER_SCAN_RECORDS) this.detectSheet();
  }

  /** The end of a sheet (after pushRow). */
  finishRows(): void {
    if (!this.sheetSink) this.detectSheet();
    this.flush();
  }

  private detectSheet(): void {
    const { options } = this;
    if (!this.sawText) throw new PadanError(t('error.sheetEmpty', { file: options.label }), EXIT.failure, t('hint.sheetData'));
    const layout = detectLayoutInRows(this.sheetRows, { source: options.source, profile: options.profile, delimiter: '', label: options.label });
    this.announce(layout, 'xlsx');
    this.sheetSink = { sink: this.sink(layout), width: layout.headers.length };
    const rows = this.sheetRows;
    this.sheetRows = [];
    for (const row of rows) this.sheetRecord(row.line, row.cells);
  }

  private sheetRecord(line: number, cells: string[]): void {
    if (!cells.some((c) => c.trim() !== '')) return;
    const { sink, width } = this.sheetSink!;
    // A sheet row ends at its last non-empty cell: empty cells up to the header's width are implied.
    for (let i = cells.length; i < width; i++) cells.push('');
    this.currentRaw = () => rowText(cells);
    sink.record(line, cells, false);
  }

  private sink(layout: Layout): RecordSink {
    const { source, encodeRecords } = this.options;
    // One "today" for the whole snapshot (the local date when reading starts): each row asking the
    // clock cost more than its date checks, and a file read across midnight gets one answer.
    const now = new Date();
    const today = this.options.today ?? isoOf(now.getFullYear(), now.getMonth() + 1, now.getDate());
    const normalise = this.options.skipNormalise ? stubPerson : normalisePerson;
    const { mapping, headers, minCells, lastHeaderLine, delimiter } = layout;
    const maxCells = headers.length;
    const firstNamed = headers.findIndex((h) => h.trim() !== '');
    const hasPersonId = mapping.person_id !== undefined;
    const idColumns = (source === 'p3ke' ? (['family_id', 'person_id'] as const) : (['person_id'] as const)).filter((f) => mapping[f] !== undefined);
    const expected = minCells === maxCells ? `${maxCells}` : `${minCells} to ${maxCells}`;
    const reject = (line: number, reason: string, raw: string): void => {
      this.rowsRead++;
      this.rejects.push({ line, reason, raw });
      this.maybeFlush();
    };
    const self = this;
    return {
      reject(line, reason, raw) {
        if (line > lastHeaderLine) reject(line, reason, raw);
      },
      record(line, cells, multiLine, text) {
        if (line <= lastHeaderLine) return true; // title block and header rows
        const n = cells.length;
        if (n < minCells || (n > maxCells && !restBlank(cells, maxCells))) {
          if (multiLine) return false; // the reader rejects the first line as broken quoting
          reject(line, `${n} cells, the header has ${expected}`, self.currentRaw());
          return true;
        }
        if (n > maxCells) {
          cells.length = maxCells; // trailing empty cells beyond the header
          text = undefined;
        }
        // A header repeated further down (sheets pasted one under another) is not data.
        if (firstNamed >= 0 && cells[firstNamed] === headers[firstNamed] && cells.every((c, i) => c === (headers[i] ?? ''))) return true;

        const fields = fieldsFromCells(cells, mapping);
        if (hasPersonId && sourceIdOf(fields, source) === null) {
          const empty = idColumns.filter((f) => !fields[f]?.trim()).map((f) => `"${headers[mapping[f] as number]!.trim()}"`);
          reject(line, `no person id: ${empty.join(' and ')} ${empty.length === 1 ? 'is' : 'are'} empty`, self.currentRaw());
          return true;
        }
        let person: NormalisedPerson;
        try {
          person = normalise(fields, source, { today });
        } catch (error) {
          // A normaliser bug must not stop a million-row file; the message may quote a value, so
          // only the error's kind is kept.
          reject(line, `could not normalise the row (${(error as Error).name ?? 'error'}); please report this`, self.currentRaw());
          return true;
        }
        if (!hasPersonId) {
          const id = derivedId(person);
          const seen = self.occurrences!.next(id.slice(1));
          const unique = seen === 1 ? id : `${id}-${seen}`;
          person.sourceId = source === 'p3ke' && person.familyId ? `${person.familyId}-${unique}` : unique;
        }
        self.rowsRead++;
        if (encodeRecords) self.records!.add(encodeRecord(line, cells, person, (text !== undefined && rawOfText(text, delimiter)) || undefined));
        else self.rows.push({ line, cells, person });
        self.maybeFlush();
        return true;
      },
    };
  }

  private maybeFlush(): void {
    if (this.rows.length + (this.records?.count ?? 0) + this.rejects.length >= this.options.batchSize) this.flush();
  }

  private flush(): void {
    if (this.rows.length === 0 && !this.records?.count && this.rejects.length === 0) return;
    this.ready.push({ type: 'batch', rows: this.rows, records: this.records?.take() ?? null, rejects: this.rejects });
    this.rows = [];
    this.rejects = [];
  }
}

/** A sheet row's cells as one CSV line (for rejects.csv): quoted where a cell needs it. */
export function rowText(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

function restBlank(cells: readonly string[], from: number): boolean {
  for (let i = from; i < cells.length; i++) if (cells[i]!.trim() !== '') return false;
  return true;
}

/** Line breaks in `s`, counting no further than `limit`. */
function countBreaks(s: string, limit: number): number {
  let count = 0;
  let at = s.indexOf('\n');
  while (at !== -1 && count < limit) {
    count++;
    at = s.indexOf('\n', at + 1);
  }
  if (count === 0) for (let i = s.indexOf('\r'); i !== -1 && count < limit; i = s.indexOf('\r', i + 1)) count++;
  return count;
}

export type StreamEvent =
  | { type: 'header'; header: ExportHeader }
  | { type: 'batch'; rows: ExportRow[]; records: Uint8Array | null; rejects: RejectedRow[]; bytesRead: number }
  | { type: 'end'; rowsRead: number; bytes: number; sha256: string };

/** Runs the parser over a byte source, hashing it as it streams (unless told not to): the one loop both paths share. */
export async function* parseEvents(source: AsyncIterable<Uint8Array>, options: CoreOptions): AsyncGenerator<StreamEvent> {
  const parser = new ExportParser(options);
  const hash = options.hash === false ? null : createHash('sha256');
  let bytes = 0;
  for await (const chunk of source) {
    hash?.update(chunk);
    bytes += chunk.length;
    parser.push(chunk);
    for (const event of parser.drain()) yield event.type === 'batch' ? { ...event, bytesRead: bytes } : event;
  }
  parser.finish();
  for (const event of parser.drain()) yield event.type === 'batch' ? { ...event, bytesRead: bytes } : event;
  yield { type: 'end', rowsRead: parser.rowsRead, bytes, sha256: hash?.digest('hex') ?? '' };
}

export type { Mapping };
