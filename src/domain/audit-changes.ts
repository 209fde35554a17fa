// What an audit row changed, field by field, and where the request came from, for a reviewer to
// read. The row itself keeps what was stored (JSON before and after, the address as the socket gave it).

/** `::ffff:127.0.0.1` is how a dual-stack socket reports an IPv4 peer: the address is 127.0.0.1. */
export function displayIp(ip: string | null): string | null {
  if (ip === null) return null;
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip.trim());
  return m ? m[1]! : ip;
}

export interface FieldChange {
  field: string;
  /** undefined: the field was not there (a created or a deleted object). */
  before: unknown;
  after: unknown;
}

/** Fields that say nothing a reviewer needs (the form's optimistic-locking counter). */
const IGNORED = new Set(['version']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const blank = (v: unknown) => v === null || v === undefined || v === '';

/**
 * The fields that differ between before and after, in the order the object gives them (after's
 * first). An update compares the fields it was given (the stored row before it has more, such as
 * its id); a created object lists what it was given, a deleted one what it had, empty fields left
 * out; before and after with no field in common (a milestone: the buildings' stages before, the
 * stage recorded after) list both. A value that is not an object is one change of the field `value`.
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const b = before === null || before === undefined ? null : isRecord(before) ? before : { value: before };
  const a = after === null || after === undefined ? null : isRecord(after) ? after : { value: after };
  if (!a && !b) return [];
  const update = a !== null && b !== null && Object.keys(a).some((k) => k in b);
  const keys = [...new Set([...Object.keys(a ?? {}), ...(update ? [] : Object.keys(b ?? {}))])].filter((k) => !IGNORED.has(k));
  const out: FieldChange[] = [];
  for (const k of keys) {
    const x = b ? b[k] : undefined;
    const y = a ? a[k] : undefined;
    if (update ? same(x, y) : blank(x) && blank(y)) continue;
    out.push({ field: k, before: x, after: y });
  }
  return out;
}
