import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { latestVersion, migrations, type Migration } from './migrations/index.js';

export type Db = Database.Database;

export const DB_FILE = 'hub.db';

export interface OpenDbOptions {
  /** Path of a better-sqlite3 binary built for the host's ABI (the Electron app passes its own). */
  nativeBinding?: string;
  /** Tests apply migrations one at a time. */
  migrateTo?: number;
  /** Migrations to apply; tests pass a longer list to simulate an upgrade. */
  migrations?: readonly Migration[];
  /**
   * How long a write waits for another connection's lock (a sqlite3 shell, a backup tool, the CLI).
   * The CLI can wait; the hub must not freeze its event loop, so it waits briefly and retries its
   * records off the request path (see retrying-writes.ts).
   */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the hub database in `dataDir`: WAL, foreign keys on, every pending
 * migration applied in its own transaction. A database from a newer Agent Hub, or a file that is not a
 * readable SQLite database, is refused with a sentence that names the file, and the file is left as it was.
 */
export function openDb(dataDir: string, options: OpenDbOptions = {}): Db {
  const file = path.join(dataDir, DB_FILE);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (e) {
    throw new HubError(ErrorCodes.io, `Cannot create the data folder ${dataDir}: ${describeFsError(e)}.`);
  }

  let db: Db;
  try {
    db = new Database(file, { nativeBinding: options.nativeBinding });
  } catch (e) {
    throw unreadable(file, e);
  }

  try {
    // Read the schema version before anything writes to the file: a refused database stays untouched.
    const current = readUserVersion(db, file);
    const list = options.migrations ?? migrations;
    const known = list.length;
    if (current > known) {
      throw new HubError(
        ErrorCodes.storeNewerVersion,
        `The database ${file} was written by a newer Agent Hub (schema ${current}; this version knows up to ${known}). ` +
          `Update Agent Hub, or point --data-dir at another folder.`,
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.pragma('synchronous = NORMAL');
    migrate(db, list, current, options.migrateTo ?? known);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof HubError) throw e;
    throw unreadable(file, e);
  }
}

function readUserVersion(db: Db, file: string): number {
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } catch (e) {
    throw unreadable(file, e);
  }
}

function migrate(db: Db, list: readonly Migration[], from: number, to: number): void {
  for (const m of list) {
    if (m.version <= from || m.version > to) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

function unreadable(file: string, e: unknown): HubError {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return locked(file);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new HubError(
      ErrorCodes.storeUnreadable,
      `The database ${file} is not a readable SQLite database (it may be corrupt); move it aside and Agent Hub will start a new one.`,
    );
  }
  if (code === 'SQLITE_FULL' || (code.startsWith('SQLITE_IOERR') && isDiskFull(path.dirname(file)))) return diskFull(file);
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return new HubError(ErrorCodes.storeUnreadable, `Cannot open the database ${file}: check that the file and its folder are readable and writable.`);
  }
  return new HubError(ErrorCodes.storeUnreadable, `Cannot open the database ${file}: ${(e as Error).message}.`);
}

/** A write failed with an I/O error: a full disk gets its own sentence. */
export function diskFullOrIo(file: string, e: unknown): HubError {
  if ((e as { code?: string }).code === 'SQLITE_FULL' || isDiskFull(path.dirname(file))) return diskFull(file);
  return new HubError(ErrorCodes.io, `Writing to the database ${file} failed (${(e as Error).message}); nothing was saved.`);
}

/** Another program (a sqlite3 shell, a backup tool) holds a lock on hub.db for longer than we wait. */
export function locked(file: string): HubError {
  return new HubError(ErrorCodes.storeLocked, `The database ${file} is locked by another program (a sqlite3 shell or a backup tool?); close it, then try again.`);
}

export function diskFull(file: string): HubError {
  return new HubError(ErrorCodes.storeFull, `The disk holding ${file} is full; nothing was saved. Free some space and try again.`);
}

/** SQLite reports a full disk while opening (no room for the -wal/-shm files) only as an I/O error. */
function isDiskFull(dir: string): boolean {
  try {
    const { bavail, bsize } = fs.statfsSync(dir);
    return bavail * bsize < 64 * 1024;
  } catch {
    return false;
  }
}

function describeFsError(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

export { latestVersion };
