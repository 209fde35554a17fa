import { formatterFor } from './format';

type T = (key: string, opts?: Record<string, unknown>) => string;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Messages whose parameter is a list of column identifiers, named by their headers in the reader's language. */
const COLUMN_LISTS = new Set(['importer.error.missing_columns']);
const LISTS = new Set(['importer.error.unknown_columns']);

/** `validation.too_long|200` → the translated sentence with its parameter; field and stage names are translated too. */
export function translateError(t: T, key: string): string {
  const [base, param] = key.split('|');
  if (!base) return key;
  if (param && COLUMN_LISTS.has(base)) {
    const ids = param.split(/,\s*/);
    return t(base, { count: ids.length, columns: ids.map((id) => t(`importer.column.${id}`, { defaultValue: id })).join(t('importer.listSeparator')) });
  }
  // a list of names the sheet itself wrote (unknown columns): only counted, for the plural
  const count = param && LISTS.has(base) ? param.split('、').length : undefined;
  // a day as a parameter ("below the record of 2025-01-10") reads as a date of the reader's language
  const n = param && ISO_DAY.test(param) ? formatterFor(t('lang') === 'en' ? 'en' : 'zh').date(param) : param;
  return t(base, { n, ...(count === undefined ? {} : { count }), other: param ? t(`field.${param}`) : '', stage: param ? t(`stage.${param}`) : '' });
}

export function translateErrors(t: T, errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, translateError(t, v)]));
}
