// The operator's command-line tool: `npm run cli -- <command> [options]`.
import { parseArgs } from 'node:util';
import { loadConfig } from './config';
import { createDb, type Db } from './db/create-db';
import { migrateToLatest } from './db/migrate';
import { todayInChina } from './clock';
import { seedIfEmpty } from '../seeds';
import { generateDemo } from '../seeds/demo';
import { generateCity } from '../seeds/city';
import { ValidationError } from './domain/errors';
import { SYSTEM_ACTOR } from './services/audit.service';
import { createUser } from './services/user.service';
import { rotateSessionSecret } from './services/secret.service';
import { rebuildRollups, verifyRollups } from './services/rollup.service';
import { readPassword } from './cli/read-password';
import { exportCommand, importCommand } from './cli/import-export.cli';
import { backupCommand, restoreCommand } from './cli/backup.cli';
import { en } from './i18n/en';
import { translateError } from './web/messages';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                         bring the database schema up to date
  seed                            load the real data set into an empty database
  demo [--seed N] [--villages N]  add a generated DEMONSTRATION district (labelled as such everywhere)
  demo --scale city|district [--seed N]
                                  city: ~15 districts, 900 villages, 50,000 buildings, ~480,000 history rows
  user create --username NAME --role admin|staff|official
                                  create an account; the password is read from standard input
  import FILE... [--dry-run] [--lang en|zh]
                                  import CSV/XLSX files (projects, buildings, reports): all or nothing
  export [--table projects|buildings|reports|all] --format csv|xlsx [--out FILE] [--lang en|zh]
                                  export tables in the importer's format (to standard output without --out)
  backup [FILE]                   copy the SQLite database while the server runs (default: a timestamped
                                  file in BACKUP_DIR); never overwrites a file
  restore FILE                    replace the SQLite database with a backup (the server must be stopped);
                                  the current database is kept as <database>.before-restore-<time>
  session-secret rotate           a new session-signing secret; every session ends (restart the server)
  figures verify                  compare the stored rollups with a computation from scratch (exit 1 if they differ)
  figures rebuild                 throw the rollups away and build them again from the buildings and their records

The database is DATABASE_URL (default data/tracker.db).`;

class UsageError extends Error {}

function positiveInt(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max} (got "${value}")`);
  }
  return Number(value);
}

/** English messages for the terminal, from the same dictionary as the web. */
function tEn(key: string, opts?: Record<string, unknown>): string {
  const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], en);
  if (typeof value !== 'string') return key;
  return value.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(opts?.[name] ?? ''));
}

export interface CliDeps {
  readPassword?: () => Promise<string>;
}

export async function runCli(argv: string[], out: (line: string) => void = console.log, deps: CliDeps = {}): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    out(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  let db: Db | undefined;
  try {
    // Neither opens the database first: backup copies it as it is, restore replaces it.
    if (command === 'backup') return await backupCommand(config, rest, out);
    if (command === 'restore') return await restoreCommand(config, rest, out);
    db = createDb(config.databaseUrl);
    await migrateToLatest(db);
    switch (command) {
      case 'migrate':
        out('database is up to date');
        return 0;
      case 'seed':
        out((await seedIfEmpty(db)) ? 'seeded the real data set' : 'database already has data; nothing seeded');
        return 0;
      case 'demo': {
        const { values } = parseArgs({ args: rest, options: { seed: { type: 'string' }, villages: { type: 'string' }, scale: { type: 'string' } }, strict: true });
        const seed = positiveInt(values.seed, 'seed', 1, 2 ** 31 - 1);
        const now = new Date().toISOString();
        if (values.scale !== undefined) {
          if (values.scale !== 'city' && values.scale !== 'district') throw new UsageError('--scale must be city or district');
          const started = Date.now();
          const counts = await db.transaction().execute((trx) =>
            generateCity(trx, { seed, scale: values.scale as 'city' | 'district', asOf: config.asOf ?? todayInChina(), now, onProgress: (step, n) => process.stderr.write(`${step}: ${n}\n`) }),
          );
          out(`added ${values.scale}-scale demonstration data (seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
          return 0;
        }
        const villages = positiveInt(values.villages, 'villages', 12, 5000);
        const result = await db.transaction().execute((trx) =>
          generateDemo(trx, { seed, villages, asOf: config.asOf ?? todayInChina(), now, onProgress: (d, t) => process.stderr.write(`\rvillages ${d}/${t}`) }),
        );
        process.stderr.write('\n');
        out(`added demonstration district ${result.districtId} with ${villages} villages and ${result.buildings} buildings (seed ${seed})`);
        return 0;
      }
      case 'user': {
        const [sub, ...args] = rest;
        if (sub !== 'create') throw new UsageError('user: the only subcommand is "create"');
        const { values } = parseArgs({ args, options: { username: { type: 'string' }, role: { type: 'string' } }, strict: true });
        if (!values.username || !values.role) throw new UsageError('user create needs --username and --role');
        const password = await (deps.readPassword ?? readPassword)();
        try {
          const id = await createUser(db, config, SYSTEM_ACTOR, { username: values.username, role: values.role, password });
          out(`created user ${values.username} (${values.role}), id ${id}`);
          return 0;
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          for (const [f, key] of Object.entries(err.fieldErrors)) console.error(`error: ${f}: ${translateError(tEn, key)}`);
          return 1;
        }
      }
      case 'session-secret': {
        if (rest.length !== 1 || rest[0] !== 'rotate') throw new UsageError('session-secret: the only subcommand is "rotate"');
        await rotateSessionSecret(db, SYSTEM_ACTOR);
        out('the session secret was replaced and every session ended; restart the server so that it uses the new secret');
        return 0;
      }
      case 'figures': {
        const [sub, ...more] = rest;
        if ((sub !== 'verify' && sub !== 'rebuild') || more.length) throw new UsageError('figures: the subcommands are "verify" and "rebuild"');
        const started = Date.now();
        if (sub === 'rebuild') {
          const r = await db.transaction().execute((trx) => rebuildRollups(trx));
          out(`rebuilt the rollups of ${r.scopes} scopes (${r.rows} rows) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
          return 0;
        }
        const r = await db.transaction().execute((trx) => verifyRollups(trx));
        const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
        if (r.differences.length === 0) {
          out(`the rollups of ${r.scopes} scopes (${r.rows} rows) equal a computation from scratch (${took})`);
          return 0;
        }
        for (const d of r.differences.slice(0, 20)) console.error(`differs: ${d.scope}: ${d.stored} rows stored, ${d.computed} computed; first difference ${d.first}`);
        console.error(`error: ${r.differences.length} of ${r.scopes} scopes differ from a computation from scratch; "npm run cli -- figures rebuild" rebuilds them (${took})`);
        return 1;
      }
      case 'import':
        return await importCommand(db, config, rest, out);
      case 'export':
        return await exportCommand(db, config, rest, out);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError || String((err as { code?: unknown })?.code ?? '').startsWith('ERR_PARSE_ARGS')) {
      console.error(`error: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  } finally {
    await db?.destroy();
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
