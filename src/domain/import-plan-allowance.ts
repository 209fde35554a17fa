// Allowance rule rows (过渡费标准) → each district's rule of a date: the rows of one district and
// effective date are its escalation steps and replace the rule stored for that date. A step left
// without months or multiplier is the base (after 0 months, × 1), which every rule has; the steps
// of a rule share basis, amount, minimum area and paid-until (as the form makes them); without
// 支付到, paid until the month of the keys. Rules equal to the stored ones are left alone.
import type { AllowanceRule } from './allowance';
import type { PlanContext } from './import-context';
import type { AllowanceRuleImportRow, ParsedTable } from './import-types';

const key = (r: Pick<AllowanceRule, 'afterMonths' | 'multiplier' | 'basis' | 'amountYuan' | 'minAreaM2' | 'paidUntil'>) =>
  JSON.stringify([r.afterMonths, r.multiplier, r.basis, r.amountYuan, r.minAreaM2, r.paidUntil]);
const sameRule = (a: readonly AllowanceRule[], b: readonly AllowanceRule[]) =>
  a.length === b.length && [...a].map(key).sort().join() === [...b].map(key).sort().join();

export function planAllowanceRules(ctx: PlanContext, t: ParsedTable<'allowance_rules'>, stored: readonly AllowanceRule[]): void {
  const col = (id: string) => t.headers[id] ?? id;
  const groups = new Map<string, { districtId: number; effectiveFrom: string; rows: AllowanceRuleImportRow[]; label: string }>();
  for (const r of [...t.rows].sort((a, b) => a.row - b.row)) {
    const ref = ctx.district(r.district, false);
    if (!ref || !('id' in ref)) {
      ctx.error(t.source, r.row, col('district'), 'validation.import_unknown_district');
      continue;
    }
    const g = `${ref.id}|${r.effectiveFrom}`;
    if (!groups.has(g)) groups.set(g, { districtId: ref.id, effectiveFrom: r.effectiveFrom, rows: [], label: `${r.district} · ${r.effectiveFrom}` });
    groups.get(g)!.rows.push(r);
  }
  for (const g of groups.values()) {
    const seen = new Map<number, number>();
    let fine = true;
    const steps: AllowanceRule[] = [];
    for (const r of g.rows) {
      const afterMonths = r.afterMonths ?? 0;
      const first = seen.get(afterMonths);
      if (first !== undefined) {
        ctx.error(t.source, r.row, col('after_months'), `validation.import_duplicate|${first}`);
        fine = false;
        continue;
      }
      seen.set(afterMonths, r.row);
      steps.push({
        districtId: g.districtId, effectiveFrom: g.effectiveFrom, basis: r.basis, amountYuan: r.amountYuan, minAreaM2: r.minAreaM2,
        afterMonths, multiplier: r.multiplier ?? 1, paidUntil: r.paidUntil ?? 'handover_month',
      });
    }
    if (!fine) continue;
    // one rule: its steps differ only in months and multiplier, and one of them is the base (0 months)
    const base = steps.find((x) => x.afterMonths === 0);
    if (!base) {
      ctx.error(t.source, g.rows[0]!.row, col('after_months'), 'validation.import_rule_base');
      continue;
    }
    const differs = (['basis', 'amountYuan', 'minAreaM2', 'paidUntil'] as const).find((f) => steps.some((x) => x[f] !== base[f]));
    if (differs) {
      const column = { basis: 'basis', amountYuan: 'amount_yuan', minAreaM2: 'min_area_m2', paidUntil: 'paid_until' }[differs];
      const row = g.rows.find((r, i) => steps[i]![differs] !== base[differs])!.row;
      ctx.error(t.source, row, col(column), 'validation.import_rule_mixed');
      continue;
    }
    const before = stored.filter((s) => s.districtId === g.districtId && s.effectiveFrom === g.effectiveFrom);
    const row = g.rows[0]!.row;
    if (sameRule(before, steps)) {
      ctx.record('allowance_rules', { source: t.source, row, action: 'unchanged', label: g.label });
      continue;
    }
    ctx.ops.push({ op: 'allowanceRule', district: g.districtId, effectiveFrom: g.effectiveFrom, steps: steps.sort((a, b) => a.afterMonths - b.afterMonths) });
    ctx.record('allowance_rules', { source: t.source, row, action: before.length ? 'update' : 'create', label: g.label });
  }
}
