import type { ServerConfig } from '../../../shared/config.js';
import { ErrorCodes, HubError, isHubError } from '../../../shared/errors.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { SignInsRepo } from '../store/sign-ins-repo.js';
import { HubOAuthProvider } from './oauth-provider.js';
import { signIn, signOut } from './sign-in.js';

export type SignInState = 'signed-in' | 'needed' | 'in-progress';

/**
 * The OAuth side of every HTTP server: one provider per server (tokens in the keychain under this hub's
 * keys), sign-ins in progress, and what the UI and CLI show. A server with its own Authorization
 * header in the config is left alone: the user chose static credentials.
 */
export class AuthManager {
  private readonly providers = new Map<string, { identity: string; provider: HubOAuthProvider }>();
  /** Sign-ins waiting for the browser, by server, with the way to cancel them. */
  private readonly inProgress = new Map<string, AbortController>();
  /** Why the last sign-in to a server failed, until the next one starts (the UI shows it). */
  private readonly failures = new Map<string, string>();

  constructor(
    private readonly secrets: SecretStore,
    /** The keychain key prefix of a server's OAuth secrets. */
    private readonly keyPrefix: (server: string) => string,
    private readonly signIns: Pick<SignInsRepo, 'resource' | 'set' | 'clear'>,
  ) {}

  /** The provider the server's HTTP transport signs requests with; undefined for stdio or static auth. */
  providerFor(config: ServerConfig): HubOAuthProvider | undefined {
    if (config.transport !== 'http' || Object.keys(config.headers).some((h) => h.toLowerCase() === 'authorization')) return undefined;
    const known = this.providers.get(config.name);
    // A changed URL or client settings make a new provider (tokens are bound to the URL anyway).
    const identity = JSON.stringify([config.url, config.oauth ?? null]);
    if (known && known.identity === identity) return known.provider;
    const name = config.name;
    const provider = new HubOAuthProvider({
      server: name,
      serverUrl: config.url,
      secrets: this.secrets,
      keyPrefix: this.keyPrefix(name),
      reference: { resource: () => this.signIns.resource(name), set: (r) => this.signIns.set(name, r), clear: () => this.signIns.clear(name) },
      scope: config.oauth?.scope,
      clientMetadataUrl: config.oauth?.clientMetadataUrl,
      preRegistered: config.oauth?.clientId
        ? {
            clientId: config.oauth.clientId,
            ...(config.oauth.clientSecret ? { clientSecret: () => this.secrets.get(`${this.keyPrefix(name)}/client-secret`) } : {}),
          }
        : undefined,
    });
    this.providers.set(config.name, { identity, provider });
    return provider;
  }

  /** What the Servers page and `server list` show; undefined when OAuth plays no part. */
  async state(config: ServerConfig): Promise<SignInState | undefined> {
    if (this.inProgress.has(config.name)) return 'in-progress';
    const provider = this.providers.get(config.name)?.provider;
    if (!provider) return undefined;
    if (provider.signInNeeded || provider.stepUp) return 'needed';
    return (await provider.signedIn().catch(() => false)) ? 'signed-in' : undefined;
  }

  /**
   * Starts a sign-in and resolves with the URL the user must open (null when it failed before
   * getting that far: `done` then says why); `done` settles when the sign-in ends, either way.
   */
  async signIn(config: ServerConfig, options: { scope?: string; openUrl?: (url: string) => void } = {}): Promise<{ authorizationUrl: string | null; done: Promise<void> }> {
    const provider = this.providerFor(config);
    if (!provider || config.transport !== 'http') {
      throw new HubError(ErrorCodes.invalidArgument, `Server "${config.name}" does not use sign-in (only HTTP servers without an Authorization header do).`);
    }
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
        const error = isHubError(e) ? e : new HubError(ErrorCodes.authFailed, `Sign-in to "${config.name}" failed: ${(e as Error).message}`);
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

  async signOut(config: ServerConfig): Promise<{ revoked: boolean }> {
    const provider = this.providerFor(config);
    if (!provider || config.transport !== 'http') throw new HubError(ErrorCodes.invalidArgument, `Server "${config.name}" does not use sign-in.`);
    const result = await signOut(provider, config.url);
    provider.signInNeeded = {};
    return result;
  }

  /** Why the last sign-in to the server failed, if it did. */
  failure(server: string): string | undefined {
    return this.failures.get(server);
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
