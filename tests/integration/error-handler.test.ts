// The error handler and the request log on their own, in an app with nothing else: which status
// each error gets, what a reader is told when there is no page set-up to draw the error page with
// (a failure before it), what happens to an answer already under way, and what one log line holds.
// The full app's error pages are in errors.test.ts and production-errors.test.ts.
import express, { type Express } from 'express';
import request from 'supertest';
import { ConflictError, ForbiddenError, NotFoundError, NotSignedInError, ValidationError } from '../../src/domain/errors';
import { errorHandler } from '../../src/web/middleware/errors';
import { requestLog } from '../../src/web/middleware/request-log';
import { memoryLogger } from '../helpers/staff-app';

interface Line { level: number; msg: string; reqId?: string; req?: { method: string; url: string }; res?: { statusCode: number }; err?: { type: string; message: string; stack?: string; code?: unknown }; responseTime?: number }
const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;

function bareApp(routes: (app: Express) => void) {
  const log = memoryLogger('debug');
  const app = express();
  app.use(requestLog(log.logger));
  routes(app);
  app.use(errorHandler(log.logger));
  const lines = () => log.lines.map((l) => JSON.parse(l) as Line);
  return { app, lines };
}

/** Each error a route can raise, the status it must get, and what JSON and plain text say. */
const CASES: [string, number, string, () => unknown][] = [
  ['a NotFoundError', 404, 'not_found', () => new NotFoundError('project', 7)],
  ['a ValidationError', 400, 'invalid_request', () => new ValidationError({ id: 'validation.id' })],
  ['a NotSignedInError', 401, 'bad_request', () => new NotSignedInError()],
  ['a ForbiddenError', 403, 'bad_request', () => new ForbiddenError('GET /admin')],
  ['a ConflictError', 409, 'bad_request', () => new ConflictError('building', 3)],
  ['a 413 from a body parser', 413, 'bad_request', () => Object.assign(new Error('too large'), { status: 413 })],
  ['a 400 from a body parser', 400, 'invalid_request', () => Object.assign(new Error('bad json'), { status: 400 })],
  ['a 499 (the last client status)', 499, 'bad_request', () => Object.assign(new Error('x'), { status: 499 })],
  ['a status of 500 or more on the error', 500, 'internal_error', () => Object.assign(new Error('upstream'), { status: 502 })],
  ['a status of exactly 500', 500, 'internal_error', () => Object.assign(new Error('x'), { status: 500 })],
  ['a status under 400', 500, 'internal_error', () => Object.assign(new Error('x'), { status: 302 })],
  ['a status that is text', 500, 'internal_error', () => Object.assign(new Error('x'), { status: '404' })],
  ['a plain Error', 500, 'internal_error', () => new Error('boom')],
];

describe('the status of each error, on the API (JSON)', () => {
  test.each(CASES)('%s → %i, error %s', async (_name, status, code, make) => {
    expect.hasAssertions();
    const { app } = bareApp((a) => a.get('/api/x', () => { throw make(); }));
    const res = await request(app).get('/api/x');
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(code);
    // only an unexpected error gets an incident id (the request id) and no-store
    if (status === 500) {
      expect(res.body).toEqual({ error: 'internal_error', incident: res.headers['x-request-id'] });
      expect(res.headers['cache-control']).toBe('no-store');
    } else {
      expect(res.body.incident).toBeUndefined();
      expect(res.headers['cache-control']).toBeUndefined();
    }
  });

  test('a ValidationError names its fields in the JSON', async () => {
    expect.hasAssertions();
    const { app } = bareApp((a) => a.get('/api/x', () => { throw new ValidationError({ district: 'validation.id' }); }));
    expect((await request(app).get('/api/x')).body).toEqual({ error: 'invalid_request', fields: { district: 'validation.id' } });
  });

  test('only a path that starts with /api/ (in any case) is answered in JSON', async () => {
    expect.hasAssertions();
    const { app } = bareApp((a) => {
      a.get('/API/x', () => { throw new NotFoundError('x', 1); });
      a.get('/pages/api/x', () => { throw new NotFoundError('x', 1); });
    });
    expect((await request(app).get('/API/x')).type).toBe('application/json');
    const page = await request(app).get('/pages/api/x');
    expect([page.status, page.type, page.text]).toEqual([404, 'text/plain', '找不到页面']);
  });
});

describe('before the page set-up: plain text in the reader\'s language', () => {
  test.each([
    ['zh', 'zh-CN', 404, '找不到页面', () => new NotFoundError('x', 1)],
    ['en', 'en-GB', 404, 'Not found', () => new NotFoundError('x', 1)],
    ['zh', 'zh-CN', 400, '请求有误', () => new ValidationError({ id: 'validation.id' })],
    ['en', 'en', 403, 'Error', () => new ForbiddenError('x')],
  ] as const)('%s (%s): %i is "%s"', async (_lang, accept, status, text, make) => {
    expect.hasAssertions();
    const { app } = bareApp((a) => a.get('/x', () => { throw make(); }));
    const res = await request(app).get('/x').set('Accept-Language', accept);
    expect([res.status, res.type, res.text]).toEqual([status, 'text/plain', text]);
  });

  test('an unexpected error: the generic message with the incident id, in Chinese by default and in English for an English reader', async () => {
    expect.hasAssertions();
    const { app } = bareApp((a) => a.get('/x', () => { throw new Error('secret detail'); }));
    const zh = await request(app).get('/x').set('X-Request-Id', 'incident-0001');
    expect([zh.status, zh.type]).toEqual([500, 'text/plain']);
    expect(zh.text).toBe('出错了。服务器处理时出错，请稍后再试。\n事件编号：incident-0001（联系我们时请提供这个编号）');
    expect(zh.headers['cache-control']).toBe('no-store');
    const en = await request(app).get('/x?lang=en').set('X-Request-Id', 'incident-0002');
    expect(en.text).toBe('Something went wrong on our side. Please try again later.\nIncident id: incident-0002 (please quote it if you contact us)');
  });

  test('without a request log there is no incident id, and the message says only that something went wrong', async () => {
    expect.hasAssertions();
    const log = memoryLogger();
    const app = express();
    app.get('/x', () => { throw new Error('boom'); });
    app.use(errorHandler(log.logger));
    const res = await request(app).get('/x').set('Accept-Language', 'en');
    expect([res.status, res.text]).toEqual([500, 'Something went wrong on our side. Please try again later.']);
    const zh = await request(app).get('/x');
    expect([zh.status, zh.text]).toEqual([500, '出错了。服务器处理时出错，请稍后再试。']);
  });

  test('a page set-up with only half of it (a translator but no formatter) still answers in plain text', async () => {
    expect.hasAssertions();
    const { app } = bareApp((a) => {
      a.use((_req, res, next) => { res.locals.t = (k: string) => k; next(); });
      a.get('/x', () => { throw new NotFoundError('x', 1); });
    });
    const res = await request(app).get('/x');
    expect([res.status, res.type, res.text]).toEqual([404, 'text/plain', '找不到页面']);
  });
});

describe('signing in', () => {
  test('a page that needs a signed-in user sends a GET to the sign-in form, with the whole address to come back to', async () => {
    expect.hasAssertions();
    const { app } = bareApp((a) => a.get('/admin/x', () => { throw new NotSignedInError(); }));
    const res = await request(app).get('/admin/x?page=2&sort=name');
    expect([res.status, res.headers.location]).toEqual([303, `/login?next=${encodeURIComponent('/admin/x?page=2&sort=name')}`]);
  });

  test('a POST is refused with 401, not redirected (what it sent would be lost)', async () => {
    expect.hasAssertions();
    const { app } = bareApp((a) => a.post('/admin/x', () => { throw new NotSignedInError(); }));
    const res = await request(app).post('/admin/x');
    expect([res.status, res.headers.location]).toEqual([401, undefined]);
  });
});

describe('an error when the answer is already under way', () => {
  test('an answer half sent is cut short, so the client sees it incomplete; the error is on the request\'s log line', async () => {
    expect.hasAssertions();
    const { app, lines } = bareApp((a) => a.get('/x', (_req, res, next) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '100' });
      res.write('the first part');
      next(new Error('failed half-way'));
    }));
    await expect(request(app).get('/x')).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
    await new Promise((r) => setTimeout(r, 20));
    const line = lines().find((l) => l.req?.url === '/x')!;
    expect(line.level).toBe(LEVEL.error);
    expect(line.err?.message).toBe('failed half-way');
  });

  test('an error after the answer was sent gets a log line of its own, at error, with the request id', async () => {
    expect.hasAssertions();
    let done!: () => void;
    const logged = new Promise<void>((r) => { done = r; });
    const { app, lines } = bareApp((a) => a.get('/x', (_req, res, next) => {
      res.on('finish', () => setImmediate(() => { next(new Error('after the end')); done(); }));
      res.send('all of it');
    }));
    const res = await request(app).get('/x');
    expect([res.status, res.text]).toEqual([200, 'all of it']);
    await logged;
    const line = lines().find((l) => l.msg === 'error after the response was sent')!;
    expect(line.level).toBe(LEVEL.error);
    expect(line.err?.message).toBe('after the end');
    expect(line.reqId).toBe(res.headers['x-request-id']);
  });
});

describe('the request log line', () => {
  const lineOf = async (app: Express, lines: () => Line[], url: string) => {
    const res = await request(app).get(url);
    return { res, line: lines().find((l) => l.reqId === res.headers['x-request-id'])! };
  };

  test('the address is logged as asked for, even with a secret-looking word in the path and no query', async () => {
    expect.hasAssertions();
    const { app, lines } = bareApp((a) => a.get('/{*any}', (_req, res) => void res.send('ok')));
    for (const url of ['/reset-password-help', '/projects/1', '/?q=a%20b', '/search?q=%E5%BC%A0&page=2']) {
      const { line } = await lineOf(app, lines, url);
      expect({ url, logged: line.req?.url, level: line.level }).toEqual({ url, logged: url, level: LEVEL.info });
    }
  });

  test('a request answered inside a router mounted on a path is logged with its whole address', async () => {
    expect.hasAssertions();
    const { app, lines } = bareApp((a) => {
      const router = express.Router();
      router.get('/inner', async (_req, res) => {
        await new Promise((r) => setTimeout(r, 5)); // answered later, as a page that reads the database is
        res.send('ok');
      });
      a.use('/mounted', router);
    });
    expect((await lineOf(app, lines, '/mounted/inner?x=1')).line.req?.url).toBe('/mounted/inner?x=1');
  });

  test('the values of secret-looking parameters are replaced, the rest kept in order', async () => {
    expect.hasAssertions();
    const { app, lines } = bareApp((a) => a.get('/{*any}', (_req, res) => void res.send('ok')));
    const { line } = await lineOf(app, lines, '/x?page=2&token=abc&sort=name&password=hunter2');
    expect(line.req?.url).toBe('/x?page=2&token=%5Bredacted%5D&sort=name&password=%5Bredacted%5D');
  });

  test('a tracking code in the path is replaced; /feedback/new and /feedback/rate are not codes', async () => {
    expect.hasAssertions();
    const { app, lines } = bareApp((a) => a.get('/{*any}', (_req, res) => void res.send('ok')));
    expect((await lineOf(app, lines, '/feedback/K7M2-QX9P-A4TD')).line.req?.url).toBe('/feedback/[redacted]');
    expect((await lineOf(app, lines, '/feedback/new')).line.req?.url).toBe('/feedback/new');
    expect((await lineOf(app, lines, '/feedback/rate?x=1')).line.req?.url).toBe('/feedback/rate?x=1');
  });

  test('an address of 1,000 characters is logged whole; one of 1,001 is cut at 1,000 with an ellipsis', async () => {
    expect.hasAssertions();
    const { app, lines } = bareApp((a) => a.get('/{*any}', (_req, res) => void res.send('ok')));
    const exact = `/${'a'.repeat(999)}`;
    expect((await lineOf(app, lines, exact)).line.req?.url).toBe(exact);
    const longer = `/${'b'.repeat(1000)}`;
    expect((await lineOf(app, lines, longer)).line.req?.url).toBe(`${longer.slice(0, 1000)}…`);
  });

  test('the health probe is logged at debug with or without a query; a page at info', async () => {
    expect.hasAssertions();
    const { app, lines } = bareApp((a) => a.get('/{*any}', (_req, res) => void res.send('ok')));
    expect((await lineOf(app, lines, '/healthz?probe=1')).line.level).toBe(LEVEL.debug);
    expect((await lineOf(app, lines, '/healthz-report')).line.level).toBe(LEVEL.info);
  });

  test('a 5xx answered without an exception (a health check\'s 503) is a warning, "request failed", with no made-up error', async () => {
    expect.hasAssertions();
    const { app, lines } = bareApp((a) => {
      a.get('/down', (_req, res) => void res.status(503).json({ status: 'unavailable' }));
      a.get('/five-hundred', (_req, res) => void res.status(500).send('no'));
      a.get('/499', (_req, res) => void res.status(499).send('no'));
    });
    for (const url of ['/down', '/five-hundred']) {
      const { line } = await lineOf(app, lines, url);
      expect({ url, level: line.level, msg: line.msg, err: line.err, status: line.res?.statusCode }).toEqual({ url, level: LEVEL.warn, msg: 'request failed', err: undefined, status: url === '/down' ? 503 : 500 });
      expect(typeof line.responseTime).toBe('number');
    }
    expect((await lineOf(app, lines, '/499')).line.level).toBe(LEVEL.info);
  });

  test('an unexpected error is on the request\'s own line: level error, "unhandled error", its type, message, stack and code', async () => {
    expect.hasAssertions();
    const { app, lines } = bareApp((a) => {
      a.get('/text-code', () => { throw Object.assign(new TypeError('bad thing'), { code: 'E_BAD' }); });
      a.get('/number-code', () => { throw Object.assign(new Error('numbered'), { code: 42 }); });
      a.get('/object-code', () => { throw Object.assign(new Error('odd'), { code: { nested: true } }); });
    });
    const text = (await lineOf(app, lines, '/text-code')).line;
    expect([text.level, text.msg]).toEqual([LEVEL.error, 'unhandled error']);
    expect(text.err).toMatchObject({ type: 'TypeError', message: 'bad thing', code: 'E_BAD' });
    expect(text.err?.stack).toMatch(/^TypeError: bad thing\n\s+at /);
    expect((await lineOf(app, lines, '/number-code')).line.err).toMatchObject({ message: 'numbered', code: 42 });
    const odd = (await lineOf(app, lines, '/object-code')).line.err!;
    expect(odd.message).toBe('odd');
    expect('code' in odd).toBe(false);
  });

  test('a line logged during the request carries the request id, not the whole request', async () => {
    expect.hasAssertions();
    const { app, lines } = bareApp((a) => a.get('/x', (req, res) => {
      req.log.info('inside the request');
      res.send('ok');
    }));
    const res = await request(app).get('/x');
    const inside = lines().find((l) => l.msg === 'inside the request')!;
    expect(inside.reqId).toBe(res.headers['x-request-id']);
    expect(inside.req).toBeUndefined();
  });
});
