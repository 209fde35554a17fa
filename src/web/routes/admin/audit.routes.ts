import { Router } from 'express';
import type { Db } from '../../../db/create-db';
import { readAuditPage } from '../../../services/audit-read.service';
import { auditRowsVm, SIGN_IN_ACTIONS } from '../../view-models/audit.vm';
import { isIsoDate, addDays } from '../../../domain/dates';
import { ValidationError } from '../../../domain/errors';
import { field } from '../../forms/fields';
import { parseId, queryValue } from '../../validate';

const PAGE = 50;
export const OBJECT_TYPES = ['user', 'district', 'village', 'project', 'batch', 'building', 'report', 'import', 'export', 'settings', 'feedback'];
/** What the action filter offers: every action a service records. */
export const AUDIT_ACTIONS = [
  'create', 'update', 'delete', 'record_milestone', 'correct_stage', 'correct_report', 'revise_target', 'record_households', 'correct_households',
  'save_allowance_rule', 'remove_allowance_rule', 'acknowledge_feedback', 'answer_feedback', 'close_feedback', 'publish_feedback', 'unpublish_feedback', 'import', 'export', 'sign_in', 'sign_out', 'lock_out', 'change_password', 'reset_password', 'access_denied', 'csrf_failed', 'refusals_uncounted', 'rotate_session_secret',
];
/** A username filter is read like a form's text field: no control characters (nor NUL, which PostgreSQL refuses). */
const usernameFilter = field.optionalText(64);

/** The audit log, newest first, filtered by user, object and date. Read-only for everyone. */
export function auditRoutes(db: Db): Router {
  const router = Router();
  router.get('/admin/audit', async (req, res) => {
    const q = {
      username: queryValue(req.query.username)?.trim() || undefined,
      objectType: queryValue(req.query.objectType) || undefined,
      objectId: queryValue(req.query.objectId) || undefined,
      from: queryValue(req.query.from) || undefined,
      to: queryValue(req.query.to) || undefined,
      action: queryValue(req.query.action) || undefined,
      signIns: queryValue(req.query.signIns) === '1' ? '1' : undefined,
      page: queryValue(req.query.page) || '1',
    };
    const errors: Record<string, string> = {};
    if (q.objectType && !OBJECT_TYPES.includes(q.objectType)) errors.objectType = 'validation.choice';
    if (q.action && !AUDIT_ACTIONS.includes(q.action)) errors.action = 'validation.choice';
    if (q.from && !isIsoDate(q.from)) errors.from = 'validation.date';
    if (q.to && !isIsoDate(q.to)) errors.to = 'validation.date';
    const username = usernameFilter.safeParse(q.username);
    if (!username.success) errors.username = username.error.issues[0]?.message ?? 'validation.invalid';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const objectId = q.objectId ? parseId(q.objectId, 'objectId') : undefined;
    const page = parseId(q.page, 'page');
    // Sign-ins are left out unless asked for, by the box or by choosing one of them as the action.
    const { rows, total, names } = await readAuditPage(db, {
      username: q.username, objectType: q.objectType, objectId, action: q.action, hideActions: q.signIns ? [] : SIGN_IN_ACTIONS,
      from: q.from, to: q.to ? addDays(q.to, 1) : undefined, limit: PAGE, offset: (page - 1) * PAGE,
    });
    const within = (q.objectType === 'project' || q.objectType === 'village') && objectId !== undefined ? q.objectType : null;
    res.render('pages/admin/audit', {
      title: res.locals.t('admin.audit'), rows: auditRowsVm(rows, names, res.locals.t, res.locals.fmt), total, page, pages: Math.max(1, Math.ceil(total / PAGE)),
      q, objectTypes: OBJECT_TYPES, actions: AUDIT_ACTIONS, within,
    });
  });
  return router;
}
