import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCodes, HubError } from '../../../shared/errors.js';

export const LOCK_FILE = 'hub.lock';

/**
 * One hub per data folder. The lock is SQLite's own: a small database held in EXCLUSIVE locking mode,
 * which is an OS file lock (fcntl on Linux and macOS, LockFileEx on Windows) the operating system
 * releases when the process ends, however it ends. It is taken before hub.db is opened, so two hubs
 * started at the same moment cannot both get past it (hub.json, written once the hub listens, comes too
 * late to decide that). The file holds the holder's pid, written while the lock is held.
 */
export interface HubLock {
  release(): void;
}

export function acquireHubLock(dataDir: string, nativeBinding?: string): HubLock {
  const file = path.join(dataDir, LOCK_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(file, { nativeBinding });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since TEXT NOT NULL)');
    // The first write transaction takes the exclusive lock; in EXCLUSIVE mode it is kept until close.
    db.transaction(() => {
      db.prepare('DELETE FROM holder').run();
      db.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(process.pid, new Date().toISOString());
    })();
  } catch (e) {
    db.close();
    const code = (e as { code?: string }).code ?? '';
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new HubError(ErrorCodes.conflict, `Agent Hub is already running for ${dataDir}${holder(dataDir)}; only one hub can use a data folder at a time.`);
    }
    throw new HubError(ErrorCodes.io, `Cannot take the lock ${file} (${(e as Error).message}); check that the data folder is writable.`);
  }
  return { release: () => db.close() };
}

/** Who holds the lock, from hub.json (written once that hub listens); the lock file itself is unreadable while held. */
function holder(dataDir: string): string {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dataDir, 'hub.json'), 'utf8')) as { pid?: number; url?: string };
    return info.pid ? ` (pid ${info.pid}${info.url ? `, at ${info.url}` : ''})` : ' (it is still starting)';
  } catch {
    return ' (it is still starting)';
  }
}
