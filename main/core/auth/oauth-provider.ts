import { randomBytes } from 'node:crypto';
import {
  discoverOAuthServerInfo,
  extractWWWAuthenticateParams,
  refreshAuthorization,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
  type OAuthServerInfo,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { type OAuthClientInformationMixed, type OAuthClientMetadata, type OAuthMetadata, type OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { assertPkce, fetchChecked, knownServerInfo } from './sign-in-traffic.js';

export { assertSafeAuthUrl } from './sign-in-traffic.js';
import type { SecretStore } from '../secrets/secret-store.js';

/** Tokens as kept in the keychain: what the server sent, plus when they expire (ms since epoch). */
export type StoredTokens = OAuthTokens & { expires_at?: number; issuer?: string };

/** Refresh this long before the access token expires, so a call never starts with a dying token. */
const REFRESH_MARGIN_MS = 60_000;

/** Where the hub notes (in hub.db) that a server has tokens in the keychain, and for which resource. */
export interface SignInReference {
  resource(): string | undefined;
  set(resource: string): void;
  clear(): void;
}

export interface HubOAuthOptions {
  /** The server's (or agent's) name, for messages. */
  server: string;
  /** Default 'server'. */
  owner?: 'server' | 'agent' | undefined;
  /** The MCP endpoint URL (the protected resource). */
  serverUrl: string;
  secrets: SecretStore;
  /** Keychain key prefix for this server's OAuth secrets, e.g. hub/<id>/server/<name>/oauth. */
  keyPrefix: string;
  reference: SignInReference;
  /** A client registered by hand with the authorization server; its secret, if any, is read when needed. */
  preRegistered?: { clientId: string; clientSecret?: (() => Promise<string | undefined>) | undefined } | undefined;
  /** Asked for when the server did not say (PRM scopes_supported, the challenge's scope come first). */
  scope?: string | undefined;
  /**
   * An https URL serving this client's metadata document (Client ID Metadata Document): used as the
   * client_id where the authorization server supports that, instead of registering. Agent Hub has no
   * such document published yet, so the hub leaves this unset and registers (RFC 7591).
   */
  clientMetadataUrl?: string | undefined;
  /**
   * Where the authorization server is when the resource says so itself (an A2A agent's card): the URL of
   * its metadata document (RFC 8414 or OpenID Connect discovery), or the metadata built from the card's
   * flow. Then RFC 9728 discovery is skipped, and `resource` (RFC 8707) is `serverUrl` itself.
   */
  authorizationServer?: string | OAuthMetadata | undefined;
}

interface Interactive {
  redirectUrl: string;
  state: string;
  onAuthorizationUrl: (url: URL) => void;
}

/**
 * The hub's OAuthClientProvider for one server, on the MCP SDK's auth(): discovery (RFC 9728, 8414,
 * OIDC), registration (pre-registered, then Client ID Metadata Document, then RFC 7591), PKCE S256 and
 * the resource parameter (RFC 8707) are the SDK's. This class keeps tokens and the registration in the
 * keychain (and a reference in hub.db, so servers that never signed in never touch the keychain),
 * refuses servers that do not list S256, refreshes before expiry, and turns "the user must sign in"
 * into state instead of a browser window opening out of the blue.
 *
 * The provider of a server's live connection is never interactive. A sign-in runs on its own fork
 * (forSignIn): its verifier, state and redirect never disturb the connection, which keeps its tokens
 * until the new ones are saved.
 */
export class HubOAuthProvider implements OAuthClientProvider {
  /**
   * The one owner of a target's sign-in state: changed only through this class's methods (a sign-in,
   * a sign-out, a refused grant, a step-up), read by everyone else.
   */
  private needed: { scope?: string | undefined } | undefined;
  private more: { scope?: string | undefined } | undefined;
  /** The grant is missing or gone (no tokens, refused refresh, revoked): the server needs a sign-in. */
  get signInNeeded(): { scope?: string | undefined } | undefined {
    return this.needed;
  }
  /** The server refused a call for want of scopes (403 insufficient_scope): a sign-in for more is wanted. */
  get stepUp(): { scope?: string | undefined } | undefined {
    return this.more;
  }
  /** The grant is gone (signed out, refused by the server): the next use needs a sign-in. */
  requireSignIn(scope?: string): void {
    this.needed = scope === undefined ? {} : { scope };
  }
  /** Whatever sign-in was wanted is done (a sign-in completed, or the server took the tokens). */
  signInDone(): void {
    this.needed = undefined;
    this.more = undefined;
  }
  /** What the server's last 401/403 said: where its protected resource metadata is, which scope it wants. */
  challenge: { resourceMetadataUrl?: URL | undefined; scope?: string | undefined } | undefined;
  readonly clientMetadataUrl: string | undefined;
  private verifier: string | undefined;
  private cached: { tokens: StoredTokens | undefined; client: OAuthClientInformationMixed | undefined } | undefined;
  /** The refresh in flight: concurrent callers wait for it, since a rotated refresh token used twice revokes the grant. */
  private refreshing: Promise<void> | undefined;
  private discovery: OAuthServerInfo | undefined;
  /** Set only with a known authorization server: the SDK's auth() then uses it instead of discovering one. */
  readonly discoveryState?: () => Promise<OAuthDiscoveryState>;
  /** Set only with a known authorization server: the resource indicator is the resource's own URL. */
  readonly validateResourceURL?: () => Promise<URL>;

  constructor(
    private readonly options: HubOAuthOptions,
    private readonly interactive?: Interactive,
  ) {
    this.clientMetadataUrl = options.clientMetadataUrl;
    if (options.authorizationServer) {
      this.discoveryState = async () => {
        // As saveDiscoveryState does for servers: in the background, never register or redirect.
        if (!this.interactive && !(await this.load()).tokens) {
          this.needed ??= {};
          throw new Error(`${this.label} needs you to sign in.`);
        }
        // A resource document of our own making keeps the SDK from reading the agent's RFC 9728 metadata,
        // whose scopes_supported would replace the scopes the card asks for.
        return { ...(await this.serverInfo()).info, resourceMetadata: { resource: new URL(options.serverUrl).href } };
      };
      this.validateResourceURL = async () => new URL(options.serverUrl);
    }
  }

  private get label(): string {
    return `${this.options.owner === 'agent' ? 'Agent' : 'Server'} "${this.options.server}"`;
  }

  /**
   * What hub.db notes for a sign-in, and must still say for the stored tokens to be used: the resource,
   * and for an agent also the authorization server its card named (a card that names another one needs
   * a new sign-in; the old tokens would be refreshed nowhere).
   */
  get binding(): string {
    return signInBinding(this.options.serverUrl, this.options.authorizationServer);
  }

  /**
   * The authorization server and the resource indicator tokens are asked for: the one named up front
   * (an agent's card), else the one RFC 9728 discovery finds (an MCP server).
   */
  async serverInfo(): Promise<{ info: OAuthServerInfo; resource: string | undefined }> {
    const known = this.options.authorizationServer;
    if (known) {
      this.discovery ??= await knownServerInfo(known, this.fetch, this.options.server);
      assertPkce(this.discovery, this.options.server);
      return { info: this.discovery, resource: new URL(this.options.serverUrl).href };
    }
    this.discovery ??= await discoverOAuthServerInfo(this.options.serverUrl, { fetchFn: this.fetch });
    return { info: this.discovery, resource: this.discovery.resourceMetadata?.resource };
  }

  /** A provider for one interactive sign-in, sharing only the keychain with this one. */
  forSignIn(interactive: Interactive): HubOAuthProvider {
    return new HubOAuthProvider(this.options, interactive);
  }

  /**
   * The fetch the server's transport and every sign-in request use. Sign-in traffic (metadata,
   * registration, tokens) goes only over https or to this computer. It notes what a 401/403 challenge says, because the SDK's
   * own step-up only refreshes (a refresh never adds scopes) and then gives up; the scope the server
   * named is what the next sign-in asks for.
   */
  readonly fetch = async (url: string | URL, init?: RequestInit): Promise<Response> => {
    // The MCP endpoint itself is the user's choice; everything sign-in reaches beyond it is checked,
    // every hop of a redirect too. (An agent's own URL is never fetched here: no exception for it.)
    const own = !this.options.authorizationServer && new URL(url).href === new URL(this.options.serverUrl).href;
    const res = own ? await fetch(url, init) : await fetchChecked(url, init);
    if ((res.status === 401 || res.status === 403) && res.headers.has('www-authenticate')) {
      const { resourceMetadataUrl, scope, error } = extractWWWAuthenticateParams(res);
      this.challenge = { resourceMetadataUrl, scope };
      if (res.status === 403 && error === 'insufficient_scope') this.more = { scope };
    }
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
    if (pre) {
      const secret = await pre.clientSecret?.();
      return { client_id: pre.clientId, ...(secret ? { client_secret: secret } : {}) };
    }
    return (await this.load()).client;
  }

  async saveClientInformation(info: OAuthClientInformationMixed): Promise<void> {
    await this.update({ client: info });
    await this.options.secrets.set(this.key('client'), JSON.stringify(info));
  }

  async tokens(): Promise<StoredTokens | undefined> {
    // A sign-in asks the user, even when a refresh token could have been used.
    if (this.interactive) return undefined;
    const { tokens } = await this.load();
    if (!tokens?.refresh_token || tokens.expires_at === undefined || tokens.expires_at - REFRESH_MARGIN_MS > Date.now()) return tokens;
    this.refreshing ??= this.refresh(tokens).finally(() => (this.refreshing = undefined));
    await this.refreshing;
    return (await this.load()).tokens;
  }

  /**
   * Refreshes before expiry (and after a laptop slept past it), only with the authorization server
   * that issued the tokens. A refused refresh (invalid_grant) means the user must sign in again; an
   * unreachable server leaves the tokens for the request's own 401 path.
   */
  private async refresh(tokens: StoredTokens): Promise<void> {
    try {
      const { info, resource } = await this.serverInfo();
      if (tokens.issuer && tokens.issuer !== info.authorizationServerUrl) return;
      const client = await this.clientInformation();
      if (!client || !tokens.refresh_token) return;
      const fresh = await refreshAuthorization(info.authorizationServerUrl, {
        metadata: info.authorizationServerMetadata,
        clientInformation: client,
        refreshToken: tokens.refresh_token,
        ...(resource ? { resource: new URL(resource) } : {}),
        fetchFn: this.fetch,
      });
      // Keep the SDK's binding of tokens to their authorization server.
      await this.saveTokens({ ...fresh, ...(tokens.issuer ? { issuer: tokens.issuer } : {}) });
    } catch (e) {
      if ((e as { errorCode?: string }).errorCode === 'invalid_grant' || /invalid_grant/.test((e as Error).message)) {
        await this.invalidateCredentials('tokens');
        this.needed = {};
      }
    }
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    const stored: StoredTokens = { ...tokens, ...(tokens.expires_in ? { expires_at: Date.now() + tokens.expires_in * 1000 } : {}) };
    // Memory first: a rotated refresh token must not be lost when the keychain write fails.
    await this.update({ tokens: stored });
    this.signInDone();
    await this.options.secrets.set(this.key('tokens'), JSON.stringify(stored));
    this.options.reference.set(this.binding);
  }

  redirectToAuthorization(url: URL): void {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`The server sent a sign-in address that is not http(s): ${url.protocol}`);
    if (!this.interactive) {
      // A step-up the SDK tried on its own ends here too; that is not a lost grant.
      if (!this.more) this.needed = { scope: url.searchParams.get('scope') ?? undefined };
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

  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    this.discovery = state;
    // In the background with nothing stored, stop before registering a client nobody asked for: the
    // server waits for the user's sign-in.
    if (!this.interactive && !(await this.load()).tokens) {
      this.needed ??= {};
      throw new Error(`${this.label} needs you to sign in.`);
    }
    assertPkce(state, this.options.server);
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'all' || scope === 'tokens') {
      await this.update({ tokens: undefined });
      this.options.reference.clear();
      await this.options.secrets.delete(this.key('tokens'));
    }
    if (scope === 'all' || scope === 'client') {
      await this.update({ client: undefined });
      await this.options.secrets.delete(this.key('client'));
    }
    if (scope === 'all' || scope === 'verifier') this.verifier = undefined;
    if (scope === 'all' || scope === 'discovery') this.discovery = undefined;
  }

  /** Forget the cached copies: another process (the CLI, a sign-in's fork) may have signed in or out. */
  reload(): void {
    this.cached = undefined;
  }

  /** The redirect URI the stored registration was made with, if any. */
  async registeredRedirectUrl(): Promise<string | undefined> {
    return this.options.preRegistered ? undefined : registeredRedirect((await this.load()).client);
  }

  /** Whether tokens for this server's current URL are stored (the server still decides if they work). */
  async signedIn(): Promise<boolean> {
    return (await this.load()).tokens !== undefined;
  }

  private async update(patch: Partial<{ tokens: StoredTokens | undefined; client: OAuthClientInformationMixed | undefined }>): Promise<void> {
    this.cached = { ...(await this.load()), ...patch };
  }

  private key(kind: 'tokens' | 'client'): string {
    return `${this.options.keyPrefix}/${kind}`;
  }

  /**
   * The stored tokens and registration. The keychain is read only when hub.db says this server signed
   * in, for this URL (tokens issued for another resource are never sent here). A reference without a
   * keychain entry (deleted, or a locked collection that reads as empty) counts as not signed in and
   * is not cached, so an unlocked keychain is seen at the next try.
   */
  private async load(): Promise<{ tokens: StoredTokens | undefined; client: OAuthClientInformationMixed | undefined }> {
    if (this.cached) return this.cached;
    const signedInHere = this.options.reference.resource() === this.binding;
    if (!signedInHere && !this.interactive) return (this.cached = { tokens: undefined, client: undefined });
    const [tokens, client] = await Promise.all([
      signedInHere ? this.options.secrets.get(this.key('tokens')) : undefined,
      this.options.secrets.get(this.key('client')),
    ]);
    const loaded = { tokens: parse<StoredTokens>(tokens), client: parse<OAuthClientInformationMixed>(client) };
    if (loaded.tokens || this.interactive) this.cached = loaded;
    return loaded;
  }
}

/** See HubOAuthProvider.binding. */
export function signInBinding(resource: string, authorizationServer: string | OAuthMetadata | undefined): string {
  if (!authorizationServer) return resource;
  return `${resource} ${typeof authorizationServer === 'string' ? authorizationServer : authorizationServer.authorization_endpoint}`;
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
