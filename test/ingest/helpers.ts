// Synthetic exports for the ingest tests: headers as published, rows of made-up people.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll } from 'vitest';
import { readExport, readExportStream, type ExportEvent, type ExportHeader, type ExportRow, type ReadExportOptions, type RejectedRow } from '../../src/ingest/read-export.js';

export const P3KE_HEADER = [
  'ID Keluarga', 'Provinsi', 'Kabupaten', 'Kecamatan', 'Desa', 'Kode Kemendagri', 'Desil Kesejahteraan',
  'Alamat', 'ID Individu', 'Nama', 'NIK', 'Padan Dukcapil', 'Jenis Kelamin', 'Hubungan Dengan Kpl. Keluarga',
  'Tanggal Lahir', 'Status Kawin', 'Pekerjaan', 'Pendidikan', 'Usia dibawah 7 tahun', 'Usia 7-12',
  'Usia 13-15', 'Usia 16-18', 'Usia 19-21', 'Usia 22-59', 'Usia 60 tahun keatas', 'Penerima BPNT',
  'Penerima BPUM', 'Penerima BST', 'Penerima PKH', 'Penerima SEMBAKO', 'Resiko Stunting', 'Pensasaran',
];

export const DTKS_HEADER = [
  'ID DTKS', 'PROVINSI', 'KABUPATEN/KOTA', 'KECAMATAN', 'DESA/KELUARAHAN', 'ALAMAT', 'DUSUN', 'RT', 'RW',
  'NOKK', 'NIK', 'NAMA', 'TANGGAL LAHIR', 'TEMPAT LAHIR', 'JENIS KELAMIN', 'PEKERJAAN', 'NAMA IBU KANDUNG',
  'HUB KELUARGA', 'KETERANGAN PADAN', 'BANSOS BPNT', 'BANSOS PKH', 'BANSOS BPNT-PPKM', 'PBI JKN',
];

export const BDT_HEADER = [
  'IDBDT', 'IDARTBDT', 'KDPROP', 'KDKAB', 'KDKEC', 'KDDESA', 'NoPesertaPKH', 'Nama', 'JnsKel', 'TmpLahir',
  'TglLahir', 'HubKRT', 'NIK', 'NoKK', 'Hub_KRT', 'NUK', 'Hubkel', 'Umur', 'Sta_kawin', 'Ada_pbi', 'Ada_pkh', 'Ada_BPNT',
];

export interface P3keRow {
  family?: string;
  individu?: string;
  nama?: string;
  nik?: string;
  lahir?: string;
  sex?: string;
  alamat?: string;
}

/** One P3KE individual row; defaults describe a made-up person. */
export function p3keRow(r: P3keRow = {}): string[] {
  return [
    r.family ?? '210000001', 'JAWA BARAT', 'KOTA BEKASI', 'BEKASI TIMUR', 'AREN JAYA', '3275011001', '1',
    r.alamat ?? 'JL. MAWAR NO. 7', r.individu ?? '1', r.nama ?? 'SITI AMINAH', r.nik ?? '3275014503800001', 'Ya',
    r.sex ?? 'Perempuan', 'Kepala Keluarga', r.lahir ?? '05-03-1980', 'Kawin', 'Buruh', 'SD', 'Tidak', 'Tidak',
    'Tidak', 'Tidak', 'Tidak', 'Ya', 'Tidak', 'Ya', 'Tidak', 'Tidak', 'Ya', 'Ya', 'Tidak', 'Ya',
  ];
}

export function dtksRow(id: string, r: { nama?: string; nik?: string; kk?: string } = {}): string[] {
  return [
    id, 'JAWA BARAT', 'KOTA BEKASI', 'BEKASI TIMUR', 'AREN JAYA', 'JL. MAWAR NO. 7', 'DUSUN I', '002', '007',
    r.kk ?? '3275010101100001', r.nik ?? '3275014503800001', r.nama ?? 'SITI AMINAH', '1980-03-05', 'BEKASI', 'PEREMPUAN',
    'BURUH', 'SRI WAHYUNI', 'KEPALA KELUARGA', 'PADAN', 'YA', 'TIDAK', 'TIDAK', 'YA',
  ];
}

/** RFC 4180 line: cells quoted only when they need it (or always with `quoteAll`). */
export function csvLine(cells: readonly string[], delimiter = ',', quoteAll = false): string {
  return cells
    .map((c) => (quoteAll || c.includes(delimiter) || c.includes('"') || c.includes('\n') || c.includes('\r') ? `"${c.replace(/"/g, '""')}"` : c))
    .join(delimiter);
}

export function csv(rows: readonly (readonly string[])[], options: { delimiter?: string; eol?: string; quoteAll?: boolean } = {}): string {
  const eol = options.eol ?? '\r\n';
  return rows.map((r) => csvLine(r, options.delimiter ?? ',', options.quoteAll)).join(eol) + eol;
}

let dir: string | null = null;
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** Writes a file in this test file's temporary folder and returns its path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  dir ??= mkdtempSync(join(tmpdir(), 'padan-ingest-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

export function tempDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'padan-ingest-'));
  return dir;
}

export interface Collected {
  header: ExportHeader;
  rows: ExportRow[];
  rejects: RejectedRow[];
  end: Extract<ExportEvent, { type: 'end' }>;
  batches: number;
}

export const TODAY = '2025-06-30';

async function gather(events: AsyncGenerator<ExportEvent>): Promise<Collected> {
  let header: ExportHeader | undefined;
  let end: Extract<ExportEvent, { type: 'end' }> | undefined;
  const rows: ExportRow[] = [];
  const rejects: RejectedRow[] = [];
  let batches = 0;
  for await (const event of events) {
    if (event.type === 'header') {
      if (header) throw new Error('two header events');
      header = event.header;
    } else if (event.type === 'batch') {
      if (!header) throw new Error('batch before header');
      batches++;
      rows.push(...event.rows);
      rejects.push(...event.rejects);
    } else end = event;
  }
  if (!header || !end) throw new Error('missing header or end event');
  return { header, rows, rejects, end, batches };
}

/** Reads a file (or bytes written to a temp file) in this thread. */
export function read(input: string | Uint8Array, options: Partial<ReadExportOptions> = {}, name = 'export.csv'): Promise<Collected> {
  const path = typeof input === 'string' ? input : tempFile(name, input);
  return gather(readExport(path, { source: 'p3ke', worker: false, today: TODAY, ...options }));
}

/** Reads bytes as standard input would arrive: a stream in small chunks. */
export function readStream(bytes: Uint8Array, options: Partial<ReadExportOptions> = {}, chunkSize = 7): Promise<Collected> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(Buffer.from(bytes.subarray(i, i + chunkSize)));
  return gather(readExportStream(Readable.from(chunks), { source: 'p3ke', worker: false, today: TODAY, ...options }));
}

export const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
export const utf16le = (s: string, bom = true): Buffer => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(s, 'utf16le')]);
export function utf16be(s: string, bom = true): Buffer {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return Buffer.concat([bom ? Buffer.from([0xfe, 0xff]) : Buffer.alloc(0), be]);
}
/** Windows-1252 bytes for text whose non-ASCII letters are all in Latin-1 (é, ñ, ü ...). */
export const cp1252 = (s: string): Buffer => Buffer.from(s, 'latin1');
