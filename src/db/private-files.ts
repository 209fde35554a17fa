// The database, its -wal/-shm and every backup hold account hashes and the session secret: readable
// by their owner only. SQLite gives a new -wal and -shm the mode of the database file itself, so
// making the database 0600 before its log exists covers all three.
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Creates the folder (and missing parents) as 0700; an existing folder is left as its owner set it. */
export function ensurePrivateDir(dir: string): void {
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
}

/** An empty file of mode 0600 that SQLite will write into (it must not exist yet). */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE));
}

/** Removes group and other access from a file that exists (a database made by an older version). */
export function restrictToOwner(file: string): void {
  if (!fs.existsSync(file)) return;
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, PRIVATE_FILE);
}

/** Before SQLite opens `file`: the folder, then the file itself, exist and are private. */
export function prepareDatabaseFile(file: string): void {
  ensurePrivateDir(path.dirname(path.resolve(file)));
  if (!fs.existsSync(file)) createPrivateFile(file);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) restrictToOwner(f);
}
