// Domain errors carry what the web layer needs to answer: the entity and id, the fields, the action.
import { ConflictError, ForbiddenError, NotFoundError, NotSignedInError, ValidationError } from '../../src/domain/errors';

test('each error says what it is about, in its name, its message and its fields', () => {
  const nf = new NotFoundError('project', 7);
  expect([nf.name, nf.message, nf.entity, nf.id]).toEqual(['NotFoundError', 'project 7 not found', 'project', 7]);
  const v = new ValidationError({ date: 'validation.future', stage: 'validation.choice' });
  expect([v.name, v.message, v.fieldErrors]).toEqual(['ValidationError', 'Invalid input: date, stage', { date: 'validation.future', stage: 'validation.choice' }]);
  const c = new ConflictError('batch', 3);
  expect([c.name, c.message, c.entity, c.id]).toEqual(['ConflictError', 'batch 3 was changed by someone else', 'batch', 3]);
  const s = new NotSignedInError();
  expect([s.name, s.message]).toEqual(['NotSignedInError', 'sign-in required']);
  const f = new ForbiddenError('POST /admin/users');
  expect([f.name, f.message, f.what]).toEqual(['ForbiddenError', 'not allowed: POST /admin/users', 'POST /admin/users']);
  for (const e of [nf, v, c, s, f]) expect(e).toBeInstanceOf(Error);
});
