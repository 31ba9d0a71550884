import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appConfigPath, connectApp, hubLaunch, isConnected, snippet, undoConnectApp, type AppHost } from '../../main/core/config/client-apps.js';
import { defaultDataDir } from '../../main/core/paths.js';

/** A temp folder standing in for the user's home, on Linux with no XDG variables. */
const homes: string[] = [];
function tempHome(): AppHost {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-home-'));
  homes.push(home);
  return { home, platform: 'linux', env: {} };
}
afterAll(() => homes.forEach((h) => fs.rmSync(h, { recursive: true, force: true })));

const launch = hubLaunch('claude', '/data/hub', { execPath: '/usr/bin/node', cliPath: '/app/dist/main/cli.js', electron: false });

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const read = (file: string) => fs.readFileSync(file, 'utf8');
const backups = (file: string) => fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.agent-hub-backup-'));

describe('app config files', () => {
  it('are where each app looks on each OS', () => {
    const h = (platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}, home = '/home/u'): AppHost => ({ home, platform, env });
    expect(appConfigPath('claude', h('linux'))).toBe('/home/u/.config/Claude/claude_desktop_config.json');
    expect(appConfigPath('claude', h('linux', { XDG_CONFIG_HOME: '/x' }))).toBe('/x/Claude/claude_desktop_config.json');
    expect(appConfigPath('claude', h('darwin', {}, '/Users/u'))).toBe('/Users/u/Library/Application Support/Claude/claude_desktop_config.json');
    expect(appConfigPath('claude', h('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u'))).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
    );
    expect(appConfigPath('cursor', h('linux'))).toBe('/home/u/.cursor/mcp.json');
    expect(appConfigPath('cursor', h('darwin', {}, '/Users/u'))).toBe('/Users/u/.cursor/mcp.json');
    expect(appConfigPath('cursor', h('win32', {}, 'C:\\Users\\u'))).toBe('C:\\Users\\u\\.cursor\\mcp.json');
    expect(appConfigPath('vscode', h('linux'))).toBe('/home/u/.config/Code/User/mcp.json');
    expect(appConfigPath('vscode', h('darwin', {}, '/Users/u'))).toBe('/Users/u/Library/Application Support/Code/User/mcp.json');
    expect(appConfigPath('vscode', h('win32', {}, 'C:\\Users\\u'))).toBe('C:\\Users\\u\\AppData\\Roaming\\Code\\User\\mcp.json');
  });
});

describe('the hub entry', () => {
  it('runs agent-hub connect, with --data-dir only when the hub does not use the default folder', () => {
    expect(launch).toEqual({ command: '/usr/bin/node', args: ['/app/dist/main/cli.js', 'connect', '--client', 'claude', '--data-dir', '/data/hub'] });
    expect(hubLaunch('x', defaultDataDir(), { electron: false }).args.slice(1)).toEqual(['connect', '--client', 'x']);
    expect(hubLaunch('x', '/d', { electron: true }).env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
  });

  it('is a small pasteable document in each app format, with no token', () => {
    expect(JSON.parse(snippet('claude', launch))).toEqual({ mcpServers: { 'agent-hub': launch } });
    expect(JSON.parse(snippet('cursor', launch))).toEqual({ mcpServers: { 'agent-hub': launch } });
    expect(JSON.parse(snippet('vscode', launch))).toEqual({ servers: { 'agent-hub': { type: 'stdio', ...launch } } });
    expect(snippet('claude', launch)).toContain('\n  "mcpServers"');
    expect(snippet('claude', launch)).not.toMatch(/ahc_|token/i);
  });
});

describe('connecting an app', () => {
  it('creates a missing file (and its folder); undo deletes it', () => {
    const host = tempHome();
    const file = appConfigPath('cursor', host);
    expect(isConnected('cursor', host)).toBe(false);

    const record = connectApp('cursor', launch, host);
    expect(record).toMatchObject({ configPath: file, backupPath: null });
    expect(JSON.parse(read(file))).toEqual({ mcpServers: { 'agent-hub': launch } });
    expect(isConnected('cursor', host)).toBe(true);

    undoConnectApp(record);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('keeps every other key and server, backs the file up byte for byte, and undo restores it exactly', () => {
    const host = tempHome();
    const file = appConfigPath('claude', host);
    const original = '{"globalShortcut":"Ctrl+Space","mcpServers":{"memory":{"command":"npx","args":["-y","m"]}}}';
    write(file, original);

    const record = connectApp('claude', launch, host);
    expect(record.backupPath).toMatch(/claude_desktop_config\.json\.agent-hub-backup-/);
    expect(read(record.backupPath!)).toBe(original);
    expect(JSON.parse(read(file))).toEqual({
      globalShortcut: 'Ctrl+Space',
      mcpServers: { memory: { command: 'npx', args: ['-y', 'm'] }, 'agent-hub': launch },
    });

    undoConnectApp(record);
    expect(read(file)).toBe(original);
    expect(backups(file)).toEqual([]);
  });

  it('reads a VS Code file with comments, and the backup keeps them', () => {
    const host = tempHome();
    const file = appConfigPath('vscode', host);
    const original = '{\n  // my servers\n  "servers": {\n    "gh": { "type": "http", "url": "https://x.example/mcp" }, /* trailing */\n  },\n}\n';
    write(file, original);

    const record = connectApp('vscode', launch, host);
    expect(read(record.backupPath!)).toBe(original);
    expect(JSON.parse(read(file))).toEqual({
      servers: { gh: { type: 'http', url: 'https://x.example/mcp' }, 'agent-hub': { type: 'stdio', ...launch } },
    });
    expect(isConnected('vscode', host)).toBe(true);
    undoConnectApp(record);
    expect(read(file)).toBe(original);
  });

  it('refuses a file that is not JSON, naming it, and leaves it untouched', () => {
    const host = tempHome();
    const file = appConfigPath('claude', host);
    const broken = '{ "mcpServers": { // comments are not JSON\n } }';
    write(file, broken);

    expect(() => connectApp('claude', launch, host)).toThrow(new RegExp(`${escape(file)} is not valid JSON .*fix or move that file`));
    expect(read(file)).toBe(broken);
    expect(backups(file)).toEqual([]);
    expect(isConnected('claude', host)).toBe(false);
  });

  it('refuses to undo once the user changed the file, and leaves it untouched', () => {
    const host = tempHome();
    const file = appConfigPath('cursor', host);
    write(file, '{"mcpServers":{}}');
    const record = connectApp('cursor', launch, host);
    const edited = read(file).replace('"mcpServers": {', '"mcpServers": {\n    "mine": { "url": "http://localhost:1/mcp" },');
    fs.writeFileSync(file, edited);

    expect(() => undoConnectApp(record)).toThrow(/changed after Agent Hub wrote it.*copy .*agent-hub-backup.* by hand/);
    expect(read(file)).toBe(edited);
    expect(fs.existsSync(record.backupPath!)).toBe(true);
  });

  it('replaces its entry when connected twice instead of adding another', () => {
    const host = tempHome();
    const file = appConfigPath('cursor', host);
    write(file, '{"mcpServers":{"a":{"command":"a"},"agent-hub":{"command":"old"},"z":{"command":"z"}}}');

    const first = connectApp('cursor', launch, host);
    const second = connectApp('cursor', { ...launch, args: [...launch.args.slice(0, 3), 'other'] }, host);
    const servers = (JSON.parse(read(file)) as { mcpServers: Record<string, { args?: string[] }> }).mcpServers;
    expect(Object.keys(servers)).toEqual(['a', 'agent-hub', 'z']);
    expect(servers['agent-hub']!.args).toContain('other');
    expect(second.backupPath).not.toBe(first.backupPath);
    expect(backups(file)).toHaveLength(2);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
