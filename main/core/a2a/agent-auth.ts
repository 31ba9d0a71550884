// Credentials for an agent, from its card's securitySchemes: the hub sends an API key or an HTTP
// bearer token that the user stored in the keychain (`agent-hub agent set-secret NAME`). A2A has no
// discovery of its own for them (unlike MCP's RFC 9728): the card says what to send and where.
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { isHttpsOrLoopback } from '../safe-url.js';
import type { AgentCardView, SecuritySchemeView } from './agent-card.js';

/** A scheme the hub can satisfy with one stored secret; `id` is its name in the card's securitySchemes. */
export type CredentialScheme = { id: string } & (Extract<SecuritySchemeView, { type: 'apiKey' }> | Extract<SecuritySchemeView, { type: 'http' }>);

/**
 * The scheme the agent wants a stored secret for, or undefined when it asks for none. The card's
 * security requirements are alternatives: the first one made only of API key and bearer schemes wins.
 * A card that requires only schemes the hub cannot fill (OAuth, OpenID Connect, mutual TLS) is an error.
 */
export function credentialScheme(agent: string, card: AgentCardView): CredentialScheme | undefined {
  const usable = (name: string): CredentialScheme | undefined => {
    const s = card.securitySchemes[name];
    if (s?.type === 'apiKey' || (s?.type === 'http' && /^bearer$/i.test(s.scheme))) return { ...s, id: name };
    return undefined;
  };
  const requirements = card.securityRequirements.filter((r) => Object.keys(r).length > 0);
  if (requirements.length === 0) return undefined;
  for (const requirement of requirements) {
    const names = Object.keys(requirement);
    if (names.length === 1 && usable(names[0]!)) return usable(names[0]!);
  }
  const wanted = [...new Set(requirements.flatMap((r) => Object.keys(r).map((n) => card.securitySchemes[n]?.type ?? n)))].join(' or ');
  throw new HubError(
    ErrorCodes.invalidArgument,
    `Agent "${agent}" asks for ${wanted} credentials; Agent Hub can send an API key or a bearer token (set with "agent-hub agent set-secret ${agent}"), not these.`,
  );
}

/** One sentence on what the agent needs, for errors and the CLI's prompt. */
export function describeScheme(s: CredentialScheme): string {
  if (s.type === 'apiKey') return `an API key (sent in the ${s.location} as ${s.name})`;
  return 'a bearer token';
}

/**
 * A fetch that adds the credential to requests for the card's own interface URLs, and only there (a
 * redirect or a URL the card does not name gets nothing). Plain http gets a credential only on loopback.
 */
export function withCredential(base: typeof fetch, card: AgentCardView, scheme: CredentialScheme | undefined, secret: () => Promise<string | undefined>): typeof fetch {
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
    if (scheme.type === 'http') headers.set('authorization', `Bearer ${value}`);
    else if (scheme.location === 'header') headers.set(scheme.name, value);
    else if (scheme.location === 'cookie') headers.set('cookie', `${scheme.name}=${encodeURIComponent(value)}`);
    else url.searchParams.set(scheme.name, value);
    // Never follow a redirect with the credential attached: it could lead anywhere.
    return base(url, { ...init, headers, redirect: 'manual' });
  };
}
