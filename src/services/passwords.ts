import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { passwordProblems, type PasswordPolicy, type PasswordProblem } from '../domain/password-policy';

const scrypt = promisify(crypto.scrypt) as (pw: crypto.BinaryLike, salt: crypto.BinaryLike, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;

// ~49,000 common passwords (zxcvbn-ts, MIT) plus a few that Chinese users favour. Required at the
// first password check, not at start: loading the list is a tenth of the server's start.
function commonPasswords(): Set<string> {
  const { dictionary } = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  return new Set([
    ...((dictionary as Record<string, string[]>)['passwords-common'] ?? []),
    'woaini1314', 'woaini520', '5201314', 'a5201314', 'qq123456', 'zhang123', 'wang123456', 'abc123456',
    'iloveyou1314', 'aa123456', 'asd123456', 'qwe123456', 'zxc123456', '1qaz2wsx', 'password1234',
  ]);
}
let common: Set<string> | null = null;
const isCommon = (lowercased: string): boolean => (common ??= commonPasswords()).has(lowercased);

export function checkPassword(password: string, username: string, policy: PasswordPolicy, current?: string): PasswordProblem[] {
  return passwordProblems(password, { username, policy, isCommon, current });
}

/** scrypt (memory-hard), stored with its parameters so that they can be raised later. */
export async function hashPassword(password: string, logN: number): Promise<string> {
  const salt = crypto.randomBytes(16);
  const N = 2 ** logN;
  const key = await scrypt(password.normalize('NFKC'), salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
  return `scrypt$${logN}$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !logN || !r || !p || !salt || !hash) return false;
  const N = 2 ** Number(logN);
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
    N, r: Number(r), p: Number(p), maxmem: 256 * N * Number(r),
  });
  return crypto.timingSafeEqual(key, expected);
}

/** A hash to compare against when the user does not exist, so that both paths take the same time. */
let dummy: Promise<string> | null = null;
export function dummyHash(logN: number): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(12).toString('hex'), logN);
  return dummy;
}
