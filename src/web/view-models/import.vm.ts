// What the import pages show: problems and notes translated into the reader's language, and the
// headers of each table for the help text.
import type { ImportError } from '../../domain/import-types';
import { TABLE_NAMES, TABLES, type TableName } from '../../domain/import-tables';
import { translateError } from '../messages';

type T = (key: string, opts?: Record<string, unknown>) => string;

const SHOWN_ERRORS = 500;

export interface ErrorLine {
  source: string;
  row: string;
  column: string;
  message: string;
}

export function errorLines(t: T, errors: readonly ImportError[]): { lines: ErrorLine[]; total: number; hidden: number } {
  const lines = errors.slice(0, SHOWN_ERRORS).map((e) => ({
    source: e.source || t('importer.wholeFile'),
    row: e.row === null ? '—' : String(e.row),
    column: e.column ?? '—',
    message: translateError(t, e.key),
  }));
  return { lines, total: errors.length, hidden: Math.max(0, errors.length - SHOWN_ERRORS) };
}

export const noteLines = (t: T, notes: readonly string[]): string[] => [...new Set(notes)].map((n) => translateError(t, n));

export function headerHelp(t: T): { table: TableName; name: string; columns: { en: string; zh: string }[] }[] {
  return TABLE_NAMES.map((table) => ({
    table,
    name: t(`importer.tables.${table}`),
    columns: TABLES[table].columns.map((c) => ({ en: c.id, zh: c.zh })),
  }));
}
