// Checks an XLSX (a zip archive) before any workbook library sees it: the central directory must be
// readable, the parts few, their declared total size small, and every part must inflate to no more
// than it declares (a zip bomb lies in its directory). XML with a DOCTYPE (entity bombs) is refused.
import zlib from 'node:zlib';
import { MAX_XLSX_ENTRIES, MAX_XLSX_UNCOMPRESSED_BYTES, MB } from './limits';

export type ZipCheck = { ok: true } | { ok: false; key: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEndOfCentralDirectory(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  return -1;
}

export function checkXlsxArchive(buf: Buffer, limit = MAX_XLSX_UNCOMPRESSED_BYTES): ZipCheck {
  const broken: ZipCheck = { ok: false, key: 'importer.error.bad_xlsx' };
  const bomb: ZipCheck = { ok: false, key: `importer.error.xlsx_too_large|${Math.round(limit / MB)}` };
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL) return broken;
  const end = findEndOfCentralDirectory(buf);
  if (end < 0) return broken;
  const count = buf.readUInt16LE(end + 10);
  const dirOffset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) return bomb; // ZIP64: far beyond any workbook we accept
  if (count > MAX_XLSX_ENTRIES) return bomb;
  let p = dirOffset;
  let total = 0;
  const entries: { method: number; flags: number; compressed: number; size: number; local: number }[] = [];
  let workbook = false;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) return broken;
    const e = {
      flags: buf.readUInt16LE(p + 8), method: buf.readUInt16LE(p + 10), compressed: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24), local: buf.readUInt32LE(p + 42),
    };
    total += e.size;
    if (total > limit) return bomb;
    entries.push(e);
    workbook ||= buf.toString('latin1', p + 46, p + 46 + buf.readUInt16LE(p + 28)) === 'xl/workbook.xml';
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  if (!workbook) return broken; // a zip, but not a spreadsheet
  for (const e of entries) {
    if (e.flags & 1) return broken; // encrypted
    if (e.local + 30 > buf.length || buf.readUInt32LE(e.local) !== LOCAL) return broken;
    const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
    const data = buf.subarray(start, start + e.compressed);
    if (data.length !== e.compressed) return broken;
    let content: Buffer;
    if (e.method === 0) content = data;
    else if (e.method === 8) {
      try {
        content = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
      } catch (err) {
        return (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? bomb : broken;
      }
    } else return broken;
    if (content.length !== e.size) return broken;
    if (/<!DOCTYPE|<!ENTITY/i.test(content.subarray(0, 4096).toString('latin1'))) return broken;
  }
  return { ok: true };
}
