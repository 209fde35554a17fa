type T = (key: string, opts?: Record<string, unknown>) => string;

/** Messages whose parameter is a list of column identifiers, named by their headers in the reader's language. */
const COLUMN_LISTS = new Set(['importer.error.missing_columns']);

/** `validation.too_long|200` → the translated sentence with its parameter; field and stage names are translated too. */
export function translateError(t: T, key: string): string {
  const [base, param] = key.split('|');
  if (!base) return key;
  if (param && COLUMN_LISTS.has(base)) {
    const ids = param.split(/,\s*/);
    return t(base, { count: ids.length, columns: ids.map((id) => t(`importer.column.${id}`, { defaultValue: id })).join(t('importer.listSeparator')) });
  }
  return t(base, { n: param, other: param ? t(`field.${param}`) : '', stage: param ? t(`stage.${param}`) : '' });
}

export function translateErrors(t: T, errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, translateError(t, v)]));
}
