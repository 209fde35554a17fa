// Password rules, expiry and lock-out arithmetic (pure), and the scrypt hash format.
import { isLocked, judgeAttempt, lockEnd, locksAfterWrongPassword, passwordExpired, passwordProblems, DENGBAO_EXPIRY_DAYS, MIN_PASSWORD_LENGTH } from '../../src/domain/password-policy';
import { checkPassword, hashPassword, verifyPassword } from '../../src/services/passwords';

const common = new Set(['password', 'qwerty', 'iloveyou', 'password1234']);
const isCommon = (s: string) => common.has(s);
const problems = (pw: string, policy: 'asvs' | 'dengbao' = 'asvs', username = 'li_ming', current?: string) => passwordProblems(pw, { username, policy, isCommon, current });

describe('passwordProblems', () => {
  test.each([
    ['Ab1!defghij', ['too_short']], // 11
    ['Ab1!defghijk', []], // 12
    ['密码很长很长很长很长很长很', []], // 13 characters of Chinese, counted as characters
    ['😀😀😀😀😀😀😀😀😀😀😀', ['too_short']], // 11 emoji (22 UTF-16 units)
    ['x'.repeat(129), ['too_long', 'common']],
    ['password1234', ['common']],
    ['Password1234!!', ['common']], // stripped of trailing digits and symbols
    ['QWERTY123456', ['common']],
    ['aaaaaaaaaaaaaaaa', ['common']],
    ['my-LI_MING-secret', ['contains_username']],
  ] as const)('%j under ASVS → %j', (pw, expected) => {
    expect(problems(pw)).toEqual(expected);
  });

  test('the username check ignores usernames shorter than 3 characters', () => {
    expect(problems('ab-correct-horse', 'asvs', 'ab')).toEqual([]);
  });

  test.each([
    ['onlysmallletters', ['too_few_classes']],
    ['smallletters1234', ['too_few_classes']],
    ['ALLCAPS-AND-DASH', ['too_few_classes']],
    ['Small-And-Capital', []],
    ['small-and-1234567', []],
    ['Small1234567890', []],
  ] as const)('%j under 等保 → %j', (pw, expected) => {
    expect(problems(pw, 'dengbao')).toEqual(expected);
    // ASVS mode never asks for character classes
    expect(problems(pw, 'asvs')).not.toContain('too_few_classes');
  });

  test('the new password must differ from the current one', () => {
    expect(problems('Same-Password-1', 'asvs', 'li_ming', 'Same-Password-1')).toEqual(['same_as_current']);
    expect(problems('Same-Password-1', 'asvs', 'li_ming', 'Other-Password-1')).toEqual([]);
  });

  test('the real list of common passwords (zxcvbn + Chinese favourites) is used', () => {
    for (const pw of ['password1234', 'qwerty123456', 'woaini1314520', '1qaz2wsx1234', 'iloveyou1234']) {
      expect({ pw, p: checkPassword(pw, 'someone', 'asvs') }).toEqual({ pw, p: ['common'] });
    }
    expect(checkPassword('Correct-Horse-Battery', 'someone', 'asvs')).toEqual([]);
    expect(MIN_PASSWORD_LENGTH).toBe(12);
  });
});

describe('passwordExpired', () => {
  const now = new Date('2026-11-26T00:00:00Z');
  const ago = (days: number) => new Date(now.getTime() - days * 86400_000).toISOString();
  test('only under 等保, after 90 days', () => {
    expect(DENGBAO_EXPIRY_DAYS).toBe(90);
    expect(passwordExpired(ago(89), now, 'dengbao')).toBe(false);
    expect(passwordExpired(ago(90), now, 'dengbao')).toBe(false);
    expect(passwordExpired(ago(90.01), now, 'dengbao')).toBe(true);
    expect(passwordExpired(ago(91), now, 'dengbao')).toBe(true);
    expect(passwordExpired(ago(1000), now, 'asvs')).toBe(false);
  });
});

describe('lock-out arithmetic', () => {
  const now = new Date('2026-11-26T08:00:00Z');
  test('with a threshold of 3, attempts 1–3 are checked, the 3rd wrong one locks, a 4th in flight is refused unchecked', () => {
    expect(judgeAttempt({ attempt: 1, lockedUntil: null }, 3, now)).toBe('check');
    expect(judgeAttempt({ attempt: 3, lockedUntil: null }, 3, now)).toBe('check');
    expect(judgeAttempt({ attempt: 4, lockedUntil: null }, 3, now)).toBe('over_threshold');
    expect(locksAfterWrongPassword(2, 3)).toBe(false);
    expect(locksAfterWrongPassword(3, 3)).toBe(true);
    expect(locksAfterWrongPassword(1, 1)).toBe(true);
  });
  test('a lock in force wins over the count; the lock lasts the configured minutes', () => {
    expect(judgeAttempt({ attempt: 1, lockedUntil: '2026-11-26T08:00:01.000Z' }, 3, now)).toBe('locked');
    expect(judgeAttempt({ attempt: 1, lockedUntil: '2026-11-26T08:00:00.000Z' }, 3, now)).toBe('check');
    expect(lockEnd(now, 15)).toBe('2026-11-26T08:15:00.000Z');
    expect(lockEnd(now, 60)).toBe('2026-11-26T09:00:00.000Z');
  });
  test('a lock holds until its time, not after', () => {
    expect(isLocked(null, now)).toBe(false);
    expect(isLocked('2026-11-26T08:00:01.000Z', now)).toBe(true);
    expect(isLocked('2026-11-26T08:00:00.000Z', now)).toBe(false);
    expect(isLocked('2026-11-26T07:59:59.000Z', now)).toBe(false);
  });
});

describe('scrypt hashes', () => {
  test('carry their parameters and a random salt; verification is exact', async () => {
    const a = await hashPassword('Correct-Horse-1', 12);
    const b = await hashPassword('Correct-Horse-1', 12);
    expect(a).toMatch(/^scrypt\$12\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Correct-Horse-1', a)).toBe(true);
    expect(await verifyPassword('correct-Horse-1', a)).toBe(false);
    expect(await verifyPassword('Correct-Horse-1 ', a)).toBe(false);
    expect(await verifyPassword('Correct-Horse-1', 'plain-text')).toBe(false);
    expect(await verifyPassword('Correct-Horse-1', 'md5$abc')).toBe(false);
  });
  test('full-width and half-width forms of a password are the same password (NFKC)', async () => {
    const h = await hashPassword('Ｐａｓｓ-Ｗｏｒｄ-１２', 12);
    expect(await verifyPassword('Pass-Word-12', h)).toBe(true);
  });
});
