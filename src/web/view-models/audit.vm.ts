// The audit log as a reviewer reads it: China time, the address as people write it, each object by
// its name with a link, and each change as the field's label with its value before and after.
import { SYSTEM_ACTOR } from '../../services/audit.service';
import { displayIp, fieldChanges } from '../../domain/audit-changes';
import { isIsoDate } from '../../domain/dates';
import { STAGES, type Stage } from '../../domain/types';
import type { AuditObjectName, AuditRecord } from '../../repositories/audit.repository';
import type { Formatter } from '../format';
import type { T } from './dashboard-links';

/** Sign-in, sign-out and lock-out rows: most of the log, and rarely what a reviewer looks for. */
export const SIGN_IN_ACTIONS = ['sign_in', 'sign_out', 'lock_out'] as const;

export interface AuditChangeVm { label: string; before: string; after: string }

export interface AuditRowVm {
  id: number;
  /** The stored UTC instant (for `<time datetime>`) and the same in China time. */
  atUtc: string;
  at: string;
  username: string | null;
  ip: string | null;
  action: string;
  result: AuditRecord['result'];
  detail: string | null;
  /** "批次 · 赵村安置住宅 · 第一批", linked where it still exists; null for rows about no object. */
  object: { type: string; name: string; href: string | null } | null;
  changes: AuditChangeVm[];
}

const isStage = (v: unknown): v is Stage => typeof v === 'string' && (STAGES as readonly string[]).includes(v);

function valueText(field: string, v: unknown, t: T, fmt: Formatter): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return t(v ? 'auditView.yes' : 'auditView.no');
  if (typeof v === 'number') {
    if (/M2$/.test(field)) return fmt.area(v);
    if (/Yuan/.test(field)) return fmt.money(v);
    if (/Rate$/.test(field)) return fmt.rate(v);
    return fmt.number(v, 2);
  }
  if (typeof v === 'string') {
    if (isStage(v) && /stage/i.test(field)) return t(`stage.${v}`);
    if (field === 'kind') return t(`kind.${v}`, { defaultValue: v });
    if (field === 'status') return t(`projectStatus.${v}`, { defaultValue: v });
    if (field === 'halted') return t(`projectHalt.${v}`, { defaultValue: v });
    if (field === 'role') return t(`role.${v}`, { defaultValue: v });
    if (/Precision$/.test(field)) return t(`precision.${v}`, { defaultValue: v });
    if (isIsoDate(v)) return fmt.date(v);
    return v;
  }
  if (Array.isArray(v)) {
    // The buildings' stages before a milestone: "主体施工 ×8".
    if (v.every((x) => x && typeof x === 'object' && isStage((x as { stage?: unknown }).stage))) {
      const n = new Map<Stage, number>();
      for (const x of v as { stage: Stage }[]) n.set(x.stage, (n.get(x.stage) ?? 0) + 1);
      return [...n].map(([s, k]) => `${t(`stage.${s}`)} ×${fmt.number(k)}`).join(t('auditView.listSep'));
    }
    return v.map((x) => valueText(field, x, t, fmt)).join(t('auditView.listSep'));
  }
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${fieldLabel(k, t)} ${valueText(k, x, t, fmt)}`).join(t('auditView.listSep'));
  }
  return String(v);
}

function fieldLabel(field: string, t: T): string {
  return t(`auditView.field.${field}`, { defaultValue: t(`field.${field}`, { defaultValue: field }) });
}

function objectOf(r: AuditRecord, names: Map<string, AuditObjectName>, t: T, fmt: Formatter, lang: 'zh' | 'en'): AuditRowVm['object'] {
  if (!r.objectType) return null;
  const type = t(`audit.type.${r.objectType}`, { defaultValue: r.objectType });
  if (r.objectId === null) return { type, name: '', href: null };
  const n = names.get(`${r.objectType}:${r.objectId}`);
  if (!n) return { type, name: t('auditView.gone', { id: r.objectId }), href: null };
  const name = lang === 'en' && n.nameEn ? n.nameEn : n.nameZh;
  const parent = lang === 'en' ? n.parentEn ?? n.parentZh : n.parentZh;
  const shown = r.objectType === 'report' ? t('auditView.reportOf', { scope: name, date: fmt.date(n.date) })
    : r.objectType === 'building' ? `${parent} · ${name || t('auditView.noCode')}`
      : parent ? `${parent} · ${name}` : name;
  return { type, name: shown, href: n.href };
}

export function auditRowsVm(rows: readonly AuditRecord[], names: Map<string, AuditObjectName>, t: T, fmt: Formatter): AuditRowVm[] {
  return rows.map((r) => ({
    id: r.id,
    atUtc: r.at,
    at: fmt.dateTime(r.at),
    // the command line writes as SYSTEM_ACTOR (no account): said in words, not as the name "cli"
    username: r.userId === null && r.username === SYSTEM_ACTOR.username ? t('audit.commandLine') : r.username,
    ip: displayIp(r.ip),
    action: t(`audit.actionName.${r.action}`, { defaultValue: r.action }),
    result: r.result,
    detail: r.detail,
    object: objectOf(r, names, t, fmt, fmt.lang),
    changes: fieldChanges(r.before, r.after).map((c) => ({
      label: fieldLabel(c.field, t),
      before: c.before === undefined ? '—' : valueText(c.field, c.before, t, fmt),
      after: c.after === undefined ? '—' : valueText(c.field, c.after, t, fmt),
    })),
  }));
}
