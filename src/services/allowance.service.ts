// Each district's transitional allowance rules (过渡费标准), dated, kept by administrators: one rule
// per district and effective date, its escalation steps stored as rows (migration 0010). Audited.
import type { Db } from '../db/create-db';
import type { AllowanceBasis, AllowanceRule, Escalation, PaidUntil } from '../domain/allowance';
import { NotFoundError } from '../domain/errors';
import { allowanceRules, replaceAllowanceRule } from '../repositories/household.repository';
import { districtExists } from '../repositories/list.repository';
import { listDistricts } from '../repositories/scope.repository';
import type { District } from '../domain/entities';
import type { Actor } from './audit.service';
import { writeAudited } from './write-helpers';

export interface AllowanceRuleInput {
  districtId: number;
  effectiveFrom: string;
  basis: AllowanceBasis;
  amountYuan: number;
  minAreaM2: number | null;
  paidUntil: PaidUntil;
  /** Besides × 1 from the first month past the target. */
  escalation: Escalation[];
  /** Take the rule of that district and date away instead. */
  remove: boolean;
}

/** Every district (for the choice) and every district's rules, for the settings page. */
export async function allowanceSettings(db: Db): Promise<{ districts: District[]; rules: AllowanceRule[] }> {
  return db.transaction().execute(async (trx) => ({ districts: await listDistricts(trx), rules: await allowanceRules(trx) }));
}

/** Saves (or removes) a district's rule effective from a date, replacing one of that date. */
export async function saveAllowanceRule(db: Db, actor: Actor, input: AllowanceRuleInput): Promise<void> {
  await writeAudited(db, actor, async (trx) => {
    if (!(await districtExists(trx, input.districtId))) throw new NotFoundError('district', input.districtId);
    const before = (await allowanceRules(trx, [input.districtId])).filter((r) => r.effectiveFrom === input.effectiveFrom);
    const base = { districtId: input.districtId, effectiveFrom: input.effectiveFrom, basis: input.basis, amountYuan: input.amountYuan, minAreaM2: input.minAreaM2, paidUntil: input.paidUntil };
    const steps: AllowanceRule[] = input.remove ? [] : [{ ...base, afterMonths: 0, multiplier: 1 }, ...input.escalation.map((e) => ({ ...base, ...e }))];
    await replaceAllowanceRule(trx, input.districtId, input.effectiveFrom, steps);
    return { result: undefined, objectType: 'district', objectId: input.districtId, action: input.remove ? 'remove_allowance_rule' : 'save_allowance_rule', before, after: steps };
  });
}
