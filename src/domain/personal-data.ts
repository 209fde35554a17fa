// Personal information (个人信息, PIPL art. 4) that staff might paste into free text: a resident's
// phone number in a note, an ID number in a source title. The tracker needs none of it, and most of
// its text is published, so such text is refused where it is typed or imported, not masked later.

export type PersonalDataKind = 'resident_id' | 'mobile' | 'landline' | 'email';

const SEP = '[-\\s]?';
/** A number followed by a unit is a quantity (15000000000 元), not a phone number. */
const NOT_A_QUANTITY = '(?!\\s*(?:元|万|亿|千|百|平方|㎡|m²|m2|亩|户|人|套|栋|个|%|％))';
const PATTERNS: readonly (readonly [PersonalDataKind, RegExp])[] = [
  // 居民身份证号码: six digits of region, a birth date, three digits and a check character, also typed
  // in groups; the check character must be right (ISO 7064 MOD 11-2), so that other 18-digit codes
  // (approval numbers, all-digit credit codes) are not mistaken for one.
  ['resident_id', new RegExp(`(?<![\\d.])\\d{6}${SEP}(?:19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])${SEP}\\d{3}[\\dXx](?![0-9A-Za-z])`, 'g')],
  // mainland mobile: 1[3-9]x xxxx xxxx, optionally +86 / 0086; not a decimal's digits, not a quantity
  ['mobile', new RegExp(`(?<![\\d.])(?:(?:\\+|00)?86${SEP})?1[3-9]\\d${SEP}\\d{4}${SEP}\\d{4}(?![\\d.])${NOT_A_QUANTITY}`)],
  // landline with area code, written with a separator or brackets: 0371-6789 1234, (010) 12345678,
  // 0371 67891234; a year-shaped first group (0371-2023-0001, a file number) is not one
  ['landline', new RegExp(`(?<![\\d.])(?:\\(0\\d{2,3}\\)\\s?|0\\d{2,3}[-\\s])(?!(?:19|20)\\d{2}\\b)[2-9]\\d{2,3}${SEP}\\d{4}(?![\\d.])${NOT_A_QUANTITY}`)],
  ['email', /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/],
];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Whether 18 characters (separators removed) carry a right check character. */
function idChecksumOk(id: string): boolean {
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17]!.toUpperCase();
}

function matches(kind: PersonalDataKind, pattern: RegExp, text: string): boolean {
  if (kind !== 'resident_id') return pattern.test(text);
  pattern.lastIndex = 0;
  for (const m of text.matchAll(pattern)) if (idChecksumOk(m[0].replace(/[-\s]/g, ''))) return true;
  return false;
}

/**
 * The first kind of personal data found in `text`, or null. Full-width digits and symbols (typed
 * with a Chinese input method) count like their ASCII forms.
 */
export function findPersonalData(text: string): PersonalDataKind | null {
  const plain = text.normalize('NFKC');
  for (const [kind, pattern] of PATTERNS) if (matches(kind, pattern, plain)) return kind;
  return null;
}
