// Checks an XLSX (a zip archive) before any workbook library sees it: the central directory must be
// readable, the parts few, their declared total size small, and every part must inflate to no more
// than it declares (a zip bomb lies in its directory). XML with a DOCTYPE (entity bombs) is refused.
// Rows and cells are counted here too, as each sheet is inflated: exceljs builds an object for every
// row and cell of a whole workbook before its size can be asked, and 60 MB of XML is a million rows.
import zlib from 'node:zlib';
import { MAX_CELLS, MAX_ROWS, MAX_XLSX_ENTRIES, MAX_XLSX_UNCOMPRESSED_BYTES, MB } from './limits';

export type ZipCheck = { ok: true } | { ok: false; key: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The parts exceljs reads as sheets (its own pattern, unanchored as it is) and its shared strings. */
const SHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;
const SHARED_STRINGS = 'xl/sharedStrings.xml';

const LT = 0x3c;
const isNameEnd = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x3e || b === 0x2f;

/**
 * Counts the elements of an XML part by local name (with a namespace prefix or without) and stops at
 * the first one beyond its limit; `end` is how far into the part that was.
 */
export function countElements(xml: Buffer, limits: Readonly<Record<string, number>>): { counts: Record<string, number>; end: number } {
  const wanted = Object.keys(limits).map((n) => ({ n, bytes: Buffer.from(n, 'latin1'), limit: limits[n]! }));
  const counts: Record<string, number> = Object.fromEntries(wanted.map((w) => [w.n, 0]));
  for (let i = 0; i < xml.length; i++) {
    if (xml[i] !== LT) continue;
    let start = i + 1;
    let j = start;
    while (j < xml.length && !isNameEnd(xml[j]!) && j - start < 64) {
      if (xml[j] === 0x3a) start = j + 1;
      j++;
    }
    if (j < xml.length && isNameEnd(xml[j]!)) {
      for (const w of wanted) {
        if (j - start !== w.bytes.length || xml.compare(w.bytes, 0, w.bytes.length, start, j) !== 0) continue;
        if (++counts[w.n]! > w.limit) return { counts, end: j };
      }
    }
    i = j - 1;
  }
  return { counts, end: xml.length };
}

function findEndOfCentralDirectory(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  return -1;
}

/**
 * A sheet's rows (header included) and cells, or the shared strings (one per distinct text cell, so
 * no more than the cells): the refusal's message key, or the cells used of the workbook's budget.
 */
function countParts(path: string, xml: Buffer, cellsLeft: number): string | number {
  const name = path.replace(/^\//, ''); // exceljs drops a leading slash
  const rows = `importer.error.too_many_rows|${MAX_ROWS}`;
  const cells = `importer.error.too_many_cells|${MAX_CELLS}`;
  if (SHEET_PART.test(name)) {
    const { counts } = countElements(xml, { row: MAX_ROWS + 1, c: cellsLeft });
    return counts.row! > MAX_ROWS + 1 ? rows : counts.c! > cellsLeft ? cells : counts.c!;
  }
  if (name === SHARED_STRINGS) {
    return countElements(xml, { si: MAX_CELLS }).counts.si! > MAX_CELLS ? cells : 0;
  }
  return 0;
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
  const entries: { name: string; method: number; flags: number; compressed: number; size: number; local: number }[] = [];
  let workbook = false;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) return broken;
    const e = {
      name: buf.toString('latin1', p + 46, p + 46 + buf.readUInt16LE(p + 28)),
      flags: buf.readUInt16LE(p + 8), method: buf.readUInt16LE(p + 10), compressed: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24), local: buf.readUInt32LE(p + 42),
    };
    total += e.size;
    if (total > limit) return bomb;
    entries.push(e);
    workbook ||= e.name === 'xl/workbook.xml';
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  if (!workbook) return broken; // a zip, but not a spreadsheet
  let cellsLeft = MAX_CELLS;
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
    const tooBig = countParts(e.name, content, cellsLeft);
    if (typeof tooBig === 'string') return { ok: false, key: tooBig };
    cellsLeft -= tooBig;
  }
  return { ok: true };
}
