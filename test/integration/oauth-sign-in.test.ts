import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, describe, expect, it } from 'vitest';
import { HubOAuthProvider } from '../../main/core/auth/oauth-provider.js';
import { signIn, signOut } from '../../main/core/auth/sign-in.js';
import type { SecretStore } from '../../main/core/secrets/secret-store.js';
import { followToRedirect, startAuthServer, startProtectedServer, stopOAuthFixtures, type ProtectedServer } from '../helpers/oauth-fixtures.js';

// The hub's OAuth client (main/core/auth) against a real authorization server (oidc-provider with
// resource indicators, PKCE, dynamic registration) in front of a real MCP server that checks each
// token's audience. The browser is this test: it follows the redirects and lands on the loopback.
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

/** Plays the user's browser: follows the sign-in to the loopback redirect and lands there. */
const browser = { opened: [] as string[] };
async function openInBrowser(url: string): Promise<void> {
  browser.opened.push(url);
  const landing = await followToRedirect(url);
  await fetch(landing);
}

async function connect(ps: ProtectedServer, provider: HubOAuthProvider): Promise<Client> {
  const client = new Client({ name: 'hub-upstream', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(ps.url), { authProvider: provider }));
  return client;
}

/** hub.db's sign_ins row, in memory: which resource the stored tokens are for. */
function reference() {
  let resource: string | undefined;
  return { resource: () => resource, set: (r: string) => void (resource = r), clear: () => void (resource = undefined) };
}

function newProvider(ps: ProtectedServer, secrets = new MapSecrets(), server = 'docs') {
  return { secrets, provider: new HubOAuthProvider({ server, serverUrl: ps.url, secrets, keyPrefix: `hub/test/server/${server}/oauth`, reference: reference() }) };
}

describe('signing in to an OAuth-protected MCP server', () => {
  it('asks for sign-in instead of opening a browser, then signs in with PKCE and the resource parameter', async () => {
    const as = await startAuthServer();
    const ps = await startProtectedServer({ authServer: as });
    const { secrets, provider } = newProvider(ps);

    // In the background (the hub connecting at start), a 401 becomes "sign-in needed": nothing opens,
    // and no client is registered with the authorization server before the user asks to sign in.
    await expect(connect(ps, provider)).rejects.toThrow('Server "docs" needs you to sign in.');
    expect(provider.signInNeeded).toBeDefined();
    expect(browser.opened).toHaveLength(0);
    expect(as.registrations).toHaveLength(0);
    expect(secrets.map.size).toBe(0);

    await signIn(provider, { serverUrl: ps.url, openUrl: openInBrowser });
    expect(provider.signInNeeded).toBeUndefined();
    const authorization = new URL(browser.opened.at(-1)!);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('resource')).toBe(ps.url);
    expect(authorization.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(as.tokenRequests.find((r) => r.grant_type === 'authorization_code')).toMatchObject({ resource: ps.url });

    // Tokens and the registration are in the secret store, and only there.
    const stored = JSON.parse(secrets.map.get('hub/test/server/docs/oauth/tokens')!) as { access_token: string; refresh_token: string; expires_at: number; issuer: string };
    expect(stored.refresh_token).toBeTruthy();
    expect(stored.expires_at).toBeGreaterThan(Date.now());
    // The registration is kept for the authorization server it was made with (its issuer), as are the tokens.
    expect(stored).toMatchObject({ issuer: as.issuer });
    expect(JSON.parse(secrets.map.get('hub/test/server/docs/oauth/client')!)).toEqual({
      registrations: { [as.issuer]: expect.objectContaining({ client_id: expect.any(String), application_type: 'native', issuer: as.issuer }) },
      latest: as.issuer,
    });

    const client = await connect(ps, provider);
    const who = await client.callTool({ name: 'whoami', arguments: {} });
    expect(JSON.stringify(who.content)).toContain('dev-user');
    expect(ps.seenAuthorization.every((h) => h === `Bearer ${stored.access_token}`)).toBe(true);
    await client.close();
  });

  it('refreshes before expiry, once however many requests need it at the same time', async () => {
    const as = await startAuthServer({ accessTokenTTL: 30 });
    const ps = await startProtectedServer({ authServer: as });
    const { secrets, provider } = newProvider(ps);
    await signIn(provider, { serverUrl: ps.url, openUrl: openInBrowser });
    const before = JSON.parse(secrets.map.get('hub/test/server/docs/oauth/tokens')!) as { access_token: string; refresh_token: string };

    // A 30 s token is inside the refresh margin at once: five concurrent requests, one refresh.
    const all = await Promise.all(Array.from({ length: 5 }, () => provider.tokens()));
    const refreshes = as.tokenRequests.filter((r) => r.grant_type === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toMatchObject({ resource: ps.url });
    expect(new Set(all.map((t) => t?.access_token)).size).toBe(1);
    expect(all[0]!.access_token).not.toBe(before.access_token);
    expect(all[0]!.refresh_token).not.toBe(before.refresh_token);

    const client = await connect(ps, provider);
    expect((await client.callTool({ name: 'whoami', arguments: {} })).isError).toBeFalsy();
    await client.close();
  });

  it('after a revocation the server is marked sign-in needed, with no browser opened', async () => {
    const as = await startAuthServer();
    const ps = await startProtectedServer({ authServer: as });
    const { provider } = newProvider(ps);
    await signIn(provider, { serverUrl: ps.url, openUrl: openInBrowser });
    const opened = browser.opened.length;
    const client = await connect(ps, provider);
    await as.revokeAll();
    ps.revokeTokensNow();
    await expect(client.callTool({ name: 'whoami', arguments: {} })).rejects.toThrow('Server "docs" needs you to sign in.');
    expect(provider.signInNeeded).toBeDefined();
    expect(await provider.tokens()).toBeUndefined();
    expect(browser.opened).toHaveLength(opened);
    await client.close().catch(() => {});
  });

  it('keeps each server\'s tokens to that server', async () => {
    const as = await startAuthServer();
    const a = await startProtectedServer({ authServer: as });
    const b = await startProtectedServer({ authServer: as });
    const secrets = new MapSecrets();
    const pa = newProvider(a, secrets, 'a').provider;
    const pb = newProvider(b, secrets, 'b').provider;
    await signIn(pa, { serverUrl: a.url, openUrl: openInBrowser });
    await signIn(pb, { serverUrl: b.url, openUrl: openInBrowser });
    const ta = (await pa.tokens())!.access_token;
    const tb = (await pb.tokens())!.access_token;
    expect(ta).not.toBe(tb);
    const [ca, cb] = [await connect(a, pa), await connect(b, pb)];
    await ca.callTool({ name: 'whoami', arguments: {} });
    await cb.callTool({ name: 'whoami', arguments: {} });
    expect(a.seenAuthorization).not.toContain(`Bearer ${tb}`);
    expect(b.seenAuthorization).not.toContain(`Bearer ${ta}`);
    // A's token presented to B is refused: its audience is A.
    const res = await fetch(b.url, { method: 'POST', headers: { authorization: `Bearer ${ta}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(res.status).toBe(401);
    await Promise.all([ca.close(), cb.close()]);
  });

  it('signs out: the grant is revoked at the server and the tokens leave the store', async () => {
    const as = await startAuthServer();
    const ps = await startProtectedServer({ authServer: as });
    const { secrets, provider } = newProvider(ps);
    await signIn(provider, { serverUrl: ps.url, openUrl: openInBrowser });
    const revocations = as.revocationRequests;
    expect(await signOut(provider)).toEqual({ revoked: true });
    expect(as.revocationRequests).toBe(revocations + 1);
    expect(secrets.map.has('hub/test/server/docs/oauth/tokens')).toBe(false);
    expect(await provider.tokens()).toBeUndefined();
  });

  it('a denied consent at the server ends the sign-in with the server\'s reason', async () => {
    const as = await startAuthServer();
    const ps = await startProtectedServer({ authServer: as });
    const { provider } = newProvider(ps);
    as.setDecision('deny');
    await expect(
      signIn(provider, {
        serverUrl: ps.url,
        openUrl: async (url) => {
          await fetch(await followToRedirect(url));
        },
      }),
    ).rejects.toThrow(/The server refused the sign-in \(.*\)/);
  });
});
