import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHubApi } from '../../main/core/admin/hub-api.js';
import { createHub, type Hub } from '../../main/core/hub.js';
import { repoRoot, tempDataDir } from '../helpers/cli.js';
import { eventually, freePort } from '../helpers/hub.js';
import { memorySecrets } from '../helpers/memory-secrets.js';

// The Servers and Settings pages' HubApi methods, on a hub running in this process with a real stdio
// server (test/fixtures/gateway/flaky-server.mjs) and a real hub.db.
const hubs: Hub[] = [];
afterEach(async () => {
  await Promise.allSettled(hubs.splice(0).map((h) => h.dispose()));
});

async function startHub(dataDir = tempDataDir()): Promise<Hub> {
  const hub = await createHub({ dataDir, port: 0, secrets: memorySecrets(), gateway: { startDelayMs: 0 } });
  hubs.push(hub);
  return hub;
}

const calc = { name: 'calc', transport: 'stdio', command: process.execPath, args: [path.join(repoRoot, 'test/fixtures/gateway/flaky-server.mjs')] };
const published = (hub: Hub) => hub.gateway.catalog.tools.map((t) => t.name).sort();

describe('servers through the HubApi', () => {
  it('adds a server, lists its tools, and unpublishes and republishes one', async () => {
    const hub = await startHub();
    const api = createHubApi(hub, 'ui');
    await api.addServer(calc);
    const tools = await eventually(async () => {
      const t = await api.listServerTools('calc');
      return t.length > 0 && t;
    }, 30_000);
    expect(tools.map((t) => t.name).sort()).toEqual(['add', 'crash', 'pid', 'secret-admin']);
    expect(tools.every((t) => t.enabled)).toBe(true);
    expect(tools.find((t) => t.name === 'add')!.description).toBe('Adds two numbers.');
    await eventually(async () => published(hub).includes('calc__add'), 10_000);

    await api.setToolEnabled('calc', 'secret-admin', false);
    expect(hub.store.servers.get('calc')!.tools).toEqual({ deny: ['secret-admin'] });
    expect(published(hub)).toEqual(['calc__add', 'calc__crash', 'calc__pid']);
    expect((await api.listServerTools('calc')).find((t) => t.name === 'secret-admin')!.enabled).toBe(false);

    await api.setToolEnabled('calc', 'secret-admin', true);
    expect(hub.store.servers.get('calc')!.tools).toEqual({ deny: [] });
    expect(published(hub)).toContain('calc__secret-admin');
  });

  it('enabling a tool on a server with an allow list adds it to the list', async () => {
    const hub = await startHub();
    const api = createHubApi(hub, 'ui');
    await api.addServer({ ...calc, tools: { allow: ['add'] } });
    await eventually(async () => published(hub).length === 1, 30_000);
    await api.setToolEnabled('calc', 'pid', true);
    expect(hub.store.servers.get('calc')!.tools).toEqual({ allow: ['add', 'pid'], deny: [] });
    expect(published(hub)).toEqual(['calc__add', 'calc__pid']);
  });

  it('refuses invalid servers with the field named, and a rename', async () => {
    const hub = await startHub();
    const api = createHubApi(hub, 'ui');
    await expect(api.addServer({ name: 'Bad Name', transport: 'stdio', command: 'x' })).rejects.toThrow(/name/);
    await expect(api.addServer({ name: 'web', transport: 'http', url: 'ftp://example.com' })).rejects.toThrow(/url.*http:\/\/ or https:\/\//);
    await expect(api.addServer({ name: 'calc', transport: 'stdio', command: '' })).rejects.toThrow(/command/);
    expect(hub.store.servers.list()).toEqual([]);

    await api.addServer({ ...calc, enabled: false });
    await expect(api.addServer({ ...calc, enabled: false })).rejects.toThrow(/already exists/);
    await expect(api.updateServer('calc', { ...calc, name: 'other' })).rejects.toThrow(/cannot be renamed/);
    await expect(api.updateServer('nope', calc)).rejects.toThrow(/no server named "nope"/);
    await expect(api.listServerTools('nope')).rejects.toThrow(/no server named "nope"/);

    await api.updateServer('calc', { ...calc, enabled: false, args: [...calc.args, '--flag'], env: { MODE: 'x' } });
    expect(hub.store.servers.get('calc')).toMatchObject({ args: [...calc.args, '--flag'], env: { MODE: 'x' }, enabled: false });
  });
});

describe('editing keeps what the form does not show', () => {
  it('keeps OAuth client settings, and forgets a sign-in when the URL changes', async () => {
    const hub = await startHub();
    const api = createHubApi(hub, 'ui');
    await api.addServer({ name: 'docs', transport: 'http', url: 'https://docs.example.com/mcp', enabled: false, oauth: { clientId: 'hub-client', scope: 'read' } });
    hub.store.signIns.set('docs', 'https://docs.example.com/mcp');
    // The form sends what it shows: no oauth, no secretEnv.
    await api.updateServer('docs', { name: 'docs', transport: 'http', url: 'https://docs.example.com/mcp', headers: { 'X-Team': 'a' }, enabled: false });
    expect(hub.store.servers.get('docs')).toMatchObject({ oauth: { clientId: 'hub-client', scope: 'read' }, headers: { 'X-Team': 'a' } });
    expect(hub.store.signIns.resource('docs')).toBe('https://docs.example.com/mcp');
    const prefix = `hub/${hub.store.hubId()}/server/docs/oauth`;
    await hub.secrets.set(`${prefix}/tokens`, '{"access_token":"old"}');
    await hub.secrets.set(`${prefix}/client-secret`, 'hand-registered');
    await api.updateServer('docs', { name: 'docs', transport: 'http', url: 'https://new.example.com/mcp', enabled: false });
    expect(hub.store.signIns.resource('docs')).toBeUndefined();
    // The sign-in for the old URL goes; the client registered by hand (and its secret) stays.
    expect(await hub.secrets.get(`${prefix}/tokens`)).toBeUndefined();
    expect(await hub.secrets.get(`${prefix}/client-secret`)).toBe('hand-registered');
  });
});

describe('settings through the HubApi', () => {
  it('reads and writes each setting, and refuses out-of-range values', async () => {
    const dir = tempDataDir();
    const hub = await startHub(dir);
    const api = createHubApi(hub, 'ui');
    expect(await api.getSettings()).toEqual({ port: 47470, runningPort: hub.port, consentTimeout: 50, historyDays: 30, dataDir: dir });
    const saved = await api.updateSettings({ consentTimeout: 30, historyDays: 7 });
    expect(saved).toMatchObject({ consentTimeout: 30, historyDays: 7, port: 47470 });
    expect(hub.store.settings.get('consent-timeout')).toBe(30);
    await expect(api.updateSettings({ port: 80 })).rejects.toThrow(/1024 to 65535/);
    await expect(api.updateSettings({ historyDays: 0 })).rejects.toThrow(/1 to 3650 days/);
    expect((await api.getSettings()).historyDays).toBe(7);
  });

  it('the port setting is where the next hub listens', async () => {
    const dir = tempDataDir();
    const free = await freePort();
    const first = await startHub(dir);
    await createHubApi(first, 'ui').updateSettings({ port: free });
    await first.dispose();

    const second = await createHub({ dataDir: dir, gateway: { startDelayMs: 0 } });
    hubs.push(second);
    expect(second.port).toBe(free);
    expect((await createHubApi(second, 'ui').getSettings()).runningPort).toBe(free);
  });

  it('history older than the retention is deleted, running calls are kept', async () => {
    const hub = await startHub();
    const calls = hub.store.toolCalls;
    const old = calls.start('c', 's', 'old', {});
    calls.finish(old, 'ok', 5);
    const running = calls.start('c', 's', 'running', {});
    const fresh = calls.start('c', 's', 'fresh', {});
    calls.finish(fresh, 'ok', 5);
    const future = new Date(Date.now() + 60_000).toISOString();
    // Everything started before `future`; only finished calls go.
    expect(calls.pruneBefore(future)).toBe(2);
    expect(calls.query({ limit: 10 }).map((c) => c.id)).toEqual([running]);
    expect(calls.pruneBefore(new Date(0).toISOString())).toBe(0);
  });
});

