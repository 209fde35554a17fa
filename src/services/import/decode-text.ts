// Bytes of a CSV file → text. Excel in China saves "CSV" as GB18030/GBK and "CSV UTF-8" with a BOM;
// strict UTF-8 is tried first, because GB18030 would also "decode" UTF-8 bytes into nonsense.

export type Decoded = { ok: true; text: string; encoding: 'utf-8' | 'utf-16le' | 'gb18030' } | { ok: false; key: string };

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return checked(new TextDecoder('utf-16le').decode(bytes.subarray(2)), 'utf-16le');
  }
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return checked(new TextDecoder('utf-8', { fatal: true }).decode(body), 'utf-8');
  } catch {
    // not UTF-8: try the Chinese national encoding (a superset of GBK and GB2312)
  }
  try {
    return checked(new TextDecoder('gb18030', { fatal: true }).decode(body), 'gb18030');
  } catch {
    return { ok: false, key: 'importer.error.encoding' };
  }
}

/** NUL and other binary bytes mean this is not a text file at all (a picture, a .xls renamed .csv). */
function checked(text: string, encoding: 'utf-8' | 'utf-16le' | 'gb18030'): Decoded {
  if (/[\u0000-\u0008\u000e-\u001a]/.test(text.slice(0, 65536))) return { ok: false, key: 'importer.error.not_spreadsheet' };
  return { ok: true, text, encoding };
}
