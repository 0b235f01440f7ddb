// Just enough ZIP to change a few parts of an .xlsx and copy every other part byte for byte (its
// compressed bytes as they were): exceljs rewrites the whole workbook and drops what it does not
// model (charts, drawings, pivot tables, data validations kept in extensions). A package is read
// through its central directory from an open file (or a buffer), so only the parts asked for are
// ever in memory; a big sheet is read and written in chunks.
import { readSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/** Compressed bytes in memory, or `compressedSize` bytes of an open file from `start`. */
export type ZipData = Buffer | { fd: number; start: number };

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  time: number;
  date: number;
  /** The entry's compressed bytes, as stored. */
  data: ZipData;
  /** Central directory fields copied as they were. */
  versionMadeBy: number;
  versionNeeded: number;
  internalAttributes: number;
  externalAttributes: number;
  extra: Buffer;
  comment: Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Compressed bytes copied or read per step. */
const CHUNK = 1 << 16;

export class ZipFormatError extends Error {}

/** `length` bytes at `position` of a buffer or an open file (fewer at its end). */
function readAt(source: Buffer | number, position: number, length: number): Buffer {
  if (Buffer.isBuffer(source)) return source.subarray(position, position + length);
  const bytes = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(source, bytes, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return bytes.subarray(0, done);
}

/** Writes all of `bytes` to an open file, at `position` or else where the file stands. */
export function writeAll(fd: number, bytes: Buffer, position?: number): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position === undefined ? null : position + done);
}

/** The entries of a package, `size` bytes long, held in a buffer or an open file. */
export function readZip(source: Buffer | number, size = Buffer.isBuffer(source) ? source.length : 0): ZipEntry[] {
  // The end record is in the last 22 + 65,535 (longest comment) bytes.
  const tailStart = Math.max(0, size - 22 - 0xffff);
  const tail = readAt(source, tailStart, size - tailStart);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) throw new ZipFormatError('no end of central directory');
  const count = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryStart = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || directoryStart === 0xffffffff) throw new ZipFormatError('ZIP64 is not supported');
  const dir = readAt(source, directoryStart, directorySize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > dir.length || dir.readUInt32LE(at) !== CENTRAL) throw new ZipFormatError('broken central directory');
    const nameLength = dir.readUInt16LE(at + 28);
    const extraLength = dir.readUInt16LE(at + 30);
    const commentLength = dir.readUInt16LE(at + 32);
    const compressedSize = dir.readUInt32LE(at + 20);
    const offset = dir.readUInt32LE(at + 42);
    if (compressedSize === 0xffffffff || offset === 0xffffffff) throw new ZipFormatError('ZIP64 is not supported');
    const local = readAt(source, offset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw new ZipFormatError('broken local header');
    const dataStart = offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (dataStart + compressedSize > size) throw new ZipFormatError('entry beyond the end of the file');
    entries.push({
      versionMadeBy: dir.readUInt16LE(at + 4),
      versionNeeded: dir.readUInt16LE(at + 6),
      flags: dir.readUInt16LE(at + 8),
      method: dir.readUInt16LE(at + 10),
      time: dir.readUInt16LE(at + 12),
      date: dir.readUInt16LE(at + 14),
      crc: dir.readUInt32LE(at + 16),
      compressedSize,
      size: dir.readUInt32LE(at + 24),
      name: dir.toString('utf8', at + 46, at + 46 + nameLength),
      // Copied: the directory buffer is dropped once read.
      extra: Buffer.from(dir.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength)),
      comment: Buffer.from(dir.subarray(at + 46 + nameLength + extraLength, at + 46 + nameLength + extraLength + commentLength)),
      internalAttributes: dir.readUInt16LE(at + 36),
      externalAttributes: dir.readUInt32LE(at + 38),
      data: Buffer.isBuffer(source) ? source.subarray(dataStart, dataStart + compressedSize) : { fd: source, start: dataStart },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The entry's compressed bytes, a megabyte at a time. */
export function* compressedChunks(entry: ZipEntry): Generator<Buffer> {
  const data = entry.data;
  for (let at = 0; at < entry.compressedSize; at += CHUNK) {
    const length = Math.min(CHUNK, entry.compressedSize - at);
    yield Buffer.isBuffer(data) ? data.subarray(at, at + length) : readAt(data.fd, data.start + at, length);
  }
}

/** Whether the entry's content can be inflated here. */
export function checkMethod(entry: ZipEntry): void {
  if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`${entry.name}: compression method ${entry.method} is not supported`);
}

/** The whole content of a (small) entry. */
export function entryContent(entry: ZipEntry): Buffer {
  checkMethod(entry);
  const data = Buffer.concat([...compressedChunks(entry)]);
  return entry.method === 0 ? data : inflateRawSync(data);
}

/** The entry with new content, deflated. */
export function replaced(entry: ZipEntry, content: Buffer): ZipEntry {
  const data = deflateRawSync(content);
  return { ...entry, method: 8, crc: crc32(content), size: content.length, compressedSize: data.length, data };
}

/**
 * The fields a local header and a central directory record share, in the same order (version
 * needed to extract, flags, method, time, date, CRC-32, sizes, name length), from `at`.
 */
function putEntryFields(header: Buffer, at: number, e: ZipEntry, flags: number, nameLength: number): void {
  header.writeUInt16LE(e.versionNeeded, at);
  header.writeUInt16LE(flags, at + 2);
  header.writeUInt16LE(e.method, at + 4);
  header.writeUInt16LE(e.time, at + 6);
  header.writeUInt16LE(e.date, at + 8);
  header.writeUInt32LE(e.crc, at + 10);
  header.writeUInt32LE(e.compressedSize, at + 14);
  header.writeUInt32LE(e.size, at + 18);
  header.writeUInt16LE(nameLength, at + 22);
}

/** Writes a package of the entries in the given order to an open file; sizes and CRC in the headers, no data descriptors. */
export function writeZip(fd: number, entries: readonly ZipEntry[]): void {
  const write = (bytes: Buffer): void => writeAll(fd, bytes);
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    // Bit 3 (sizes in a trailing data descriptor) is cleared: the sizes are in the header now.
    const flags = e.flags & ~0x0008;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    putEntryFields(local, 4, e, flags, name.length);
    local.writeUInt16LE(0, 28);
    write(local);
    write(name);
    for (const chunk of compressedChunks(e)) write(chunk);

    const c = Buffer.alloc(46);
    c.writeUInt32LE(CENTRAL, 0);
    c.writeUInt16LE(e.versionMadeBy, 4);
    putEntryFields(c, 6, e, flags, name.length);
    c.writeUInt16LE(e.extra.length, 30);
    c.writeUInt16LE(e.comment.length, 32);
    c.writeUInt16LE(0, 34);
    c.writeUInt16LE(e.internalAttributes, 36);
    c.writeUInt32LE(e.externalAttributes, 38);
    c.writeUInt32LE(offset, 42);
    central.push(c, name, e.extra, e.comment);
    offset += 30 + name.length + e.compressedSize;
    if (offset > 0xffffffff) throw new ZipFormatError('the package would need ZIP64');
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  write(centralBytes);
  write(end);
}
