import { randomBytes } from 'node:crypto';
import type {
  AuthorizationServerMetadata,
  OAuthClientInformationContext,
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  OAuthServerInfo,
  OAuthTokens,
} from '@modelcontextprotocol/client';
// The v1 SDK's parser of challenges: already loaded by the live connection's transport, and on its hot path.
import { extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { assertMetadataIssuer, issuerChangedSentence, issuerProblem, preRegisteredElsewhereSentence, sdkV2 } from './issuer-checks.js';
import { assertPkce, fetchChecked, knownServerInfo } from './sign-in-traffic.js';
import { isMetadataDocumentClient, issuerOf, signInBinding, type HubOAuthOptions, type Interactive, type SignInWanted } from './provider-options.js';
import { sameIssuer, SignInStore, type StoredClient, type StoredTokens } from './sign-in-store.js';

export { assertSafeAuthUrl } from './sign-in-traffic.js';
export type { SignInReference, StoredTokens } from './sign-in-store.js';
export { issuerOf, signInBinding, type HubOAuthOptions, type SignInWanted } from './provider-options.js';

/** Refresh this long before the access token expires, so a call never starts with a dying token. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * The hub's OAuthClientProvider for one server, written against the v2 SDK's interface (which a sign-in
 * runs on: auth() checks RFC 9207's `iss` and RFC 8414's issuer echo, keys credentials by issuer, prefers
 * a Client ID Metadata Document to registration and registers as a native app) and still accepted by
 * the v1 transport of the live connection. Discovery (RFC 9728, 8414, OIDC), registration, PKCE S256
 * and the resource parameter (RFC 8707) are the SDK's. This class keeps tokens and registrations in the
 * keychain per authorization server (sign-in-store.ts), never presents one issuer's credentials to
 * another, refuses servers that do not list S256, refreshes before expiry, and turns "the user must
 * sign in" into state instead of a browser window opening out of the blue.
 *
 * The provider of a server's live connection is never interactive. A sign-in runs on its own fork
 * (forSignIn): its verifier, state and redirect never disturb the connection, which keeps its tokens
 * until the new ones are saved.
 */
export class HubOAuthProvider implements OAuthClientProvider {
  /**
   * The one owner of a target's sign-in state: changed only through this class's methods (a sign-in,
   * a sign-out, a refused grant, a step-up, a changed authorization server), read by everyone else.
   */
  private needed: SignInWanted | undefined;
  private more: { scope?: string | undefined } | undefined;
  /** The grant is missing or gone (no tokens, refused refresh, revoked, another authorization server): the server needs a sign-in. */
  get signInNeeded(): SignInWanted | undefined {
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
  private readonly store: SignInStore;
  /** The refresh in flight: concurrent callers wait for it, since a rotated refresh token used twice revokes the grant. */
  private refreshing: Promise<void> | undefined;
  private discovery: OAuthDiscoveryState | undefined;
  /**
   * Known authorization server (an agent): the SDK uses it instead of discovering one. A sign-in's fork:
   * what its first leg discovered, so the code is redeemed where the user approved (SEP-2352's
   * callback-leg binding). The live provider of a server has none: every 401 discovers afresh, so a
   * server that moved to another authorization server is noticed.
   */
  readonly discoveryState?: () => Promise<OAuthDiscoveryState | undefined>;
  /** Set only with a known authorization server: the resource indicator is the resource's own URL. */
  readonly validateResourceURL?: () => Promise<URL>;

  constructor(
    private readonly options: HubOAuthOptions,
    private readonly interactive?: Interactive,
  ) {
    this.clientMetadataUrl = options.clientMetadataUrl;
    this.store = new SignInStore({ secrets: options.secrets, keyPrefix: options.keyPrefix, reference: options.reference, binding: this.binding, interactive: !!interactive });
    if (options.authorizationServer) {
      this.discoveryState = async () => {
        // As saveDiscoveryState does for servers: in the background, never register or redirect.
        if (!this.interactive && !(await this.store.tokens())) {
          this.needed ??= {};
          throw new Error(`${this.label} needs you to sign in.`);
        }
        // A resource document of our own making keeps the SDK from reading the agent's RFC 9728 metadata,
        // whose scopes_supported would replace the scopes the card asks for.
        return { ...(await this.serverInfo()).info, resourceMetadata: { resource: new URL(options.serverUrl).href } };
      };
      this.validateResourceURL = async () => new URL(options.serverUrl);
    } else if (interactive) {
      this.discoveryState = async () => this.discovery;
    }
  }

  /** The server's or agent's name. */
  get name(): string {
    return this.options.server;
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
   * (an agent's card), else the one RFC 9728 discovery finds (an MCP server; the v2 SDK's discovery,
   * which refuses metadata naming another issuer than it was looked up for).
   */
  async serverInfo(): Promise<{ info: OAuthServerInfo; resource: string | undefined }> {
    const known = this.options.authorizationServer;
    if (known) {
      this.discovery ??= await knownServerInfo(known, this.fetch, this.options.server);
      assertPkce(this.discovery, this.options.server);
      return { info: this.discovery, resource: new URL(this.options.serverUrl).href };
    }
    if (!this.discovery) {
      const { discoverOAuthServerInfo } = await sdkV2();
      this.discovery = await discoverOAuthServerInfo(this.options.serverUrl, { fetchFn: this.fetch }).catch((e: unknown) => {
        throw issuerProblem(e, this.options.server) ?? e;
      });
    }
    return { info: this.discovery, resource: this.discovery.resourceMetadata?.resource };
  }

  /**
   * The metadata an authorization response's `iss` is compared with (RFC 9207): the authorization
   * server's own document, once discovered; never metadata the hub built from an agent card's bare flow
   * (no authentic issuer to compare with).
   */
  get issuerMetadata(): AuthorizationServerMetadata | undefined {
    return typeof this.options.authorizationServer === 'object' ? undefined : this.discovery?.authorizationServerMetadata;
  }

  /** The issuer of the authorization server found last (the v1 SDK passes none to the credential methods). */
  private currentIssuer(): string | undefined {
    return this.discovery ? issuerOf(this.discovery) : undefined;
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
    return this.interactive?.redirectUrl ?? 'http://127.0.0.1/callback';
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Agent Hub',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      // A loopback redirect on any port (RFC 8252 §7.3): a native app, in the registration too.
      application_type: 'native',
      ...(this.options.scope ? { scope: this.options.scope } : {}),
    };
  }

  state(): string {
    return this.interactive?.state ?? randomBytes(16).toString('base64url');
  }

  /**
   * The client at the authorization server `ctx.issuer` (the v1 SDK passes none: the one discovered
   * last). Registrations are kept per issuer: another issuer's is never returned. At a sign-in, a
   * registration made for another redirect URI is made again (servers match them exactly), and a Client
   * ID Metadata Document the user gave is preferred to a registration where the server accepts it.
   */
  async clientInformation(ctx?: OAuthClientInformationContext): Promise<StoredClient | undefined> {
    const issuer = ctx?.issuer ?? this.currentIssuer();
    if (this.options.preRegistered) return this.preRegisteredClient(this.options.preRegistered, issuer);
    if (!issuer) return undefined;
    const stored = await this.store.registration(issuer);
    if (!stored || !this.interactive) return stored;
    if (isMetadataDocumentClient(stored)) return stored.client_id === this.clientMetadataUrl ? stored : undefined;
    if (this.clientMetadataUrl && this.discovery?.authorizationServerMetadata?.client_id_metadata_document_supported === true) return undefined;
    const uris = (stored as { redirect_uris?: unknown }).redirect_uris;
    return Array.isArray(uris) && !uris.includes(this.interactive.redirectUrl) ? undefined : stored;
  }

  /**
   * A client registered by hand is good at one authorization server: the first one it is used with,
   * noted (without its secret) as its registration there. Asked for at another, it is refused with a
   * sentence rather than sent there with its secret.
   */
  private async preRegisteredClient(pre: NonNullable<HubOAuthOptions['preRegistered']>, issuer: string | undefined): Promise<StoredClient> {
    const bound = (await this.store.allRegistrations()).find(([, c]) => c.client_id === pre.clientId)?.[0];
    if (bound && issuer && !sameIssuer(bound, issuer)) {
      const sentence = preRegisteredElsewhereSentence(this.label, this.options.owner ?? 'server', bound, issuer);
      this.needed = { reason: sentence };
      throw new HubError(ErrorCodes.authFailed, sentence);
    }
    const secret = await pre.clientSecret?.();
    return { client_id: pre.clientId, ...(secret ? { client_secret: secret } : {}), ...(bound ? { issuer: bound } : {}) };
  }

  async saveClientInformation(info: StoredClient, ctx?: OAuthClientInformationContext): Promise<void> {
    const issuer = ctx?.issuer ?? this.currentIssuer() ?? info.issuer;
    if (!issuer) throw new HubError(ErrorCodes.authFailed, `The authorization server of ${this.options.server} could not be identified, so its registration cannot be kept.`);
    // A pre-registered client's secret stays in its own entry; what is noted here is where it is used.
    const pre = this.options.preRegistered;
    await this.store.saveRegistration(issuer, pre && info.client_id === pre.clientId ? { client_id: info.client_id } : info);
  }

  /**
   * The tokens of the authorization server `ctx.issuer`, or, without one, the sign-in's current tokens
   * (the bearer of the requests to the resource server itself). Tokens stamped for another issuer are
   * never returned for this one; unstamped ones (from before stamping) are bound to it on first use.
   */
  async tokens(ctx?: OAuthClientInformationContext): Promise<StoredTokens | undefined> {
    // A sign-in asks the user, even when a refresh token could have been used.
    if (this.interactive) return undefined;
    let tokens = await this.store.tokens();
    if (ctx && tokens && tokens.issuer === undefined) tokens = await this.stamp(tokens, ctx.issuer);
    if (ctx && tokens?.issuer && !sameIssuer(tokens.issuer, ctx.issuer)) return undefined;
    if (!tokens?.refresh_token || tokens.expires_at === undefined || tokens.expires_at - REFRESH_MARGIN_MS > Date.now()) return tokens;
    this.refreshing ??= this.refresh(tokens).finally(() => (this.refreshing = undefined));
    await this.refreshing;
    return this.store.tokens();
  }

  private async stamp(tokens: StoredTokens, issuer: string): Promise<StoredTokens> {
    const stamped = { ...tokens, issuer };
    await this.store.saveTokens(stamped).catch(() => {});
    return stamped;
  }

  /**
   * Refreshes before expiry (and after a laptop slept past it), only with the authorization server
   * that issued the tokens. A refused refresh (invalid_grant) means the user must sign in again, and so
   * does a server that now names another authorization server; an unreachable server leaves the tokens
   * for the request's own 401 path.
   */
  private async refresh(tokens: StoredTokens): Promise<void> {
    try {
      const { info, resource } = await this.serverInfo();
      const issuer = issuerOf(info);
      if (tokens.issuer && !sameIssuer(tokens.issuer, issuer)) return void this.issuerChanged(tokens.issuer, issuer);
      const current = tokens.issuer === undefined ? await this.stamp(tokens, issuer) : tokens;
      const client = await this.clientInformation({ issuer });
      if (!client || !current.refresh_token) return;
      const { refreshAuthorization } = await sdkV2();
      const fresh = await refreshAuthorization(info.authorizationServerUrl, {
        metadata: info.authorizationServerMetadata,
        clientInformation: client,
        refreshToken: current.refresh_token,
        // The metadata's resource indicator verbatim (a URL's href would add a slash to a bare origin).
        ...(resource ? { resource } : {}),
        fetchFn: this.fetch,
      });
      await this.saveTokens(fresh, { issuer: current.issuer ?? issuer });
    } catch (e) {
      const error = e as { code?: string; errorCode?: string; message?: string };
      if (error.code === 'invalid_grant' || error.errorCode === 'invalid_grant' || /invalid_grant/.test(error.message ?? '')) {
        await this.invalidateCredentials('tokens');
        this.needed = {};
      }
    }
  }

  /** The server's protected resource metadata names another authorization server than the one that issued its tokens. */
  private issuerChanged(was: string, now: string): HubError {
    const sentence = issuerChangedSentence(this.label, this.options.server, this.options.owner ?? 'server', was, now);
    this.needed = { reason: sentence };
    return new HubError(ErrorCodes.authFailed, sentence);
  }

  async saveTokens(tokens: OAuthTokens & { issuer?: string; expires_at?: number }, ctx?: OAuthClientInformationContext): Promise<void> {
    const issuer = ctx?.issuer ?? this.currentIssuer() ?? tokens.issuer;
    // expires_at is kept when the SDK saves back what it read (a stamp); a response from the server has none.
    const expiresAt = tokens.expires_at ?? (tokens.expires_in ? Date.now() + tokens.expires_in * 1000 : undefined);
    const stored: StoredTokens = { ...tokens, ...(issuer ? { issuer } : {}), ...(expiresAt !== undefined ? { expires_at: expiresAt } : {}) };
    try {
      await this.store.saveTokens(stored);
    } finally {
      this.signInDone();
    }
  }

  redirectToAuthorization(url: URL): void {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`The server sent a sign-in address that is not http(s): ${url.protocol}`);
    if (!this.interactive) {
      // A step-up the SDK tried on its own ends here too; that is not a lost grant.
      if (!this.more) this.needed = { ...this.needed, scope: url.searchParams.get('scope') ?? undefined };
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

  /**
   * What a discovery found. The v1 SDK (the live connection's 401 path) does not check that the
   * metadata names the issuer it was looked up for: this does. In the background, a server without
   * tokens, or whose tokens come from another authorization server than it names now, stops here,
   * before anything is registered or sent anywhere: it waits for the user's sign-in.
   */
  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    assertMetadataIssuer(state.authorizationServerUrl, state.authorizationServerMetadata, this.options.server);
    this.discovery = state;
    if (!this.interactive) {
      const tokens = await this.store.tokens();
      if (!tokens) {
        this.needed ??= {};
        throw new Error(`${this.label} needs you to sign in.`);
      }
      if (tokens.issuer && !sameIssuer(tokens.issuer, issuerOf(state))) throw this.issuerChanged(tokens.issuer, issuerOf(state));
    }
    assertPkce(state, this.options.server);
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'all' || scope === 'tokens') await this.store.deleteTokens();
    // A refused client is forgotten at its authorization server only.
    if (scope === 'all' || scope === 'client') await this.store.deleteRegistration(this.currentIssuer());
    if (scope === 'all' || scope === 'verifier') this.verifier = undefined;
    if (scope === 'all' || scope === 'discovery') this.discovery = undefined;
  }

  /** The access and refresh token held in memory now, to keep out of call records (secrets/redact.ts). */
  heldTokenValues(): string[] {
    return this.store.heldTokenValues();
  }

  /** Forget the cached copies: another process (the CLI, a sign-in's fork) may have signed in or out. */
  reload(): void {
    this.store.reload();
  }

  /** The redirect URI the registration saved last was made with, if any (a sign-in tries its port first). */
  async registeredRedirectUrl(): Promise<string | undefined> {
    if (this.options.preRegistered) return undefined;
    const uris = ((await this.store.latestRegistration()) as { redirect_uris?: unknown } | undefined)?.redirect_uris;
    return Array.isArray(uris) && typeof uris[0] === 'string' ? uris[0] : undefined;
  }

  /** The scope the stored tokens were granted, as the authorization server said. */
  async grantedScope(): Promise<string | undefined> {
    return (await this.store.tokens())?.scope;
  }

  /** Whether tokens for this server's current URL are stored (the server still decides if they work). */
  async signedIn(): Promise<boolean> {
    return (await this.store.tokens()) !== undefined;
  }
}
