import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { HubApi } from '../../shared/hub-api.js';
import type { HubEvent } from '../../shared/hub-events.js';
import { createClientsApi } from '../../main/core/admin/clients-api.js';
import { createHubApi } from '../../main/core/admin/hub-api.js';
import { createHub, type Hub } from '../../main/core/hub.js';
import { tempDataDir } from '../helpers/cli.js';
import { memorySecrets } from '../helpers/memory-secrets.js';

/**
 * The Clients page's view of each app (issue 19): as which client its file connects, Disconnect (the
 * hub's entry out, a backup first, every other byte kept) and the changes that can still be undone,
 * listed for as long as the hub runs; and consent rules made from the Consent page, with the CLI's checks.
 */
const hubs: Hub[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.allSettled(hubs.splice(0).map((h) => h.dispose()));
});
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function start(): Promise<{ hub: Hub; api: HubApi; home: string; events: HubEvent[] }> {
  const dataDir = tempDataDir();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-home-'));
  dirs.push(dataDir, home);
  const hub = await createHub({ dataDir, port: 0, secrets: memorySecrets(), gateway: { startDelayMs: 0 } });
  hubs.push(hub);
  const events: HubEvent[] = [];
  hub.onEvent((e) => events.push(e));
  const api = { ...createHubApi(hub, 'test'), ...createClientsApi(hub, { home }) };
  return { hub, api, home, events };
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const connection = async (api: HubApi, app: string) => (await api.listAppConnections()).find((c) => c.app === app)!;

describe('apps and the clients they connect as', () => {
  it('reads the client of a stdio entry (connect --client) and of an HTTP entry (its token), never returning the token', async () => {
    const { api, home } = await start();
    const { token } = await api.addClient('claude');
    await api.addClient('cursor');
    await api.connectClientApp('claude', 'claude');
    const cursorFile = path.join(home, '.cursor', 'mcp.json');
    write(cursorFile, JSON.stringify({ mcpServers: { 'agent-hub': { url: 'http://127.0.0.1:47470/mcp', headers: { Authorization: `Bearer ${token}` } } } }));
    const zedFile = path.join(home, '.config', 'zed', 'settings.json');
    write(zedFile, '{ "context_servers": { "agent-hub": { "command": "node", "args": ["cli.js", "connect", "--client", "gone"] } } }');
    write(path.join(home, '.codex', 'config.toml'), 'this is = = not toml');

    const all = await api.listAppConnections();
    expect(all).toHaveLength(16);
    expect(await connection(api, 'claude')).toMatchObject({ connected: true, via: 'stdio', client: 'claude' });
    expect(await connection(api, 'cursor')).toEqual({ app: 'cursor', label: 'Cursor', configPath: cursorFile, format: 'json', connected: true, via: 'http', client: 'claude' });
    // A client that no longer exists: connected, as nobody the hub knows.
    expect(await connection(api, 'zed')).toMatchObject({ connected: true, via: 'stdio', client: null });
    expect(await connection(api, 'vscode')).toMatchObject({ connected: false, via: null, client: null });
    expect((await connection(api, 'codex')).problem).toMatch(/is not valid TOML/);
    expect(JSON.stringify(all)).not.toContain(token);
  });

  it('disconnects an app: only the hub\'s entry goes, after a backup; Undo puts it back; both are listed until undone', async () => {
    const { api, home, events } = await start();
    await api.addClient('cursor');
    const file = path.join(home, '.cursor', 'mcp.json');
    write(file, '{\n    "mcpServers": {\n        "memory": { "command": "npx" }\n    }\n}\n');
    const connected = await api.connectClientApp('cursor', 'cursor');
    const withHub = fs.readFileSync(file, 'utf8');
    events.length = 0;

    const result = await api.disconnectClientApp('cursor');
    expect(result).toEqual({ app: 'cursor', configPath: file, backupPath: expect.stringContaining('mcp.json.agent-hub-backup-'), changed: true, undoId: expect.any(String) });
    expect(fs.readFileSync(result.backupPath!, 'utf8')).toBe(withHub);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ mcpServers: { memory: { command: 'npx' } } });
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\{\n {4}"mcpServers": \{\n {8}"memory"/);
    expect((await connection(api, 'cursor')).connected).toBe(false);
    expect(events).toContainEqual({ type: 'clients-changed' });

    // Both changes wait for an Undo, newest first, as long as the hub runs.
    const changes = await api.listAppChanges();
    expect(changes.map((c) => [c.kind, c.app, c.label, c.client, c.undoId])).toEqual([
      ['disconnect', 'cursor', 'Cursor', 'cursor', result.undoId],
      ['connect', 'cursor', 'Cursor', 'cursor', connected.undoId],
    ]);
    await api.undoConnectClientApp(result.undoId);
    expect(fs.readFileSync(file, 'utf8')).toBe(withHub);
    expect((await api.listAppChanges()).map((c) => c.undoId)).toEqual([connected.undoId]);
    // Nothing to take out: nothing written, nothing to list.
    await api.undoConnectClientApp(connected.undoId);
    expect((await api.disconnectClientApp('cursor')).changed).toBe(false);
    expect(await api.listAppChanges()).toEqual([]);
  });

  it('disconnects TOML and YAML files, keeping their other lines and comments', async () => {
    const { api, home } = await start();
    await api.addClient('me');
    const toml = path.join(home, '.codex', 'config.toml');
    write(toml, '# mine\nmodel = "o3"\n\n[mcp_servers.docs]\nurl = "https://d.example/mcp"\n');
    await api.connectClientApp('me', 'codex');
    expect(fs.readFileSync(toml, 'utf8')).toContain('[mcp_servers.agent-hub]');
    await api.disconnectClientApp('codex');
    expect(fs.readFileSync(toml, 'utf8')).toBe('# mine\nmodel = "o3"\n\n[mcp_servers.docs]\nurl = "https://d.example/mcp"\n');

    const yaml = path.join(home, '.config', 'goose', 'config.yaml');
    write(yaml, '# goose\nextensions:\n  developer:\n    type: builtin # keep me\n    enabled: true\n');
    await api.connectClientApp('me', 'goose');
    await api.disconnectClientApp('goose');
    const after = fs.readFileSync(yaml, 'utf8');
    expect(after).toContain('# goose');
    expect(after).toContain('type: builtin # keep me');
    expect(after).not.toContain('agent-hub');

    const list = path.join(home, '.continue', 'config.yaml');
    write(list, 'name: mine\nversion: 1.0.0\nschema: v1\nmcpServers:\n  - name: docs\n    command: docs-server\n');
    await api.connectClientApp('me', 'continue');
    await api.disconnectClientApp('continue');
    expect(fs.readFileSync(list, 'utf8')).not.toContain('agent-hub');
    expect(fs.readFileSync(list, 'utf8')).toContain('- name: docs');
  });
});

describe('consent rules from the Consent page', () => {
  it('makes a rule as the CLI does: names checked, force turns refusals into warnings, made by the UI', async () => {
    const { hub, api, events } = await start();
    await api.addClient('claude');
    await expect(api.addConsentRule({ client: '*', server: 'nothing-here', tool: '*', effect: 'allow' })).rejects.toThrow(
      /no server or agent named "nothing-here".*nothing was changed \(add --force/,
    );
    await expect(api.addConsentRule({ client: 'nobody', server: 'a2a', tool: '*', effect: 'deny' })).rejects.toThrow(/no client named "nobody"/);
    await expect(api.addConsentRule({ client: 'Bad Name', server: 'a2a', tool: '*', effect: 'deny' } as never)).rejects.toThrow();
    expect(hub.store.consent.rules()).toEqual([]);

    events.length = 0;
    const made = await api.addConsentRule({ client: 'claude', server: 'a2a', tool: 'cancel_task', effect: 'deny' });
    expect(made).toEqual({ rule: expect.objectContaining({ client: 'claude', server: 'a2a', tool: 'cancel_task', effect: 'deny', scope: 'always', createdBy: 'ui' }), warnings: [] });
    expect(events).toContainEqual({ type: 'rules-changed' });

    const forced = await api.addConsentRule({ client: '*', server: 'later', tool: '*', effect: 'allow', force: true });
    expect(forced.warnings).toEqual([expect.stringMatching(/no server or agent named "later"/)]);
    expect((await api.listConsentRules()).map((r) => [r.server, r.effect, r.createdBy])).toEqual([
      ['a2a', 'deny', 'ui'],
      ['later', 'allow', 'ui'],
    ]);
  });
});
