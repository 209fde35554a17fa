// Spreadsheet import (upload → preview → commit as a background job with progress) and export.
// The upload is multipart, so it reads the body with multer first and checks the CSRF token after.
import { Router, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import pino from 'pino';
import type { Config } from '../../../config';
import type { Db } from '../../../db/create-db';
import { NotFoundError, ValidationError } from '../../../domain/errors';
import { TABLE_NAMES, type TableName } from '../../../domain/import-tables';
import type { ImportError } from '../../../domain/import-types';
import { exportTables } from '../../../services/export.service';
import { commitImport, previewImport } from '../../../services/import/import.service';
import { jobStore, startJob, uploadStore } from '../../../services/import/job-store';
import { MAX_FILE_BYTES, MAX_FILES, MAX_ROWS, MB } from '../../../services/import/limits';
import { UploadReader } from '../../../services/import/read-worker';
import { csrfProtection } from '../../middleware/csrf';
import { actorOf } from '../../middleware/current-user';
import { queryValue } from '../../validate';
import { errorLines, headerHelp, noteLines } from '../../view-models/import.vm';
import type { BackgroundWork } from '../../../services/background-work';

const ownerOf = (res: Response) => (res.locals.user as { id: number }).id;
const problem = (key: string): ImportError => ({ source: '', row: null, column: null, key });

export function importExportRoutes(db: Db, config: Config, background?: BackgroundWork): Router {
  const router = Router();
  const logger = pino({ level: config.logLevel });
  const uploads = uploadStore(config.importPreviewMemoryMb * MB);
  const jobs = jobStore();
  const reader = new UploadReader({
    heapMb: config.importReadMemoryMb,
    onFailure: (err, key) => {
      if (key === 'importer.error.unexpected') logger.error({ err }, 'upload reader failed');
      else logger.warn({ err: err.message }, 'upload refused: the reader ran out of memory or time');
    },
  });
  const receiveFiles = multer({
    storage: multer.memoryStorage(),
    defParamCharset: 'utf8',
    limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES, fields: 5, fieldSize: 1024, parts: MAX_FILES + 5 },
  }).array('files', MAX_FILES);

  const renderForm = (res: Response, status: number, errors: readonly ImportError[] = [], notes: readonly string[] = []) => {
    const t = res.locals.t;
    res.status(status).render('pages/admin/import', {
      title: t('importer.title'), errors: errorLines(t, errors), notes: noteLines(t, notes), help: headerHelp(t),
      limits: { mb: MAX_FILE_BYTES / MB, rows: MAX_ROWS, files: MAX_FILES },
    });
  };

  router.get('/admin/import', (_req, res) => renderForm(res, 200));

  // Multer's own refusals (too large, too many files, a broken body) become a message on the form.
  const receive: RequestHandler = (req, res, next) =>
    receiveFiles(req, res, (err?: unknown) => {
      if (!err) return next();
      const code = err instanceof multer.MulterError ? err.code : '';
      if (code === 'LIMIT_FILE_SIZE') return renderForm(res, 413, [problem(`importer.error.too_large|${MAX_FILE_BYTES / MB}`)]);
      // a file under another field name is a malformed upload, not one file too many
      const extraFile = code === 'LIMIT_UNEXPECTED_FILE' && (err as multer.MulterError).field === 'files';
      if (code === 'LIMIT_FILE_COUNT' || extraFile) return renderForm(res, 400, [problem(`importer.error.too_many_files|${MAX_FILES}`)]);
      renderForm(res, 400, [problem('importer.error.bad_request')]);
    });

  router.post('/admin/import/preview', receive, csrfProtection, async (req, res) => {
    const files = ((req.files as Express.Multer.File[] | undefined) ?? []).map((f) => ({ name: f.originalname, bytes: f.buffer }));
    const result = await previewImport(db, files, res.locals.asOf, (f) => reader.read(f));
    if (!result.upload || !result.summary) {
      const busy = result.errors.some((e) => e.key === 'importer.error.busy');
      return renderForm(res, busy ? 503 : 400, result.errors, result.notes);
    }
    // Refused, not made room for: room would come out of other users' previews waiting for confirmation.
    const uploadId = uploads.tryPut(ownerOf(res), result.upload);
    if (!uploadId) return renderForm(res, 503, [problem('importer.error.previews_full')]);
    const t = res.locals.t;
    res.render('pages/admin/import-preview', {
      title: t('importer.preview.title'), summary: result.summary, notes: noteLines(t, result.notes),
      files: result.upload.files, uploadId, tables: TABLE_NAMES,
    });
  });

  router.post('/admin/import/commit', (req, res) => {
    const id = (req.body as Record<string, unknown> | undefined)?.upload;
    const upload = typeof id === 'string' ? uploads.take(id, ownerOf(res)) : undefined;
    if (!upload) return renderForm(res, 400, [problem('importer.error.expired')]);
    const actor = actorOf(req, res);
    const asOf: string = res.locals.asOf;
    const jobId = startJob(jobs, ownerOf(res), upload, (onProgress) => commitImport(db, actor, asOf, upload, onProgress),
      (err) => logger.error({ err, files: upload.files }, 'import job failed'), background);
    res.redirect(303, `/admin/import/status/${jobId}`);
  });

  router.get('/admin/import/status/:id', (req, res) => {
    const job = jobs.get(String(req.params.id), ownerOf(res));
    if (!job) throw new NotFoundError('import job', req.params.id);
    if (queryValue(req.query.format) === 'json') {
      return res.json({ state: job.state, phase: job.phase, done: job.done, total: job.total });
    }
    const t = res.locals.t;
    res.render('pages/admin/import-status', {
      title: t('importer.status.title'), job, tables: TABLE_NAMES, statusUrl: `/admin/import/status/${encodeURIComponent(String(req.params.id))}`,
      errors: job.result && !job.result.ok ? errorLines(t, job.result.errors) : null,
      summary: job.result?.ok ? job.result.summary : null,
    });
  });

  router.get('/admin/export', async (req, res) => {
    const format = queryValue(req.query.format);
    const table = queryValue(req.query.table);
    if (format === undefined && table === undefined) {
      return res.render('pages/admin/import-export', { title: res.locals.t('exporter.title'), tables: TABLE_NAMES });
    }
    const errors: Record<string, string> = {};
    if (format !== 'csv' && format !== 'xlsx') errors.format = 'validation.choice';
    const tables: TableName[] | null = table === undefined || table === 'all' ? [...TABLE_NAMES]
      : (TABLE_NAMES as readonly string[]).includes(table) ? [table as TableName] : null;
    if (!tables || (format === 'csv' && tables.length !== 1)) errors.table = 'validation.choice';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const file = await exportTables(db, actorOf(req, res), { tables: tables!, format: format as 'csv' | 'xlsx', lang: res.locals.lang, asOf: res.locals.asOf });
    res.type(file.contentType);
    res.attachment(file.filename);
    res.send(file.body);
  });

  return router;
}
