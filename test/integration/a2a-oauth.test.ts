import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { registerClient } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AgentConfigInput } from '../../shared/config.js';
import { createHubApi } from '../../main/core/admin/hub-api.js';
import { createHub, type Hub } from '../../main/core/hub.js';
import { startA2AAgent, stopA2AAgents, type FixtureSecurityScheme } from '../helpers/a2a-agents.js';
import { tempDataDir } from '../helpers/cli.js';
import { eventually } from '../helpers/hub.js';
import { filesContaining } from '../helpers/keyring.js';
import { memorySecrets } from '../helpers/memory-secrets.js';
import { followToRedirect, startAuthServer, stopOAuthFixtures, type AuthServer } from '../helpers/oauth-fixtures.js';

// Agents whose cards ask for OAuth 2 (authorization code) or OpenID Connect: a real oidc-provider, real
// @a2a-js/sdk agents that check its JWTs (issuer, audience = the agent's URL, scopes), the hub in this
// process with its HubApi (what the Agents page calls; the browser is this test). The keychain here is
// a Map; the real one, with `agent-hub login`, is in login-cli.test.ts.
const hubs: Hub[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await Promise.allSettled(hubs.splice(0).map((h) => h.dispose()));
});
afterAll(async () => {
  await stopA2AAgents();
  await stopOAuthFixtures();
});

const allowAll = { decide: () => ({ allow: true as const, by: 'test' }) };
const text = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

async function setup(scheme: (as: AuthServer) => FixtureSecurityScheme, config: Partial<AgentConfigInput> = {}) {
  const as = await startAuthServer({ scopes: ['agent:read', 'agent:write'] });
  const agent = await startA2AAgent('echo-stream', { securitySchemes: { sso: scheme(as) } });
  // The resource the hub asks tokens for is the agent's URL, as the user added it (RFC 8707).
  as.addResource(`${agent.url}/`, 'agent:read');
  const secrets = memorySecrets();
  const hub = await createHub({ dataDir: tempDataDir(), port: 0, secrets, consent: allowAll, gateway: { startDelayMs: 0 } });
  hubs.push(hub);
  const api = createHubApi(hub, 'test');
  await api.addAgent({ name: 'planner', url: agent.url, ...config });
  const { token } = hub.store.clients.add('cursor');
  const client = new Client({ name: 'a2a-oauth-test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', hub.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  clients.push(client);
  await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'planner__send_message'), 20_000, 'the agent to be published');
  const send = (words: string) => client.callTool({ name: 'planner__send_message', arguments: { text: words } });
  const planner = async () => (await api.listAgents()).find((a) => a.name === 'planner')!;
  return { as, agent, secrets, hub, api, token, send, planner };
}

/** The Sign in button: the hub answers with the address to open, and this test plays the browser. */
async function signIn(api: ReturnType<typeof createHubApi>, planner: () => Promise<{ signIn?: string }>) {
  const { authorizationUrl } = await api.signIn('planner');
  expect((await planner()).signIn).toBe('in-progress');
  await fetch(await followToRedirect(authorizationUrl!));
  await eventually(async () => (await planner()).signIn === 'signed-in', 20_000, 'the sign-in to finish');
  return new URL(authorizationUrl!);
}

describe('agents that sign in with OAuth 2 or OpenID Connect', () => {
  it('OAuth 2: waits for a sign-in, then calls with the agent’s own token; a refused token asks again; sign-out and removal clear the keychain', async () => {
    const { as, agent, secrets, hub, api, token, send, planner } = await setup((as) => ({ type: 'oauth2', issuer: as.issuer, scopes: ['agent:read'] }));
    expect(await planner()).toMatchObject({ state: 'sign-in-needed', signIn: 'needed', credential: false });
    const before = await send('hello');
    expect(before.isError).toBe(true);
    expect(text(before)).toBe('Agent "planner" needs a sign-in with OAuth 2: the user must sign in (Agents page, or "agent-hub login planner").');
    // Nothing reached the agent, and nothing was registered before the user asked to sign in.
    expect(agent.calls).toEqual([]);
    expect([...secrets.entries.keys()]).toEqual([]);

    const authorization = await signIn(api, planner);
    // Found through the card's oauth2MetadataUrl; asked for the card's scopes, for the agent as the resource,
    // and offline_access, which the authorization server lists (SEP-2207: a refresh token is wanted).
    expect(authorization.origin + authorization.pathname).toBe(`${as.issuer}/auth`);
    expect(authorization.searchParams.get('scope')).toBe('agent:read offline_access');
    expect(authorization.searchParams.get('resource')).toBe(`${agent.url}/`);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');

    const done = await send('hello');
    expect(done.isError).toBe(false);
    expect(text(done)).toMatch(/completed/);
    expect(agent.tokens).toEqual([expect.objectContaining({ sub: 'dev-user', aud: `${agent.url}/`, scope: 'agent:read' })]);
    // The client's own hub token never reached the agent.
    expect(JSON.stringify(agent.calls)).not.toContain(token);
    const keys = [...secrets.entries.keys()];
    expect(keys).toEqual(expect.arrayContaining([expect.stringMatching(/^hub\/[^/]+\/agent\/planner\/oauth\/tokens$/), expect.stringMatching(/^hub\/[^/]+\/agent\/planner\/oauth\/client$/)]));
    const stored = JSON.parse(secrets.entries.get(keys.find((k) => k.endsWith('/tokens'))!)!) as { access_token: string; refresh_token: string };
    expect(filesContaining(hub.dataDir, stored.access_token)).toEqual([]);
    expect(filesContaining(hub.dataDir, stored.refresh_token)).toEqual([]);
    // hub.db notes the agent's URL and the authorization server its card named (never a token).
    expect(hub.store.agentSignIns.resource('planner')).toBe(`${agent.url} ${as.issuer}/.well-known/oauth-authorization-server`);
    expect((await planner()).state).toBe('running');

    // The agent stops accepting the token (a revoked grant): the call says so, the page asks for a sign-in.
    agent.revokeTokens();
    const refused = await send('again');
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/^Agent "planner" refused the sign-in: .*401.*\. The user must sign in again \(Agents page, or "agent-hub login planner"\)\.$/);
    expect((await planner()).signIn).toBe('needed');
    await signIn(api, planner);
    expect((await send('after a new sign-in')).isError).toBe(false);

    expect(await api.signOut('planner')).toEqual({ revoked: true });
    expect([...secrets.entries.keys()].filter((k) => k.endsWith('/tokens'))).toEqual([]);
    expect((await planner()).signIn).toBe('needed');
    expect(text(await send('signed out'))).toMatch(/needs a sign-in with OAuth 2/);
    expect(as.revocationRequests).toBeGreaterThan(0);

    await api.removeAgent('planner');
    expect([...secrets.entries.keys()]).toEqual([]);
  });

  it('OpenID Connect: found through the discovery document, asks for openid with the card’s scopes, refreshes before expiry', async () => {
    const { as, agent, api, send, planner } = await setup((as) => ({ type: 'openIdConnect', issuer: as.issuer, scopes: ['agent:read'] }));
    // Tokens that live 30 s are inside the hub's refresh margin (60 s): each call refreshes first.
    as.setAccessTokenTTL(30);
    const authorization = await signIn(api, planner);
    expect(authorization.searchParams.get('scope')).toBe('openid agent:read offline_access');
    expect(authorization.searchParams.get('resource')).toBe(`${agent.url}/`);
    expect((await send('hello')).isError).toBe(false);
    expect((await send('hello again')).isError).toBe(false);
    expect(agent.tokens[0]).toMatchObject({ sub: 'dev-user', aud: `${agent.url}/` });
    const refreshes = as.tokenRequests.filter((r) => r.grant_type === 'refresh_token');
    expect(refreshes.length).toBeGreaterThan(0);
    // With the card's authorization server, for the agent as the resource, and never refused.
    expect(refreshes.every((r) => r.resource === `${agent.url}/` && !r.error)).toBe(true);
    // The agent saw a fresh token per call (it notes each token once).
    expect(agent.tokens.length).toBeGreaterThanOrEqual(2);
  });

  it('OAuth 2 without a metadata URL: says how to register by hand, then signs in with the client id given', async () => {
    const scheme = (as: AuthServer): FixtureSecurityScheme => ({ type: 'oauth2', issuer: as.issuer, scopes: ['agent:read'], metadataUrl: false });
    const first = await setup(scheme);
    await expect(first.api.signIn('planner')).rejects.toThrow(
      'The authorization server of "planner" does not let apps register themselves; register Agent Hub there (redirect URI http://127.0.0.1/callback, any port), then remove the agent and add it again with --oauth-client-id ID.',
    );
    expect((await first.planner()).signInError).toMatch(/does not let apps register themselves/);

    // The user registers Agent Hub by hand (here: through the server's registration endpoint, as an admin would).
    const metadata = (await (await fetch(`${first.as.issuer}/.well-known/oauth-authorization-server`)).json()) as Parameters<typeof registerClient>[1]['metadata'];
    const registered = await registerClient(first.as.issuer, {
      metadata,
      clientMetadata: { client_name: 'Agent Hub', redirect_uris: ['http://127.0.0.1/callback'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none', application_type: 'native' } as OAuthClientMetadata,
    });
    await first.api.removeAgent('planner');
    await first.api.addAgent({ name: 'planner', url: first.agent.url, oauth: { clientId: registered.client_id } });
    const authorization = await signIn(first.api, first.planner);
    expect(authorization.searchParams.get('client_id')).toBe(registered.client_id);
    expect((await first.send('hello')).isError).toBe(false);
    expect(first.agent.tokens[0]).toMatchObject({ clientId: registered.client_id });
  });

  it('refuses a card whose authorization server is plain http on another machine, before sending anything', async () => {
    const { api, planner } = await setup(() => ({ type: 'oauth2', issuer: 'http://192.0.2.1', scopes: ['agent:read'] }));
    await expect(api.signIn('planner')).rejects.toThrow('Agent Hub signs in only over https (or to this computer); refusing http://192.0.2.1.');
    expect((await planner()).signIn).toBe('needed');
  });

  it('says why an agent has no sign-in: its card asks for an API key', async () => {
    const agent = await startA2AAgent('echo', { securitySchemes: { key: { type: 'apiKey', key: 'k' } } });
    const hub = await createHub({ dataDir: tempDataDir(), port: 0, secrets: memorySecrets(), consent: allowAll, gateway: { startDelayMs: 0 } });
    hubs.push(hub);
    const api = createHubApi(hub, 'test');
    await api.addAgent({ name: 'keyed', url: agent.url });
    await expect(api.signIn('keyed')).rejects.toThrow('Agent "keyed" does not use sign-in: it asks for an API key (sent in the header as X-API-Key); set it with "agent-hub agent set-secret keyed".');
    expect((await api.listAgents())[0]!.signIn).toBeUndefined();
  });
});
