import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../shared/config.js';
import { repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';
import { filesContaining, hubIdOf, keychainGet, startKeyring, stopAllKeyrings } from '../helpers/keyring.js';

/**
 * Secret values typed into the UI (a server's env values, HTTP header values) take the same path as
 * the CLI's --secret-env: the keychain, never hub.db (nor its WAL), logs, exports or the page. Driven
 * through the browser UI's own API, with a real gnome-keyring and real servers.
 */
afterEach(stopAllHubs);
afterAll(stopAllKeyrings);

const envServer = path.join(repoRoot, 'test/fixtures/secrets/env-server.mjs');
const headerServer = path.join(repoRoot, 'test/fixtures/gateway/http-upstream.mjs');
const text = (result: unknown) => (result as { content: { text?: string }[] }).content[0]?.text ?? '';
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.kill()));

/** The browser UI's API, signed in once through the one-time link `serve` printed. */
async function uiApi(hub: RunningHub): Promise<(method: string, ...args: unknown[]) => Promise<{ status: number; body: { result?: unknown; error?: { code: string; message: string } } }>> {
  const code = (await eventually(() => /#code=(\S+)/.exec(hub.output()), 5_000, 'the sign-in link'))[1]!;
  const session = await fetch(`${hub.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hub.url }, body: JSON.stringify({ code }) });
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  return async (method, ...args) => {
    const res = await fetch(`${hub.url}/api/hub/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hub.url, cookie }, body: JSON.stringify(args) });
    return { status: res.status, body: (await res.json()) as { result?: unknown; error?: { code: string; message: string } } };
  };
}

async function headerUpstream(): Promise<string> {
  const child = spawn(process.execPath, [headerServer], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  const port = await new Promise<string>((resolve) => child.stdout!.on('data', (d: Buffer) => /listening on (\d+)/.test(String(d)) && resolve(/listening on (\d+)/.exec(String(d))![1]!)));
  return `http://127.0.0.1:${port}/mcp`;
}

describe.runIf(process.platform === 'linux')('secrets typed into the UI, in a real gnome-keyring', () => {
  it('keeps env and header values only in the keychain, uses them, replaces and deletes them', async () => {
    const keyring = await startKeyring('unlocked');
    const dataDir = tempDataDir();
    const token = `tok-${crypto.randomUUID()}`;
    const auth = `Bearer hdr-${crypto.randomUUID()}`;
    const hub = await startHub({ dataDir, env: keyring.env });
    const api = await uiApi(hub);

    // A stdio server with a secret env value, and an HTTP server with a secret Authorization header.
    expect((await api('addServer', { name: 'envy', transport: 'stdio', command: process.execPath, args: [envServer], secretEnv: ['API_TOKEN'] }, { env: { API_TOKEN: token } })).status).toBe(200);
    const url = await headerUpstream();
    expect((await api('addServer', { name: 'web', transport: 'http', url, headers: { 'X-Plain': 'p' }, secretHeaders: ['Authorization'] }, { headers: { Authorization: auth } })).status).toBe(200);
    const hubId = hubIdOf(dataDir);
    expect(keychainGet(keyring.env, `hub/${hubId}/server/envy/env/API_TOKEN`)).toBe(token);
    expect(keychainGet(keyring.env, `hub/${hubId}/server/web/header/authorization`)).toBe(auth);

    // The servers get them; the page never does.
    expect(runCli(['consent', 'allow', '--server', 'envy'], { dataDir }).code).toBe(0);
    expect(runCli(['consent', 'allow', '--server', 'web'], { dataDir }).code).toBe(0);
    const client = await hub.connect(hub.addClient('tester'));
    await eventually(async () => (await client.listTools()).tools.length === 2, 30_000, 'both servers');
    expect(text(await client.callTool({ name: 'envy__env', arguments: {} }))).toBe(token);
    const seen = JSON.parse(text(await client.callTool({ name: 'web__headers', arguments: {} }))) as Record<string, string>;
    expect(seen.authorization).toBe(auth);
    expect(seen['x-plain']).toBe('p');
    const listed = JSON.stringify((await api('listServers')).body.result);
    expect(listed).not.toContain(token);
    expect(listed).not.toContain(auth.slice(7));
    expect((await api('listServers')).body.result).toEqual([
      expect.objectContaining({ name: 'envy', secretEnv: ['API_TOKEN'], env: {} }),
      expect.objectContaining({ name: 'web', secretHeaders: ['Authorization'], headers: { 'X-Plain': 'p' } }),
    ]);
    expect(JSON.parse(runCli(['export'], { dataDir }).stdout).mcpServers.web.headers).toEqual({ 'X-Plain': 'p', Authorization: '${env:AUTHORIZATION}' });

    // Nowhere in the data folder: hub.db, its WAL, the logs.
    expect(filesContaining(dataDir, token)).toEqual([]);
    expect(filesContaining(dataDir, auth.slice(7))).toEqual([]);
    expect(hub.output()).not.toContain(token);

    // Editing without a value keeps the stored one; a new value replaces it; dropping the name deletes it.
    const envy = ((await api('listServers')).body.result as ServerConfig[]).find((s) => s.name === 'envy')!;
    expect((await api('updateServer', 'envy', { ...envy, args: [envServer, '--again'] })).status).toBe(200);
    expect(keychainGet(keyring.env, `hub/${hubId}/server/envy/env/API_TOKEN`)).toBe(token);
    expect((await api('updateServer', 'envy', envy, { env: { API_TOKEN: 'replaced' } })).status).toBe(200);
    expect(keychainGet(keyring.env, `hub/${hubId}/server/envy/env/API_TOKEN`)).toBe('replaced');
    expect((await api('updateServer', 'envy', { ...envy, secretEnv: [] })).status).toBe(200);
    expect(keychainGet(keyring.env, `hub/${hubId}/server/envy/env/API_TOKEN`)).toBeNull();

    // A secret name without a value, or a value without a name, is refused with one sentence; nothing is written.
    const missing = await api('addServer', { name: 'half', transport: 'stdio', command: 'node', secretEnv: ['K'] });
    expect([missing.status, missing.body.error?.code, missing.body.error?.message]).toEqual([400, 'invalid_argument', 'Server "half": the secret env value K is missing; nothing was written.']);
    const stray = await api('addServer', { name: 'half', transport: 'stdio', command: 'node' }, { env: { K: 'v' } });
    expect(stray.body.error?.message).toBe('Server "half": a secret value was given for K, which is not in its secret env; nothing was written.');
    expect(JSON.parse(runCli(['server', 'list', '--json'], { dataDir }).stdout).map((s: { name: string }) => s.name)).toEqual(['envy', 'web']);

    // Removing the server removes its keychain entries.
    expect((await api('removeServer', 'web')).status).toBe(200);
    expect(keychainGet(keyring.env, `hub/${hubId}/server/web/header/authorization`)).toBeNull();
  }, 60_000);

  it('refuses a UI secret when the keychain is locked, and writes nothing in plaintext', async () => {
    const keyring = await startKeyring('locked');
    const dataDir = tempDataDir();
    const hub = await startHub({ dataDir, env: keyring.env });
    const api = await uiApi(hub);
    const value = `tok-${crypto.randomUUID()}`;
    const r = await api('addServer', { name: 'envy', transport: 'stdio', command: 'node', secretEnv: ['API_TOKEN'] }, { env: { API_TOKEN: value } });
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('keychain_unavailable');
    expect(r.body.error?.message).toMatch(/keychain/i);
    expect((await api('listServers')).body.result).toEqual([]);
    expect(filesContaining(dataDir, value)).toEqual([]);
  }, 60_000);
});

describe('secret headers from the CLI', () => {
  it('refuses headers on a stdio server', () => {
    const dataDir = tempDataDir();
    const bad = runCli(['server', 'add', 'x', '--secret-header', 'Authorization', '--', 'node', 'x.js'], { dataDir });
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, 'agent-hub: --secret-header is for HTTP servers (--url).']);
  });
});
