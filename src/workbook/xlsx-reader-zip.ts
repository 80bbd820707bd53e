/**
 * The zip layer of the .xlsx reader: the central directory (ZIP64 included), and each
 * part's bytes inflated with node:zlib, checked against the size and CRC the directory
 * gives. A large sheet is inflated piece by piece (inflatePieces) so that it is never
 * held whole. Encryption, compression other than stored or deflate, and archives
 * split over several disks are refused with a clear message.
 */
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { crc32 } from './crc32';

/** Bytes inflated at a time. */
const PIECE_BYTES = 1024 * 1024;

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= lowest; i--) {
    if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 0x05 && zip[i + 3] === 0x06) return i;
  }
  throw new Error('the zip directory at the end of the file is missing (the file is truncated, or not a zip archive)');
}

function u64(zip: Buffer, at: number): number {
  const value = zip.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('a ZIP64 size or offset is too large');
  return Number(value);
}

/** The entries of the zip's central directory, by name. */
export function zipEntries(zip: Buffer): Map<string, ZipEntry> {
  const eocd = findEndOfCentralDirectory(zip);
  if (zip.readUInt16LE(eocd + 4) !== 0 || zip.readUInt16LE(eocd + 6) !== 0)
    throw new Error('the zip archive is split over several disks, which is not supported');
  let count = zip.readUInt16LE(eocd + 10);
  let directorySize = zip.readUInt32LE(eocd + 12);
  let directoryOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || zip.readUInt32LE(locator) !== 0x07064b50)
      throw new Error('the zip archive says it is ZIP64 but has no ZIP64 directory locator');
    const record = u64(zip, locator + 8);
    if (record + 56 > zip.length || zip.readUInt32LE(record) !== 0x06064b50)
      throw new Error('the ZIP64 end of central directory record is missing');
    count = u64(zip, record + 32);
    directorySize = u64(zip, record + 40);
    directoryOffset = u64(zip, record + 48);
  }
  if (directoryOffset + directorySize > zip.length)
    throw new Error('the zip directory points past the end of the file (the file is truncated)');

  const entries = new Map<string, ZipEntry>();
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw new Error('the zip directory is damaged');
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    let compressedSize = zip.readUInt32LE(at + 20);
    let size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    let localOffset = zip.readUInt32LE(at + 42);
    const name = zip
      .toString('utf8', at + 46, at + 46 + nameLength)
      .replace(/\\/g, '/')
      .replace(/^\//, '');
    // ZIP64 extra field: the 64-bit values, in this order, of those whose 32-bit field is all ones.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = zip.readUInt16LE(extra);
      const length = zip.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        if (size === 0xffffffff) {
          size = u64(zip, field);
          field += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(zip, field);
          field += 8;
        }
        if (localOffset === 0xffffffff) localOffset = u64(zip, field);
      }
      extra += 4 + length;
    }
    entries.set(name, { name, method, flags, crc, compressedSize, size, localOffset });
    at = extraEnd + commentLength;
  }
  return entries;
}

/** The stored bytes of one zip entry (still compressed when its method is deflate), after the checks that need no inflating. */
function entryData(zip: Buffer, entry: ZipEntry): Buffer {
  if (entry.flags & 0x0001) throw new Error(`the part ${entry.name} is encrypted (a zip password); save the workbook again without one`);
  const local = entry.localOffset;
  if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50)
    throw new Error(`the part ${entry.name} is missing from the zip (the file is truncated or damaged)`);
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw new Error(`the part ${entry.name} runs past the end of the file (the file is truncated)`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new Error(`the part ${entry.name} uses zip compression method ${entry.method}; only stored and deflate are supported`);
  }
  return zip.subarray(start, end);
}

function checkInflated(entry: ZipEntry, length: number, crc: number): void {
  if (length !== entry.size) throw new Error(`the part ${entry.name} is ${length} bytes, not the ${entry.size} its zip directory says`);
  if (crc !== entry.crc) throw new Error(`the part ${entry.name} fails its checksum (the file is damaged)`);
}

/** The uncompressed bytes of one zip entry, checked against its size and CRC. */
export function inflateEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const raw = entryData(zip, entry);
  let bytes = raw;
  if (entry.method === 8) {
    try {
      bytes = inflateRawSync(raw, { maxOutputLength: Math.max(entry.size, 1) });
    } catch (error) {
      throw new Error(`the part ${entry.name} does not decompress (${(error as Error).message})`);
    }
  }
  checkInflated(entry, bytes.length, crc32(bytes));
  return bytes;
}

/**
 * The uncompressed bytes of one zip entry piece by piece, checked against its size and
 * CRC at the end, so that a large sheet is never held whole (165 MB of XML for 428k
 * History rows) beside the rows read from it.
 */
export async function* inflatePieces(zip: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  const raw = entryData(zip, entry);
  let length = 0;
  let crc = 0;
  if (entry.method === 0) {
    for (let at = 0; at < raw.length; at += PIECE_BYTES) {
      const piece = raw.subarray(at, Math.min(raw.length, at + PIECE_BYTES));
      length += piece.length;
      crc = crc32(piece, crc);
      yield piece;
    }
  } else {
    const inflater = createInflateRaw({ chunkSize: PIECE_BYTES });
    inflater.end(raw);
    try {
      for await (const piece of inflater as AsyncIterable<Buffer>) {
        length += piece.length;
        if (length > entry.size) throw new Error(`it holds more than the ${entry.size} bytes its zip directory says`);
        crc = crc32(piece, crc);
        yield piece;
      }
    } catch (error) {
      inflater.destroy();
      throw new Error(`the part ${entry.name} does not decompress (${(error as Error).message})`);
    }
  }
  checkInflated(entry, length, crc);
}
