// Every input of every route, for the bad-input suite. tests/integration/bad-input/coverage.test.ts
// checks these tables against ACCESS_RULES and the router, and each form's declared fields against
// the form the page renders, so a new route, query parameter or form field without an entry here
// fails the suite.
import { AUDIT_ACTIONS as AUDIT_ACTION_NAMES, OBJECT_TYPES } from '../../src/web/routes/admin/audit.routes';
import type { Role } from '../../src/db/schema';
import { isIsoDate } from '../../src/domain/dates';
import { normaliseCode } from '../../src/domain/tracking-code';
import type { FieldSpec } from './bad-input-values';

export type Who = 'anonymous' | Role;

/** `delete`: a confirmation page whose form sends only the CSRF token and the record's version. */
export type PostKind = 'form' | 'delete' | 'login' | 'logout' | 'password' | 'user-create' | 'user-change' | 'upload' | 'commit'
  /** a resident's form (message, rating): anonymous, guarded by a honeypot and a minimum fill time; tests/integration/feedback-input.test.ts */
  | 'resident'
  /** a staff step on a message, chosen by the button pressed */
  | 'feedback-step';

export interface PostField extends FieldSpec {
  /** The rules refuse a date after today here. */
  noFuture?: boolean;
}

export interface PostRoute {
  /** Path pattern as in ACCESS_RULES. */
  path: string;
  kind: PostKind;
  who: Who;
  /** The page whose form posts here (`:id` filled with 1, or the user under test). */
  page: string;
  fields: Readonly<Record<string, PostField>>;
  /** The form sends the record's version: a stale one is a 409, a malformed one a 400. */
  versioned?: boolean;
}

const text = (max: number, required = false): PostField => ({ kind: 'text', max, required });
const note = (max = 2000): PostField => ({ kind: 'note', max });
const integer: PostField = { kind: 'integer' };
const decimal: PostField = { kind: 'decimal' };
const rate: PostField = { kind: 'rate' };
const date = (o: { required?: boolean; noFuture?: boolean } = {}): PostField => ({ kind: 'date', ...o });
const choice = (required = true): PostField => ({ kind: 'choice', required });
const password: PostField = { kind: 'password' };

const VILLAGE = {
  districtName: text(100, true), nameZh: text(100, true), nameEn: text(100), householdsEntitled: integer, peopleEntitled: integer,
  demolitionDate: date({ noFuture: true }), note: note(), noteEn: note(),
};
const PROJECT = {
  villageId: { kind: 'id', required: true }, nameZh: text(200, true), nameEn: text(200), kind: choice(), halted: choice(false),
  landAreaM2: { kind: 'area' }, plannedFloorAreaM2: decimal, investmentYuan: decimal, developer: text(200), constructionEntity: text(200),
  plannedStart: date(), plannedCompletion: date(), plannedCompletionPrecision: choice(), actualStart: date({ noFuture: true }),
  actualCompletion: date({ noFuture: true }), note: note(), noteEn: note(),
} as const satisfies Record<string, PostField>;
const BATCH = {
  nameZh: text(100, true), nameEn: text(100), targetDeliveryDate: date(), targetPrecision: choice(), actualDeliveryDate: date({ noFuture: true }),
  households: integer, note: note(), noteEn: note(),
};
const BUILDING = { code: text(20), floors: integer, floorAreaM2: decimal, dwellingUnits: integer, stage: choice(), stageDate: date({ noFuture: true }) };
/** A stored building can also be put back a stage (with a reason) and moved to another batch of its project. */
const BUILDING_EDIT = { ...BUILDING, correctionReason: text(500), batchId: { kind: 'id', required: true } } as const satisfies Record<string, PostField>;
const MILESTONE = {
  target: { kind: 'ref', required: true, max: 40 }, stage: choice(), date: date({ required: true, noFuture: true }), note: note(500), correctionReason: text(500),
} as const satisfies Record<string, PostField>;
const REPORT = {
  scope: { kind: 'ref', required: true, max: 40 }, asOf: date({ required: true, noFuture: true }),
  plannedAreaM2: decimal, startedAreaM2: decimal, deliveredAreaM2: decimal, householdsEntitled: integer, householdsReturned: integer,
  peopleEntitled: integer, peopleReturned: integer, publishedStartRate: rate, publishedDeliveryRate: rate, publishedReturnRate: rate,
  sourceTitle: text(300), note: note(), isCorrection: { kind: 'checkbox' }, correctionReason: text(500),
} as const satisfies Record<string, PostField>;
const SETTINGS: Record<string, PostField> = {
  ...Object.fromEntries(['planned', 'foundation', 'structure', 'topped_out', 'finishing', 'landscaping', 'accepted', 'delivered'].map((s) => [`weight_${s}`, { kind: 'decimal', required: true }])),
  monthlyAllowanceYuanPerHousehold: decimal, staleAfterDays: { kind: 'integer', required: true }, certificateLagMonths: { kind: 'integer', required: true },
  feedbackAcknowledgeDays: { kind: 'integer', required: true }, feedbackAnswerDays: { kind: 'integer', required: true },
};
const HOUSEHOLDS = {
  batchId: { kind: 'ref', required: true, max: 12 }, asOf: date({ required: true, noFuture: true }), households: integer, allocated: integer, notices: integer,
  handedOver: integer, movedIn: integer, certificates: integer, correctionReason: text(500),
} as const satisfies Record<string, PostField>;
const ALLOWANCE = {
  districtId: { kind: 'id', required: true }, effectiveFrom: date({ required: true }), basis: choice(), amountYuan: { kind: 'decimal', required: true },
  minAreaM2: decimal, paidUntil: choice(), escalation: { kind: 'escalation', max: 200 }, remove: { kind: 'checkbox' },
} as const satisfies Record<string, PostField>;

/** Every POST route and what it reads. */
export const POST_ROUTES: readonly PostRoute[] = [
  { path: '/login', kind: 'login', who: 'anonymous', page: '/login?next=/admin', fields: { username: text(64, true), password, next: { kind: 'opaque' } } },
  { path: '/logout', kind: 'logout', who: 'staff', page: '/admin', fields: {} },
  { path: '/account/password', kind: 'password', who: 'staff', page: '/account/password', fields: { currentPassword: password, newPassword: password, confirmPassword: password } },
  { path: '/admin/villages/new', kind: 'form', who: 'staff', page: '/admin/villages/new', fields: VILLAGE },
  { path: '/admin/villages/:id/edit', kind: 'form', who: 'staff', page: '/admin/villages/1/edit', fields: VILLAGE, versioned: true },
  { path: '/admin/projects/new', kind: 'form', who: 'staff', page: '/admin/projects/new', fields: PROJECT },
  { path: '/admin/projects/:id/edit', kind: 'form', who: 'staff', page: '/admin/projects/1/edit', fields: { ...PROJECT, completionReason: text(500) }, versioned: true },
  { path: '/admin/projects/:id/batches/new', kind: 'form', who: 'staff', page: '/admin/projects/1/batches/new', fields: BATCH },
  { path: '/admin/batches/:id/edit', kind: 'form', who: 'staff', page: '/admin/batches/1/edit', fields: { ...BATCH, targetReason: text(500) }, versioned: true },
  { path: '/admin/batches/:id/buildings/new', kind: 'form', who: 'staff', page: '/admin/batches/1/buildings/new', fields: BUILDING },
  { path: '/admin/buildings/:id/edit', kind: 'form', who: 'staff', page: '/admin/buildings/1/edit', fields: BUILDING_EDIT, versioned: true },
  { path: '/admin/buildings/:id/delete', kind: 'delete', who: 'staff', page: '/admin/buildings/1/delete', fields: {}, versioned: true },
  { path: '/admin/milestones/new', kind: 'form', who: 'staff', page: '/admin/milestones/new?batch=1', fields: MILESTONE },
  { path: '/admin/reports/new', kind: 'form', who: 'staff', page: '/admin/reports/new?scope=project:2', fields: REPORT },
  { path: '/admin/settings', kind: 'form', who: 'admin', page: '/admin/settings', fields: SETTINGS },
  { path: '/admin/households/new', kind: 'form', who: 'staff', page: '/admin/households/new?batch=1', fields: HOUSEHOLDS },
  { path: '/admin/allowance', kind: 'form', who: 'admin', page: '/admin/allowance', fields: ALLOWANCE },
  { path: '/admin/users', kind: 'user-create', who: 'admin', page: '/admin/users', fields: { username: text(64, true), role: choice(), password } },
  {
    path: '/admin/users/:id', kind: 'user-change', who: 'admin', page: '/admin/users',
    fields: { action: choice(), version: { kind: 'integer', required: true }, role: choice(false), password },
  },
  { path: '/feedback/new', kind: 'resident', who: 'anonymous', page: '/feedback/new?project=1', fields: { messageKind: choice(), category: choice(), body: { kind: 'note', max: 2000, required: true }, website: text(0) } },
  { path: '/feedback/rate', kind: 'resident', who: 'anonymous', page: '/feedback/rate?batch=2', fields: { score: { kind: 'radio', required: true }, website: text(0) } },
  {
    path: '/admin/feedback/:id', kind: 'feedback-step', who: 'staff', page: '/admin/feedback/1',
    fields: { readIn: { kind: 'opaque' }, category: choice(false), answer: note(4000), closeReason: text(500) },
  },
  { path: '/admin/import/preview', kind: 'upload', who: 'staff', page: '/admin/import', fields: { files: { kind: 'file' } } },
  { path: '/admin/import/commit', kind: 'commit', who: 'staff', page: '/admin/import', fields: { upload: { kind: 'opaque' } } },
];

/**
 * How a GET route treats one of its parameters:
 * - `id`: a record id in the path; anything but a positive whole number in ASCII digits is a 400 naming it;
 * - `opaque`: a token in the path looked up as is; anything unknown is a 404;
 * - `asset`: a file path under /assets; anything not there is a 404;
 * - `validated`: a query parameter; a value it does not accept is a 400 naming it (`accepts` gets the
 *   first value, undefined when absent);
 * - `ignored`: a query parameter whose bad value falls back to the default (a stale bookmark still works).
 * (The milestone form's `q` is free text: every value is a search, none is refused.)
 */
export type ParamRule =
  | { kind: 'id' | 'opaque' | 'asset' | 'ignored' }
  | { kind: 'validated'; accepts: (v: string | undefined) => boolean };

export interface GetRoute {
  path: string;
  who: Who;
  /** Path and query parameters the route reads (`lang`, read by every page, is tested everywhere). */
  params: Readonly<Record<string, ParamRule>>;
  /** Query parameters sent with every request, so that the one under test is what decides. */
  with?: Readonly<Record<string, string>>;
  json?: boolean;
}

const ID = /^[1-9]\d{0,9}$/;
export const isIdText = (v: string): boolean => ID.test(v) && Number(v) <= 2_147_483_647;
const CONTROLISH = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ufffd-\uffff\r\n]/;
/** Visible text on one line, at most `max` characters once trimmed. */
export const isPlainText = (v: string, max: number): boolean => !CONTROLISH.test(v.trim()) && [...v.trim()].length <= max;

const id = { kind: 'id' } as const;
const ignored = { kind: 'ignored' } as const;
const validated = (accepts: (v: string | undefined) => boolean) => ({ kind: 'validated', accepts }) as const;
/** An optional id in the query: absent is fine, anything present must be a well-formed id. */
const optionalId = validated((v) => v === undefined || isIdText(v));
/** A filter left empty is no filter. */
const emptyIsAbsent = (accepts: (v: string) => boolean) => validated((v) => v === undefined || v === '' || accepts(v));

/** The API lists: a page from 1, at most 200 a page, filtered by a district or a village id. */
const LIST_PARAMS = {
  district: optionalId, village: optionalId, page: optionalId,
  limit: validated((v) => v === undefined || (isIdText(v) && Number(v) <= 200)),
};

// the audit log's filters offer exactly these (audit.routes.ts)
const AUDIT_TYPES: readonly string[] = OBJECT_TYPES;
const AUDIT_ACTIONS: readonly string[] = AUDIT_ACTION_NAMES;

export const GET_ROUTES: readonly GetRoute[] = [
  { path: '/healthz', who: 'anonymous', params: {}, json: true },
  { path: '/favicon.ico', who: 'anonymous', params: {} },
  { path: '/assets/chart.umd.min.js', who: 'anonymous', params: {} },
  { path: '/assets/*path', who: 'anonymous', params: { path: { kind: 'asset' } } },
  { path: '/', who: 'anonymous', params: { district: optionalId, sort: ignored, dir: ignored, page: optionalId } },
  { path: '/villages/:id', who: 'anonymous', params: { id, page: optionalId } },
  { path: '/projects/:id', who: 'anonymous', params: { id } },
  { path: '/projects/:id/records', who: 'anonymous', params: { id, page: optionalId } },
  { path: '/villages/:id/records', who: 'anonymous', params: { id, page: optionalId } },
  { path: '/districts/:id/records', who: 'anonymous', params: { id, page: optionalId } },
  { path: '/batches/:id', who: 'anonymous', params: { id } },
  { path: '/projects/:id/poster', who: 'anonymous', params: { id } },
  { path: '/buildings/:id', who: 'anonymous', params: { id } },
  // any text is searched for (control characters are no word); only a query past 200 characters is refused
  { path: '/search', who: 'anonymous', params: { q: validated((v) => v === undefined || v.length <= 200) } },
  { path: '/search/suggest', who: 'anonymous', params: { q: ignored }, json: true },
  // a well-formed tracking code shows its message (or 404); anything else is the lookup form again, 400 naming the field
  { path: '/feedback', who: 'anonymous', params: { tracking: validated((v) => v === undefined || normaliseCode(v) !== null) } },
  { path: '/feedback/new', who: 'anonymous', params: { project: optionalId, batch: optionalId, building: optionalId } },
  { path: '/feedback/rate', who: 'anonymous', params: { batch: optionalId } },
  { path: '/feedback/:code', who: 'anonymous', params: { code: { kind: 'opaque' } } },
  ...['district', 'village', 'project', 'batch'].map((scope) => ({ path: `/feeds/${scope}/:id.atom`, who: 'anonymous' as const, params: { id } })),
  ...['project', 'batch'].map((scope) => ({ path: `/calendar/${scope}/:id.ics`, who: 'anonymous' as const, params: { id } })),
  { path: '/api/v1/summary', who: 'anonymous', params: {}, json: true },
  { path: '/api/v1/villages', who: 'anonymous', params: LIST_PARAMS, json: true },
  { path: '/api/v1/projects', who: 'anonymous', params: LIST_PARAMS, json: true },
  { path: '/api/v1/projects/:id', who: 'anonymous', params: { id }, json: true },
  { path: '/export/public.csv', who: 'anonymous', params: {} },
  { path: '/login', who: 'anonymous', params: { next: ignored } },
  { path: '/account/password', who: 'staff', params: {} },
  { path: '/dashboard', who: 'official', params: { district: optionalId, sort: ignored, dir: ignored } },
  { path: '/dashboard/export.csv', who: 'official', params: { district: optionalId, sort: ignored, dir: ignored } },
  { path: '/admin', who: 'staff', params: {} },
  { path: '/admin/villages/new', who: 'staff', params: {} },
  { path: '/admin/villages/:id/edit', who: 'staff', params: { id } },
  { path: '/admin/projects/new', who: 'staff', params: { village: ignored } },
  { path: '/admin/projects/:id/edit', who: 'staff', params: { id } },
  { path: '/admin/projects/:id/batches/new', who: 'staff', params: { id } },
  { path: '/admin/batches/:id/edit', who: 'staff', params: { id } },
  { path: '/admin/batches/:id/buildings/new', who: 'staff', params: { id } },
  { path: '/admin/buildings/:id/edit', who: 'staff', params: { id } },
  { path: '/admin/buildings/:id/delete', who: 'staff', params: { id } },
  { path: '/admin/milestones/new', who: 'staff', params: { batch: ignored, q: validated(() => true) } },
  { path: '/admin/reports/new', who: 'staff', params: { scope: ignored } },
  { path: '/admin/import', who: 'staff', params: {} },
  { path: '/admin/import/status/:id', who: 'staff', params: { id: { kind: 'opaque' }, format: ignored } },
  {
    path: '/admin/export', who: 'staff', with: { format: 'xlsx', table: 'projects' },
    params: {
      format: validated((v) => v === 'csv' || v === 'xlsx'),
      table: validated((v) => v === undefined || ['projects', 'buildings', 'reports', 'all'].includes(v)),
    },
  },
  {
    path: '/admin/audit', who: 'staff',
    params: {
      username: validated((v) => v === undefined || v.trim() === '' || isPlainText(v, 64)),
      objectType: emptyIsAbsent((v) => AUDIT_TYPES.includes(v)),
      objectId: emptyIsAbsent(isIdText),
      from: emptyIsAbsent(isIsoDate),
      to: emptyIsAbsent(isIsoDate),
      action: emptyIsAbsent((v) => AUDIT_ACTIONS.includes(v)),
      signIns: ignored,
      page: emptyIsAbsent(isIdText),
    },
  },
  { path: '/admin/users', who: 'admin', params: {} },
  { path: '/admin/feedback', who: 'staff', params: { status: ignored, category: ignored, overdue: ignored, page: optionalId } },
  { path: '/admin/feedback/:id', who: 'staff', params: { id } },
  { path: '/admin/settings', who: 'admin', params: {} },
  { path: '/admin/households/new', who: 'staff', params: { batch: ignored, q: validated(() => true) } },
  { path: '/admin/allowance', who: 'admin', params: {} },
];
