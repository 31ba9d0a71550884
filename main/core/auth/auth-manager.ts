import type { OAuthMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { OAuthClientSettings, ServerConfig } from '../../../shared/config.js';
import { ErrorCodes, HubError, isHubError } from '../../../shared/errors.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { SignInOwner, SignInsRepo } from '../store/sign-ins-repo.js';
import { HubOAuthProvider } from './oauth-provider.js';
import { signIn, signOut } from './sign-in.js';

export type SignInState = 'signed-in' | 'needed' | 'in-progress';

/** What the hub signs in to: an HTTP server, or an agent whose card asks for OAuth 2 or OpenID Connect. */
export interface OAuthTarget {
  owner: SignInOwner;
  name: string;
  /** The protected resource: the server's MCP URL, the agent's URL. Tokens are bound to it. */
  url: string;
  oauth?: OAuthClientSettings | undefined;
  /** Agents: the authorization server their card names (see HubOAuthOptions.authorizationServer). */
  authorizationServer?: string | OAuthMetadata | undefined;
  /** Agents: the scopes the card asks for. */
  scope?: string | undefined;
}

/** The sign-in side of an HTTP server; undefined for stdio, or when the config carries its own Authorization header (the user chose static credentials). */
export function serverOAuthTarget(config: ServerConfig): OAuthTarget | undefined {
  if (config.transport !== 'http' || Object.keys(config.headers).some((h) => h.toLowerCase() === 'authorization')) return undefined;
  return { owner: 'server', name: config.name, url: config.url, oauth: config.oauth };
}

/** serverOAuthTarget, or the sentence saying why the server has no sign-in. */
export function requireServerOAuthTarget(config: ServerConfig): OAuthTarget {
  const target = serverOAuthTarget(config);
  if (!target) throw new HubError(ErrorCodes.invalidArgument, `Server "${config.name}" does not use sign-in (only HTTP servers without an Authorization header do).`);
  return target;
}

/**
 * The OAuth side of every HTTP server and OAuth agent: one provider per name (servers and agents share
 * names; tokens in the keychain under this hub's keys), sign-ins in progress, and what the UI and CLI show.
 */
export class AuthManager {
  private readonly providers = new Map<string, { identity: string; provider: HubOAuthProvider }>();
  /** Sign-ins waiting for the browser, by server, with the way to cancel them. */
  private readonly inProgress = new Map<string, AbortController>();
  /** Why the last sign-in to a server failed, until the next one starts (the UI shows it). */
  private readonly failures = new Map<string, string>();

  constructor(
    private readonly secrets: SecretStore,
    /** The keychain key prefix of a server's or agent's OAuth secrets. */
    private readonly keyPrefix: (owner: SignInOwner, name: string) => string,
    private readonly signIns: Record<SignInOwner, Pick<SignInsRepo, 'resource' | 'set' | 'clear'>>,
  ) {}

  /** The provider that signs the target's requests (made again when its URL or settings change). */
  providerFor(target: OAuthTarget): HubOAuthProvider {
    const known = this.providers.get(target.name);
    // Tokens are bound to the URL anyway; a changed authorization server or client makes a new provider too.
    const identity = JSON.stringify([target.owner, target.url, target.oauth ?? null, target.authorizationServer ?? null, target.scope ?? null]);
    if (known && known.identity === identity) return known.provider;
    const { name, oauth } = target;
    const signIns = this.signIns[target.owner];
    const prefix = this.keyPrefix(target.owner, name);
    const provider = new HubOAuthProvider({
      server: name,
      owner: target.owner,
      serverUrl: target.url,
      secrets: this.secrets,
      keyPrefix: prefix,
      reference: { resource: () => signIns.resource(name), set: (r) => signIns.set(name, r), clear: () => signIns.clear(name) },
      scope: [target.scope, oauth?.scope].filter(Boolean).join(' ') || undefined,
      clientMetadataUrl: oauth?.clientMetadataUrl,
      authorizationServer: target.authorizationServer,
      preRegistered: oauth?.clientId
        ? { clientId: oauth.clientId, ...(oauth.clientSecret ? { clientSecret: () => this.secrets.get(`${prefix}/client-secret`) } : {}) }
        : undefined,
    });
    this.providers.set(name, { identity, provider });
    return provider;
  }

  /** What the Servers and Agents pages, `server list` and `agent list` show; undefined when OAuth plays no part (yet). */
  async state(name: string): Promise<SignInState | undefined> {
    if (this.inProgress.has(name)) return 'in-progress';
    const provider = this.providers.get(name)?.provider;
    if (!provider) return undefined;
    if (provider.signInNeeded || provider.stepUp) return 'needed';
    return (await provider.signedIn().catch(() => false)) ? 'signed-in' : undefined;
  }

  /**
   * Starts a sign-in and resolves with the URL the user must open (null when it failed before
   * getting that far: `done` then says why); `done` settles when the sign-in ends, either way.
   */
  async signIn(config: OAuthTarget, options: { scope?: string; openUrl?: (url: string) => void } = {}): Promise<{ authorizationUrl: string | null; done: Promise<void> }> {
    const provider = this.providerFor(config);
    if (this.inProgress.has(config.name)) throw new HubError(ErrorCodes.conflict, `A sign-in to "${config.name}" is already waiting for the browser; finish it there or cancel it.`);
    const cancel = new AbortController();
    this.inProgress.set(config.name, cancel);
    this.failures.delete(config.name);
    let shown: (url: string | null) => void = () => {};
    const urlShown = new Promise<string | null>((resolve) => (shown = resolve));
    const done = signIn(provider, {
      serverUrl: config.url,
      scope: options.scope,
      signal: cancel.signal,
      openUrl: (url) => {
        options.openUrl?.(url);
        shown(url);
      },
    })
      .catch((e: unknown) => {
        const error = isHubError(e) ? e : new HubError(ErrorCodes.authFailed, signInFailure(config, e as Error));
        if (!cancel.signal.aborted) this.failures.set(config.name, error.message);
        throw error;
      })
      .finally(() => {
        this.inProgress.delete(config.name);
        shown(null);
      });
    done.catch(() => {});
    return { authorizationUrl: await urlShown, done };
  }

  async signOut(target: OAuthTarget): Promise<{ revoked: boolean }> {
    const provider = this.providerFor(target);
    const result = await signOut(provider);
    provider.requireSignIn();
    return result;
  }

  /**
   * Why the last sign-in to the server failed, if it did; else why it needs one, when there is more to
   * say than "sign in" (its authorization server changed).
   */
  failure(server: string): string | undefined {
    return this.failures.get(server) ?? this.providers.get(server)?.provider.signInNeeded?.reason;
  }

  /** Another process (the CLI) may have signed in or out: read the keychain afresh. */
  reloadAll(): void {
    for (const { provider } of this.providers.values()) provider.reload();
  }

  /** Stops waiting for the browser; the sign-in ends as cancelled. */
  cancel(server: string): boolean {
    const pending = this.inProgress.get(server);
    pending?.abort();
    return pending !== undefined;
  }

  /** Ends every sign-in in progress (the hub is stopping). */
  cancelAll(): void {
    for (const pending of this.inProgress.values()) pending.abort();
  }

  forget(server: string): void {
    this.cancel(server);
    this.providers.delete(server);
    this.failures.delete(server);
  }
}

/** One sentence on a failed sign-in; the SDK's wording where it says nothing a user can act on. */
function signInFailure(target: OAuthTarget, e: Error): string {
  if (/does not support dynamic client registration/.test(e.message)) {
    return `The authorization server of "${target.name}" does not let apps register themselves; register Agent Hub there (redirect URI http://127.0.0.1/callback, any port), then remove the ${target.owner} and add it again with --oauth-client-id ID.`;
  }
  return `Sign-in to "${target.name}" failed: ${e.message}`;
}
