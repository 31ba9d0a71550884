import { randomBytes } from 'node:crypto';
import { auth, type OAuthClientProvider, type OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { startAuthServer as startAuthServerFixture, type AuthServer, type AuthServerOptions } from '../fixtures/oauth/auth-server.mjs';
import {
  startProtectedServer as startProtectedServerFixture,
  type ProtectedServer,
  type ProtectedServerOptions,
} from '../fixtures/oauth/protected-mcp-server.mjs';

export type { AuthServer, AuthServerOptions, ProtectedServer, ProtectedServerOptions };

// Real OAuth for tests: an oidc-provider authorization server and an MCP server that requires its tokens,
// both in this process on 127.0.0.1 and free ports (a hub started as a child process reaches them too).
// What oidc-provider does with loopback ports, `resource`, refresh and revocation is written at the top of
// test/fixtures/oauth/auth-server.mjs.
//
// What the MCP SDK's auth() (1.32.2) does, as test/integration/oauth-fixtures.test.ts shows:
// * auth(provider, { serverUrl }) discovers (PRM at the path-inserted URL, then AS metadata: RFC 8414,
//   then OIDC), registers (RFC 7591) when clientInformation() is empty, and returns 'REDIRECT' after
//   handing the URL to redirectToAuthorization(). auth(provider, { serverUrl, authorizationCode }) then
//   exchanges the code and returns 'AUTHORIZED'. It sends provider.state() but never checks it: that is
//   the caller's job (signInWithSdk below does it).
// * Scope: the `scope` option (a challenge's), else PRM scopes_supported, else clientMetadata.scope; the
//   same value goes into the registration request's `scope`.
// * `resource` = the PRM's `resource`, verbatim, on the authorization, token and refresh requests.
// * With a stored refresh_token, auth() refreshes first, even when called with a new `scope`; a refresh
//   never adds scopes. So StreamableHTTPClientTransport's own 403 insufficient_scope handling refreshes,
//   retries, and fails with "Server returned 403 after trying upscoping". A step-up must hide the tokens
//   (invalidateCredentials('tokens'), or tokens() answering undefined) before auth(..., { scope }).
// * invalid_grant from a refresh: auth() calls invalidateCredentials('tokens') and starts a new
//   authorization ('REDIRECT'). invalid_client: invalidateCredentials('all'), and it registers again.
// * application_type is not in the SDK's OAuthClientMetadata type, but clientMetadata is sent as is.

const running = new Set<{ close(): Promise<void> }>();

/** An oidc-provider authorization server (see AuthServerOptions). Stopped by stopOAuthFixtures(). */
export async function startAuthServer(options: AuthServerOptions = {}): Promise<AuthServer> {
  const as = await startAuthServerFixture(options);
  running.add(as);
  return as;
}

/**
 * A Streamable HTTP MCP server at /mcp that requires tokens from `issuer`. With `authServer`, the issuer
 * is taken from it, the server's URL is registered there as a resource, and tokens from revoked grants
 * are refused (as if the server introspected them).
 */
export async function startProtectedServer(
  options: Partial<ProtectedServerOptions> & ({ issuer: string } | { authServer: AuthServer }),
): Promise<ProtectedServer> {
  const { authServer, ...rest } = { authServer: undefined as AuthServer | undefined, ...options };
  const issuer = rest.issuer ?? authServer?.issuer;
  if (!issuer) throw new Error('startProtectedServer needs issuer or authServer');
  const ps = await startProtectedServerFixture({
    ...rest,
    issuer,
    ...(authServer && !options.isRevoked ? { isRevoked: (jti: string) => authServer.isAccessTokenRevoked(jti) } : {}),
  });
  authServer?.addResource(ps.url);
  running.add(ps);
  return ps;
}

/** Closes every server started through this module (use in afterAll). */
export async function stopOAuthFixtures(): Promise<void> {
  const all = [...running];
  running.clear();
  await Promise.allSettled(all.map((s) => s.close()));
}

/**
 * Plays the browser: follows the redirects of an authorization URL (login and consent approve
 * themselves), carrying the AS's cookies, until a Location points at the request's redirect_uri, and
 * returns that URL (with ?code=&state=, or ?error=). It does not request it: a test GETs it itself when
 * a loopback listener (the hub's) is waiting there. Only the AS's own origin is followed.
 */
export async function followToRedirect(authorizationUrl: string | URL, options: { maxHops?: number } = {}): Promise<string> {
  const start = new URL(authorizationUrl);
  const redirectUri = start.searchParams.get('redirect_uri');
  if (!redirectUri) throw new Error(`no redirect_uri in ${start.href}`);
  const target = new URL(redirectUri);
  const jar = new Map<string, string>();
  let url = start.href;
  for (let hop = 0; hop < (options.maxHops ?? 20); hop++) {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {},
    });
    for (const line of res.headers.getSetCookie()) setCookie(jar, line);
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) {
      const body = await res.text().catch(() => '');
      throw new Error(`authorization stopped at ${url}: HTTP ${res.status} ${body.slice(0, 500)}`);
    }
    await res.body?.cancel();
    const next = new URL(location, url);
    if (next.origin === target.origin && next.pathname === target.pathname) return next.href;
    if (next.origin !== start.origin) throw new Error(`authorization redirected away from the AS to ${next.origin}${next.pathname}`);
    url = next.href;
  }
  throw new Error(`authorization did not reach ${redirectUri} within ${options.maxHops ?? 20} redirects`);
}

export interface AuthorizationResult {
  code: string;
  /** The state the AS echoed (null when the request had none). */
  state: string | null;
  /** The redirect URI without its query. */
  redirectUri: string;
  /** The whole redirect URL, as a browser would open it. */
  url: string;
}

/** followToRedirect, then the code and state from the redirect; an error redirect throws with its error code. */
export async function completeAuthorization(authorizationUrl: string | URL): Promise<AuthorizationResult> {
  const url = new URL(await followToRedirect(authorizationUrl));
  const error = url.searchParams.get('error');
  if (error) throw new Error(`authorization failed: ${error}${url.searchParams.get('error_description') ? ` (${url.searchParams.get('error_description')})` : ''}`);
  const code = url.searchParams.get('code');
  if (!code) throw new Error(`no code in ${url.href}`);
  return { code, state: url.searchParams.get('state'), redirectUri: `${url.origin}${url.pathname}`, url: url.href };
}

function setCookie(jar: Map<string, string>, line: string): void {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  const expired = attributes.some((a) => {
    const [k = '', v = ''] = a.split('=').map((s) => s.trim());
    return (k.toLowerCase() === 'max-age' && Number(v) <= 0) || (k.toLowerCase() === 'expires' && Date.parse(v) <= Date.now());
  });
  if (expired || value === '') jar.delete(name);
  else jar.set(name, value);
}

export interface MemoryOAuthProviderOptions {
  /** The loopback redirect URI, e.g. http://127.0.0.1:PORT/callback (nothing needs to listen there). */
  redirectUrl: string;
  /** Registration's application_type. Default 'native' (any loopback port accepted later). */
  applicationType?: 'native' | 'web';
  /** clientMetadata.scope: the fallback when neither challenge nor PRM names scopes. */
  scope?: string;
}

/**
 * The smallest complete OAuthClientProvider for the SDK's auth(): everything in memory, the
 * authorization URL recorded instead of opened, a fresh random state per authorization.
 */
export class MemoryOAuthProvider implements OAuthClientProvider {
  redirectUrl: string;
  client: OAuthClientInformationMixed | undefined;
  current: OAuthTokens | undefined;
  /** Every token set saved, oldest first. */
  readonly savedTokens: OAuthTokens[] = [];
  readonly authorizationUrls: URL[] = [];
  lastState: string | undefined;
  discovery: OAuthDiscoveryState | undefined;
  private verifier: string | undefined;

  constructor(private readonly options: MemoryOAuthProviderOptions) {
    this.redirectUrl = options.redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'oauth-fixtures test client',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      // Not in the SDK's schema type, but sent as is: oidc-provider needs it to accept other loopback ports.
      application_type: this.options.applicationType ?? 'native',
      ...(this.options.scope ? { scope: this.options.scope } : {}),
    } as OAuthClientMetadata;
  }

  /** The last authorization URL auth() produced. */
  get authorizationUrl(): URL {
    const url = this.authorizationUrls.at(-1);
    if (!url) throw new Error('auth() has not asked for an authorization yet');
    return url;
  }

  state(): string {
    this.lastState = randomBytes(12).toString('base64url');
    return this.lastState;
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.client;
  }

  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.client = info;
  }

  tokens(): OAuthTokens | undefined {
    return this.current;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.current = tokens;
    this.savedTokens.push(tokens);
  }

  redirectToAuthorization(url: URL): void {
    this.authorizationUrls.push(url);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no code verifier saved');
    return this.verifier;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'all' || scope === 'client') this.client = undefined;
    if (scope === 'all' || scope === 'tokens') this.current = undefined;
    if (scope === 'all' || scope === 'verifier') this.verifier = undefined;
    if (scope === 'all' || scope === 'discovery') this.discovery = undefined;
  }
}

/**
 * A whole sign-in with the SDK's auth(): discovery, registration if needed, the authorization (driven by
 * completeAuthorization), its state checked, and the code exchanged. Resolves the tokens.
 */
export async function signInWithSdk(provider: MemoryOAuthProvider, serverUrl: string, options: { scope?: string } = {}): Promise<OAuthTokens> {
  const scope = options.scope ? { scope: options.scope } : {};
  const first = await auth(provider, { serverUrl, ...scope });
  if (first === 'AUTHORIZED') return provider.current!;
  const { code, state } = await completeAuthorization(provider.authorizationUrl);
  if (state !== provider.lastState) throw new Error(`state mismatch: sent ${provider.lastState}, got ${state}`);
  const second = await auth(provider, { serverUrl, authorizationCode: code, ...scope });
  if (second !== 'AUTHORIZED' || !provider.current) throw new Error(`auth() with the code returned ${second}`);
  return provider.current;
}
