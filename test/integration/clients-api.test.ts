import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ClientApps } from '../../shared/clients.js';
import { DEFAULT_PROFILE } from '../../shared/client-profile.js';
import type { HubApi } from '../../shared/hub-api.js';
import { createClientsApi } from '../../main/core/admin/clients-api.js';
import { createHubApi } from '../../main/core/admin/hub-api.js';
import { createImportApi } from '../../main/core/admin/import-api.js';
import type { AppHost } from '../../main/core/config/app-paths.js';
import { appConfigPath } from '../../main/core/config/client-apps.js';
import { createHub, type Hub } from '../../main/core/hub.js';
import { repoRoot, tempDataDir } from '../helpers/cli.js';
import { eventually } from '../helpers/hub.js';
import { filesContaining } from '../helpers/keyring.js';
import { memorySecrets } from '../helpers/memory-secrets.js';

/** The Clients page's HubApi methods and import on a real hub (real SQLite), with the apps' files in a temp home. */
const hubs: Hub[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.allSettled(hubs.splice(0).map((h) => h.dispose()));
});
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

type Secrets = ReturnType<typeof memorySecrets>;

async function start(secrets: Secrets = memorySecrets()): Promise<{ hub: Hub; api: HubApi; home: string; host: AppHost; secrets: Secrets }> {
  const dataDir = tempDataDir();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-home-'));
  dirs.push(dataDir, home);
  const hub = await createHub({ dataDir, port: 0, secrets, gateway: { startDelayMs: 0 } });
  hubs.push(hub);
  // createHubApi builds the real clients and import parts for this machine; point them at the temp home
  // (a Linux host without XDG variables, whatever this machine's environment says).
  const host: AppHost = { home, platform: 'linux', env: {} };
  const api = { ...createHubApi(hub, 'test'), ...createClientsApi(hub, { home }), ...createImportApi(hub, { host }) };
  return { hub, api, home, host, secrets };
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

describe('clients through the HubApi', () => {
  it('creates a client whose token authenticates, lists and removes it', async () => {
    const { hub, api } = await start();
    const created = await api.addClient('claude');
    expect(created).toEqual({ name: 'claude', token: expect.stringMatching(/^ahc_/) });
    expect(hub.store.clients.authenticate(created.token)).toBe('claude');
    expect(await api.listClients()).toEqual([{ name: 'claude', createdAt: expect.any(String), consentIn: 'hub', profile: DEFAULT_PROFILE }]);
    await expect(api.addClient('claude')).rejects.toThrow(/already exists/);

    await api.removeClient('claude');
    expect(await api.listClients()).toEqual([]);
    expect(hub.store.clients.authenticate(created.token)).toBeUndefined();
  });

  it('refuses setup for a client that does not exist, saying how to create it', async () => {
    const { api } = await start();
    await expect(api.clientSetup('nobody')).rejects.toThrow(/no client named "nobody"; create it first/);
    await expect(api.connectClientApp('nobody', 'cursor')).rejects.toThrow(/no client named "nobody"/);
  });

  it('lists every app with its file, format and snippet', async () => {
    const { api, home } = await start();
    await api.addClient('zed');
    const setup = await api.clientSetup('zed');
    expect(setup.map((s) => s.app)).toEqual([...ClientApps]);
    expect(setup.find((s) => s.app === 'zed')).toMatchObject({ label: 'Zed', configPath: path.join(home, '.config', 'zed', 'settings.json'), format: 'jsonc', connected: false });
    expect(setup.find((s) => s.app === 'codex')).toMatchObject({ format: 'toml', snippet: expect.stringMatching(/^\[mcp_servers\.agent-hub\]\ncommand = /) });
    expect(setup.find((s) => s.app === 'goose')).toMatchObject({ format: 'yaml', snippet: expect.stringMatching(/^extensions:\n {2}agent-hub:\n {4}type: stdio/) });
  });

  it('connects an app by writing its file, and undo restores the file', async () => {
    const { hub, api, home } = await start();
    await api.addClient('cursor');
    const file = path.join(home, '.cursor', 'mcp.json');
    const original = '{ "mcpServers": { "memory": { "command": "npx" } } }';
    write(file, original);

    const setup = await api.clientSetup('cursor');
    expect(setup.slice(0, 3).map((s) => [s.app, s.label, s.connected])).toEqual([
      ['claude', 'Claude Desktop', false],
      ['cursor', 'Cursor', false],
      ['vscode', 'VS Code', false],
    ]);
    const cursor = setup.find((s) => s.app === 'cursor')!;
    expect(cursor.configPath).toBe(file);
    expect(JSON.parse(cursor.snippet).mcpServers['agent-hub'].args).toEqual(expect.arrayContaining(['connect', '--client', 'cursor', '--data-dir', hub.dataDir]));

    const result = await api.connectClientApp('cursor', 'cursor');
    expect(result).toEqual({ app: 'cursor', configPath: file, backupPath: expect.stringContaining('mcp.json.agent-hub-backup-'), changed: true, undoId: expect.any(String) });
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(Object.keys(written.mcpServers)).toEqual(['memory', 'agent-hub']);
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/ahc_/);
    expect((await api.clientSetup('cursor')).find((s) => s.app === 'cursor')!.connected).toBe(true);

    // Connecting again changes nothing, backs nothing up, and its undo leaves the file alone.
    const again = await api.connectClientApp('cursor', 'cursor');
    expect(again).toMatchObject({ changed: false, backupPath: null });
    await api.undoConnectClientApp(again.undoId);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(written);

    await api.undoConnectClientApp(result.undoId);
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
    await expect(api.undoConnectClientApp(result.undoId)).rejects.toThrow(/can no longer be undone/);
  });

  it('connects a TOML app and undoes it, refusing once the user edited the file', async () => {
    const { api, home } = await start();
    await api.addClient('codex');
    const file = path.join(home, '.codex', 'config.toml');
    const original = '# mine\nmodel = "o3"\n';
    write(file, original);
    const result = await api.connectClientApp('codex', 'codex');
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^# mine\nmodel = "o3"\n\n\[mcp_servers\.agent-hub\]\n/);
    fs.appendFileSync(file, '# later\n');
    await expect(api.undoConnectClientApp(result.undoId)).rejects.toThrow(/changed after Agent Hub wrote it/);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('# later\n', ''));
    await api.undoConnectClientApp(result.undoId);
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
  });
});

const envServer = path.join(repoRoot, 'test/fixtures/secrets/env-server.mjs');

/** A Cursor file with a stdio server (a real MCP server) holding a secret, and a switched-off remote one. */
function cursorFile(token: string, bearer: string): string {
  return `${JSON.stringify(
    {
      mcpServers: {
        Envy: { command: process.execPath, args: [envServer], env: { API_TOKEN: token, PLAIN: 'p' } },
        web: { url: 'http://127.0.0.1:9/mcp', headers: { Authorization: bearer, 'X-Team': 'platform' }, disabled: true },
        broken: { command: '' },
      },
    },
    null,
    2,
  )}\n`;
}

describe('importing other apps\' servers through the HubApi', () => {
  it('lists the apps whose files exist, with a preview of each server and no values', async () => {
    const { api, host } = await start();
    const token = `tok-${crypto.randomUUID()}`;
    const bearer = `Bearer ${crypto.randomUUID()}`;
    write(appConfigPath('cursor', host), cursorFile(token, bearer));
    write(appConfigPath('codex', host), fs.readFileSync(path.join(repoRoot, 'test/fixtures/apps/codex.toml'), 'utf8'));
    write(appConfigPath('goose', host), 'extensions: [1, 2\n');

    const sources = await api.listImportSources();
    expect(sources.map((s) => s.app)).toEqual(['cursor', 'codex', 'goose']);
    const [cursor, codex, goose] = sources;
    expect(goose).toEqual({ app: 'goose', label: 'Goose', path: appConfigPath('goose', host), error: expect.stringMatching(/config\.yaml is not valid YAML \(.*\); fix that file to import from it\./), servers: [], warnings: [] });
    expect(cursor!.servers).toEqual([
      {
        name: 'envy',
        originalName: 'Envy',
        transport: 'stdio',
        command: process.execPath,
        args: [envServer],
        envKeys: ['API_TOKEN', 'PLAIN'],
        headerKeys: [],
        secretSuggested: ['API_TOKEN'],
        exists: false,
      },
      { name: 'web', originalName: 'web', transport: 'http', url: 'http://127.0.0.1:9/mcp', envKeys: [], headerKeys: ['Authorization', 'X-Team'], secretSuggested: ['Authorization'], exists: false },
      { name: 'broken', originalName: 'broken', transport: 'stdio', envKeys: [], headerKeys: [], secretSuggested: [], exists: false, problem: 'entry "broken", field "command": must not be empty' },
    ]);
    expect(codex!.servers.map((s) => [s.name, s.transport, s.secretSuggested])).toEqual([
      ['github', 'stdio', ['GITHUB_TOKEN']],
      ['figma', 'http', ['X-Figma-Token']],
    ]);
    expect(codex!.warnings).toContain('mcp_servers.figma takes its bearer token from the environment variable FIGMA_OAUTH_TOKEN, which was not imported: add an Authorization header after import.');
    // Values never leave the hub.
    expect(JSON.stringify(sources)).not.toContain(token);
    expect(JSON.stringify(sources)).not.toContain(bearer);
  });

  it('imports the picked servers with the marked values in the secret store only, and the hub runs them', async () => {
    const { hub, api, host, secrets } = await start();
    const token = `tok-${crypto.randomUUID()}`;
    const bearer = `Bearer ${crypto.randomUUID()}`;
    write(appConfigPath('cursor', host), cursorFile(token, bearer));

    const result = await api.importServers({ app: 'cursor', servers: ['envy', 'web'], secret: { envy: ['API_TOKEN'], web: ['authorization'] } });
    expect(result).toEqual({ imported: ['envy', 'web'], renamed: [{ from: 'Envy', to: 'envy' }], warnings: [] });
    expect(hub.store.servers.get('envy')).toMatchObject({ command: process.execPath, env: { PLAIN: 'p' }, secretEnv: ['API_TOKEN'], enabled: true });
    expect(hub.store.servers.get('web')).toMatchObject({ headers: { 'X-Team': 'platform' }, secretHeaders: ['Authorization'], enabled: false });
    const id = hub.store.hubId();
    expect(secrets.entries.get(`hub/${id}/server/envy/env/API_TOKEN`)).toBe(token);
    expect(secrets.entries.get(`hub/${id}/server/web/header/authorization`)).toBe(bearer);
    expect(filesContaining(hub.dataDir, token)).toEqual([]);
    expect(filesContaining(hub.dataDir, bearer)).toEqual([]);

    // The hub reloaded: the imported server runs, its secret read from the store.
    await eventually(async () => hub.gateway.catalog.tools.some((t) => t.name === 'envy__env'), 30_000);
    expect((await api.listImportSources())[0]!.servers.map((s) => [s.name, s.exists])).toEqual([
      ['envy', true],
      ['web', true],
      ['broken', false],
    ]);
  });

  it('refuses a name that exists unless replace, and then replaces it', async () => {
    const { hub, api, host, secrets } = await start();
    const token = `tok-${crypto.randomUUID()}`;
    write(appConfigPath('cursor', host), cursorFile(token, 'Bearer x-123456789'));
    await api.addServer({ name: 'envy', transport: 'stdio', command: 'mine', secretEnv: ['OLD'] }, { env: { OLD: 'old-value' } });

    await expect(api.importServers({ app: 'cursor', servers: ['web', 'envy'], secret: {} })).rejects.toThrow(
      /A server named "envy" already exists in Agent Hub; import with replace to overwrite it, or leave it out\. Nothing was imported\./,
    );
    expect(hub.store.servers.get('web')).toBeUndefined();
    expect(hub.store.servers.get('envy')).toMatchObject({ command: 'mine' });

    await api.importServers({ app: 'cursor', servers: ['envy'], secret: { envy: ['API_TOKEN'] }, replace: true });
    expect(hub.store.servers.get('envy')).toMatchObject({ command: process.execPath, secretEnv: ['API_TOKEN'] });
    const id = hub.store.hubId();
    expect(secrets.entries.get(`hub/${id}/server/envy/env/API_TOKEN`)).toBe(token);
    // The secret the replaced server had, and no longer lists, left the keychain with it.
    expect(secrets.entries.has(`hub/${id}/server/envy/env/OLD`)).toBe(false);
  });

  it('imports all of the picked servers or none', async () => {
    // A keychain that fails on the second server's secret: the first server goes again.
    const secrets = memorySecrets();
    const set = secrets.set;
    secrets.set = async (key, value) => {
      if (key.includes('/server/web/')) throw new Error('the keychain is locked');
      return set(key, value);
    };
    const { hub, api, host } = await start(secrets);
    const token = `tok-${crypto.randomUUID()}`;
    write(appConfigPath('cursor', host), cursorFile(token, 'Bearer x-123456789'));

    await expect(api.importServers({ app: 'cursor', servers: ['envy', 'web'], secret: { envy: ['API_TOKEN'], web: ['Authorization'] } })).rejects.toThrow(/locked/);
    expect(hub.store.servers.list()).toEqual([]);
    expect([...secrets.entries.keys()].filter((k) => k.includes('/server/'))).toEqual([]);

    await expect(api.importServers({ app: 'cursor', servers: ['envy', 'broken'], secret: {} })).rejects.toThrow(
      /"broken" cannot be imported: entry "broken", field "command": must not be empty; nothing was imported\./,
    );
    await expect(api.importServers({ app: 'cursor', servers: ['envy'], secret: { envy: ['NOPE'] } })).rejects.toThrow(/"NOPE" is not an environment variable of "envy"/);
    await expect(api.importServers({ app: 'cursor', servers: ['nobody'], secret: {} })).rejects.toThrow(/"nobody" is not a server of Cursor's config file/);
    await expect(api.importServers({ app: 'zed', servers: ['x'], secret: {} })).rejects.toThrow(/Zed's MCP config file is gone/);
    expect(hub.store.servers.list()).toEqual([]);
  });
});
