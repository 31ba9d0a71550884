import { randomBytes } from 'node:crypto';
import { discoverOAuthServerInfo, refreshAuthorization, type OAuthClientProvider, type OAuthDiscoveryState, type OAuthServerInfo } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { SecretStore } from '../secrets/secret-store.js';

/** Tokens as kept in the keychain: what the server sent, plus when they expire (ms since epoch). */
export type StoredTokens = OAuthTokens & { expires_at?: number };

/** Refresh this long before the access token expires, so a call never starts with a dying token. */
const REFRESH_MARGIN_MS = 60_000;

export interface HubOAuthOptions {
  /** The server's name, for messages. */
  server: string;
  /** The MCP endpoint URL (the protected resource). */
  serverUrl: string;
  secrets: SecretStore;
  /** Keychain key prefix for this server's OAuth secrets, e.g. hub/<id>/server/<name>/oauth. */
  keyPrefix: string;
  /** A client registered by hand with the authorization server (its secret, if any, in the keychain). */
  preRegistered?: { clientId: string; clientSecret?: string | undefined } | undefined;
  /** Asked for when the server did not say (PRM scopes_supported, the challenge's scope come first). */
  scope?: string | undefined;
}

/**
 * The hub's OAuthClientProvider for one server, on the MCP SDK's auth(): discovery (RFC 9728, 8414,
 * OIDC), registration (pre-registered, then Client ID Metadata Document, then RFC 7591), PKCE S256 and
 * the resource parameter (RFC 8707) are the SDK's; this class keeps tokens and the registration in the
 * keychain, refuses servers that do not list S256, refreshes before expiry, and turns "the user must
 * sign in" into state instead of a browser window opening out of the blue.
 *
 * Interactive only while `interactive` is set (a sign-in the user started): then the authorization URL
 * goes to `onAuthorizationUrl`. Otherwise an authorization the SDK wants to start is recorded as
 * `signInNeeded` and the connection fails with UnauthorizedError.
 */
export class HubOAuthProvider implements OAuthClientProvider {
  signInNeeded: { scope?: string | undefined } | undefined;
  interactive: { redirectUrl: string; state: string; onAuthorizationUrl: (url: URL) => void } | undefined;
  private verifier: string | undefined;
  private cached: { tokens: StoredTokens | undefined; client: OAuthClientInformationMixed | undefined } | undefined;
  /** The refresh in flight: concurrent callers wait for it, since a rotated refresh token used twice revokes the grant. */
  private refreshing: Promise<void> | undefined;
  private discovery: OAuthServerInfo | undefined;

  constructor(private readonly options: HubOAuthOptions) {}

  /**
   * The fetch the server's transport uses: it notes a 403 insufficient_scope challenge, because the
   * SDK's own step-up only refreshes (a refresh never adds scopes) and then gives up. The scope the
   * server named is what the next sign-in asks for.
   */
  readonly fetch = async (url: string | URL, init?: RequestInit): Promise<Response> => {
    const res = await fetch(url, init);
    const challenge = res.status === 403 ? res.headers.get('www-authenticate') : null;
    if (challenge && /error="?insufficient_scope/.test(challenge)) this.signInNeeded = { scope: /scope="([^"]*)"/.exec(challenge)?.[1] };
    return res;
  };

  get redirectUrl(): string {
    // Never undefined: to the SDK that means a non-interactive grant (client_credentials).
    return this.interactive?.redirectUrl ?? registeredRedirect(this.cached?.client) ?? 'http://127.0.0.1/callback';
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Agent Hub',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
      ...(this.options.scope ? { scope: this.options.scope } : {}),
    } as OAuthClientMetadata;
  }

  state(): string {
    return this.interactive?.state ?? randomBytes(16).toString('base64url');
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const pre = this.options.preRegistered;
    if (pre) return { client_id: pre.clientId, ...(pre.clientSecret ? { client_secret: pre.clientSecret } : {}) };
    return (await this.load()).client;
  }

  async saveClientInformation(info: OAuthClientInformationMixed): Promise<void> {
    await this.options.secrets.set(this.key('client'), JSON.stringify(info));
    (await this.load()).client = info;
  }

  async tokens(): Promise<StoredTokens | undefined> {
    // A sign-in the user started asks the user, even when a refresh token could have been used.
    if (this.interactive) return undefined;
    const { tokens } = await this.load();
    if (!tokens?.refresh_token || tokens.expires_at === undefined || tokens.expires_at - REFRESH_MARGIN_MS > Date.now()) return tokens;
    this.refreshing ??= this.refresh(tokens).finally(() => (this.refreshing = undefined));
    await this.refreshing;
    return (await this.load()).tokens;
  }

  /**
   * Refreshes before expiry (and after a laptop slept past it). A refused refresh (invalid_grant) means
   * the user must sign in again; an unreachable server leaves the tokens for the request's own 401 path.
   */
  private async refresh(tokens: StoredTokens): Promise<void> {
    try {
      const info = (this.discovery ??= await discoverOAuthServerInfo(this.options.serverUrl));
      const client = await this.clientInformation();
      if (!client || !tokens.refresh_token) return;
      const resource = info.resourceMetadata?.resource;
      const fresh = await refreshAuthorization(info.authorizationServerUrl, {
        metadata: info.authorizationServerMetadata,
        clientInformation: client,
        refreshToken: tokens.refresh_token,
        ...(resource ? { resource: new URL(resource) } : {}),
      });
      // Keep the SDK's binding of tokens to their authorization server.
      const issuer = (tokens as { issuer?: string }).issuer;
      await this.saveTokens({ ...fresh, ...(issuer ? { issuer } : {}) });
    } catch (e) {
      if ((e as { errorCode?: string }).errorCode === 'invalid_grant' || /invalid_grant/.test((e as Error).message)) {
        await this.invalidateCredentials('tokens');
        this.signInNeeded = {};
      }
    }
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    const stored: StoredTokens = { ...tokens, ...(tokens.expires_in ? { expires_at: Date.now() + tokens.expires_in * 1000 } : {}) };
    await this.options.secrets.set(this.key('tokens'), JSON.stringify(stored));
    (await this.load()).tokens = stored;
    this.signInNeeded = undefined;
  }

  redirectToAuthorization(url: URL): void {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`The server sent a sign-in address that is not http(s): ${url.protocol}`);
    if (!this.interactive) {
      this.signInNeeded = { scope: url.searchParams.get('scope') ?? undefined };
      return;
    }
    this.interactive.onAuthorizationUrl(url);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('No sign-in is in progress for this server.');
    return this.verifier;
  }

  /** PKCE S256 is required (MCP 2025-11-25): metadata that does not list it ends the sign-in here. */
  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    this.discovery = state;
    // In the background with nothing stored, stop before registering a client nobody asked for: the
    // server waits for the user's sign-in.
    if (!this.interactive && !(await this.load()).tokens) {
      this.signInNeeded ??= {};
      throw new Error(`Server "${this.options.server}" needs you to sign in.`);
    }
    const methods = state.authorizationServerMetadata?.code_challenge_methods_supported;
    if (!methods?.includes('S256')) {
      throw new Error(
        `The authorization server of ${this.options.server} does not support PKCE with S256 (code_challenge_methods_supported: ${JSON.stringify(methods ?? null)}), which MCP requires; sign-in refused.`,
      );
    }
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    const cache = await this.load();
    if (scope === 'all' || scope === 'tokens') {
      await this.options.secrets.delete(this.key('tokens'));
      cache.tokens = undefined;
    }
    if (scope === 'all' || scope === 'client') {
      await this.options.secrets.delete(this.key('client'));
      cache.client = undefined;
    }
    if (scope === 'all' || scope === 'verifier') this.verifier = undefined;
  }

  /** Forget the cached copies: another process (the CLI) may have signed in or out meanwhile. */
  reload(): void {
    this.cached = undefined;
  }

  /** The redirect URI the stored registration was made with, if any. */
  async registeredRedirectUrl(): Promise<string | undefined> {
    return this.options.preRegistered ? undefined : registeredRedirect((await this.load()).client);
  }

  /** Whether tokens are stored (they may still be refused: the server decides). */
  async signedIn(): Promise<boolean> {
    return (await this.load()).tokens !== undefined;
  }

  private key(kind: 'tokens' | 'client'): string {
    return `${this.options.keyPrefix}/${kind}`;
  }

  private async load(): Promise<{ tokens: StoredTokens | undefined; client: OAuthClientInformationMixed | undefined }> {
    if (!this.cached) {
      const [tokens, client] = await Promise.all([this.options.secrets.get(this.key('tokens')), this.options.secrets.get(this.key('client'))]);
      this.cached = { tokens: parse<StoredTokens>(tokens), client: parse<OAuthClientInformationMixed>(client) };
    }
    return this.cached;
  }
}

function parse<T>(text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function registeredRedirect(client: OAuthClientInformationMixed | undefined): string | undefined {
  const uris = (client as { redirect_uris?: unknown } | undefined)?.redirect_uris;
  return Array.isArray(uris) && typeof uris[0] === 'string' ? uris[0] : undefined;
}
