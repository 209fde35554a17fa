// Personal information (个人信息, PIPL art. 4) that staff might paste into free text: a resident's
// phone number in a note, an ID number in a source title. The tracker needs none of it, and most of
// its text is published, so such text is refused where it is typed or imported, not masked later.

export type PersonalDataKind = 'resident_id' | 'mobile' | 'landline' | 'email';

const SEP = '[-\\s]?';
const PATTERNS: readonly (readonly [PersonalDataKind, RegExp])[] = [
  // 居民身份证号码: 17 digits and a check character, also typed in groups (checksum not required:
  // a mistyped number is as personal as a correct one)
  ['resident_id', new RegExp(`(?<!\\d)\\d{6}${SEP}\\d{8}${SEP}\\d{3}[\\dXx](?![0-9A-Za-z])`)],
  // mainland mobile: 1[3-9]x xxxx xxxx, optionally +86 / 0086
  ['mobile', new RegExp(`(?<!\\d)(?:(?:\\+|00)?86${SEP})?1[3-9]\\d${SEP}\\d{4}${SEP}\\d{4}(?!\\d)`)],
  // landline with area code: 0371-6789 1234, (010) 12345678, 0371 67891234
  ['landline', new RegExp(`(?<!\\d)(?:\\(0\\d{2,3}\\)\\s?|0\\d{2,3}${SEP})[2-9]\\d{2,3}${SEP}\\d{4}(?!\\d)`)],
  ['email', /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/],
];

/**
 * The first kind of personal data found in `text`, or null. Full-width digits and symbols (typed
 * with a Chinese input method) count like their ASCII forms.
 */
export function findPersonalData(text: string): PersonalDataKind | null {
  const plain = text.normalize('NFKC');
  for (const [kind, pattern] of PATTERNS) if (pattern.test(plain)) return kind;
  return null;
}
