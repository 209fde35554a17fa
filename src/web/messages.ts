type T = (key: string, opts?: Record<string, unknown>) => string;

/** `validation.too_long|200` → the translated sentence with its parameter; field and stage names are translated too. */
export function translateError(t: T, key: string): string {
  const [base, param] = key.split('|');
  if (!base) return key;
  return t(base, { n: param, other: param ? t(`field.${param}`) : '', stage: param ? t(`stage.${param}`) : '' });
}

export function translateErrors(t: T, errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, translateError(t, v)]));
}
