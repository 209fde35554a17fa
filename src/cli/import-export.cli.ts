// `import FILE… [--dry-run] [--lang en|zh]` and `export [--table T] --format F [--out FILE]` for the
// command-line tool. Problems go to standard error, one per line with file, row and column; the
// exit code is 1 when the import is refused, 2 for a usage mistake.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config';
import type { Db } from '../db/create-db';
import { todayInChina } from '../clock';
import type { ImportError, PlanSummary } from '../domain/import-types';
import { TABLE_NAMES, type TableName } from '../domain/import-tables';
import { translatorFor, type Translate } from '../i18n/translator';
import { SYSTEM_ACTOR } from '../services/audit.service';
import { exportTables } from '../services/export.service';
import { commitImport, previewImport } from '../services/import/import.service';
import { MAX_FILE_BYTES, MB } from '../services/import/limits';
import { translateError } from '../web/messages';

type Out = (line: string) => void;


function usage(message: string): number {
  console.error(`error: ${message}`);
  return 2;
}

function printProblems(errors: readonly ImportError[], t: Translate): void {
  for (const e of errors) {
    const where = [e.source, e.row === null ? null : t('importer.cli.row', { n: e.row }), e.column === null ? null : t('importer.cli.column', { name: e.column })]
      .filter(Boolean).join(t('importer.cli.separator'));
    console.error(`${where}${t('importer.cli.colon')}${translateError(t, e.key)}`);
  }
  console.error(t('importer.cli.problems', { count: errors.length }));
}

function printSummary(s: PlanSummary, t: Translate, out: Out): void {
  const line = (name: string, c: { create: number; update: number; unchanged: number }) =>
    out(t('importer.cli.counts', { table: t(`importer.cli.tables.${name}`), create: c.create, update: c.update, unchanged: c.unchanged }));
  for (const name of TABLE_NAMES) line(name, s.tables[name]);
  line('batches', s.batches);
  const list = (names: string[]) => names.join(t('importer.listSeparator'));
  if (s.districtsCreated.length) out(t('importer.cli.newDistricts', { names: list(s.districtsCreated) }));
  if (s.villagesCreated.length) out(t('importer.cli.newVillages', { names: list(s.villagesCreated) }));
}

export async function importCommand(db: Db, config: Config, args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' }, lang: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length === 0) return usage('import needs at least one FILE (CSV or XLSX)');
  if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'zh') return usage('--lang must be en or zh');
  const t = translatorFor(values.lang === 'zh' ? 'zh' : 'en');
  const files = [];
  for (const file of positionals) {
    const stat = fs.existsSync(file) ? fs.statSync(file) : null;
    if (!stat) return usage(`no such file: ${file}`);
    if (!stat.isFile()) return usage(`not a file: ${file}`);
    const size = stat.size;
    if (size > MAX_FILE_BYTES) {
      printProblems([{ source: path.basename(file), row: null, column: null, key: `importer.error.too_large|${MAX_FILE_BYTES / MB}` }], t);
      return 1;
    }
    files.push({ name: path.basename(file), bytes: fs.readFileSync(file) });
  }
  const asOf = config.asOf ?? todayInChina();
  const preview = await previewImport(db, files, asOf);
  for (const n of preview.notes) out(t('importer.cli.note', { text: translateError(t, n) }));
  if (!preview.upload || !preview.summary) {
    printProblems(preview.errors, t);
    return 1;
  }
  printSummary(preview.summary, t, out);
  if (values['dry-run']) {
    out(t('importer.cli.dryRun'));
    return 0;
  }
  const result = await commitImport(db, SYSTEM_ACTOR, asOf, preview.upload, (p) => {
    process.stderr.write(`\r${t(`importer.cli.${p.phase === 'checking' ? 'checking' : 'writing'}`, { done: p.done, total: p.total })}`);
  });
  process.stderr.write('\n');
  if (!result.ok) {
    printProblems(result.errors, t);
    return 1;
  }
  out(t('importer.cli.imported', { count: preview.upload.rowCount, files: preview.upload.files.join(t('importer.listSeparator')) }));
  return 0;
}

export async function exportCommand(db: Db, config: Config, args: string[], out: Out): Promise<number> {
  const { values } = parseArgs({ args, options: { table: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' } }, strict: true });
  const format = values.format;
  if (format !== 'csv' && format !== 'xlsx') return usage('export needs --format csv or --format xlsx');
  const table = values.table ?? 'all';
  if (table !== 'all' && !(TABLE_NAMES as readonly string[]).includes(table)) return usage(`--table must be one of ${TABLE_NAMES.join(', ')} or all`);
  if (format === 'csv' && table === 'all') return usage('a CSV holds one table: give --table projects, buildings, reports, households or allowance_rules');
  const lang = values.lang ?? 'en';
  if (lang !== 'en' && lang !== 'zh') return usage('--lang must be en or zh');
  const tables: TableName[] = table === 'all' ? [...TABLE_NAMES] : [table as TableName];
  const file = await exportTables(db, SYSTEM_ACTOR, { tables, format, lang, asOf: config.asOf ?? todayInChina() });
  if (values.out) {
    fs.writeFileSync(values.out, file.body);
    out(`wrote ${values.out} (${file.body.length} bytes)`);
  } else {
    process.stdout.write(file.body);
  }
  return 0;
}
