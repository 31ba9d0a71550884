import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { AuthManager, type OAuthTarget } from '../../main/core/auth/auth-manager.js';
import type { HubOAuthProvider } from '../../main/core/auth/oauth-provider.js';
import type { SecretStore } from '../../main/core/secrets/secret-store.js';
import { followToRedirect, startAuthServer, startProtectedServer, stopOAuthFixtures, type ProtectedServer } from '../helpers/oauth-fixtures.js';

// What MCP 2026-07-28 adds to the hub's OAuth client, against real authorization servers (oidc-provider
// 9, which names itself in every authorization response, RFC 9207, and says so in its metadata) in
// front of a real MCP server: the `iss` checked before the code is redeemed, and credentials keyed by
// authorization server, so a server that moves to another one gets a new sign-in and its old client
// and tokens never go there.
afterAll(stopOAuthFixtures);

class MapSecrets implements SecretStore {
  readonly map = new Map<string, string>();
  async get(key: string) {
    return this.map.get(key);
  }
  async set(key: string, value: string) {
    this.map.set(key, value);
  }
  async delete(key: string) {
    return this.map.delete(key);
  }
}

/** hub.db's sign-in references, in memory. */
function references() {
  const rows = new Map<string, string>();
  return { resource: (n: string) => rows.get(n), set: (n: string, r: string) => void rows.set(n, r), clear: (n: string) => void rows.delete(n) };
}

function hubAuth() {
  const secrets = new MapSecrets();
  const refs = references();
  const manager = new AuthManager(secrets, (owner, name) => `hub/test/${owner}/${name}/oauth`, { server: refs, agent: references() });
  return { secrets, manager };
}

/** The user's browser: follows the sign-in to the loopback redirect, lets `tamper` change it, and lands there. */
function browser(tamper: (landing: URL) => void = () => {}) {
  const seen = { landings: [] as URL[], pages: [] as { status: number; text: string }[], last: Promise.resolve() };
  const open = (url: string) => (seen.last = visit(url));
  const visit = async (url: string) => {
    const landing = new URL(await followToRedirect(url));
    seen.landings.push(new URL(landing));
    tamper(landing);
    const res = await fetch(landing);
    seen.pages.push({ status: res.status, text: await res.text() });
  };
  return { open, seen };
}

async function connect(ps: ProtectedServer, provider: HubOAuthProvider): Promise<Client> {
  const client = new Client({ name: 'hub-upstream', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(ps.url), { authProvider: provider, fetch: provider.fetch }));
  return client;
}

const target = (ps: ProtectedServer): OAuthTarget => ({ owner: 'server', name: 'docs', url: ps.url });

describe('the iss of the authorization response (RFC 9207)', () => {
  it('signs in when the authorization server names itself, as it announces', async () => {
    const as = await startAuthServer();
    const ps = await startProtectedServer({ authServer: as });
    const metadata = (await (await fetch(`${as.issuer}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    const { secrets, manager } = hubAuth();
    const b = browser();
    const { done } = await manager.signIn(target(ps), { openUrl: (url) => void b.open(url) });
    await done;
    expect(b.seen.landings[0]!.searchParams.get('iss')).toBe(as.issuer);
    expect(b.seen.pages[0]).toMatchObject({ status: 200, text: expect.stringContaining('Signed in to Agent Hub') });
    expect(JSON.parse(secrets.map.get('hub/test/server/docs/oauth/tokens')!)).toMatchObject({ issuer: as.issuer });
    const client = await connect(ps, manager.providerFor(target(ps)));
    expect(JSON.stringify((await client.callTool({ name: 'whoami', arguments: {} })).content)).toContain('dev-user');
    await client.close();
  });

  it.each([
    ['names another issuer', (u: URL) => u.searchParams.set('iss', 'https://evil.example.com'), /names "https:\/\/evil\.example\.com" as its issuer, but the sign-in was started with "http:\/\/127\.0\.0\.1:\d+" \(RFC 9207 mix-up protection\)/],
    ['differs by a trailing slash', (u: URL) => u.searchParams.set('iss', `${u.searchParams.get('iss')}/`), /names "http:\/\/127\.0\.0\.1:\d+\/" as its issuer, but the sign-in was started with "http:\/\/127\.0\.0\.1:\d+"/],
    ['lost its iss', (u: URL) => u.searchParams.delete('iss'), /carries no issuer \(iss\), although "http:\/\/127\.0\.0\.1:\d+" announces that it always sends one/],
  ])('refuses a response whose iss %s, before the code is redeemed, and says so in the tab', async (_what, tamper, sentence) => {
    const as = await startAuthServer();
    const ps = await startProtectedServer({ authServer: as });
    const { secrets, manager } = hubAuth();
    const b = browser(tamper);
    const { done } = await manager.signIn(target(ps), { openUrl: (url) => void b.open(url) });
    const error = (await done.catch((e: Error) => e)) as Error;
    await b.seen.last;
    expect(error.message).toMatch(new RegExp(`^Sign-in to "docs" refused: .*${sentence.source}.*; start the sign-in again\\.$`));
    expect(manager.failure('docs')).toBe(error.message);
    expect(b.seen.pages[0]!.status).toBe(400);
    expect(b.seen.pages[0]!.text).toContain('refused');
    // The code never reached the token endpoint, and nothing was stored.
    expect(as.tokenRequests.filter((r) => r.grant_type === 'authorization_code')).toEqual([]);
    expect(secrets.map.has('hub/test/server/docs/oauth/tokens')).toBe(false);
  });
});

describe('a server that moves to another authorization server', () => {
  it('needs a new sign-in, registers with the new one, and never sends it the old client or tokens', async () => {
    const as1 = await startAuthServer();
    const as2 = await startAuthServer();
    const ps = await startProtectedServer({ authServer: as1 });
    as2.addResource(ps.url);
    const { secrets, manager } = hubAuth();
    const b = browser();
    await (await manager.signIn(target(ps), { openUrl: (url) => void b.open(url) })).done;
    const provider = manager.providerFor(target(ps));
    const client = await connect(ps, provider);
    await client.callTool({ name: 'whoami', arguments: {} });
    const as1Client = as1.registrations[0]!.client_id as string;
    const as1Tokens = JSON.parse(secrets.map.get('hub/test/server/docs/oauth/tokens')!) as { access_token: string; refresh_token: string };

    // The server's protected resource metadata names another authorization server now, and it refuses
    // the old tokens: the next call finds out, in the background, and stops there with a sentence.
    ps.moveTo(as2.issuer);
    const sentence = `Server "docs" needs you to sign in again: it now names another authorization server ("${as2.issuer}", was "${as1.issuer}"), and its sign-in with the old one is never sent there (agent-hub login docs, or Sign in on the Servers page).`;
    await expect(client.callTool({ name: 'whoami', arguments: {} })).rejects.toThrow(sentence);
    expect(provider.signInNeeded?.reason).toBe(sentence);
    expect(await manager.state('docs')).toBe('needed');
    expect(manager.failure('docs')).toBe(sentence);
    // Nothing reached the new authorization server: no registration, no authorization, no refresh.
    expect([as2.registrations, as2.authorizationRequests, as2.tokenRequests]).toEqual([[], [], []]);
    await client.close().catch(() => {});

    // The user signs in again: the hub registers with the new server (never presents the old client).
    await (await manager.signIn(target(ps), { openUrl: (url) => void b.open(url) })).done;
    expect(as2.registrations).toHaveLength(1);
    const as2Client = as2.registrations[0]!.client_id as string;
    expect(as2Client).not.toBe(as1Client);
    expect(as2.authorizationRequests.map((r) => r.client_id)).toEqual([as2Client]);
    expect(as2.tokenRequests.map((r) => [r.grant_type, r.client_id])).toEqual([['authorization_code', as2Client]]);
    expect(manager.failure('docs')).toBeUndefined();
    // Both registrations are remembered, each under its issuer; the tokens are the new server's.
    const stored = JSON.parse(secrets.map.get('hub/test/server/docs/oauth/client')!) as { registrations: Record<string, { client_id: string }> };
    expect(Object.fromEntries(Object.entries(stored.registrations).map(([k, v]) => [k, v.client_id]))).toEqual({ [as1.issuer]: as1Client, [as2.issuer]: as2Client });
    const tokens = JSON.parse(secrets.map.get('hub/test/server/docs/oauth/tokens')!) as { access_token: string; issuer: string };
    expect(tokens.issuer).toBe(as2.issuer);
    expect(decodeJwt(tokens.access_token)).toMatchObject({ iss: as2.issuer, aud: ps.url });

    const again = await connect(ps, manager.providerFor(target(ps)));
    expect(JSON.stringify((await again.callTool({ name: 'whoami', arguments: {} })).content)).toContain(as2Client);
    await again.close();
    // The old server's tokens went nowhere but to the resource server they were for.
    expect(JSON.stringify([as2.tokenRequests, as2.authorizationRequests])).not.toContain(as1Tokens.refresh_token);
    expect(ps.seenAuthorization.filter((h) => h === `Bearer ${as1Tokens.access_token}`).length).toBeGreaterThan(0);
  });

  it('moving back finds the first registration again, through the v2 SDK transport too', async () => {
    const as1 = await startAuthServer();
    const as2 = await startAuthServer();
    const ps = await startProtectedServer({ authServer: as1 });
    as2.addResource(ps.url);
    const { manager } = hubAuth();
    const b = browser();
    const signInNow = async () => (await manager.signIn(target(ps), { openUrl: (url) => void b.open(url) })).done;
    await signInNow();
    ps.moveTo(as2.issuer);
    await signInNow();
    ps.moveTo(as1.issuer);
    // A modern (v2) transport drives the background 401 through the v2 SDK's auth(): the same stop.
    const provider = manager.providerFor(target(ps));
    const v2 = new ClientV2({ name: 'hub-upstream', version: '1' });
    await expect(v2.connect(new TransportV2(new URL(ps.url), { authProvider: provider, fetch: provider.fetch }))).rejects.toThrow(/needs you to sign in again: it now names another authorization server/);
    expect(as1.tokenRequests.filter((r) => r.grant_type === 'refresh_token')).toEqual([]);
    await signInNow();
    // No second registration at the first server: its registration was kept under its issuer.
    expect(as1.registrations).toHaveLength(1);
    expect(as1.authorizationRequests.map((r) => r.client_id)).toEqual([as1.registrations[0]!.client_id, as1.registrations[0]!.client_id]);
    const client = await connect(ps, manager.providerFor(target(ps)));
    expect((await client.callTool({ name: 'whoami', arguments: {} })).isError).toBeFalsy();
    await client.close();
  });
});

