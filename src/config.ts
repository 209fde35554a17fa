import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().min(1).default('data/tracker.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Pin "today" for demonstrations and tests; the real clock otherwise. */
  /** Set when the site is served over HTTPS (behind a proxy): session cookies get `Secure`. */
  SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  /** `asvs`: ≥ 12 characters and not a common password; `dengbao` adds three character classes and 90-day expiry. */
  PASSWORD_POLICY: z.enum(['asvs', 'dengbao']).default('asvs'),
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Requests per IP address per minute to the public pages, the API and the exports; 0 turns the limit off. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(300),
  LOGIN_ATTEMPTS_PER_IP_PER_15_MIN: z.coerce.number().int().min(1).max(10_000).default(30),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  /** scrypt cost as log2(N); 17 (128 MiB per hash) is OWASP's recommendation. Tests lower it. */
  SCRYPT_LOG_N: z.coerce.number().int().min(12).max(20).default(17),
  /** Where `backup` without a FILE and the schedule write; relative to the working directory. */
  BACKUP_DIR: z.string().min(1).default('data/backups'),
  /** Hours between scheduled backups of a SQLite database; 0 turns the schedule off. */
  BACKUP_EVERY_HOURS: z.coerce.number().int().min(0).max(720).default(0),
  /** How many scheduled backups to keep (the oldest beyond that are deleted). */
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(14),
  /** Megabytes of rendered public pages kept for anonymous readers; 0 turns the page cache off. */
  PAGE_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(32),
  /** A SQLite file below this size (or left by a stop that was not clean) is checked before the server starts; a bigger one in the background. */
  INTEGRITY_CHECK_BEFORE_START_MB: z.coerce.number().int().min(0).max(1_000_000).default(64),
  /** Heap of the worker thread that reads one upload, MB; a file that needs more is refused. */
  IMPORT_READ_MEMORY_MB: z.coerce.number().int().min(32).max(16_384).default(512),
  /** Memory for import previews waiting for their confirmation, MB (a 50,000-row preview takes ~25); a quarter at most per user. */
  IMPORT_PREVIEW_MEMORY_MB: z.coerce.number().int().min(1).max(16_384).default(256),
  /** Where residents reach the site (printed on posters as a QR code), e.g. https://tracker.example.gov.cn */
  PUBLIC_BASE_URL: z.string().url('PUBLIC_BASE_URL must be an address such as https://tracker.example.gov.cn').refine((u) => /^https?:\/\//.test(u), 'PUBLIC_BASE_URL must start with http:// or https://').optional(),
  /** Messages and ratings a network address may send per hour (residents' feedback); 0 turns the limit off. */
  FEEDBACK_PER_HOUR: z.coerce.number().int().min(0).max(100_000).default(10),
  /** A feedback form sent back sooner than this after it was shown is refused (a script, not a person). */
  FEEDBACK_MIN_FILL_SECONDS: z.coerce.number().int().min(0).max(600).default(4),
  AS_OF: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'AS_OF must be YYYY-MM-DD')
    .optional(),
});

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly databaseUrl: string;
  readonly logLevel: string;
  readonly asOf: string | undefined;
  readonly secureCookies: boolean;
  readonly passwordPolicy: 'asvs' | 'dengbao';
  readonly lockoutThreshold: number;
  readonly lockoutMinutes: number;
  readonly loginAttemptsPerIp: number;
  /** 0: no limit. */
  readonly rateLimitPerMinute: number;
  readonly sessionIdleMinutes: number;
  readonly sessionAbsoluteHours: number;
  readonly scryptLogN: number;
  readonly backupDir: string;
  /** 0: no scheduled backups. */
  readonly backupEveryHours: number;
  readonly backupKeep: number;
  /** Bytes; 0: no page cache. */
  readonly pageCacheBytes: number;
  readonly integrityCheckBeforeStartBytes: number;
  readonly importReadMemoryMb: number;
  readonly importPreviewMemoryMb: number;
  /** Without a trailing slash; null: the address a request came in on is used (and the poster says so). */
  readonly publicBaseUrl: string | null;
  /** 0: no limit. */
  readonly feedbackPerHour: number;
  readonly feedbackMinFillMs: number;
}

/** Parses the environment once; a bad value stops the process with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    asOf: e.AS_OF,
    secureCookies: e.SECURE_COOKIES === 'true',
    passwordPolicy: e.PASSWORD_POLICY,
    lockoutThreshold: e.LOCKOUT_THRESHOLD,
    lockoutMinutes: e.LOCKOUT_MINUTES,
    loginAttemptsPerIp: e.LOGIN_ATTEMPTS_PER_IP_PER_15_MIN,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    scryptLogN: e.SCRYPT_LOG_N,
    backupDir: e.BACKUP_DIR,
    backupEveryHours: e.BACKUP_EVERY_HOURS,
    backupKeep: e.BACKUP_KEEP,
    pageCacheBytes: e.PAGE_CACHE_MB * 1024 * 1024,
    integrityCheckBeforeStartBytes: e.INTEGRITY_CHECK_BEFORE_START_MB * 1024 * 1024,
    importReadMemoryMb: e.IMPORT_READ_MEMORY_MB,
    importPreviewMemoryMb: e.IMPORT_PREVIEW_MEMORY_MB,
    publicBaseUrl: e.PUBLIC_BASE_URL ? e.PUBLIC_BASE_URL.replace(/\/+$/, '') : null,
    feedbackPerHour: e.FEEDBACK_PER_HOUR,
    feedbackMinFillMs: e.FEEDBACK_MIN_FILL_SECONDS * 1000,
  });
}

export const PROJECT_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');
