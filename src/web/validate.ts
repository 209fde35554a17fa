import { z } from 'zod';
import { ValidationError } from '../domain/errors';

const idSchema = z.string().regex(/^[1-9]\d{0,9}$/).transform(Number).pipe(z.number().int().max(2_147_483_647));

/** A route id: a positive whole number in plain ASCII digits, or a ValidationError naming the field. */
export function parseId(value: unknown, field = 'id'): number {
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) throw new ValidationError({ [field]: 'validation.id' });
  return parsed.data;
}

/** One value from the query string; repeated parameters (arrays in Express 5) keep the first. */
export function queryValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function parseEnum<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  const v = queryValue(value);
  return v !== undefined && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** `?page=` of a paged list: absent is the first page; anything but a positive whole number is a ValidationError naming it. */
export function parsePage(value: unknown): number {
  const v = queryValue(value);
  return v === undefined ? 1 : parseId(v, 'page');
}
