// Import = read the files, plan against the database, show the plan; commit = plan again inside one
// transaction (the data may have changed since the preview) and write all of it, or nothing.
import type { Db } from '../../db/create-db';
import { ConflictError } from '../../domain/errors';
import { planImport, type StoredExtras } from '../../domain/import-plan';
import type { ImportError, ParsedUpload, PlanOp, PlanSummary } from '../../domain/import-types';
import type { IsoDate } from '../../domain/types';
import { loadCatalogue } from '../../repositories/catalogue.repository';
import { allHouseholdRecords, allowanceRules, lockBatches } from '../../repositories/household.repository';
import type { Conn } from '../../repositories/catalogue.repository';
import { audit, type Actor } from '../audit.service';
import { applyPlan } from './apply-plan';
import { readUpload, type ReadResult, type UploadFile } from './read-upload';

export interface PreviewResult {
  upload: ParsedUpload | null;
  summary: PlanSummary | null;
  errors: ImportError[];
  notes: string[];
}

/**
 * Reads and checks the files and says what a commit would do; writes nothing. The server reads them
 * off its main thread (`readFiles` is an UploadReader's); the command line in its own.
 */
export async function previewImport(
  db: Db, files: readonly UploadFile[], asOf: IsoDate, readFiles: (files: readonly UploadFile[]) => Promise<ReadResult> = readUpload,
): Promise<PreviewResult> {
  const read = await readFiles(files);
  const fileLevel = read.errors.some((e) => e.row === null || e.key.startsWith('importer.'));
  if (!read.upload || fileLevel) return { upload: null, summary: null, errors: sortErrors(read.errors), notes: read.notes };
  // Rows with bad cells are left out of the plan, which still finds the other rows' problems; a
  // reference to a record that a left-out row would have created is then not a problem of its own.
  const plan = planImport(await loadCatalogue(db), read.upload, asOf, await storedExtras(db, read.upload));
  const planErrors = read.errors.length ? plan.errors.filter((e) => !DEPENDENT.has(e.key)) : plan.errors;
  const errors = [...read.errors, ...planErrors];
  const notes = [...read.notes, ...plan.summary.notes];
  if (errors.length) return { upload: null, summary: null, errors: sortErrors(errors), notes };
  return { upload: read.upload, summary: plan.summary, errors: [], notes };
}

/** The household records and allowance rules, read only when the upload has those tables. */
async function storedExtras(db: Conn, upload: ParsedUpload): Promise<StoredExtras> {
  return {
    households: upload.tables.households ? await allHouseholdRecords(db) : [],
    rules: upload.tables.allowance_rules ? await allowanceRules(db) : [],
  };
}

const DEPENDENT = new Set([
  'validation.import_unknown_project', 'validation.import_unknown_village', 'validation.import_unknown_scope', 'validation.import_unknown_district',
]);

export function sortErrors(errors: readonly ImportError[]): ImportError[] {
  return [...errors].sort((a, b) => a.source.localeCompare(b.source) || (a.row ?? 0) - (b.row ?? 0));
}

export type Progress = { phase: 'checking' | 'writing'; done: number; total: number };

export type CommitResult = { ok: true; summary: PlanSummary } | { ok: false; errors: ImportError[] };

class PlanRefused extends Error {
  constructor(readonly errors: ImportError[]) {
    super('import refused');
  }
}

/** Counts for the audit record: how many rows of each table were created, updated or left unchanged. */
export function countsOf(s: PlanSummary) {
  const t = (k: keyof PlanSummary['tables']) => ({ create: s.tables[k].create, update: s.tables[k].update, unchanged: s.tables[k].unchanged });
  return {
    projects: t('projects'), buildings: t('buildings'), reports: t('reports'), households: t('households'), allowanceRules: t('allowance_rules'), batches: { ...s.batches },
    districtsCreated: s.districtsCreated.length, villagesCreated: s.villagesCreated.length,
  };
}

/** The existing batches that the plan's household rows write to. */
const householdBatchIds = (ops: readonly PlanOp[]): number[] =>
  ops.flatMap((op) => (op.op === 'households' && 'id' in op.batch ? [op.batch.id] : []));

export async function commitImport(
  db: Db, actor: Actor, asOf: IsoDate, upload: ParsedUpload, onProgress: (p: Progress) => void = () => undefined,
): Promise<CommitResult> {
  onProgress({ phase: 'checking', done: 0, total: upload.rowCount });
  try {
    const summary = await db.transaction().execute(async (trx) => {
      const planned = async () => planImport(await loadCatalogue(trx), upload, asOf, await storedExtras(trx, upload));
      let plan = await planned();
      // Household rows are checked against the batch's other records: as the form does, hold those batches
      // first, then plan again from what the writers before this one committed (PostgreSQL runs them side by side).
      const held = householdBatchIds(plan.ops);
      if (held.length) {
        await lockBatches(trx, held);
        plan = await planned();
      }
      if (plan.errors.length) throw new PlanRefused(sortErrors(plan.errors));
      const total = plan.ops.length;
      onProgress({ phase: 'writing', done: 0, total });
      await applyPlan(trx, plan.ops, { actor, asOf }, (done) => onProgress({ phase: 'writing', done, total }));
      await audit(trx, actor, { action: 'import', objectType: 'import', after: { files: upload.files, rows: upload.rowCount, counts: countsOf(plan.summary) } });
      return plan.summary;
    });
    return { ok: true, summary };
  } catch (err) {
    const errors = err instanceof PlanRefused ? err.errors
      : err instanceof ConflictError ? [{ source: upload.files.join(', '), row: null, column: null, key: 'importer.error.changed' }]
      : null;
    if (!errors) throw err;
    await audit(db, actor, { action: 'import', objectType: 'import', result: 'failed', detail: `${errors.length} problem(s)`, after: { files: upload.files, rows: upload.rowCount } });
    return { ok: false, errors };
  }
}
