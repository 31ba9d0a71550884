import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ClientApp, ClientAppSetup } from '../../../shared/clients.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { appFiles } from '../app-files.js';
import { writeFileAtomic } from '../fs-atomic.js';
import { defaultDataDir } from '../paths.js';
import { currentHost, type AppHost } from './app-paths.js';
import { allApps, appSpec, ENTRY_NAME, type HubLaunch } from './app-registry.js';
import { entryIn, parseConfig, removeEntryText, renderDocument, setEntryText, withEntry } from './config-document.js';

/**
 * Writing the hub into the user-level MCP config file of an MCP client app (app-registry.ts lists
 * them). The entry runs `agent-hub connect --client NAME`, which mints its own token, so no token is
 * ever written into a file. Only the hub's entry changes: comments and formatting stay. Every write
 * backs the file up first and can be undone while nobody has edited it since.
 */

export { currentHost, ENTRY_NAME, type AppHost, type HubLaunch };

/** The label of each app ("Claude Desktop", "Zed" …). */
export const APP_LABELS = Object.fromEntries(allApps().map((a) => [a.id, a.label])) as Record<ClientApp, string>;

/** The app's user-level MCP config file on this OS. */
export function appConfigPath(app: ClientApp, host: AppHost): string {
  return appSpec(app).path(host);
}

export interface LaunchOptions {
  /** The runtime that runs the CLI; process.execPath by default. */
  execPath?: string;
  /** True when execPath is Electron, which must be told to act as plain Node. */
  electron?: boolean;
  cliPath?: string;
}

/**
 * `node …/cli.js connect --client NAME`, plus --data-dir when the hub does not use the default folder
 * (the app launches it without our AGENT_HUB_DATA_DIR, so it would otherwise find another hub.db).
 */
export function hubLaunch(client: string, dataDir: string, options: LaunchOptions = {}): HubLaunch {
  const args = [options.cliPath ?? appFiles.cli, 'connect', '--client', client];
  if (path.resolve(dataDir) !== defaultDataDir()) args.push('--data-dir', path.resolve(dataDir));
  const electron = options.electron ?? process.versions.electron !== undefined;
  return { command: options.execPath ?? process.execPath, args, ...(electron ? { env: { ELECTRON_RUN_AS_NODE: '1' } } : {}) };
}

/** The small document a user pastes: just the hub's entry, in the app's format. */
export function snippet(app: ClientApp, launch: HubLaunch): string {
  const spec = appSpec(app);
  return renderDocument(spec.format, withEntry({}, spec.servers, ENTRY_NAME, spec.hubEntry(launch))).trimEnd();
}

/** How to connect one app: its file on this machine, the snippet for it, and whether it has the hub already. */
export function appSetup(app: ClientApp, launch: HubLaunch, host: AppHost): ClientAppSetup {
  const spec = appSpec(app);
  return { app, label: spec.label, configPath: spec.path(host), format: spec.format, snippet: snippet(app, launch), connected: isConnected(app, host) };
}

/** Whether the app's file has an "agent-hub" entry (a missing or broken file has none). */
export function isConnected(app: ClientApp, host: AppHost): boolean {
  try {
    const spec = appSpec(app);
    const file = spec.path(host);
    const text = readText(file);
    return text !== undefined && entryIn(parseConfig(spec.format, text, file), spec.servers, ENTRY_NAME, file) !== undefined;
  } catch {
    return false;
  }
}

/** What connectApp did: enough to undo it, and to tell whether anyone changed the file since. */
export interface ConnectRecord {
  configPath: string;
  /** null when the file did not exist before, or was not written. */
  backupPath: string | null;
  /** The exact text the file holds after connectApp. */
  written: string;
  /** false when the file already had exactly this entry: nothing was written or backed up. */
  changed: boolean;
}

/** Adds (or replaces) only the hub's entry in the app's file, after copying the file to a backup. */
export function connectApp(app: ClientApp, launch: HubLaunch, host: AppHost): ConnectRecord {
  const spec = appSpec(app);
  const configPath = spec.path(host);
  const entry = spec.hubEntry(launch);
  const current = readText(configPath);
  if (current !== undefined) {
    const doc = parseConfig(spec.format, current, configPath, 'fix or move that file, then connect again');
    if (sameValue(entryIn(doc, spec.servers, ENTRY_NAME, configPath), entry)) {
      return { configPath, backupPath: null, written: current, changed: false };
    }
  } else {
    const refused = spec.refuseCreate?.(host);
    if (refused) throw new HubError(ErrorCodes.conflict, `${refused}.`);
  }
  const written = setEntryText(spec.format, current ?? '', spec.servers, ENTRY_NAME, entry, configPath, spec.newFile);
  const mode = current !== undefined ? fs.statSync(configPath).mode & 0o777 : undefined;
  const backupPath = current !== undefined ? backUp(configPath) : null;
  mkdir(path.dirname(configPath));
  writeFileAtomic(target(configPath), written, mode);
  return { configPath, backupPath, written, changed: true };
}

/**
 * Removes only the hub's entry from the app's file, after copying the file to a backup; undoConnectApp
 * puts it back. A file without the entry (or no file) is left alone: nothing to undo.
 */
export function disconnectApp(app: ClientApp, host: AppHost): ConnectRecord {
  const spec = appSpec(app);
  const configPath = spec.path(host);
  const current = readText(configPath);
  if (current === undefined) return { configPath, backupPath: null, written: '', changed: false };
  const doc = parseConfig(spec.format, current, configPath, 'fix or move that file, then disconnect again');
  if (entryIn(doc, spec.servers, ENTRY_NAME, configPath) === undefined) return { configPath, backupPath: null, written: current, changed: false };
  const written = removeEntryText(spec.format, current, spec.servers, ENTRY_NAME, configPath);
  const mode = fs.statSync(configPath).mode & 0o777;
  const backupPath = backUp(configPath);
  writeFileAtomic(target(configPath), written, mode);
  return { configPath, backupPath, written, changed: true };
}

/**
 * Puts the file back as it was before connectApp or disconnectApp (or deletes it if there was none). Refused when the
 * file changed since, so an edit the user made afterwards is never lost. A connect that changed
 * nothing has nothing to undo.
 */
export function undoConnectApp(record: ConnectRecord): void {
  const { configPath, backupPath, written, changed } = record;
  if (!changed) return;
  const now = readText(configPath);
  if (now !== written) {
    const restore = backupPath ? `copy ${backupPath} over it by hand if you still want the old file` : `remove the "${ENTRY_NAME}" entry by hand if you no longer want it`;
    throw new HubError(ErrorCodes.conflict, `${configPath} changed after Agent Hub wrote it, so undo would lose those changes; ${restore}.`);
  }
  if (!backupPath) {
    fs.rmSync(configPath, { force: true });
    return;
  }
  const original = readText(backupPath);
  if (original === undefined) {
    throw new HubError(ErrorCodes.notFound, `The backup ${backupPath} is gone, so ${configPath} cannot be restored; remove the "${ENTRY_NAME}" entry by hand instead.`);
  }
  writeFileAtomic(target(configPath), original, fs.statSync(configPath).mode & 0o777);
  // The file is exactly what the backup holds again; the copy has done its job.
  fs.rmSync(backupPath, { force: true });
}

/** Equal as data (a parsed TOML or YAML object against a plain one). */
function sameValue(a: unknown, b: unknown): boolean {
  return a !== undefined && isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}

/** The file's text, or undefined when there is none. */
export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new HubError(ErrorCodes.io, `${file} is a folder, not a file; move it away, then try again.`);
    throw new HubError(ErrorCodes.io, `Cannot read ${file} (${code ?? (e as Error).message}); check its permissions.`);
  }
}

/** Copies the file byte for byte to `<file>.agent-hub-backup-<timestamp>`, never over an older backup. */
function backUp(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (let n = 1; ; n++) {
    const backup = `${file}.agent-hub-backup-${stamp}${n > 1 ? `-${n}` : ''}`;
    try {
      fs.copyFileSync(file, backup, fs.constants.COPYFILE_EXCL);
      return backup;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      throw new HubError(ErrorCodes.io, `Cannot back up ${file} (${code ?? (e as Error).message}), so it was not changed; check that its folder is writable.`);
    }
  }
}

/** A config file kept as a symlink (dotfile managers) is written through, not replaced by a plain file. */
function target(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function mkdir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new HubError(ErrorCodes.io, `Cannot create ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check its permissions.`);
  }
}
