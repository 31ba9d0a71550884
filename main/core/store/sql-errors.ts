import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { diskFullOrIo, locked } from './db.js';

/** Runs a write and turns SQLite's failures into one clear sentence. The transaction has rolled back. */
export function guardWrite<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof HubError) throw e;
    const code = (e as { code?: string }).code ?? '';
    if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) throw diskFullOrIo(file, e);
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw locked(file);
    if (code === 'SQLITE_READONLY') {
      throw new HubError(ErrorCodes.io, `The database ${file} is read-only; nothing was saved.`);
    }
    throw e;
  }
}
