// Messages a user reads carry their parameters in the reader's language: a day is a date, not an ISO string.
import { translateError } from '../../src/web/messages';
import { translatorFor } from '../../src/i18n/translator';

const zh = translatorFor('zh');
const en = translatorFor('en');

test('a day given to a message is written as a date of the page language', () => {
  expect(translateError(zh, 'validation.import_households_falls|2025-01-10')).toBe('小于 2025年1月10日 的记录；如确是更正，请在“更正原因”一列写明原因。');
  expect(translateError(en, 'validation.households.above_later|2025-03-05')).toBe(
    'Above the record of 5 Mar 2025. Cumulative counts do not fall: if the record of 5 Mar 2025 is wrong, correct that day\'s record first.',
  );
});

test('a parameter that is not a day is passed as it is', () => {
  expect(translateError(en, 'validation.max|200')).toBe('Must be at most 200.');
  expect(translateError(zh, 'validation.import_duplicate|2')).toContain('2');
  expect(translateError(zh, 'validation.import_duplicate|2')).not.toContain('年');
});
