import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClientApp } from '../../../shared/clients.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { appFiles } from '../app-files.js';
import { writeFileAtomic } from '../fs-atomic.js';
import { defaultDataDir } from '../paths.js';
import { parseJsonc } from './jsonc.js';

/**
 * Writing the hub into the user-level MCP config file of Claude Desktop, Cursor and VS Code. The entry
 * runs `agent-hub connect --client NAME`, which mints its own token, so no token is ever written into
 * a file. Every write backs the file up first and can be undone while nobody has edited it since.
 */

/** The key the hub's entry has in every app's file. */
export const ENTRY_NAME = 'agent-hub';

export const APP_LABELS: Record<ClientApp, string> = { claude: 'Claude Desktop', cursor: 'Cursor', vscode: 'VS Code' };

/** Where the apps' files are: the host's values by default, a temp folder in tests. */
export interface AppHost {
  home: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}

export function currentHost(home = os.homedir()): AppHost {
  return { home, platform: process.platform, env: process.env };
}

/** The app's user-level MCP config file on this OS. */
export function appConfigPath(app: ClientApp, host: AppHost): string {
  const p = host.platform === 'win32' ? path.win32 : path.posix;
  if (app === 'cursor') return p.join(host.home, '.cursor', 'mcp.json');
  const [folder, file] = app === 'claude' ? [['Claude'], 'claude_desktop_config.json'] : [['Code', 'User'], 'mcp.json'];
  return p.join(appDataDir(host), ...folder, file);
}

/** Where apps keep their per-user settings: XDG config, Application Support, or %APPDATA%. */
function appDataDir({ home, platform, env }: AppHost): string {
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support');
  if (platform === 'win32') return env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
  return env.XDG_CONFIG_HOME || path.posix.join(home, '.config');
}

/** The command an app launches to reach the hub. */
export interface HubLaunch {
  command: string;
  args: string[];
  env?: Record<string, string>;
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

/** The key that holds the servers in the app's file. */
function serversKey(app: ClientApp): 'servers' | 'mcpServers' {
  return app === 'vscode' ? 'servers' : 'mcpServers';
}

function entryFor(app: ClientApp, launch: HubLaunch): Record<string, unknown> {
  return app === 'vscode' ? { type: 'stdio', ...launch } : { ...launch };
}

/** The small document a user pastes: just the hub's entry, in the app's format. */
export function snippet(app: ClientApp, launch: HubLaunch): string {
  return JSON.stringify({ [serversKey(app)]: { [ENTRY_NAME]: entryFor(app, launch) } }, null, 2);
}

/** Whether the app's file has an "agent-hub" entry (a missing or broken file has none). */
export function isConnected(app: ClientApp, host: AppHost): boolean {
  try {
    const doc = readConfig(app, appConfigPath(app, host));
    const servers = doc?.value[serversKey(app)];
    return isPlainObject(servers) && ENTRY_NAME in servers;
  } catch {
    return false;
  }
}

/** What connect() did: enough to undo it, and to tell whether anyone changed the file since. */
export interface ConnectRecord {
  configPath: string;
  /** null when the file did not exist before. */
  backupPath: string | null;
  /** The exact text the hub wrote. */
  written: string;
}

/** Adds (or replaces) only the hub's entry in the app's file, after copying the file to a backup. */
export function connectApp(app: ClientApp, launch: HubLaunch, host: AppHost): ConnectRecord {
  const configPath = appConfigPath(app, host);
  const current = readConfig(app, configPath);
  const doc = current?.value ?? {};
  const servers = doc[serversKey(app)] ?? {};
  if (!isPlainObject(servers)) {
    throw new HubError(ErrorCodes.invalidConfig, `"${serversKey(app)}" in ${configPath} is not an object; fix that file, then connect again.`);
  }
  // Spreading keeps every other key in place, and an existing entry keeps its position.
  const written = JSON.stringify({ ...doc, [serversKey(app)]: { ...servers, [ENTRY_NAME]: entryFor(app, launch) } }, null, 2) + '\n';
  const backupPath = current ? backUp(configPath) : null;
  mkdir(path.dirname(configPath));
  writeFileAtomic(target(configPath), written, current?.mode);
  return { configPath, backupPath, written };
}

/**
 * Puts the file back as it was before connectApp (or deletes it if there was none). Refused when the
 * file changed since, so an edit the user made afterwards is never lost.
 */
export function undoConnectApp(record: ConnectRecord): void {
  const { configPath, backupPath, written } = record;
  const now = readText(configPath);
  if (now !== written) {
    const restore = backupPath ? `copy ${backupPath} over it by hand if you still want the old file` : 'remove the "agent-hub" entry by hand if you no longer want it';
    throw new HubError(ErrorCodes.conflict, `${configPath} changed after Agent Hub wrote it, so undo would lose those changes; ${restore}.`);
  }
  if (!backupPath) {
    fs.rmSync(configPath, { force: true });
    return;
  }
  const original = readText(backupPath);
  if (original === undefined) {
    throw new HubError(ErrorCodes.notFound, `The backup ${backupPath} is gone, so ${configPath} cannot be restored; remove the "agent-hub" entry by hand instead.`);
  }
  writeFileAtomic(target(configPath), original, fs.statSync(configPath).mode & 0o777);
  // The file is exactly what the backup holds again; the copy has done its job.
  fs.rmSync(backupPath, { force: true });
}

/** The parsed file, or undefined when there is none. Anything unparseable is an error: never overwrite it. */
function readConfig(app: ClientApp, file: string): { value: Record<string, unknown>; mode: number } | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  const mode = fs.statSync(file).mode & 0o777;
  if (text.trim() === '') return { value: {}, mode };
  let value: unknown;
  try {
    value = app === 'vscode' ? parseJsonc(text) : JSON.parse(text);
  } catch (e) {
    const kind = app === 'vscode' ? 'JSON (with comments)' : 'JSON';
    throw new HubError(ErrorCodes.invalidConfig, `${file} is not valid ${kind} (${(e as Error).message}); fix or move that file, then connect again.`);
  }
  if (!isPlainObject(value)) {
    throw new HubError(ErrorCodes.invalidConfig, `${file} does not hold a JSON object; fix or move that file, then connect again.`);
  }
  return { value, mode };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HubError(ErrorCodes.io, `Cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check its permissions.`);
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

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
