// What a resident's message must not hold (PIPL): the personal data staff text is checked for
// (personal-data.ts), and what a resident writing about their own flat is likely to add: their
// name, and a flat number, which points at one household. Refused with the reason, never masked.
import { findPersonalData, type PersonalDataKind } from './personal-data';

export type ResidentDataKind = PersonalDataKind | 'name' | 'flat';

/** After a name: punctuation, a space or the end (我叫张三，… but not 我叫物业来看过). */
const AFTER_NAME = '(?=[\\s，,。.！!？?；;、：:）)]|$)';
const NAME = [
  // 我叫张三 / 我的名字是… / 姓名：… / 本人：… (a name-length run of Han characters, then a break);
  // not 我叫他们来修, 我叫了物业: a pronoun, 了 or a trade is no name
  new RegExp(`(?:我叫|我的名字(?:是|叫)|姓名\\s*[:：是]|名字\\s*[:：]|本人(?:姓名)?\\s*[:：])\\s*(?!他|她|它|了|过|物业|师傅|工人|施工|人)[\\u4e00-\\u9fff·]{2,4}${AFTER_NAME}`),
  // My name is Li Lei (a capitalised name; not "my name is not important")
  /\b[Mm]y name is\s+[A-Z][a-z]+/,
];
const FLAT = [
  // 1203室 / 1203房 / 3-2-1203 / 3单元1203 / 房号1203
  /\d{3,4}\s*(?:室|房(?!屋|子|价|源|型|产|款))/,
  // 3-2-1203, but not a date (24-12-2025)
  /(?<![\d.-])\d{1,3}\s*-\s*\d{1,2}\s*-\s*(?!(?:19|20)\d{2}(?!\d))\d{3,4}(?![\d.-])/,
  /单元\s*\d{3,4}(?!\d)/,
  /房号\s*[:：]?\s*\d{2,4}/,
  /\b(?:room|flat|apt\.?|apartment)\s*#?\s*\d{3,4}\b/i,
];

/** The first kind of personal data in a resident's text, or null. */
export function findResidentData(text: string): ResidentDataKind | null {
  const staffKind = findPersonalData(text);
  if (staffKind) return staffKind;
  const plain = text.normalize('NFKC');
  if (NAME.some((p) => p.test(plain))) return 'name';
  if (FLAT.some((p) => p.test(plain))) return 'flat';
  return null;
}
