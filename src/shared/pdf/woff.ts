// WOFF 1.0 → plain TrueType/OpenType (sfnt), once per process. fontkit inflates a WOFF table with
// a pure-JavaScript inflater every time it reads it (≈ 60 ms per font per document when each
// document opened the font again: two thirds of the time of one-PDF-per-notice output). Unpacked
// once with zlib, the tables are read in place.
import { inflateSync } from 'node:zlib';

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'

/** The sfnt font inside a WOFF file (tables inflated, laid out as the OpenType spec says). */
export function sfntFromWoff(woff: Uint8Array): Buffer {
  const src = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (src.readUInt32BE(0) !== WOFF_SIGNATURE) throw new Error('not a WOFF 1.0 font');
  const flavor = src.readUInt32BE(4);
  const numTables = src.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const entry = 44 + i * 20;
    const offset = src.readUInt32BE(entry + 4);
    const compLength = src.readUInt32BE(entry + 8);
    const origLength = src.readUInt32BE(entry + 12);
    const stored = src.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.byteLength !== origLength) throw new Error('corrupt WOFF table');
    return { tag: src.readUInt32BE(entry), checksum: src.readUInt32BE(entry + 16), data };
  });
  const pad = (n: number) => (n + 3) & ~3;
  const headerSize = 12 + 16 * numTables;
  const out = Buffer.alloc(headerSize + tables.reduce((sum, t) => sum + pad(t.data.byteLength), 0));
  // Binary-search fields of the table directory: the largest power of two not above numTables.
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 16 * 2 ** entrySelector;
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerSize;
  tables.forEach((table, i) => {
    const record = 12 + 16 * i;
    out.writeUInt32BE(table.tag, record);
    out.writeUInt32BE(table.checksum, record + 4);
    out.writeUInt32BE(offset, record + 8);
    out.writeUInt32BE(table.data.byteLength, record + 12);
    out.set(table.data, offset);
    offset += pad(table.data.byteLength);
  });
  return out;
}
