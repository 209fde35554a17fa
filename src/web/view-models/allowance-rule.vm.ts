// A district's allowance rule in words, for the settings page and the public batch page.
import type { AllowanceRule } from '../../domain/allowance';
import type { Formatter } from '../format';

type T = (key: string, opts?: Record<string, unknown>) => string;

/** One rule in words: "每户每月 1,200元；逾期 18 个月后 ×1.5；支付到交房当月". */
export function ruleText(t: T, fmt: Formatter, steps: readonly AllowanceRule[]): string {
  const base = steps.find((s) => s.afterMonths === 0) ?? steps[0]!;
  const amount = base.basis === 'household'
    ? t('allowance.perHousehold', { amount: fmt.money(base.amountYuan) })
    : t('allowance.perM2', { amount: fmt.money(base.amountYuan), area: base.minAreaM2 === null ? t('unknown') : fmt.area(base.minAreaM2) });
  const escalation = steps.filter((s) => s.afterMonths > 0).map((s) => t('allowance.step', { months: s.afterMonths, multiplier: fmt.number(s.multiplier, 2) }));
  return [amount, ...escalation, t(`allowance.paidUntil.${base.paidUntil}`)].join(t('allowance.separator'));
}

/** The rules a cost was worked out by, in words, one per effective date. */
export function rulesInWords(t: T, fmt: Formatter, rules: readonly AllowanceRule[], used: readonly string[]): { from: string; text: string }[] {
  return used.map((d) => ({ from: d, text: ruleText(t, fmt, rules.filter((r) => r.effectiveFrom === d)) }));
}
