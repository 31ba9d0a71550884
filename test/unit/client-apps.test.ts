import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClientApps, type ClientApp } from '../../shared/clients.js';
import { appConfigPath, connectApp, hubLaunch, isConnected, snippet, undoConnectApp, type AppHost } from '../../main/core/config/client-apps.js';
import { appSpec } from '../../main/core/config/app-registry.js';
import { parseConfig, setEntryText, withEntry } from '../../main/core/config/config-document.js';
import { defaultDataDir } from '../../main/core/paths.js';
import { repoRoot } from '../helpers/cli.js';

/** A temp folder standing in for the user's home, on Linux with no XDG variables. */
const homes: string[] = [];
function tempHome(env: NodeJS.ProcessEnv = {}): AppHost {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-home-'));
  homes.push(home);
  return { home, platform: 'linux', env };
}
afterAll(() => homes.forEach((h) => fs.rmSync(h, { recursive: true, force: true })));

const launch = hubLaunch('claude', '/data/hub', { execPath: '/usr/bin/node', cliPath: '/app/dist/main/cli.js', electron: false });
const electronLaunch = hubLaunch('zed', '/data/hub', { execPath: '/opt/Agent Hub/agent-hub', cliPath: '/app/dist/main/cli.js', electron: true });

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const read = (file: string) => fs.readFileSync(file, 'utf8');
const backups = (file: string) => fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.agent-hub-backup-'));

/** The fixture of an app: test/fixtures/apps/<app>.<json|jsonc|toml|yaml>. */
function fixture(app: ClientApp): string {
  const dir = path.join(repoRoot, 'test/fixtures/apps');
  const name = fs.readdirSync(dir).find((f) => f.slice(0, f.lastIndexOf('.')) === app);
  if (!name) throw new Error(`no fixture for ${app}`);
  return fs.readFileSync(path.join(dir, name), 'utf8');
}

/** What an edit removed from `before` and added in its place, after the longest common prefix and suffix. */
function diff(before: string, after: string): { removed: string; added: string } {
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
  return { removed: before.slice(p, before.length - s), added: after.slice(p, after.length - s) };
}

const parsed = (app: ClientApp, text: string) => JSON.parse(JSON.stringify(parseConfig(appSpec(app).format, text, 'test')));

describe('app config files', () => {
  it('are where each app looks on each OS', () => {
    const linux: AppHost = { home: '/home/u', platform: 'linux', env: {} };
    const mac: AppHost = { home: '/Users/u', platform: 'darwin', env: {} };
    const win: AppHost = { home: 'C:\\Users\\u', platform: 'win32', env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' } };
    const expected: Record<ClientApp, [string, string, string]> = {
      claude: [
        '/home/u/.config/Claude/claude_desktop_config.json',
        '/Users/u/Library/Application Support/Claude/claude_desktop_config.json',
        'C:\\Users\\u\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
      ],
      cursor: ['/home/u/.cursor/mcp.json', '/Users/u/.cursor/mcp.json', 'C:\\Users\\u\\.cursor\\mcp.json'],
      vscode: ['/home/u/.config/Code/User/mcp.json', '/Users/u/Library/Application Support/Code/User/mcp.json', 'C:\\Users\\u\\AppData\\Roaming\\Code\\User\\mcp.json'],
      'vscode-insiders': [
        '/home/u/.config/Code - Insiders/User/mcp.json',
        '/Users/u/Library/Application Support/Code - Insiders/User/mcp.json',
        'C:\\Users\\u\\AppData\\Roaming\\Code - Insiders\\User\\mcp.json',
      ],
      'claude-code': ['/home/u/.claude.json', '/Users/u/.claude.json', 'C:\\Users\\u\\.claude.json'],
      windsurf: ['/home/u/.codeium/windsurf/mcp_config.json', '/Users/u/.codeium/windsurf/mcp_config.json', 'C:\\Users\\u\\.codeium\\windsurf\\mcp_config.json'],
      zed: ['/home/u/.config/zed/settings.json', '/Users/u/.config/zed/settings.json', 'C:\\Users\\u\\AppData\\Roaming\\Zed\\settings.json'],
      cline: [
        '/home/u/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
        '/Users/u/Library/Application Support/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
        'C:\\Users\\u\\AppData\\Roaming\\Code\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json',
      ],
      'roo-code': [
        '/home/u/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
        '/Users/u/Library/Application Support/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
        'C:\\Users\\u\\AppData\\Roaming\\Code\\User\\globalStorage\\rooveterinaryinc.roo-cline\\settings\\mcp_settings.json',
      ],
      continue: ['/home/u/.continue/config.yaml', '/Users/u/.continue/config.yaml', 'C:\\Users\\u\\.continue\\config.yaml'],
      'gemini-cli': ['/home/u/.gemini/settings.json', '/Users/u/.gemini/settings.json', 'C:\\Users\\u\\.gemini\\settings.json'],
      codex: ['/home/u/.codex/config.toml', '/Users/u/.codex/config.toml', 'C:\\Users\\u\\.codex\\config.toml'],
      goose: ['/home/u/.config/goose/config.yaml', '/Users/u/.config/goose/config.yaml', 'C:\\Users\\u\\AppData\\Roaming\\Block\\goose\\config\\config.yaml'],
      'lm-studio': ['/home/u/.lmstudio/mcp.json', '/Users/u/.lmstudio/mcp.json', 'C:\\Users\\u\\.lmstudio\\mcp.json'],
      'amazon-q': ['/home/u/.aws/amazonq/mcp.json', '/Users/u/.aws/amazonq/mcp.json', 'C:\\Users\\u\\.aws\\amazonq\\mcp.json'],
      kiro: ['/home/u/.kiro/settings/mcp.json', '/Users/u/.kiro/settings/mcp.json', 'C:\\Users\\u\\.kiro\\settings\\mcp.json'],
    };
    expect(ClientApps.length).toBeGreaterThanOrEqual(12);
    for (const app of ClientApps) {
      expect([appConfigPath(app, linux), appConfigPath(app, mac), appConfigPath(app, win)], app).toEqual(expected[app]);
      expect(appSpec(app).docs.length, app).toBeGreaterThan(0);
    }
  });

  it('follow XDG_CONFIG_HOME on Linux, CODEX_HOME, and %APPDATA% when Windows moves it', () => {
    const linux = (env: NodeJS.ProcessEnv): AppHost => ({ home: '/home/u', platform: 'linux', env });
    expect(appConfigPath('claude', linux({ XDG_CONFIG_HOME: '/x' }))).toBe('/x/Claude/claude_desktop_config.json');
    expect(appConfigPath('zed', linux({ XDG_CONFIG_HOME: '/x' }))).toBe('/x/zed/settings.json');
    expect(appConfigPath('goose', linux({ XDG_CONFIG_HOME: '/x' }))).toBe('/x/goose/config.yaml');
    expect(appConfigPath('zed', { home: '/Users/u', platform: 'darwin', env: { XDG_CONFIG_HOME: '/x' } })).toBe('/Users/u/.config/zed/settings.json');
    expect(appConfigPath('codex', linux({ CODEX_HOME: '/srv/codex' }))).toBe('/srv/codex/config.toml');
    expect(appConfigPath('vscode', { home: 'C:\\Users\\u', platform: 'win32', env: {} })).toBe('C:\\Users\\u\\AppData\\Roaming\\Code\\User\\mcp.json');
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
    for (const app of ClientApps) expect(snippet(app, launch), app).not.toMatch(/ahc_|token/i);
  });

  it('has the shape each app documents for a stdio server', () => {
    const { command, args, env } = electronLaunch;
    const entry = (app: ClientApp) => appSpec(app).hubEntry(electronLaunch);
    expect(entry('zed')).toEqual({ command, args, env });
    expect(entry('claude-code')).toEqual({ type: 'stdio', command, args, env });
    expect(entry('cline')).toEqual({ type: 'stdio', command, args, env });
    expect(entry('codex')).toEqual({ command, args, env });
    expect(entry('continue')).toEqual({ name: 'agent-hub', command, args, env });
    expect(entry('goose')).toMatchObject({ type: 'stdio', name: 'agent-hub', enabled: true, cmd: command, args, envs: env, timeout: 300 });
    expect(snippet('codex', electronLaunch)).toBe(
      `[mcp_servers.agent-hub]\ncommand = "/opt/Agent Hub/agent-hub"\nargs = [ "/app/dist/main/cli.js", "connect", "--client", "zed", "--data-dir", "/data/hub" ]\n\n[mcp_servers.agent-hub.env]\nELECTRON_RUN_AS_NODE = "1"`,
    );
    expect(snippet('continue', launch)).toMatch(/^mcpServers:\n {2}- name: agent-hub\n {4}command: \/usr\/bin\/node\n/);
    expect(snippet('goose', launch)).toMatch(/^extensions:\n {2}agent-hub:\n {4}type: stdio\n/);
  });
});

describe.each(ClientApps)('connecting %s', (app) => {
  it("adds only the hub's entry to the user's file, keeping every other byte; a second connect writes nothing; undo restores the file", () => {
    const host = tempHome();
    const file = appConfigPath(app, host);
    const original = fixture(app);
    write(file, original);

    const record = connectApp(app, launch, host);
    expect(record).toMatchObject({ configPath: file, changed: true, backupPath: expect.stringContaining('.agent-hub-backup-') });
    expect(read(record.backupPath!)).toBe(original);
    const after = read(file);
    // Nothing of the user's file was removed or rewritten: the edit is one insertion.
    const { removed, added } = diff(original, after);
    expect(removed).toBe('');
    expect(added).toContain('agent-hub');
    // And the insertion is exactly the hub's entry: the file now parses to the old document plus it.
    const spec = appSpec(app);
    expect(parsed(app, after)).toEqual(JSON.parse(JSON.stringify(withEntry(parsed(app, original), spec.servers, 'agent-hub', spec.hubEntry(launch)))));
    expect(isConnected(app, host)).toBe(true);

    const again = connectApp(app, launch, host);
    expect(again).toEqual({ configPath: file, backupPath: null, written: after, changed: false });
    expect(read(file)).toBe(after);
    expect(backups(file)).toHaveLength(1);
    undoConnectApp(again);
    expect(read(file)).toBe(after);

    undoConnectApp(record);
    expect(read(file)).toBe(original);
    expect(backups(file)).toEqual([]);
  });

  it('creates a missing file (and its folder); undo deletes it', () => {
    const host = tempHome();
    const file = appConfigPath(app, host);
    expect(isConnected(app, host)).toBe(false);

    const record = connectApp(app, launch, host);
    expect(record).toMatchObject({ configPath: file, backupPath: null, changed: true });
    const spec = appSpec(app);
    expect(parsed(app, read(file))).toEqual(JSON.parse(JSON.stringify(withEntry({ ...spec.newFile }, spec.servers, 'agent-hub', spec.hubEntry(launch)))));
    expect(isConnected(app, host)).toBe(true);

    undoConnectApp(record);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a broken file, naming it, and leaves it untouched', () => {
    const host = tempHome();
    const file = appConfigPath(app, host);
    const broken = { json: '{ "mcpServers": { "a": ', jsonc: '{ "servers": { "a": ', toml: '[mcp_servers.a]\ncommand = \n', yaml: 'extensions:\n  a: [1, 2\n' }[appSpec(app).format];
    write(file, broken);

    expect(() => connectApp(app, launch, host)).toThrow(new RegExp(`${escape(file)} is not valid (JSON|TOML|YAML) .*fix or move that file, then connect again`));
    expect(read(file)).toBe(broken);
    expect(backups(file)).toEqual([]);
    expect(isConnected(app, host)).toBe(false);
  });
});

describe('connecting an app', () => {
  it('refuses comments in a file its app reads as strict JSON', () => {
    const host = tempHome();
    const file = appConfigPath('claude', host);
    const broken = '{ "mcpServers": { // comments are not JSON\n } }';
    write(file, broken);

    expect(() => connectApp('claude', launch, host)).toThrow(new RegExp(`${escape(file)} is not valid JSON .*fix or move that file`));
    expect(read(file)).toBe(broken);
    expect(backups(file)).toEqual([]);
  });

  it('refuses to undo once the user changed the file, and leaves it untouched', () => {
    const host = tempHome();
    const file = appConfigPath('cursor', host);
    write(file, '{"mcpServers":{}}');
    const record = connectApp('cursor', launch, host);
    const edited = read(file).replace('"mcpServers": {', '"mcpServers": {\n    "mine": { "url": "http://localhost:1/mcp" },');
    expect(edited).not.toBe(read(file));
    fs.writeFileSync(file, edited);

    expect(() => undoConnectApp(record)).toThrow(/changed after Agent Hub wrote it.*copy .*agent-hub-backup.* by hand/);
    expect(read(file)).toBe(edited);
    expect(fs.existsSync(record.backupPath!)).toBe(true);
  });

  it.each([
    ['cursor', '{\n  "mcpServers": {\n    "a": { "command": "a" },\n    "agent-hub": { "command": "old" },\n    "z": { "command": "z" }\n  }\n}\n'],
    ['codex', '# mine\n[mcp_servers.a]\ncommand = "a"\n\n[mcp_servers.agent-hub]\ncommand = "old"\n\n[mcp_servers.agent-hub.env]\nX = "1"\n\n# z comes last\n[mcp_servers.z]\ncommand = "z"\n'],
    ['goose', 'extensions:\n  a:\n    type: stdio\n    cmd: a\n  agent-hub:\n    type: stdio\n    cmd: old\n  z:\n    type: stdio\n    cmd: z # last\n'],
    ['continue', 'name: c\nversion: 1.0.0\nschema: v1\nmcpServers:\n  - name: a\n    command: a\n  - name: agent-hub\n    command: old\n  - name: z\n    command: z\n'],
  ] as const)("replaces a stale entry in %s where it is, keeping the others' text", (app, original) => {
    const host = tempHome();
    const file = appConfigPath(app, host);
    write(file, original);

    connectApp(app, launch, host);
    const after = read(file);
    const { removed, added } = diff(original, after);
    expect(removed).toMatch(/old/);
    expect(removed).not.toMatch(/"a"|"z"|cmd: a|cmd: z|name: a|name: z|# z comes last|# last/);
    expect(added).toContain('/app/dist/main/cli.js');
    const spec = appSpec(app);
    expect(parsed(app, after)).toEqual(JSON.parse(JSON.stringify(withEntry(parsed(app, original), spec.servers, 'agent-hub', spec.hubEntry(launch)))));
    const names = (doc: Record<string, unknown>) => {
      const servers = doc[spec.servers.key] as Record<string, unknown> | { name: string }[];
      return Array.isArray(servers) ? servers.map((s) => s.name) : Object.keys(servers);
    };
    expect(names(parsed(app, after))).toEqual(['a', 'agent-hub', 'z']);
  });

  it('adds the servers key when the file has none, and writes through a symlink', () => {
    const host = tempHome();
    const real = path.join(host.home, 'dotfiles', 'config.toml');
    write(real, 'model = "o3"\n');
    fs.mkdirSync(path.join(host.home, '.codex'));
    fs.symlinkSync(real, appConfigPath('codex', host));

    connectApp('codex', launch, host);
    expect(fs.lstatSync(appConfigPath('codex', host)).isSymbolicLink()).toBe(true);
    expect(read(real)).toMatch(/^model = "o3"\n\n\[mcp_servers\.agent-hub\]\ncommand = "\/usr\/bin\/node"\n/);
  });

  it('will not create a Continue config.yaml over a config.json setup', () => {
    const host = tempHome();
    write(path.join(host.home, '.continue', 'config.json'), '{"models": []}');
    expect(() => connectApp('continue', launch, host)).toThrow(/Continue is set up with .*config\.json.*add the snippet to your config by hand/);
    expect(fs.existsSync(appConfigPath('continue', host))).toBe(false);
  });

  it('refuses a servers key of the wrong shape, and an entry it cannot edit in place', () => {
    const host = tempHome();
    write(appConfigPath('zed', host), '{ "context_servers": [] }');
    expect(() => connectApp('zed', launch, host)).toThrow(/"context_servers" in .* is not an object/);

    const inline = 'mcp_servers = { agent-hub = { command = "old" } }\n';
    write(appConfigPath('codex', host), inline);
    expect(() => connectApp('codex', launch, host)).toThrow(/could not add its entry .* without changing other settings/);
    expect(read(appConfigPath('codex', host))).toBe(inline);
  });
});

describe('editing layouts users have', () => {
  const e = { command: 'node', args: ['a'] };
  const set = (format: 'yaml' | 'toml', key: string, shape: 'map' | 'list', text: string) =>
    setEntryText(format, text, { key, shape }, 'agent-hub', shape === 'list' ? { name: 'agent-hub', ...e } : e, 'f');
  const block = (eol = '\n') => ['  agent-hub:', '    command: node', '    args:', '      - a'].join(eol);

  it.each([
    ['an empty key', 'extensions:\n# nothing yet\nother: 1\n', `extensions:\n${block()}\n# nothing yet\nother: 1\n`],
    ['~', 'extensions: ~\nother: 1\n', `extensions:\n${block()}\nother: 1\n`],
    ['{}', 'extensions: {}\nother: 1\n', `extensions:\n${block()}\nother: 1\n`],
    ['no key, no final line end', 'other: 1', `other: 1\nextensions:\n${block()}`],
    ['only a comment', '# mine\n', `# mine\nextensions:\n${block()}\n`],
    ['CRLF line ends', 'a: 1\r\nextensions:\r\n  x:\r\n    cmd: x\r\n', `a: 1\r\nextensions:\r\n  x:\r\n    cmd: x\r\n${block('\r\n')}\r\n`],
  ])('YAML with %s', (_what, text, expected) => {
    expect(set('yaml', 'extensions', 'map', text)).toBe(expected);
  });

  it('YAML lists: an empty flow list becomes a block, an unindented list keeps its dashes', () => {
    expect(set('yaml', 'mcpServers', 'list', 'mcpServers: []\nname: x\n')).toBe('mcpServers:\n  - name: agent-hub\n    command: node\n    args:\n      - a\nname: x\n');
    expect(set('yaml', 'mcpServers', 'list', 'mcpServers:\n- name: a\n  command: a\n')).toBe('mcpServers:\n- name: a\n  command: a\n- name: agent-hub\n  command: node\n  args:\n    - a\n');
  });

  it('a flow mapping with entries goes through the Document API, still parsing to the same document plus the entry', () => {
    expect(set('yaml', 'extensions', 'map', 'extensions: {a: {cmd: x}}\n')).toBe('extensions: { a: { cmd: x }, agent-hub: { command: node, args: [ a ] } }\n');
  });

  it('TOML: after the other servers, with CRLF kept; never inside a multi-line string', () => {
    expect(set('toml', 'mcp_servers', 'map', 'a = 1\r\n\r\n[mcp_servers.x]\r\ncommand = "x"\r\n\r\n# next\r\n[other]\r\nb = 2\r\n')).toBe(
      'a = 1\r\n\r\n[mcp_servers.x]\r\ncommand = "x"\r\n\r\n[mcp_servers.agent-hub]\r\ncommand = "node"\r\nargs = [ "a" ]\r\n\r\n# next\r\n[other]\r\nb = 2\r\n',
    );
    const text = 'x = """\n[mcp_servers.agent-hub]\n"""\n';
    expect(set('toml', 'mcp_servers', 'map', text)).toBe(`${text}\n[mcp_servers.agent-hub]\ncommand = "node"\nargs = [ "a" ]\n`);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
