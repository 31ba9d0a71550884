import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../main/core/hub.js';
import { AnyResult } from '../../main/core/gateway/gateway.js';
import { serverEnvKey } from '../../main/core/secrets/server-secrets.js';
import type { SecretStore } from '../../main/core/secrets/secret-store.js';
import type { ServerConfigInput, ServerStatusView } from '../../shared/config.js';
import { repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, freePort, startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';
import { filesContaining, hubIdOf, keychainGet, noBusEnv, startKeyring, stopAllKeyrings } from '../helpers/keyring.js';
import { memorySecrets } from '../helpers/memory-secrets.js';

afterEach(stopAllHubs);
afterAll(stopAllKeyrings);

const envServer = path.join(repoRoot, 'test/fixtures/secrets/env-server.mjs');
const text = (result: unknown) => (result as { content: { text?: string }[] }).content[0]?.text ?? '';

const NO_BUS =
  'The OS keychain cannot be reached because there is no D-Bus session bus; run Agent Hub inside a desktop session (or under dbus-run-session with a Secret Service such as gnome-keyring), then try again.';

/** `server add NAME --secret-env API_TOKEN -- node env-server.mjs`, the value piped on stdin. */
function addEnvServer(dataDir: string, env: NodeJS.ProcessEnv, value: string, name = 'envy') {
  return runCli(['server', 'add', name, '--secret-env', 'API_TOKEN', '--', process.execPath, envServer], { dataDir, env, input: `${value}\n` });
}

/** What the real keychain holds for a server's secret env key (read by another process). */
function keychainValue(env: NodeJS.ProcessEnv, dataDir: string, server: string, key: string): string | null {
  return keychainGet(env, `hub/${hubIdOf(dataDir)}/server/${server}/env/${key}`);
}

/** The Servers page's view of the hub, signed in once through the one-time link `serve` printed. */
async function statusReader(hub: RunningHub): Promise<() => Promise<ServerStatusView[]>> {
  const code = (await eventually(() => /#code=(\S+)/.exec(hub.output()), 5_000, 'the sign-in link'))[1]!;
  const session = await fetch(`${hub.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hub.url }, body: JSON.stringify({ code }) });
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  return async () => {
    const res = await fetch(`${hub.url}/api/hub/serverStatus`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hub.url, cookie }, body: '[]' });
    return ((await res.json()) as { result: ServerStatusView[] }).result;
  };
}

describe.runIf(process.platform === 'linux')('secret env values of servers, in a real gnome-keyring', () => {
  it('asks for the value, keeps it only in the keychain, injects it at start, and deletes it with the server', async () => {
    const keyring = await startKeyring('unlocked');
    const dataDir = tempDataDir();
    const value = `tok-${crypto.randomUUID()}`;

    const added = addEnvServer(dataDir, keyring.env, value);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).not.toContain(value);
    expect(filesContaining(dataDir, value)).toEqual([]);
    expect(keychainValue(keyring.env, dataDir, 'envy', 'API_TOKEN')).toBe(value);

    const list = runCli(['server', 'list'], { dataDir });
    expect(list.stdout).toContain('API_TOKEN=<secret>');
    expect(list.stdout).not.toContain(value);
    const listed = JSON.parse(runCli(['server', 'list', '--json'], { dataDir }).stdout) as { secretEnv: string[]; env: object }[];
    expect(listed).toMatchObject([{ secretEnv: ['API_TOKEN'], env: {} }]);
    expect(JSON.parse(runCli(['export'], { dataDir }).stdout).mcpServers.envy.env).toEqual({ API_TOKEN: '${env:API_TOKEN}' });

    expect(runCli(['consent', 'allow', '--server', 'envy'], { dataDir }).code).toBe(0);
    const hub = await startHub({ dataDir, env: keyring.env });
    const client = await hub.connect(hub.addClient('tester'));
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'envy__env'), 20_000, 'envy__env to be published');
    expect(text(await client.callTool({ name: 'envy__env', arguments: {} }))).toBe(value);

    // Not in hub.db (nor its WAL), not in the server's log, not in anything the hub printed.
    await eventually(() => filesContaining(path.join(dataDir, 'logs'), 'env-server started').length === 1);
    expect(filesContaining(path.join(dataDir, 'logs'), 'env-server started')).toEqual([path.join(dataDir, 'logs', 'envy.log')]);
    expect(filesContaining(dataDir, value)).toEqual([]);
    expect(hub.output()).not.toContain(value);
    await hub.stop();

    const removed = runCli(['server', 'remove', 'envy'], { dataDir, env: keyring.env });
    expect([removed.code, removed.stderr]).toEqual([0, '']);
    expect(keychainValue(keyring.env, dataDir, 'envy', 'API_TOKEN')).toBeNull();
  });

  it('keeps the secrets of two data folders apart, and set-secret replaces one value', async () => {
    const keyring = await startKeyring('unlocked');
    const [one, two] = [tempDataDir(), tempDataDir()];
    expect(addEnvServer(one, keyring.env, 'value-one').code).toBe(0);
    expect(addEnvServer(two, keyring.env, 'value-two').code).toBe(0);
    expect(hubIdOf(one)).not.toBe(hubIdOf(two));

    const set = runCli(['server', 'set-secret', 'envy', 'API_TOKEN'], { dataDir: one, env: keyring.env, input: 'value-one-b\n' });
    expect(set.code).toBe(0);
    expect(keychainValue(keyring.env, one, 'envy', 'API_TOKEN')).toBe('value-one-b');
    expect(runCli(['server', 'remove', 'envy'], { dataDir: one, env: keyring.env }).code).toBe(0);
    expect(keychainValue(keyring.env, two, 'envy', 'API_TOKEN')).toBe('value-two');

    // set-secret with a new key adds it to the server's secretEnv.
    expect(runCli(['server', 'set-secret', 'envy', 'OTHER_TOKEN'], { dataDir: two, env: keyring.env, input: 'other\n' }).code).toBe(0);
    expect(JSON.parse(runCli(['server', 'list', '--json'], { dataDir: two }).stdout)).toMatchObject([{ secretEnv: ['API_TOKEN', 'OTHER_TOKEN'] }]);
    expect(keychainValue(keyring.env, two, 'envy', 'OTHER_TOKEN')).toBe('other');
  });

  it('refuses to add a server when the keychain is unavailable, and writes nothing', () => {
    const dataDir = tempDataDir();
    const env = noBusEnv();
    const r = addEnvServer(dataDir, env, 'plaintext-canary-5');
    expect(r.stderr.trim()).toBe(`agent-hub: ${NO_BUS}`);
    expect(r.code).toBe(1);
    expect(JSON.parse(runCli(['server', 'list', '--json'], { dataDir }).stdout)).toEqual([]);
    expect(filesContaining(dataDir, 'plaintext-canary-5')).toEqual([]);
    expect(filesContaining(env.HOME!, 'plaintext-canary-5')).toEqual([]);
  });

  it('removes a server even when the keychain is unavailable, and says its entries were left', async () => {
    const keyring = await startKeyring('unlocked');
    const dataDir = tempDataDir();
    expect(addEnvServer(dataDir, keyring.env, 'left-behind').code).toBe(0);
    const r = runCli(['server', 'remove', 'envy'], { dataDir, env: noBusEnv() });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('Removed server "envy".');
    expect(r.stderr.trim()).toBe(`Its keychain entries (API_TOKEN) were left in place: ${NO_BUS}`);
    expect(keychainValue(keyring.env, dataDir, 'envy', 'API_TOKEN')).toBe('left-behind');
  });

  it('shows a server whose secrets cannot be read as failed, with the keychain\'s sentence', async () => {
    const keyring = await startKeyring('unlocked');
    const dataDir = tempDataDir();
    expect(addEnvServer(dataDir, keyring.env, 'never-read').code).toBe(0);

    const hub = await startHub({ dataDir, env: noBusEnv() });
    const serverStatus = await statusReader(hub);
    const status = await eventually(async () => (await serverStatus()).find((s) => s.lastError), 20_000, 'the server to fail');
    // A state, not a backoff loop: no second attempt (which would ask the keyring again) until the user acts.
    expect(status).toMatchObject({ name: 'envy', state: 'keychain-locked', lastError: NO_BUS.replace(/\.$/, '') });
    expect(filesContaining(dataDir, 'never-read')).toEqual([]);
    const log = await eventually(() => {
      const text = fs.readFileSync(path.join(dataDir, 'logs', 'envy.log'), 'utf8');
      return text.includes('cannot start') && text;
    });
    expect(log.match(/starting \(attempt/g)).toHaveLength(1);
  });

  it('says which value is missing when the keychain (locked, or another one) does not have it', async () => {
    const keyring = await startKeyring('unlocked');
    const dataDir = tempDataDir();
    expect(addEnvServer(dataDir, keyring.env, 'elsewhere').code).toBe(0);

    const locked = await startKeyring('locked');
    const hub = await startHub({ dataDir, env: locked.env });
    const serverStatus = await statusReader(hub);
    const status = await eventually(async () => (await serverStatus()).find((s) => s.lastError), 20_000, 'the server to fail');
    expect(status).toMatchObject({
      state: 'keychain-locked',
      lastError: 'The keychain has no value for API_TOKEN of server "envy" (or it is locked); unlock the keychain, or set it with: agent-hub server set-secret envy API_TOKEN',
    });
  });
});

describe('secret env in a hub running in this process, with a test SecretStore', () => {
  const hubs: Hub[] = [];
  afterEach(async () => {
    await Promise.allSettled(hubs.splice(0).map((h) => h.dispose()));
  });

  async function hubWith(secrets: SecretStore, servers: ServerConfigInput[]): Promise<Hub> {
    const hub = await createHub({ dataDir: tempDataDir(), port: 0, secrets, gateway: { startDelayMs: 0, backoff: { baseMs: 50, maxMs: 50, maxAttempts: 2 } } });
    hubs.push(hub);
    for (const s of servers) hub.store.servers.add(s);
    return hub;
  }

  /** The value of `name` in the server process's environment, asked through the server's own tool. */
  async function envOf(hub: Hub, server: string, name: string): Promise<string> {
    const client = await eventually(() => hub.gateway.upstreams.get(server)?.client, 20_000, `${server} to run`);
    return text(await client.request({ method: 'tools/call', params: { name: 'env', arguments: { name } } }, AnyResult));
  }

  it('treats a keychain that cannot give the values as a state: calls get the sentence at once, and the next user action retries', async () => {
    const inner = memorySecrets();
    let unlocked = false;
    let reads = 0;
    const secrets: SecretStore = {
      get: async (key) => {
        reads++;
        return unlocked ? inner.get(key) : undefined;
      },
      set: (key, value) => inner.set(key, value),
      delete: (key) => inner.delete(key),
    };
    const hub = await hubWith(secrets, [{ name: 'envy', transport: 'stdio', command: process.execPath, args: [envServer], secretEnv: ['API_TOKEN'] }]);
    await inner.set(serverEnvKey(hub.store.hubId(), 'envy', 'API_TOKEN'), 'unlocked-value');
    await hub.reload();
    const envy = await eventually(() => hub.gateway.upstreams.get('envy')?.state === 'keychain-locked' && hub.gateway.upstreams.get('envy'), 20_000, 'keychain-locked');
    const readsThen = reads;
    await expect(envy.whenReady(30_000)).rejects.toThrow(/^Server "envy" cannot start: The keychain has no value for API_TOKEN of server "envy" \(or it is locked\)/);
    // No loop asking the keychain again.
    await new Promise((r) => setTimeout(r, 300));
    expect(reads).toBe(readsThen);
    // The user unlocks it and acts (any change reloads the hub): the server starts.
    unlocked = true;
    await hub.reload();
    expect(await envOf(hub, 'envy', 'API_TOKEN')).toBe('unlocked-value');
  });

  it('passes the values to a stdio and a local HTTP server, next to their plain env', async () => {
    const secrets = memorySecrets();
    const port = await freePort();
    const hub = await hubWith(secrets, [
      { name: 'stdio-one', transport: 'stdio', command: process.execPath, args: [envServer], env: { PLAIN: 'p1' }, secretEnv: ['API_TOKEN'] },
      {
        name: 'http-one',
        transport: 'http',
        url: `http://127.0.0.1:${port}/mcp`,
        command: process.execPath,
        args: [envServer, '--http', String(port)],
        env: { PLAIN: 'p2' },
        secretEnv: ['API_TOKEN'],
      },
    ]);
    const id = hub.store.hubId();
    await secrets.set(serverEnvKey(id, 'stdio-one', 'API_TOKEN'), 'secret-1');
    await secrets.set(serverEnvKey(id, 'http-one', 'API_TOKEN'), 'secret-2');
    await hub.reload();

    expect([await envOf(hub, 'stdio-one', 'API_TOKEN'), await envOf(hub, 'stdio-one', 'PLAIN')]).toEqual(['secret-1', 'p1']);
    expect([await envOf(hub, 'http-one', 'API_TOKEN'), await envOf(hub, 'http-one', 'PLAIN')]).toEqual(['secret-2', 'p2']);
    // The hub's own variables still stay out (safe-env.ts), secrets or not.
    expect(await envOf(hub, 'stdio-one', 'VITEST')).toBe('(unset)');
  });

  it('never asks the SecretStore about a server without secret env', async () => {
    const asked: string[] = [];
    const refuse = (op: string) => async (key: string): Promise<never> => {
      asked.push(`${op} ${key}`);
      throw new Error('the keychain must not be touched');
    };
    const hub = await hubWith({ get: refuse('get'), set: refuse('set'), delete: refuse('delete') }, [
      { name: 'plain', transport: 'stdio', command: process.execPath, args: [envServer], env: { API_TOKEN: 'not-secret' } },
    ]);
    await hub.reload();
    expect(await envOf(hub, 'plain', 'API_TOKEN')).toBe('not-secret');
    expect(asked).toEqual([]);
  });
});

