// Password rules (OWASP ASVS 2.1: length, no common passwords; 等保 2.0 mode: character classes).
// Pure: the list of common passwords is passed in.

export type PasswordPolicy = 'asvs' | 'dengbao';
export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_username' | 'too_few_classes' | 'same_as_current';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
export const DENGBAO_EXPIRY_DAYS = 90;

function characterClasses(pw: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;
}

export function passwordProblems(
  password: string,
  opts: { username: string; policy: PasswordPolicy; isCommon: (lowercased: string) => boolean; current?: string },
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) problems.push('too_short');
  if (length > MAX_PASSWORD_LENGTH) problems.push('too_long');
  const lower = password.toLowerCase();
  // Common passwords padded to length with digits or repeats are still common.
  const stripped = lower.replace(/[\d!@#$%^&*.]+$/, '');
  if (opts.isCommon(lower) || (stripped.length >= 4 && opts.isCommon(stripped)) || /^(.)\1+$/.test(lower)) problems.push('common');
  if (opts.username.length >= 3 && lower.includes(opts.username.toLowerCase())) problems.push('contains_username');
  if (opts.policy === 'dengbao' && characterClasses(password) < 3) problems.push('too_few_classes');
  if (opts.current !== undefined && opts.current === password) problems.push('same_as_current');
  return problems;
}

/** Under 等保 mode a password expires after 90 days and must be changed at the next sign-in. */
export function passwordExpired(changedAt: string, now: Date, policy: PasswordPolicy): boolean {
  if (policy !== 'dengbao') return false;
  return now.getTime() - Date.parse(changedAt) > DENGBAO_EXPIRY_DAYS * 24 * 3600 * 1000;
}

/** Lock-out after repeated failures: the account is locked until `lockedUntil`. */
/**
 * Every attempt is counted before its password is checked (the check takes half a second), so that
 * guesses sent at the same moment each get their own number. `attempt` is that number: 1 for the
 * first failure in a row. An attempt past the threshold is refused without checking; the attempt
 * that reaches it, if wrong, locks the account.
 */
export function judgeAttempt(claim: { attempt: number; lockedUntil: string | null }, threshold: number, now: Date): 'locked' | 'over_threshold' | 'check' {
  if (isLocked(claim.lockedUntil, now)) return 'locked';
  return claim.attempt > threshold ? 'over_threshold' : 'check';
}

/** A wrong password on attempt number `attempt` locks the account when it reaches the threshold. */
export function locksAfterWrongPassword(attempt: number, threshold: number): boolean {
  return attempt >= threshold;
}

export function lockEnd(now: Date, lockMinutes: number): string {
  return new Date(now.getTime() + lockMinutes * 60_000).toISOString();
}

export function isLocked(lockedUntil: string | null, now: Date): boolean {
  return lockedUntil !== null && Date.parse(lockedUntil) > now.getTime();
}
