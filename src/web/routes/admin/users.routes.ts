import { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../../config';
import type { Db } from '../../../db/create-db';
import { ConflictError, ValidationError } from '../../../domain/errors';
import { changeUser, createUser, listUsers, publicUser, ROLES, type UserChange } from '../../../services/user.service';
import { field, fieldErrors } from '../../forms/fields';
import { actorOf } from '../../middleware/current-user';
import { translateErrors } from '../../messages';
import { parseId } from '../../validate';

const createSchema = z.object({ username: field.text(64), role: field.choice(ROLES), password: z.string().max(1024) });
const changeSchema = z.object({
  action: field.choice(['role', 'disable', 'enable', 'reset_password'] as const),
  version: field.integer(1, 2_147_483_647),
  role: field.optionalChoice(ROLES),
  password: z.string().max(1024).optional(),
});

/** Admins manage accounts: create, change role, disable/enable, reset a password. */
export function userRoutes(db: Db, config: Config): Router {
  const router = Router();
  const page = async (res: Parameters<Parameters<Router['get']>[1]>[1], extra: { errors?: Record<string, string>; values?: Record<string, string>; notice?: string | null; rowError?: { id: number; message: string } | null } = {}) => {
    const users = (await listUsers(db)).map(publicUser);
    res.render('pages/admin/users', {
      title: res.locals.t('admin.users'), users, roles: ROLES, errors: extra.errors ?? {}, values: extra.values ?? { role: 'staff' },
      notice: extra.notice ?? null, rowError: extra.rowError ?? null,
    });
  };

  router.get('/admin/users', (_req, res) => page(res));

  router.post('/admin/users', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = { username: typeof body.username === 'string' ? body.username : '', role: typeof body.role === 'string' ? body.role : '' };
    const parsed = createSchema.safeParse(body);
    try {
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      await createUser(db, config, actorOf(req, res), parsed.data);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(400);
      return page(res, { errors: translateErrors(res.locals.t, err.fieldErrors), values });
    }
    res.redirect(303, '/admin/users');
  });

  router.post('/admin/users/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const parsed = changeSchema.safeParse(req.body ?? {});
    try {
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      const { action, version, role, password } = parsed.data;
      const change: UserChange =
        action === 'role' ? { kind: 'role', role: role ?? '' } : action === 'reset_password' ? { kind: 'reset_password', password: password ?? '' } : { kind: action };
      await changeUser(db, config, actorOf(req, res), id, version, change);
    } catch (err) {
      if (err instanceof ValidationError) {
        res.status(400);
        // Beside the row, so each message says which of its fields it is about.
        const messages = Object.entries(translateErrors(res.locals.t, err.fieldErrors)).map(([k, m]) => `${res.locals.t(`field.${k}`)}: ${m}`);
        return page(res, { rowError: { id, message: messages.join(' ') } });
      }
      if (err instanceof ConflictError) {
        res.status(409);
        return page(res, { rowError: { id, message: res.locals.t('validation.conflict') } });
      }
      throw err;
    }
    res.redirect(303, '/admin/users');
  });
  return router;
}
