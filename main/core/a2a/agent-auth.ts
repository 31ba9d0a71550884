// Credentials for an agent, from its card's securitySchemes. A2A has no discovery of its own for them
// (unlike MCP's RFC 9728): the card says what to send and where. The hub sends an API key or an HTTP
// bearer token that the user stored in the keychain (`agent-hub agent set-secret NAME`), or signs in
// with OAuth 2 (authorization code) or OpenID Connect (`agent-hub login NAME`) and sends the access token.
import type { OAuthMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { AgentConfig } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { OAuthTarget } from '../auth/auth-manager.js';
import { isHttpsOrLoopback } from '../safe-url.js';
import type { AgentCardView, SecuritySchemeView } from './agent-card.js';

/** A scheme the hub satisfies with one stored secret; `id` is its name in the card's securitySchemes. */
export type CredentialScheme = { id: string } & (Extract<SecuritySchemeView, { type: 'apiKey' }> | Extract<SecuritySchemeView, { type: 'http' }>);

/** A scheme the hub satisfies by signing in: the access token goes as a bearer token. */
export interface OAuthScheme {
  id: string;
  type: 'oauth2' | 'openIdConnect';
  /** The scopes the card's requirement lists (with `openid` for OpenID Connect). */
  scopes: string[];
  /** The metadata document's URL, or (an oauth2 card without one) metadata built from its flow. */
  authorizationServer: string | OAuthMetadata;
}

export type AgentScheme = CredentialScheme | OAuthScheme;

export const isOAuthScheme = (s: AgentScheme | undefined): s is OAuthScheme => s?.type === 'oauth2' || s?.type === 'openIdConnect';

/**
 * The scheme the agent wants, or undefined when it asks for none. The card's security requirements are
 * alternatives: the first one made of a single scheme the hub can fill wins. A card that requires only
 * schemes the hub cannot fill (mutual TLS, OAuth flows other than authorization code) is an error.
 */
export function agentScheme(agent: string, card: AgentCardView): AgentScheme | undefined {
  const requirements = card.securityRequirements.filter((r) => Object.keys(r).length > 0);
  if (requirements.length === 0) return undefined;
  for (const requirement of requirements) {
    const names = Object.keys(requirement);
    const usable = names.length === 1 ? usableScheme(names[0]!, card.securitySchemes[names[0]!], requirement[names[0]!] ?? []) : undefined;
    if (usable) return usable;
  }
  const wanted = [...new Set(requirements.flatMap((r) => Object.keys(r).map((n) => describeType(card.securitySchemes[n]) ?? n)))].join(' or ');
  throw new HubError(
    ErrorCodes.invalidArgument,
    `Agent "${agent}" asks for ${wanted}; Agent Hub can send an API key, a bearer token, or sign in with OAuth 2 (authorization code) or OpenID Connect, not these.`,
  );
}

function usableScheme(id: string, s: SecuritySchemeView | undefined, scopes: string[]): AgentScheme | undefined {
  if (s?.type === 'apiKey' || (s?.type === 'http' && /^bearer$/i.test(s.scheme))) return { ...s, id };
  if (s?.type === 'openIdConnect') return { id, type: s.type, scopes: ['openid', ...scopes.filter((x) => x !== 'openid')], authorizationServer: s.openIdConnectUrl };
  if (s?.type === 'oauth2' && s.flows.authorizationCode) {
    const flow = s.flows.authorizationCode;
    return {
      id,
      type: s.type,
      scopes,
      authorizationServer: s.oauth2MetadataUrl ?? {
        // No metadata document: the flow's endpoints are all there is, so no registration endpoint (the
        // user registers Agent Hub by hand: --oauth-client-id). The hub always sends PKCE S256.
        issuer: new URL(flow.authorizationUrl).origin,
        authorization_endpoint: flow.authorizationUrl,
        token_endpoint: flow.tokenUrl,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      },
    };
  }
  return undefined;
}

function describeType(s: SecuritySchemeView | undefined): string | undefined {
  if (!s) return undefined;
  if (s.type === 'oauth2') return `OAuth 2 (${Object.keys(s.flows).join(', ')} flow)`;
  if (s.type === 'mutualTls') return 'mutual TLS';
  if (s.type === 'http') return `HTTP ${s.scheme} authentication`;
  return s.type;
}

/** One phrase on what the agent needs, for errors and the CLI's prompt. */
export function describeScheme(s: AgentScheme): string {
  if (s.type === 'apiKey') return `an API key (sent in the ${s.location} as ${s.name})`;
  if (s.type === 'http') return 'a bearer token';
  return `a sign-in with ${s.type === 'oauth2' ? 'OAuth 2' : 'OpenID Connect'}`;
}

/** What the hub signs in to for an agent whose card asks for OAuth 2 or OpenID Connect. */
export function agentOAuthTarget(config: Pick<AgentConfig, 'name' | 'url' | 'oauth'>, scheme: OAuthScheme): OAuthTarget {
  return {
    owner: 'agent',
    name: config.name,
    // The agent's address, as the user gave it, is the resource (RFC 8707) its tokens are bound to.
    url: config.url,
    oauth: config.oauth,
    authorizationServer: scheme.authorizationServer,
    scope: scheme.scopes.join(' ') || undefined,
  };
}

/**
 * A fetch that adds the credential to requests for the card's own interface URLs, and only there (a
 * redirect or a URL the card does not name gets nothing). Plain http gets a credential only on loopback.
 * An OAuth scheme sends its access token as a bearer token.
 */
export function withCredential(base: typeof fetch, card: AgentCardView, scheme: AgentScheme | undefined, secret: () => Promise<string | undefined>): typeof fetch {
  if (!scheme) return base;
  const origins = new Set(card.supportedInterfaces.map((i) => (URL.canParse(i.url) ? new URL(i.url).origin : '')));
  return async (input, init) => {
    // The SDK's transports call fetch(url, init); a Request object would carry its own body, so it passes as is.
    if (input instanceof Request) return base(input, init);
    const url = new URL(String(input));
    if (!origins.has(url.origin)) return base(input, init);
    if (!isHttpsOrLoopback(url)) {
      throw new HubError(ErrorCodes.invalidArgument, `Agent Hub does not send credentials over plain http to ${url.origin}; the agent must use https.`);
    }
    const value = await secret();
    if (value === undefined) return base(input, init);
    const headers = new Headers(init?.headers);
    if (scheme.type !== 'apiKey') headers.set('authorization', `Bearer ${value}`);
    else if (scheme.location === 'header') headers.set(scheme.name, value);
    else if (scheme.location === 'cookie') headers.set('cookie', `${scheme.name}=${encodeURIComponent(value)}`);
    else url.searchParams.set(scheme.name, value);
    // Never follow a redirect with the credential attached: it could lead anywhere.
    const res = await base(url, { ...init, headers, redirect: 'manual' });
    if (res.status !== 401 && res.status !== 403) return res;
    // Said here: the SDK reads a refusal's body as an A2A error and may lose the status on the way.
    const error = /error="([^"]*)"/.exec(res.headers.get('www-authenticate') ?? '')?.[1];
    await res.body?.cancel().catch(() => {});
    throw new HubError(ErrorCodes.authFailed, `the agent answered HTTP ${res.status}${error ? ` (${error})` : ''}`);
  };
}
