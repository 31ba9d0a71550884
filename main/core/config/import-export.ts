import fs from 'node:fs';
import path from 'node:path';
import type { ImportFormat } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { Store } from '../store/store.js';
import { readClientConfig, writeClientConfig, type ImportedServers } from './client-files.js';
import { parseJsonc } from './jsonc.js';
import { writeFileAtomic } from '../fs-atomic.js';

export interface ImportOptions {
  format?: ImportFormat | 'auto';
  /** Overwrite servers that already exist under the same name. */
  replace?: boolean;
}

/** Imports every server in a client config file, or none: any error leaves the store as it was. */
export function importFile(store: Store, file: string, options: ImportOptions = {}): ImportedServers {
  const fail = (why: string) =>
    new HubError(ErrorCodes.invalidConfig, `Cannot import ${file}: ${why.replace(/\.$/, '')}; nothing was imported.`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw fail(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : `cannot read it (${code})`);
  }
  let doc: unknown;
  try {
    doc = parseJsonc(text);
  } catch (e) {
    throw fail(`it is not valid JSON (${(e as Error).message})`);
  }
  try {
    const result = readClientConfig(doc, options.format ?? 'auto');
    store.servers.addMany(result.servers, { replace: options.replace ?? false });
    return result;
  } catch (e) {
    if (e instanceof HubError && e.code !== ErrorCodes.storeFull) throw fail(e.message);
    throw e;
  }
}

/** The configured servers as a client config document; written atomically when `file` is given. */
export function exportServers(store: Store, format: ImportFormat, file?: string): string {
  const text = JSON.stringify(writeClientConfig(store.servers.list(), format), null, 2) + '\n';
  if (file) writeFileAtomic(path.resolve(file), text);
  return text;
}
