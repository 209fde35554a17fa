// A feedback message's tracking code: 12 characters of Crockford's base32 (60 random bits), shown
// in groups of four (K7M2-QX9P-A4TD). Read back forgivingly: lower case, spaces, full-width
// characters, and the letters people confuse with digits (O for 0, I and L for 1).

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 12;

/** A code from random bytes (the caller's, so this stays pure): 12 × 5 bits. */
export function codeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new RangeError('a tracking code needs 8 random bytes');
  let bits = 0n;
  for (const b of bytes.subarray(0, 8)) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) out += ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
  return out;
}

/** The code as typed, in its stored form (12 characters), or null when it cannot be one. */
export function normaliseCode(typed: string): string | null {
  if (typed.length > 64) return null;
  const plain = typed.normalize('NFKC').toUpperCase().replace(/[\s\-_.·—]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (plain.length !== CODE_LENGTH) return null;
  for (const ch of plain) if (!ALPHABET.includes(ch)) return null;
  return plain;
}

/** K7M2QX9PA4TD → K7M2-QX9P-A4TD. */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}
