import { describe, expect, it } from 'vitest';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import { HubOAuthProvider } from '../../../main/core/auth/oauth-provider.js';
import type { SecretStore } from '../../../main/core/secrets/secret-store.js';

// The provider's own rules, with an in-memory keychain that counts reads (no servers involved; the
// whole flow against real servers is in test/integration/oauth-*.test.ts).
function setup(url = 'https://docs.example.com/mcp') {
  const entries = new Map<string, string>();
  const reads: string[] = [];
  let failWrites = false;
  const secrets: SecretStore = {
    get: async (k) => (reads.push(k), entries.get(k)),
    set: async (k, v) => {
      if (failWrites) throw new Error('The keychain is locked.');
      entries.set(k, v);
    },
    delete: async (k) => entries.delete(k),
  };
  let resource: string | undefined;
  const reference = { resource: () => resource, set: (r: string) => void (resource = r), clear: () => void (resource = undefined) };
  const make = (serverUrl = url) => new HubOAuthProvider({ server: 'docs', serverUrl, secrets, keyPrefix: 'hub/h/server/docs/oauth', reference });
  return { entries, reads, make, reference, failWrites: () => (failWrites = true) };
}

const metadata = (methods?: string[]) =>
  ({
    authorizationServerUrl: 'https://auth.example.com',
    authorizationServerMetadata: {
      issuer: 'https://auth.example.com',
      authorization_endpoint: 'https://auth.example.com/authorize',
      token_endpoint: 'https://auth.example.com/token',
      response_types_supported: ['code'],
      ...(methods ? { code_challenge_methods_supported: methods } : {}),
    },
  }) as OAuthDiscoveryState;

const interactive = { redirectUrl: 'http://127.0.0.1:1234/callback', state: 's', onAuthorizationUrl: () => {} };

describe('HubOAuthProvider', () => {
  it('never reads the keychain for a server that has not signed in', async () => {
    const { make, reads } = setup();
    const p = make();
    expect(await p.tokens()).toBeUndefined();
    expect(await p.clientInformation()).toBeUndefined();
    expect(await p.signedIn()).toBe(false);
    expect(reads).toEqual([]);
  });

  it('keeps tokens in the keychain with a reference to the URL they are for; another URL never gets them', async () => {
    const { make, entries, reference } = setup();
    await make().saveTokens({ access_token: 'at', token_type: 'Bearer', refresh_token: 'rt', expires_in: 3600 });
    expect(reference.resource()).toBe('https://docs.example.com/mcp');
    expect(JSON.parse(entries.get('hub/h/server/docs/oauth/tokens')!)).toMatchObject({ access_token: 'at', expires_at: expect.any(Number) });
    expect((await make().tokens())?.access_token).toBe('at');
    // The user changed the server's URL: the tokens were issued for the old one.
    expect(await make('https://elsewhere.example.com/mcp').tokens()).toBeUndefined();
  });

  it('in the background, stops before registering anything and says a sign-in is needed', async () => {
    const { make } = setup();
    const p = make();
    await expect(p.saveDiscoveryState(metadata(['S256']))).rejects.toThrow('Server "docs" needs you to sign in.');
    expect(p.signInNeeded).toEqual({});
  });

  it('refuses an authorization server that does not list S256', async () => {
    const { make } = setup();
    const flow = make().forSignIn(interactive);
    await expect(flow.saveDiscoveryState(metadata())).rejects.toThrow(/does not support PKCE with S256 \(code_challenge_methods_supported: null\)/);
    await expect(flow.saveDiscoveryState(metadata(['plain']))).rejects.toThrow(/\["plain"\]/);
    await expect(flow.saveDiscoveryState(metadata(['plain', 'S256']))).resolves.toBeUndefined();
  });

  it('opens only http(s) sign-in addresses, and only while the user signs in', async () => {
    const { make } = setup();
    const opened: string[] = [];
    const flow = make().forSignIn({ ...interactive, onAuthorizationUrl: (u) => opened.push(u.href) });
    expect(() => flow.redirectToAuthorization(new URL('javascript:alert(1)'))).toThrow(/not http\(s\)/);
    flow.redirectToAuthorization(new URL('https://auth.example.com/authorize?x=1'));
    expect(opened).toEqual(['https://auth.example.com/authorize?x=1']);

    const live = make();
    live.redirectToAuthorization(new URL('https://auth.example.com/authorize?scope=mcp%3Aread'));
    expect(live.signInNeeded).toEqual({ scope: 'mcp:read' });
    // A step-up the SDK started on its own is not a lost grant.
    const stepping = make();
    // (What the provider's fetch records from a 403 insufficient_scope.)
    (stepping as unknown as { more: { scope: string } }).more = { scope: 'mcp:admin' };
    stepping.redirectToAuthorization(new URL('https://auth.example.com/authorize'));
    expect(stepping.signInNeeded).toBeUndefined();
  });

  it('keeps rotated tokens in memory when the keychain refuses the write', async () => {
    const { make, failWrites } = setup();
    const p = make();
    await p.saveTokens({ access_token: 'old', token_type: 'Bearer' });
    failWrites();
    await expect(p.saveTokens({ access_token: 'new', token_type: 'Bearer', refresh_token: 'rotated' })).rejects.toThrow('The keychain is locked.');
    expect((await p.tokens())?.refresh_token).toBe('rotated');
  });

  it('a sign-in fork does not disturb the live provider\'s tokens or PKCE state', async () => {
    const { make } = setup();
    const live = make();
    await live.saveTokens({ access_token: 'live', token_type: 'Bearer' });
    live.saveCodeVerifier('live-verifier');
    const flow = live.forSignIn(interactive);
    flow.saveCodeVerifier('flow-verifier');
    expect(await flow.tokens()).toBeUndefined();
    expect((await live.tokens())?.access_token).toBe('live');
    expect(live.codeVerifier()).toBe('live-verifier');
  });
});

describe('assertSafeAuthUrl', () => {
  it('lets sign-in traffic go over https or to this computer only', async () => {
    const { assertSafeAuthUrl } = await import('../../../main/core/auth/oauth-provider.js');
    for (const ok of ['https://auth.example.com/token', 'http://127.0.0.1:8080/token', 'http://localhost/x', 'http://[::1]:9/x']) expect(() => assertSafeAuthUrl(ok)).not.toThrow();
    expect(() => assertSafeAuthUrl('http://auth.example.com/token')).toThrow('Agent Hub signs in only over https (or to this computer); refusing http://auth.example.com.');
    expect(() => assertSafeAuthUrl('file:///etc/passwd')).toThrow(/refusing file:/);
  });

  it('guards what the provider fetches beyond the MCP endpoint itself', async () => {
    const { make } = setup('http://mcp.lan.example:3000/mcp');
    const p = make();
    await expect(p.fetch('http://mcp.lan.example:3000/.well-known/oauth-protected-resource/mcp')).rejects.toThrow(/refusing http:/);
  });
});
