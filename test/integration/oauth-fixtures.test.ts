import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  auth,
  discoverAuthorizationServerMetadata,
  discoverOAuthProtectedResourceMetadata,
  exchangeAuthorization,
  extractWWWAuthenticateParams,
  refreshAuthorization,
  startAuthorization,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AuthorizationServerMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/hub.js';
import {
  completeAuthorization,
  followToRedirect,
  MemoryOAuthProvider,
  signInWithSdk,
  startAuthServer,
  startProtectedServer,
  stopOAuthFixtures,
  type AuthServer,
  type ProtectedServer,
} from '../helpers/oauth-fixtures.js';

/**
 * Proves the OAuth fixtures with the MCP SDK's own client pieces (no hub code): discovery, dynamic
 * registration, PKCE, the resource parameter, audience checks, refresh with rotation, step-up, revocation.
 */

let as: AuthServer;
let mcp: ProtectedServer;
let other: ProtectedServer; // a second resource of the same AS: its tokens must not work at `mcp`
// The SDK's type is a union of RFC 8414 and OIDC metadata; oidc-provider's has both documents' fields.
let asMeta: AuthorizationServerMetadata & { revocation_endpoint?: string };
const clients: Client[] = [];

beforeAll(async () => {
  as = await startAuthServer();
  mcp = await startProtectedServer({ authServer: as });
  other = await startProtectedServer({ authServer: as });
  asMeta = (await discoverAuthorizationServerMetadata(as.issuer)) as typeof asMeta;
});

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await stopOAuthFixtures();
});

let nextPort = 40_000;
/** A loopback redirect URI; nothing listens there (followToRedirect never requests it). */
function loopback(): string {
  nextPort += 1;
  return `http://127.0.0.1:${nextPort}/callback`;
}

async function connect(provider: MemoryOAuthProvider, url: string): Promise<Client> {
  const client = new Client({ name: 'oauth-fixtures-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: provider }));
  clients.push(client);
  return client;
}

async function whoami(client: Client): Promise<{ sub: string; scopes: string[]; aud: string }> {
  const result = await client.callTool({ name: 'whoami' });
  return result.structuredContent as { sub: string; scopes: string[]; aud: string };
}

function initialize(token?: string): Promise<Response> {
  return fetch(mcp.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
  });
}

function callTool(token: string, name: string): Promise<Response> {
  return fetch(mcp.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: {} } }),
  });
}

describe('discovery', () => {
  it('serves RFC 9728 metadata at the path-inserted URL and AS metadata the SDK finds', async () => {
    const prm = await discoverOAuthProtectedResourceMetadata(mcp.url);
    expect(prm.resource).toBe(mcp.url);
    expect(prm.authorization_servers).toEqual([as.issuer]);
    expect(prm.scopes_supported).toEqual(['mcp:read', 'mcp:write']);
    expect(mcp.resourceMetadataUrl).toBe(`${mcp.origin}/.well-known/oauth-protected-resource/mcp`);

    expect(asMeta.issuer).toBe(as.issuer);
    expect(asMeta.code_challenge_methods_supported).toEqual(['S256']);
    expect(asMeta.registration_endpoint).toBe(`${as.issuer}/reg`);
    expect(asMeta.revocation_endpoint).toBe(`${as.issuer}/token/revocation`);
    expect(asMeta.grant_types_supported).toContain('refresh_token');
  });

  it('answers a request without a token with 401 and a challenge naming the metadata and scope', async () => {
    const res = await initialize();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer scope="mcp:read", resource_metadata="${mcp.resourceMetadataUrl}"`);
    const params = extractWWWAuthenticateParams(res);
    expect(String(params.resourceMetadataUrl)).toBe(mcp.resourceMetadataUrl);
    expect(params.scope).toBe('mcp:read');
  });

  it('works with an issuer that has a path, through each discovery URL the spec lists', async () => {
    const tenant = await startAuthServer({ path: '/tenant1' });
    expect(tenant.issuer).toMatch(/\/tenant1$/);
    const origin = new URL(tenant.issuer).origin;
    for (const url of [
      `${origin}/.well-known/oauth-authorization-server/tenant1`,
      `${origin}/.well-known/openid-configuration/tenant1`,
      `${origin}/tenant1/.well-known/openid-configuration`,
    ]) {
      const meta = (await (await fetch(url)).json()) as { issuer: string; token_endpoint: string };
      expect(meta.issuer, url).toBe(tenant.issuer);
      expect(meta.token_endpoint, url).toBe(`${tenant.issuer}/token`);
    }
    // And a whole sign-in through it (interaction URLs live under the path too).
    const server = await startProtectedServer({ authServer: tenant });
    const provider = new MemoryOAuthProvider({ redirectUrl: loopback() });
    await signInWithSdk(provider, server.url);
    expect((await whoami(await connect(provider, server.url))).sub).toBe('dev-user');

    // OIDC discovery only: the SDK falls back from RFC 8414 to openid-configuration.
    const oidcOnly = await startAuthServer({ path: '/t', rfc8414: false });
    expect((await fetch(`${new URL(oidcOnly.issuer).origin}/.well-known/oauth-authorization-server/t`)).status).toBe(404);
    expect((await discoverAuthorizationServerMetadata(oidcOnly.issuer))?.issuer).toBe(oidcOnly.issuer);
  });
});

describe('sign-in with the SDK', () => {
  let provider: MemoryOAuthProvider;
  let tokens: OAuthTokens;

  it('registers dynamically, sends PKCE S256 and the resource, and gets a JWT for this server', async () => {
    provider = new MemoryOAuthProvider({ redirectUrl: loopback() });
    expect(await auth(provider, { serverUrl: mcp.url })).toBe('REDIRECT');

    const registration = as.registrations.at(-1)!;
    expect(registration).toMatchObject({ application_type: 'native', token_endpoint_auth_method: 'none', redirect_uris: [provider.redirectUrl] });
    expect(registration.scope).toBeUndefined(); // dropped by the fixture so step-up stays possible

    const url = provider.authorizationUrl;
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('resource')).toBe(mcp.url);
    expect(url.searchParams.get('scope')).toBe('mcp:read mcp:write'); // PRM scopes_supported
    expect(url.searchParams.get('state')).toBe(provider.lastState);

    const { code, state, redirectUri } = await completeAuthorization(url);
    expect(state).toBe(provider.lastState);
    expect(redirectUri).toBe(provider.redirectUrl);
    expect(await auth(provider, { serverUrl: mcp.url, authorizationCode: code })).toBe('AUTHORIZED');

    tokens = provider.current!;
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.scope).toBe('mcp:read mcp:write');
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({ iss: as.issuer, aud: mcp.url, sub: 'dev-user', scope: 'mcp:read mcp:write', client_id: provider.client!.client_id });
    expect(as.tokenRequests.at(-1)).toMatchObject({ grant_type: 'authorization_code', resource: mcp.url });
    expect(as.tokenRequests.at(-1)?.error).toBeUndefined();
  });

  it('calls whoami through StreamableHTTPClientTransport with the token, and only that token', async () => {
    const before = mcp.seenAuthorization.length;
    const client = await connect(provider, mcp.url);
    expect(await whoami(client)).toMatchObject({ sub: 'dev-user', scopes: ['mcp:read', 'mcp:write'], aud: mcp.url });
    const seen = mcp.seenAuthorization.slice(before);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([`Bearer ${tokens.access_token}`]));
  });

  it('accepts any loopback port for a native client, and only the registered one for a web client', async () => {
    provider.redirectUrl = loopback(); // same registration, another port
    expect(await auth(provider, { serverUrl: mcp.url })).toBe('AUTHORIZED'); // refresh: no browser needed
    provider.invalidateCredentials('tokens');
    expect(await auth(provider, { serverUrl: mcp.url })).toBe('REDIRECT');
    const { code } = await completeAuthorization(provider.authorizationUrl);
    expect(await auth(provider, { serverUrl: mcp.url, authorizationCode: code })).toBe('AUTHORIZED');

    const web = new MemoryOAuthProvider({ redirectUrl: loopback(), applicationType: 'web' });
    await signInWithSdk(web, mcp.url);
    web.redirectUrl = loopback();
    web.invalidateCredentials('tokens');
    expect(await auth(web, { serverUrl: mcp.url })).toBe('REDIRECT');
    // oidc-provider shows an error page (it never redirects to an unregistered URI).
    await expect(followToRedirect(web.authorizationUrl)).rejects.toThrow(/redirect_uri did not match any of the client's registered redirect_uris/);
  });
});

describe('audience (RFC 8707)', () => {
  it('refuses a token issued for another resource of the same AS', async () => {
    const provider = new MemoryOAuthProvider({ redirectUrl: loopback() });
    const tokens = await signInWithSdk(provider, other.url);
    expect(decodeJwt(tokens.access_token).aud).toBe(other.url);
    expect((await whoami(await connect(provider, other.url))).aud).toBe(other.url);

    const res = await initialize(tokens.access_token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", error_description="[^"]*aud[^"]*"/);
  });

  it('refuses unknown resources, a missing resource, and a token request for a resource not authorized', async () => {
    const provider = new MemoryOAuthProvider({ redirectUrl: loopback() });
    await signInWithSdk(provider, mcp.url);
    const clientInformation = provider.client!;
    const authorize = async (resource: string | undefined) => {
      const { authorizationUrl, codeVerifier } = await startAuthorization(as.issuer, {
        metadata: asMeta,
        clientInformation,
        redirectUrl: provider.redirectUrl,
        scope: 'mcp:read',
        ...(resource ? { resource: new URL(resource) } : {}),
      });
      return { url: new URL(await followToRedirect(authorizationUrl)), codeVerifier };
    };

    expect((await authorize('http://127.0.0.1:1/not-registered')).url.searchParams.get('error')).toBe('invalid_target');
    expect((await authorize(undefined)).url.searchParams.get('error')).toBe('invalid_target');

    const granted = await authorize(mcp.url);
    const code = granted.url.searchParams.get('code')!;
    await expect(
      exchangeAuthorization(as.issuer, {
        metadata: asMeta,
        clientInformation,
        authorizationCode: code,
        codeVerifier: granted.codeVerifier,
        redirectUri: provider.redirectUrl,
        resource: new URL(other.url),
      }),
    ).rejects.toMatchObject({ errorCode: 'invalid_target' });
    expect(as.tokenRequests.at(-1)).toMatchObject({ grant_type: 'authorization_code', resource: other.url, error: 'invalid_target' });
  });
});

describe('refresh', () => {
  it('refreshes when the server says the token expired, and the call goes through', async () => {
    const provider = new MemoryOAuthProvider({ redirectUrl: loopback() });
    const first = await signInWithSdk(provider, mcp.url);
    const client = await connect(provider, mcp.url);
    await whoami(client);

    mcp.expireTokensNow(); // the 401 of an expired token, without waiting for one
    expect((await whoami(client)).sub).toBe('dev-user');

    const second = provider.current!;
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token); // rotated
    expect(decodeJwt(second.access_token).aud).toBe(mcp.url);
    expect(as.tokenRequests.at(-1)).toMatchObject({ grant_type: 'refresh_token', resource: mcp.url });

    // A rotated refresh token used again: refused, and the whole grant is revoked with it.
    const reuse = refreshAuthorization(as.issuer, { metadata: asMeta, clientInformation: provider.client!, refreshToken: first.refresh_token!, resource: new URL(mcp.url) });
    await expect(reuse).rejects.toMatchObject({ errorCode: 'invalid_grant' });
    const after = refreshAuthorization(as.issuer, { metadata: asMeta, clientInformation: provider.client!, refreshToken: second.refresh_token!, resource: new URL(mcp.url) });
    await expect(after).rejects.toMatchObject({ errorCode: 'invalid_grant' });
    expect((await initialize(second.access_token)).status).toBe(401); // its JWT is refused too (grant revoked)
  });

  it('refreshes a token that really expired (short TTL)', async () => {
    // 2 s, not 1: exp = floor(now) + TTL, so a 1 s token issued late in a second lives a few ms only.
    as.setAccessTokenTTL(2);
    try {
      const provider = new MemoryOAuthProvider({ redirectUrl: loopback() });
      expect((await signInWithSdk(provider, mcp.url)).expires_in).toBe(2);
      const client = await connect(provider, mcp.url);
      const current = provider.current!; // connect() may already have refreshed once
      const exp = decodeJwt(current.access_token).exp!;
      await eventually(() => Date.now() / 1000 > exp + 0.1, 10_000, 'the access token to expire');
      const refreshesBefore = as.tokenRequests.filter((r) => r.grant_type === 'refresh_token').length;
      expect((await whoami(client)).sub).toBe('dev-user');
      expect(as.tokenRequests.filter((r) => r.grant_type === 'refresh_token').length).toBeGreaterThan(refreshesBefore);
      expect(provider.current!.access_token).not.toBe(current.access_token);
    } finally {
      as.setAccessTokenTTL(300);
    }
  });
});

describe('step-up (403 insufficient_scope)', () => {
  it('answers admin_op without mcp:admin with 403 and the scopes to ask for', async () => {
    const provider = new MemoryOAuthProvider({ redirectUrl: loopback() });
    const tokens = await signInWithSdk(provider, mcp.url);
    const res = await callTool(tokens.access_token, 'admin_op');
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", scope="mcp:read mcp:admin", error_description="admin_op needs mcp:admin", resource_metadata="${mcp.resourceMetadataUrl}"`,
    );
    expect((await callTool(tokens.access_token, 'whoami')).status).toBe(200);

    // The SDK transport's own step-up refreshes (same scopes) and gives up on the second 403.
    const client = await connect(provider, mcp.url);
    await expect(client.callTool({ name: 'admin_op' })).rejects.toThrow(/403 after trying upscoping/);
  });

  it('grants mcp:admin on a new authorization with the challenged scope', async () => {
    const provider = new MemoryOAuthProvider({ redirectUrl: loopback() });
    await signInWithSdk(provider, mcp.url);
    provider.invalidateCredentials('tokens'); // else auth() refreshes, which cannot add a scope
    const tokens = await signInWithSdk(provider, mcp.url, { scope: 'mcp:read mcp:admin' });
    expect(tokens.scope).toBe('mcp:read mcp:admin');
    expect(as.authorizationRequests.at(-1)).toMatchObject({ scope: 'mcp:read mcp:admin', resource: mcp.url });
    const client = await connect(provider, mcp.url);
    expect(await client.callTool({ name: 'admin_op' })).toMatchObject({ content: [{ type: 'text', text: 'admin ok' }] });
  });

  it('cannot add a scope by refreshing, and a strict AS keeps a client to its registered scope', async () => {
    const provider = new MemoryOAuthProvider({ redirectUrl: loopback() });
    const tokens = await signInWithSdk(provider, mcp.url);
    const res = await fetch(asMeta.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token!,
        client_id: provider.client!.client_id,
        resource: mcp.url,
        scope: 'mcp:read mcp:admin',
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_scope' });

    const strict = await startAuthServer({ enforceRegisteredScope: true });
    const server = await startProtectedServer({ authServer: strict });
    const registered = new MemoryOAuthProvider({ redirectUrl: loopback() });
    await signInWithSdk(registered, server.url); // the SDK registers with scope "mcp:read mcp:write"
    expect(strict.registrations.at(-1)?.scope).toBe('mcp:read mcp:write');
    registered.invalidateCredentials('tokens');
    expect(await auth(registered, { serverUrl: server.url, scope: 'mcp:read mcp:admin' })).toBe('REDIRECT');
    await expect(completeAuthorization(registered.authorizationUrl)).rejects.toThrow(/invalid_scope/);
  });

  it('can withhold a scope (the user did not grant it) or deny the whole authorization', async () => {
    const provider = new MemoryOAuthProvider({ redirectUrl: loopback() });
    as.setWithheldScopes(['mcp:admin']);
    try {
      const tokens = await signInWithSdk(provider, mcp.url, { scope: 'mcp:read mcp:admin' });
      expect(tokens.scope).toBe('mcp:read');
      expect((await callTool(tokens.access_token, 'admin_op')).status).toBe(403);
    } finally {
      as.setWithheldScopes([]);
    }
    as.setDecision('deny');
    try {
      provider.invalidateCredentials('tokens');
      expect(await auth(provider, { serverUrl: mcp.url })).toBe('REDIRECT');
      await expect(completeAuthorization(provider.authorizationUrl)).rejects.toThrow(/access_denied/);
    } finally {
      as.setDecision('approve');
    }
  });
});

describe('revocation', () => {
  it('revokes a refresh token (and its grant) but not a JWT access token at the endpoint', async () => {
    const provider = new MemoryOAuthProvider({ redirectUrl: loopback() });
    const tokens = await signInWithSdk(provider, mcp.url);
    const revoke = (token: string) =>
      fetch(asMeta.revocation_endpoint!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, client_id: provider.client!.client_id }),
      });
    const atRes = await revoke(tokens.access_token);
    expect(atRes.status).toBe(400);
    expect(await atRes.json()).toMatchObject({ error: 'unsupported_token_type' });
    expect((await initialize(tokens.access_token)).status).toBe(200);

    expect((await revoke(tokens.refresh_token!)).status).toBe(200);
    expect(as.isAccessTokenRevoked(decodeJwt(tokens.access_token).jti!)).toBe(true);
    expect((await initialize(tokens.access_token)).status).toBe(401);
    // auth() meets invalid_grant on refresh, drops the tokens and starts a new authorization.
    expect(await auth(provider, { serverUrl: mcp.url })).toBe('REDIRECT');
  });

  it('revokeAll ends every sign-in; with clients, registrations too', async () => {
    const provider = new MemoryOAuthProvider({ redirectUrl: loopback() });
    const tokens = await signInWithSdk(provider, mcp.url);
    const registrations = as.registrations.length;
    await as.revokeAll();
    expect((await initialize(tokens.access_token)).status).toBe(401);
    expect(await auth(provider, { serverUrl: mcp.url })).toBe('REDIRECT');
    expect(as.registrations.length).toBe(registrations); // the client registration survived

    await signInWithSdk(provider, mcp.url);
    await as.revokeAll({ clients: true });
    // invalid_client on refresh: auth() forgets everything and registers again.
    expect(await auth(provider, { serverUrl: mcp.url })).toBe('REDIRECT');
    expect(as.registrations.length).toBe(registrations + 1);
    await signInWithSdk(provider, mcp.url);
  });
});
