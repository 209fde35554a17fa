// Every action and kind of object a service writes to the audit log is offered by the log's filters
// and named in both languages: read from the source itself, so a new action without words fails here.
import fs from 'node:fs';
import path from 'node:path';
import { AUDIT_ACTIONS, OBJECT_TYPES } from '../../src/web/routes/admin/audit.routes';
import { translatorFor } from '../../src/i18n/translator';

const ROOT = path.join(__dirname, '../../src');
const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [fs.readFileSync(path.join(dir, e.name), 'utf8')] : []);
const code = [...sources(path.join(ROOT, 'services')), ...sources(path.join(ROOT, 'web'))].join('\n');

/** `action: 'x'` and `action: cond ? 'x' : 'y'` in what the services and the web layer audit. */
function writtenActions(): string[] {
  const out = new Set<string>();
  for (const m of code.matchAll(/\baction: ((?:[^,\n}]*?\? )?'[a-z_]+'(?: : '[a-z_]+')?)/g)) for (const q of m[1]!.matchAll(/'([a-z_]+)'/g)) out.add(q[1]!);
  // the refusals are audited under their kind
  for (const m of code.matchAll(/export type RefusalKind = ([^;]+);/g)) for (const q of m[1]!.matchAll(/'([a-z_]+)'/g)) out.add(q[1]!);
  return [...out].sort();
}

test('the source is read: the actions found include ones of every kind of write', () => {
  const found = writtenActions();
  for (const a of ['create', 'update', 'delete', 'record_milestone', 'correct_stage', 'record_households', 'correct_households', 'save_allowance_rule', 'sign_in', 'access_denied']) expect(found).toContain(a);
});

test('every action written is offered by the filter and has a name in Chinese and in English', () => {
  const zh = translatorFor('zh');
  const en = translatorFor('en');
  for (const a of writtenActions()) {
    expect({ a, offered: AUDIT_ACTIONS.includes(a) }).toEqual({ a, offered: true });
    const key = `audit.actionName.${a}`;
    expect({ a, zh: zh(key) !== key, en: en(key) !== key }).toEqual({ a, zh: true, en: true });
    expect(zh(key)).toMatch(/[\u4e00-\u9fff]/);
    // a word for a reader, not the identifier
    expect(en(key)).not.toBe(a);
    expect(en(key)).toMatch(/^[A-Z]/);
  }
});

test('every kind of object written is offered by the filter and named in both languages', () => {
  const types = new Set<string>();
  for (const m of code.matchAll(/\bobjectType: '([a-z_]+)'/g)) types.add(m[1]!);
  expect([...types]).toEqual(expect.arrayContaining(['user', 'district', 'batch', 'report']));
  for (const ty of types) {
    expect({ ty, offered: OBJECT_TYPES.includes(ty) }).toEqual({ ty, offered: true });
    expect(translatorFor('zh')(`audit.type.${ty}`)).toMatch(/[\u4e00-\u9fff]/);
    expect(translatorFor('en')(`audit.type.${ty}`)).toMatch(/^[A-Z][a-z]+$/);
  }
});
