import fs from 'node:fs';
import path from 'node:path';
import type { ClientApp, ConfigFormat } from '../../../shared/clients.js';
import type { ImportFormat } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { Store } from '../store/store.js';
import type { AppHost } from './app-paths.js';
import { appSpec } from './app-registry.js';
import { readClientConfig, writeClientConfig, type ImportedServers } from './client-files.js';
import { ConfigParseError, parseConfig } from './config-document.js';
import { writeFileAtomic } from '../fs-atomic.js';

export interface ImportOptions {
  /** The app whose format the file has; detected from the file by default. */
  format?: ClientApp | 'auto';
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
  const format = options.format ?? 'auto';
  let doc: unknown;
  try {
    doc = parseConfig(syntaxOf(file, format), text, file);
  } catch (e) {
    if (e instanceof ConfigParseError) throw fail(`it ${e.what}`);
    throw e;
  }
  try {
    const result = readClientConfig(doc, format);
    const taken = options.replace ? undefined : result.servers.find((s) => store.servers.get(s.name));
    if (taken) throw new HubError(ErrorCodes.conflict, `A server named "${taken.name}" already exists; run the import again with --replace to overwrite it`);
    store.servers.addMany(result.servers, { replace: options.replace ?? false });
    return result;
  } catch (e) {
    if (e instanceof HubError && e.code !== ErrorCodes.storeFull) throw fail(e.message);
    throw e;
  }
}

/** Imports the servers of an app's own config file, at its known path on this machine. */
export function importApp(store: Store, app: ClientApp, host: AppHost, options: Omit<ImportOptions, 'format'> = {}): ImportedServers & { file: string } {
  const spec = appSpec(app);
  const file = spec.path(host);
  if (!fs.existsSync(file)) {
    throw new HubError(ErrorCodes.notFound, `${spec.label} has no MCP config file on this machine (looked for ${file}); nothing was imported.`);
  }
  return { ...importFile(store, file, { ...options, format: app }), file };
}

/** The syntax of a file to import: the app's, or by extension (TOML, YAML, else JSON with comments allowed). */
function syntaxOf(file: string, format: ClientApp | 'auto'): ConfigFormat {
  if (format !== 'auto') {
    const syntax = appSpec(format).format;
    return syntax === 'json' ? 'jsonc' : syntax;
  }
  const ext = path.extname(file).toLowerCase();
  return ext === '.toml' ? 'toml' : ext === '.yaml' || ext === '.yml' ? 'yaml' : 'jsonc';
}

/** The configured servers as a client config document; written atomically when `file` is given. */
export function exportServers(store: Store, format: ImportFormat, file?: string): string {
  const text = JSON.stringify(writeClientConfig(store.servers.list(), format), null, 2) + '\n';
  if (file) writeFileAtomic(path.resolve(file), text);
  return text;
}
