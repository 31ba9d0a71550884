import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { HubApi } from '../../shared/hub-api.js';
import { createClientsApi } from '../../main/core/admin/clients-api.js';
import { createHubApi } from '../../main/core/admin/hub-api.js';
import { createHub, type Hub } from '../../main/core/hub.js';
import { tempDataDir } from '../helpers/cli.js';

/** The Clients page's HubApi methods on a real hub (real SQLite), with the apps' files in a temp home. */
const hubs: Hub[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.allSettled(hubs.splice(0).map((h) => h.dispose()));
});
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function start(): Promise<{ hub: Hub; api: HubApi; home: string }> {
  const dataDir = tempDataDir();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-home-'));
  dirs.push(dataDir, home);
  const hub = await createHub({ dataDir, port: 0 });
  hubs.push(hub);
  // createHubApi builds the real clients part for the user's home; point it at the temp one instead.
  const api = { ...createHubApi(hub, 'test'), ...createClientsApi(hub, { home }) };
  return { hub, api, home };
}

describe('clients through the HubApi', () => {
  it('creates a client whose token authenticates, lists and removes it', async () => {
    const { hub, api } = await start();
    const created = await api.addClient('claude');
    expect(created).toEqual({ name: 'claude', token: expect.stringMatching(/^ahc_/) });
    expect(hub.store.clients.authenticate(created.token)).toBe('claude');
    expect(await api.listClients()).toEqual([{ name: 'claude', createdAt: expect.any(String) }]);
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

  it('connects an app by writing its file, and undo restores the file', async () => {
    const { hub, api, home } = await start();
    await api.addClient('cursor');
    const file = path.join(home, '.cursor', 'mcp.json');
    const original = '{ "mcpServers": { "memory": { "command": "npx" } } }';
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, original);

    const setup = await api.clientSetup('cursor');
    expect(setup.map((s) => [s.app, s.label, s.connected])).toEqual([
      ['claude', 'Claude Desktop', false],
      ['cursor', 'Cursor', false],
      ['vscode', 'VS Code', false],
    ]);
    const cursor = setup.find((s) => s.app === 'cursor')!;
    expect(cursor.configPath).toBe(file);
    expect(JSON.parse(cursor.snippet).mcpServers['agent-hub'].args).toEqual(expect.arrayContaining(['connect', '--client', 'cursor', '--data-dir', hub.dataDir]));

    const result = await api.connectClientApp('cursor', 'cursor');
    expect(result).toEqual({ app: 'cursor', configPath: file, backupPath: expect.stringContaining('mcp.json.agent-hub-backup-'), undoId: expect.any(String) });
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(Object.keys(written.mcpServers)).toEqual(['memory', 'agent-hub']);
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/ahc_/);
    expect((await api.clientSetup('cursor')).find((s) => s.app === 'cursor')!.connected).toBe(true);

    await api.undoConnectClientApp(result.undoId);
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
    await expect(api.undoConnectClientApp(result.undoId)).rejects.toThrow(/can no longer be undone/);
  });
});
