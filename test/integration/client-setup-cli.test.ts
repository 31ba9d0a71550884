import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ClientApps, type ClientApp } from '../../shared/clients.js';
import { appConfigPath, type AppHost } from '../../main/core/config/client-apps.js';
import { repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { startHub, stopAllHubs } from '../helpers/hub.js';

/** `agent-hub client setup` and `agent-hub import` through the built CLI, with HOME pointed at a temp folder. */
const dirs: string[] = [];
const clients: Client[] = [];
afterEach(async () => {
  // Closing the SDK client ends the bridge process it spawned.
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await stopAllHubs();
});
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function fresh() {
  const dataDir = tempDataDir();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-home-'));
  dirs.push(dataDir, home);
  // Nothing of this machine's own configuration may leak in: every app's file is under the temp home.
  const env = { HOME: home, XDG_CONFIG_HOME: '', APPDATA: '', CODEX_HOME: '' };
  const host: AppHost = { home, platform: process.platform, env: {} };
  const cli = (args: string[]) => runCli(args, { dataDir, env });
  return { dataDir, home, host, cli };
}

function fixture(app: ClientApp): string {
  const dir = path.join(repoRoot, 'test/fixtures/apps');
  const name = fs.readdirSync(dir).find((f) => f.slice(0, f.lastIndexOf('.')) === app)!;
  return fs.readFileSync(path.join(dir, name), 'utf8');
}

function put(host: AppHost, app: ClientApp, text = fixture(app)): string {
  const file = appConfigPath(app, host);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const backups = (file: string) => fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith(path.basename(file) + '.agent-hub-backup-'));

describe('agent-hub client setup', () => {
  it('lists every app with its file and whether it is connected, with no token, for an existing client only', () => {
    const { dataDir, home, host, cli } = fresh();
    const missing = cli(['client', 'setup', 'claude']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no client named "claude"; create it first .*agent-hub client add claude/);

    expect(cli(['client', 'add', 'claude']).code).toBe(0);
    put(host, 'cursor', '{ "mcpServers": { "agent-hub": { "command": "node" } } }');
    const r = cli(['client', 'setup', 'claude', '--json']);
    expect(r.code).toBe(0);
    const setups = JSON.parse(r.stdout) as { app: string; configPath: string; snippet: string; connected: boolean; format: string }[];
    expect(setups.map((s) => s.app)).toEqual([...ClientApps]);
    expect(setups.slice(0, 3).map((s) => [s.app, s.configPath, s.connected])).toEqual([
      ['claude', path.join(home, '.config', 'Claude', 'claude_desktop_config.json'), false],
      ['cursor', path.join(home, '.cursor', 'mcp.json'), true],
      ['vscode', path.join(home, '.config', 'Code', 'User', 'mcp.json'), false],
    ]);
    for (const s of setups) expect(s.configPath.startsWith(home + path.sep), s.app).toBe(true);
    const entry = JSON.parse(setups[0]!.snippet).mcpServers['agent-hub'];
    expect(entry.args.slice(1)).toEqual(['connect', '--client', 'claude', '--data-dir', dataDir]);
    expect(r.stdout).not.toMatch(/ahc_/);

    const table = cli(['client', 'setup', 'claude']);
    expect(table.stdout).toMatch(/^APP +NAME +CONNECTED +CONFIG FILE$/m);
    expect(table.stdout).toMatch(new RegExp(`^cursor +Cursor +yes +${escape(path.join(home, '.cursor', 'mcp.json'))}$`, 'm'));
    expect(table.stdout).toMatch(new RegExp(`^goose +Goose +no +${escape(path.join(home, '.config', 'goose', 'config.yaml'))}$`, 'm'));
    expect(table.stderr).toMatch(/--app APP --write/);

    const one = cli(['client', 'setup', 'claude', '--app', 'vscode']);
    expect(JSON.parse(one.stdout)).toEqual({ servers: { 'agent-hub': { type: 'stdio', ...entry } } });
    expect(one.stderr).toMatch(/^VS Code: add this to .*mcp\.json, or run with --app vscode --write:/);
    const toml = cli(['client', 'setup', 'claude', '--app', 'codex']);
    expect(toml.stdout).toMatch(/^\[mcp_servers\.agent-hub\]\ncommand = ".+"\nargs = \[ ".+", "connect", "--client", "claude", "--data-dir", ".+" \]\n$/);
  });

  it.each(ClientApps)("--app %s --write adds the entry to the app's file after a backup, keeping every other byte; a second --write writes nothing", (app) => {
    const { host, cli } = fresh();
    expect(cli(['client', 'add', 'me']).code).toBe(0);
    const original = fixture(app);
    const file = put(host, app, original);
    const r = cli(['client', 'setup', 'me', '--app', app, '--write']);
    expect(r.code, `${app}: ${r.stderr}`).toBe(0);
    expect(r.stdout).toContain(`wrote ${file} (backup: `);
    const backup = /\(backup: (.+)\)\.$/m.exec(r.stdout)![1]!;
    expect(fs.readFileSync(backup, 'utf8')).toBe(original);
    const after = fs.readFileSync(file, 'utf8');
    const { removed, added } = diff(original, after);
    expect(removed, app).toBe('');
    expect(added, app).toMatch(/agent-hub[\s\S]*connect[\s\S]*--client[\s\S]*me/);

    const again = cli(['client', 'setup', 'me', '--app', app, '--write']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already has this entry in .*: nothing was written, and no backup was made\.$/m);
    expect(fs.readFileSync(file, 'utf8')).toBe(after);
    expect(backups(file), app).toHaveLength(1);
    expect(JSON.parse(cli(['client', 'setup', 'me', '--app', app, '--write', '--json']).stdout)).toEqual({ app, configPath: file, backupPath: null, changed: false });
    expect(JSON.parse(cli(['client', 'setup', 'me', '--app', app, '--json']).stdout)[0].connected, app).toBe(true);
  });

  it('creates a missing file, and refuses a broken one without writing it', () => {
    const { host, cli } = fresh();
    expect(cli(['client', 'add', 'me']).code).toBe(0);
    const created = cli(['client', 'setup', 'me', '--app', 'goose', '--write']);
    expect(created.stdout).toMatch(/^Connected Goose: wrote .*config\.yaml \(a new file, so no backup\)\.$/m);
    expect(fs.readFileSync(appConfigPath('goose', host), 'utf8')).toMatch(/^extensions:\n {2}agent-hub:\n {4}type: stdio\n/);

    const file = put(host, 'codex', '[mcp_servers.x]\ncommand = \n');
    const broken = cli(['client', 'setup', 'me', '--app', 'codex', '--write']);
    expect([broken.code, broken.stderr.trim()]).toEqual([1, expect.stringMatching(/^agent-hub: .*config\.toml is not valid TOML \(.*\); fix or move that file, then connect again\.$/)]);
    expect(fs.readFileSync(file, 'utf8')).toBe('[mcp_servers.x]\ncommand = \n');
    expect(backups(file)).toEqual([]);
  });

  it('says what is wrong with --app and with --write for every app', () => {
    const { cli } = fresh();
    const bad = cli(['client', 'setup', 'x', '--app', 'notepad']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--app must be one of claude, cursor, vscode, .*kiro; not "notepad"/)]);
    const all = cli(['client', 'setup', 'x', '--write']);
    expect([all.code, all.stderr]).toEqual([2, expect.stringMatching(/needs --app APP \(one app at a time\)/)]);
  });

  it('prints an entry that an app can launch as is to reach the running hub', async () => {
    const hub = await startHub();
    hub.addClient('claude');
    const r = runCli(['client', 'setup', 'claude', '--app', 'claude', '--json'], { dataDir: hub.dataDir });
    const entry = JSON.parse(JSON.parse(r.stdout)[0].snippet).mcpServers['agent-hub'] as { command: string; args: string[] };

    // As Claude Desktop does: spawn the command, without our AGENT_HUB_DATA_DIR.
    const env = { ...(process.env as Record<string, string>), AGENT_HUB_DATA_DIR: '' };
    const client = new Client({ name: 'claude-desktop', version: '1.0.0' });
    clients.push(client);
    await client.connect(new StdioClientTransport({ command: entry.command, args: entry.args, env, stderr: 'pipe' }));
    expect((await client.listTools()).tools).toEqual([]);
  });
});

/** What each app's fixture imports as, in file order. */
const IMPORTED: Record<ClientApp, string[]> = {
  claude: ['github', 'remote-docs'],
  cursor: ['memory', 'linear'],
  vscode: ['github', 'docs'],
  'vscode-insiders': ['github', 'docs'],
  'claude-code': ['playwright', 'sentry'],
  windsurf: ['github', 'zapier'],
  zed: ['postgres', 'old-style', 'remote-mcp-server'],
  cline: ['brave-search', 'remote'],
  'roo-code': ['filesystem', 'remote-api'],
  continue: ['sqlite', 'remote-search'],
  'gemini-cli': ['git', 'github'],
  codex: ['github', 'figma'],
  goose: ['github', 'remote-tools'],
  'lm-studio': ['fetch', 'hf-mcp-server'],
  'amazon-q': ['aws-docs', 'remote'],
  kiro: ['fetch', 'api-server'],
};

describe('agent-hub import', () => {
  it.each(ClientApps)("--app %s imports the app's own file from where the app keeps it", (app) => {
    const { host, cli } = fresh();
    const file = put(host, app);
    const r = cli(['import', '--app', app, '--json']);
    expect(r.code, `${app}: ${r.stderr}`).toBe(0);
    const out = JSON.parse(r.stdout) as { format: string; imported: string[]; warnings: string[] };
    expect([out.format, out.imported], app).toEqual([app, IMPORTED[app]]);
    const listed = JSON.parse(cli(['server', 'list', '--json']).stdout) as { name: string; transport: string }[];
    expect(listed.map((s) => s.name).sort(), app).toEqual([...IMPORTED[app]].sort());
    expect(new Set(listed.map((s) => s.transport)), app).toEqual(new Set(['stdio', 'http']));
    const plain = cli(['import', '--app', app, '--replace']);
    expect(plain.stdout, app).toContain(`from ${file} (${app} format)`);
  });

  it('detects the app of a TOML, YAML or JSONC file given by name', () => {
    const { home, cli } = fresh();
    for (const [app, name] of [
      ['codex', 'config.toml'],
      ['goose', 'goose.yaml'],
      ['continue', 'continue.yml'],
      ['zed', 'settings.json'],
      ['windsurf', 'mcp_config.json'],
    ] as const) {
      const file = path.join(home, name);
      fs.writeFileSync(file, fixture(app));
      const r = cli(['import', file, '--json', '--replace']);
      expect(r.code, `${app}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ format: app, imported: IMPORTED[app] });
    }
  });

  it('refuses a re-import that would overwrite a server, saying to use --replace, and imports nothing', () => {
    const { host, cli } = fresh();
    put(host, 'codex');
    expect(cli(['import', '--app', 'codex']).code).toBe(0);
    expect(cli(['server', 'remove', 'figma']).code).toBe(0);
    const again = cli(['import', '--app', 'codex']);
    expect([again.code, again.stderr.trim()]).toEqual([
      1,
      expect.stringMatching(/^agent-hub: Cannot import .*config\.toml: A server named "github" already exists; run the import again with --replace to overwrite it; nothing was imported\.$/),
    ]);
    expect((JSON.parse(cli(['server', 'list', '--json']).stdout) as { name: string }[]).map((s) => s.name)).toEqual(['github']);
    expect(cli(['import', '--app', 'codex', '--replace']).code).toBe(0);
  });

  it('explains an app without a file, a broken file, and a wrong --app', () => {
    const { host, cli } = fresh();
    const none = cli(['import', '--app', 'zed']);
    expect([none.code, none.stderr.trim()]).toEqual([1, `agent-hub: Zed has no MCP config file on this machine (looked for ${appConfigPath('zed', host)}); nothing was imported.`]);
    put(host, 'goose', 'extensions: [1, 2\n');
    expect(cli(['import', '--app', 'goose']).stderr).toMatch(/Cannot import .*config\.yaml: it is not valid YAML \(.*\); nothing was imported\./);
    expect(cli(['import', '--app', 'notepad']).stderr).toMatch(/--app must be one of claude, .*kiro; got "notepad"/);
    expect(cli(['import', 'x.json', '--app', 'zed']).stderr).toMatch(/import --app/);
  });
});

function diff(before: string, after: string): { removed: string; added: string } {
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
  return { removed: before.slice(p, before.length - s), added: after.slice(p, after.length - s) };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
