import fs from 'node:fs';
import path from 'node:path';
import { ErrorCodes, HubError } from '../../shared/errors.js';

/**
 * Writes a file so that readers see the old content or the new, never half: write a sibling temp file,
 * fsync it, rename over the target. On a full disk the target is untouched.
 */
export function writeFileAtomic(file: string, text: string, mode = 0o644): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w', mode);
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') throw new HubError(ErrorCodes.storeFull, `The disk is full; ${file} was not written. Free some space and try again.`);
    throw new HubError(ErrorCodes.io, `Cannot write ${file} (${code ?? (e as Error).message}).`);
  }
}
