import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { DB_FILE, latestVersion, openDb } from '../../../main/core/store/db.js';
import { migrations, type Migration } from '../../../main/core/store/migrations/index.js';
import { tempDataDir } from '../../helpers/cli.js';

const hash = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const open: Database.Database[] = [];
afterEach(() => open.splice(0).forEach((db) => db.open && db.close()));

function catchHubError(fn: () => unknown): HubError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HubError) return e;
    throw e;
  }
  throw new Error('expected a HubError');
}

describe('openDb', () => {
  it('creates hub.db with WAL, foreign keys on and every migration applied', () => {
    const dir = tempDataDir();
    const db = openDb(dir);
    open.push(db);
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion);
  });

  it('creates a missing data folder', () => {
    const dir = path.join(tempDataDir(), 'nested', 'deeper');
    open.push(openDb(dir));
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(true);
  });

  it('applies only pending migrations on an older database, each in its own transaction', () => {
    const dir = tempDataDir();
    openDb(dir, { migrateTo: 1 }).close();
    const extra: Migration = { version: latestVersion + 1, name: 'test-extra', up: 'CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT;' };
    const db = openDb(dir, { migrations: [...migrations, extra] });
    open.push(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion + 1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").get()).toBeTruthy();
  });

  it('rolls back a failing migration entirely and keeps the old version', () => {
    const dir = tempDataDir();
    openDb(dir).close();
    const broken: Migration = {
      version: latestVersion + 1,
      name: 'broken',
      up: 'CREATE TABLE half_done (id INTEGER) STRICT; INSERT INTO no_such_table VALUES (1);',
    };
    expect(() => openDb(dir, { migrations: [...migrations, broken] })).toThrow(/no_such_table/);
    const db = openDb(dir);
    open.push(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
  });

  it('refuses a database written by a newer version and leaves the file untouched', () => {
    const dir = tempDataDir();
    const file = path.join(dir, DB_FILE);
    const future = new Database(file);
    future.pragma('user_version = 999');
    future.exec('CREATE TABLE from_the_future (x TEXT)');
    future.close();
    const before = hash(file);

    const err = catchHubError(() => openDb(dir));
    expect(err.code).toBe(ErrorCodes.storeNewerVersion);
    expect(err.message).toContain(file);
    expect(err.message).toContain('newer Agent Hub');
    expect(hash(file)).toBe(before);
    expect(fs.existsSync(file + '-wal')).toBe(false);
  });

  it('names the file when it is not a SQLite database, and leaves it untouched', () => {
    const dir = tempDataDir();
    const file = path.join(dir, DB_FILE);
    fs.writeFileSync(file, 'this is not a database, just some text that happens to be long enough '.repeat(20));
    const before = hash(file);
    const err = catchHubError(() => openDb(dir));
    expect(err.code).toBe(ErrorCodes.storeUnreadable);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/not a readable SQLite database/);
    expect(hash(file)).toBe(before);
  });

  it('explains an unreadable data folder', () => {
    const parent = tempDataDir();
    const blocker = path.join(parent, 'file-not-folder');
    fs.writeFileSync(blocker, '');
    const err = catchHubError(() => openDb(path.join(blocker, 'data')));
    expect(err.code).toBe(ErrorCodes.io);
    expect(err.message).toContain('Cannot create the data folder');
  });
});
