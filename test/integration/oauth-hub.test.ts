import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createHubApi } from '../../main/core/admin/hub-api.js';
import { createHub, type Hub } from '../../main/core/hub.js';
import { tempDataDir } from '../helpers/cli.js';
import { eventually } from '../helpers/hub.js';
import { filesContaining } from '../helpers/keyring.js';
import { memorySecrets } from '../helpers/memory-secrets.js';
import { followToRedirect, startAuthServer, startProtectedServer, stopOAuthFixtures } from '../helpers/oauth-fixtures.js';

// The hub in front of an OAuth-protected MCP server (a real oidc-provider, a real audience-checking
// server): "sign-in needed" without a browser opening, the sign-in through the HubApi (the browser is
// this test), calls through the hub's endpoint with the server's own token, a revoked grant, a step-up,
// sign-out. The keychain here is a Map (the real one is tested in keychain.test.ts).
const hubs: Hub[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await Promise.allSettled(hubs.splice(0).map((h) => h.dispose()));
});
afterAll(stopOAuthFixtures);

const allowAll = { decide: () => ({ allow: true as const, by: 'test' }) };

async function setup() {
  const as = await startAuthServer();
  const ps = await startProtectedServer({ authServer: as });
  const secrets = memorySecrets();
  const hub = await createHub({ dataDir: tempDataDir(), port: 0, secrets, consent: allowAll, gateway: { startDelayMs: 0 } });
  hubs.push(hub);
  hub.store.servers.add({ name: 'docs', transport: 'http', url: ps.url });
  await hub.reload();
  const { token } = hub.store.clients.add('cursor');
  const api = createHubApi(hub, 'test');
  return { as, ps, secrets, hub, api, token };
}

async function connect(hub: Hub, token: string): Promise<Client> {
  const client = new Client({ name: 'oauth-hub-test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', hub.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  clients.push(client);
  return client;
}

const docsStatus = async (api: ReturnType<typeof createHubApi>) => (await api.serverStatus()).find((s) => s.name === 'docs')!;

async function signInThroughApi(api: ReturnType<typeof createHubApi>) {
  const { authorizationUrl } = await api.signIn('docs');
  expect(authorizationUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  expect((await docsStatus(api)).signIn).toBe('in-progress');
  await fetch(await followToRedirect(authorizationUrl!));
  await eventually(async () => {
    const s = await docsStatus(api);
    return s.state === 'running' && s.signIn === 'signed-in';
  }, 20_000);
}

describe('the hub and an OAuth server', () => {
  it('waits for a sign-in, then calls the server with its own token, never the client\'s', async () => {
    const { ps, secrets, hub, api, token } = await setup();
    await eventually(async () => (await docsStatus(api)).state === 'sign-in-needed', 20_000);
    const before = await docsStatus(api);
    expect(before).toMatchObject({ signIn: 'needed', lastError: 'sign-in needed' });
    // Nothing was registered with the authorization server before the user asked to sign in.
    expect([...secrets.entries.keys()]).toEqual([]);

    await signInThroughApi(api);
    expect((await docsStatus(api)).signIn).toBe('signed-in');
    const keys = [...secrets.entries.keys()];
    expect(keys).toEqual(expect.arrayContaining([expect.stringMatching(/^hub\/[^/]+\/server\/docs\/oauth\/tokens$/), expect.stringMatching(/\/oauth\/client$/)]));
    // Secrets stay out of the data folder: hub.db, its WAL, the logs.
    const stored = JSON.parse(secrets.entries.get(keys.find((k) => k.endsWith('/tokens'))!)!) as { access_token: string; refresh_token: string };
    expect(filesContaining(hub.dataDir, stored.access_token)).toEqual([]);
    expect(filesContaining(hub.dataDir, stored.refresh_token)).toEqual([]);
    expect(hub.store.signIns.resource('docs')).toBe(ps.url);

    const client = await connect(hub, token);
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'docs__whoami'), 20_000);
    const who = await client.callTool({ name: 'docs__whoami', arguments: {} });
    expect(who.isError).toBeFalsy();
    expect(JSON.stringify(who.content)).toContain('dev-user');
    expect(ps.seenAuthorization.length).toBeGreaterThan(0);
    expect(ps.seenAuthorization.some((h) => h.includes(token))).toBe(false);
    expect(ps.seenAuthorization.every((h) => h.startsWith('Bearer ') && h !== `Bearer ${token}`)).toBe(true);

    // A server that prints the token it was called with: the client gets what the server said, but the
    // record in hub.db has the token removed.
    const leaky = await client.callTool({ name: 'docs__debug_request', arguments: {} });
    expect(JSON.stringify(leaky.content)).toContain(stored.access_token);
    const recorded = await eventually(() => hub.store.toolCalls.query({ limit: 1 }).find((c) => c.tool === 'debug_request' && c.status === 'ok'));
    expect(JSON.stringify(hub.store.toolCalls.get(recorded.id))).toContain('[secret value removed by Agent Hub]');
    expect(filesContaining(hub.dataDir, stored.access_token)).toEqual([]);
  });

  it('a revoked grant gives the calling client a clear tool error and the server "sign-in needed"', async () => {
    const { as, ps, hub, api, token } = await setup();
    await eventually(async () => (await docsStatus(api)).state === 'sign-in-needed', 20_000);
    await signInThroughApi(api);
    const client = await connect(hub, token);
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'docs__whoami'), 20_000);

    await as.revokeAll();
    ps.revokeTokensNow();
    const result = await client.callTool({ name: 'docs__whoami', arguments: {} });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('Server \\"docs\\" needs you to sign in: run \\"agent-hub login docs\\" or press Sign in on the Servers page.');
    expect(await docsStatus(api)).toMatchObject({ state: 'sign-in-needed', signIn: 'needed' });

    // Signing in again brings it back.
    await signInThroughApi(api);
    expect((await client.callTool({ name: 'docs__whoami', arguments: {} })).isError).toBeFalsy();
  });

  it('a 403 for more scopes asks for a step-up sign-in, for that call only', async () => {
    const { as, hub, api, token } = await setup();
    await eventually(async () => (await docsStatus(api)).state === 'sign-in-needed', 20_000);
    await signInThroughApi(api);
    const client = await connect(hub, token);
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'docs__admin_op'), 20_000);

    const denied = await client.callTool({ name: 'docs__admin_op', arguments: {} });
    expect(denied.isError).toBe(true);
    expect(JSON.stringify(denied.content)).toMatch(/needs more permissions for this \(.*mcp:admin.*\)/);
    // Everything else still works meanwhile.
    expect(await docsStatus(api)).toMatchObject({ state: 'running', signIn: 'needed' });
    expect((await client.callTool({ name: 'docs__whoami', arguments: {} })).isError).toBeFalsy();

    await signInThroughApi(api);
    const requested = as.authorizationRequests.at(-1)!;
    expect(requested.scope).toContain('mcp:admin');
    const allowed = await client.callTool({ name: 'docs__admin_op', arguments: {} });
    expect(allowed.isError).toBeFalsy();
  });

  it('signs out: revoked at the server, gone from the keychain, and the server waits for a sign-in', async () => {
    const { as, secrets, api } = await setup();
    await eventually(async () => (await docsStatus(api)).state === 'sign-in-needed', 20_000);
    await signInThroughApi(api);
    const revocations = as.revocationRequests;
    expect(await api.signOut('docs')).toEqual({ revoked: true });
    expect(as.revocationRequests).toBe(revocations + 1);
    expect([...secrets.entries.keys()].some((k) => k.endsWith('/tokens'))).toBe(false);
    await eventually(async () => (await docsStatus(api)).state === 'sign-in-needed', 20_000);
  });

  it('removing the server removes its tokens and registration from the keychain', async () => {
    const { secrets, api } = await setup();
    await eventually(async () => (await docsStatus(api)).state === 'sign-in-needed', 20_000);
    await signInThroughApi(api);
    expect(secrets.entries.size).toBe(2);
    await api.removeServer('docs');
    expect([...secrets.entries.keys()]).toEqual([]);
  });

  it('uses a client registered by hand (its secret from the keychain) instead of registering itself', async () => {
    const as = await startAuthServer();
    const ps = await startProtectedServer({ authServer: as });
    // The user registered Agent Hub with the authorization server themselves.
    const metadata = (await (await fetch(`${as.issuer}/.well-known/openid-configuration`)).json()) as { registration_endpoint: string };
    const registered = (await (
      await fetch(metadata.registration_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_name: 'my agent hub',
          application_type: 'native',
          redirect_uris: ['http://127.0.0.1:1/callback'],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        }),
      })
    ).json()) as { client_id: string; client_secret: string };
    const registrations = as.registrations.length;

    const secrets = memorySecrets();
    const hub = await createHub({ dataDir: tempDataDir(), port: 0, secrets, consent: allowAll, gateway: { startDelayMs: 0 } });
    hubs.push(hub);
    hub.store.servers.add({ name: 'docs', transport: 'http', url: ps.url, oauth: { clientId: registered.client_id, clientSecret: true } });
    await secrets.set(`hub/${hub.store.hubId()}/server/docs/oauth/client-secret`, registered.client_secret);
    await hub.reload();
    const api = createHubApi(hub, 'test');
    await eventually(async () => (await docsStatus(api)).state === 'sign-in-needed', 20_000);
    await signInThroughApi(api);

    expect(as.registrations).toHaveLength(registrations);
    expect(as.tokenRequests.at(-1)).toMatchObject({ grant_type: 'authorization_code', client_id: registered.client_id });
    const client = await connect(hub, hub.store.clients.add('cursor').token);
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'docs__whoami'), 20_000);
    expect((await client.callTool({ name: 'docs__whoami', arguments: {} })).isError).toBeFalsy();
  });

  it('stays signed in across a restart of the hub (the keychain and hub.db keep it)', async () => {
    const { ps, secrets, hub, api } = await setup();
    await eventually(async () => (await docsStatus(api)).state === 'sign-in-needed', 20_000);
    await signInThroughApi(api);
    const dataDir = hub.dataDir;
    await hub.dispose();
    hubs.splice(hubs.indexOf(hub), 1);

    const again = await createHub({ dataDir, port: 0, secrets, consent: allowAll, gateway: { startDelayMs: 0 } });
    hubs.push(again);
    const api2 = createHubApi(again, 'test');
    await eventually(async () => (await docsStatus(api2)).state === 'running', 20_000);
    expect((await docsStatus(api2)).signIn).toBe('signed-in');
    const client = await connect(again, again.store.clients.add('cursor2').token);
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'docs__whoami'), 20_000);
    expect((await client.callTool({ name: 'docs__whoami', arguments: {} })).isError).toBeFalsy();
    expect(ps.seenAuthorization.length).toBeGreaterThan(0);
  });

  it('a sign-in waiting for the browser can be cancelled', async () => {
    const { api } = await setup();
    await eventually(async () => (await docsStatus(api)).state === 'sign-in-needed', 20_000);
    const { authorizationUrl } = await api.signIn('docs');
    expect(authorizationUrl).toBeTruthy();
    expect((await docsStatus(api)).signIn).toBe('in-progress');
    await expect(api.signIn('docs')).rejects.toThrow(/already waiting for the browser; finish it there or cancel it/);
    await api.cancelSignIn('docs');
    await eventually(async () => (await docsStatus(api)).signIn === 'needed', 10_000);
    // Cancelling is not a failure to report.
    expect((await docsStatus(api)).signInError).toBeUndefined();
  });
});
