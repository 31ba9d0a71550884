import type { OAuthTokens, StoredOAuthClientInformation } from '@modelcontextprotocol/client';
import type { SecretStore } from '../secrets/secret-store.js';

/** Tokens as kept in the keychain: what the server sent, when they expire (ms since epoch), and the authorization server that issued them. */
export type StoredTokens = OAuthTokens & { expires_at?: number; issuer?: string };
/** A registration (or a Client ID Metadata Document URL, or the binding of a pre-registered client) at one authorization server. */
export type StoredClient = StoredOAuthClientInformation;

/** Where the hub notes (in hub.db) that a server has tokens in the keychain, and for which resource. */
export interface SignInReference {
  resource(): string | undefined;
  set(resource: string): void;
  clear(): void;
}

/**
 * Two names of one authorization server: identical, or apart by one trailing slash (the SDK stamps
 * credentials with `String(new URL(…))`, which always ends in one; RFC 8414 §3.3's one tolerance).
 * For stored credentials only: RFC 9207's `iss` is compared exactly (issuer-checks.ts).
 */
export function sameIssuer(a: string, b: string): boolean {
  return a === b || (a.endsWith('/') && a.slice(0, -1) === b) || (b.endsWith('/') && b.slice(0, -1) === a);
}

/**
 * The `…/oauth/client` entry since MCP 2026-07-28: one registration per authorization server (keyed by
 * its issuer), `latest` the one saved last. Before, the entry held a single registration (with or without
 * the SDK's `issuer` stamp); such an entry is read as the registration of the issuer it is stamped with,
 * or, without a stamp, bound to the first authorization server it is used with, and written back in
 * this shape then ("moved on first use").
 */
interface Registrations {
  registrations: Record<string, StoredClient>;
  latest?: string | undefined;
}

interface Loaded {
  tokens: StoredTokens | undefined;
  clients: Registrations;
  /** A registration from before per-issuer keying, without a stamp: bound on first use. */
  unbound?: StoredClient | undefined;
  /** The entry still has the shape of before per-issuer keying: written back on first use. */
  legacy?: boolean | undefined;
}

/**
 * What one server's (or agent's) sign-in keeps in the keychain, keyed by authorization server:
 *   <prefix>/tokens  the sign-in's tokens, stamped with the issuer that issued them (one set: the server
 *                    has one sign-in; tokens from another issuer are never presented to this one)
 *   <prefix>/client  the registrations, one per issuer (see Registrations)
 * The keychain keys themselves are those of secret-keys.ts (unchanged, so removing a server or agent
 * still deletes every entry). Reads happen only when hub.db says this server signed in for this URL
 * (or during a sign-in); a reference without a keychain entry (deleted, or a locked collection that
 * reads as empty) counts as not signed in and is not cached, so an unlocked keychain is seen next time.
 */
export class SignInStore {
  private cached: Loaded | undefined;

  constructor(
    private readonly options: {
      secrets: SecretStore;
      keyPrefix: string;
      reference: SignInReference;
      /** What hub.db must say for the stored tokens to be used (the resource, for agents also the authorization server). */
      binding: string;
      /** A sign-in reads the registrations even before hub.db notes one. */
      interactive: boolean;
    },
  ) {}

  async tokens(): Promise<StoredTokens | undefined> {
    return (await this.load()).tokens;
  }

  /** The token values held in memory now (none before the first read): what a call record must not keep. */
  heldTokenValues(): string[] {
    const t = this.cached?.tokens;
    return t ? [t.access_token, t.refresh_token].filter((v): v is string => typeof v === 'string') : [];
  }

  /** Memory first: a rotated refresh token must not be lost when the keychain write fails. */
  async saveTokens(tokens: StoredTokens): Promise<void> {
    this.cached = { ...(await this.load()), tokens };
    await this.options.secrets.set(this.key('tokens'), JSON.stringify(tokens));
    this.options.reference.set(this.options.binding);
  }

  async deleteTokens(): Promise<void> {
    if (this.cached) this.cached = { ...this.cached, tokens: undefined };
    this.options.reference.clear();
    await this.options.secrets.delete(this.key('tokens'));
  }

  /**
   * The registration at `issuer`. An unstamped one from before per-issuer keying is bound to the first
   * issuer asked for here (as the SDK back-stamps it) and written back keyed by it.
   */
  async registration(issuer: string): Promise<StoredClient | undefined> {
    const loaded = await this.load();
    const found = Object.entries(loaded.clients.registrations).find(([known]) => sameIssuer(known, issuer));
    const entry = found?.[1] ?? loaded.unbound;
    if (!entry) return undefined;
    const bound = { ...entry, issuer: found?.[0] ?? issuer };
    // Written back in the new shape; a keychain that refuses the write leaves the old entry, still readable.
    if (loaded.legacy) await this.saveRegistration(issuer, bound).catch(() => {});
    return bound;
  }

  /**
   * The registration saved last (its redirect URI is the port a sign-in tries first), read even when
   * hub.db notes no sign-in (after a sign-out the registration is still there): only a sign-in asks.
   */
  async latestRegistration(): Promise<StoredClient | undefined> {
    const { clients, unbound } = this.options.interactive || this.cached?.tokens ? await this.load() : readRegistrations(parse<unknown>(await this.options.secrets.get(this.key('client'))));
    return (clients.latest !== undefined ? clients.registrations[clients.latest] : undefined) ?? unbound;
  }

  /** Every registration, with its issuer (a pre-registered client's binding is found this way). */
  async allRegistrations(): Promise<[string, StoredClient][]> {
    return Object.entries((await this.load()).clients.registrations);
  }

  async saveRegistration(issuer: string, info: StoredClient): Promise<void> {
    const loaded = await this.load();
    const registrations = Object.fromEntries(Object.entries(loaded.clients.registrations).filter(([known]) => !sameIssuer(known, issuer)));
    const clients: Registrations = { registrations: { ...registrations, [issuer]: { ...info, issuer } }, latest: issuer };
    this.cached = { ...loaded, clients, unbound: undefined, legacy: false };
    await this.options.secrets.set(this.key('client'), JSON.stringify(clients));
  }

  /** Forgets the registration at `issuer`, or every registration. */
  async deleteRegistration(issuer?: string): Promise<void> {
    const loaded = await this.load();
    const registrations = issuer === undefined ? {} : Object.fromEntries(Object.entries(loaded.clients.registrations).filter(([known]) => !sameIssuer(known, issuer)));
    const latest = loaded.clients.latest !== undefined && registrations[loaded.clients.latest] ? loaded.clients.latest : Object.keys(registrations).at(-1);
    const clients: Registrations = { registrations, latest };
    this.cached = { ...loaded, clients, unbound: undefined, legacy: false };
    if (Object.keys(registrations).length === 0) await this.options.secrets.delete(this.key('client'));
    else await this.options.secrets.set(this.key('client'), JSON.stringify(clients));
  }

  /** Forget the cached copies: another process (the CLI, a sign-in's fork) may have signed in or out. */
  reload(): void {
    this.cached = undefined;
  }

  private key(kind: 'tokens' | 'client'): string {
    return `${this.options.keyPrefix}/${kind}`;
  }

  private async load(): Promise<Loaded> {
    if (this.cached) return this.cached;
    const signedInHere = this.options.reference.resource() === this.options.binding;
    if (!signedInHere && !this.options.interactive) return (this.cached = { tokens: undefined, clients: { registrations: {} } });
    const [tokens, client] = await Promise.all([
      signedInHere ? this.options.secrets.get(this.key('tokens')) : undefined,
      this.options.secrets.get(this.key('client')),
    ]);
    const loaded: Loaded = { tokens: parse<StoredTokens>(tokens), ...readRegistrations(parse<unknown>(client)) };
    if (loaded.tokens || this.options.interactive) this.cached = loaded;
    return loaded;
  }
}

/** The `…/oauth/client` entry, in either shape (see Registrations). */
export function readRegistrations(value: unknown): { clients: Registrations; unbound?: StoredClient; legacy?: boolean } {
  if (!value || typeof value !== 'object') return { clients: { registrations: {} } };
  const v = value as Partial<Registrations> & Partial<StoredClient>;
  if (v.registrations && typeof v.registrations === 'object') {
    return { clients: { registrations: v.registrations, latest: typeof v.latest === 'string' ? v.latest : undefined } };
  }
  if (typeof v.client_id !== 'string') return { clients: { registrations: {} } };
  // One registration, as stored before per-issuer keying.
  const legacy = v as StoredClient;
  if (typeof legacy.issuer === 'string') return { clients: { registrations: { [legacy.issuer]: legacy }, latest: legacy.issuer }, legacy: true };
  return { clients: { registrations: {} }, unbound: legacy, legacy: true };
}

function parse<T>(text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
