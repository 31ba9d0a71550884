import type * as SdkV2 from '@modelcontextprotocol/client';
import type { AuthorizationServerMetadata } from '@modelcontextprotocol/client';
import { ErrorCodes, HubError } from '../../../shared/errors.js';

/*
 * Which authorization server a sign-in talks to, checked where MCP 2026-07-28 asks (RFC 9207, RFC 8414
 * §3.3, SEP-2352), with one sentence for each refusal. The decisions are the v2 SDK's own functions
 * (validateAuthorizationResponseIssuer, the issuer echo in discoverAuthorizationServerMetadata); the
 * hub adds the wording and the places the v1 SDK (which still runs the live connection's 401 path)
 * does not check.
 */

/** The v2 SDK's client package, loaded on the first sign-in, refresh or discovery (importing it costs ~0.1 s). */
let loading: Promise<typeof SdkV2> | undefined;
export const sdkV2 = (): Promise<typeof SdkV2> => (loading ??= import('@modelcontextprotocol/client'));

/** A value from the network, quoted and cut short for a message (an attacker may choose it). */
const quote = (value: string): string => JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);

/**
 * RFC 9207 on an authorization response (success or error), before its code goes anywhere: a present
 * `iss` must equal the issuer of the metadata the sign-in started with, exactly (no normalisation); an
 * absent one is refused when that metadata announces `authorization_response_iss_parameter_supported`.
 * Without authentic metadata (an agent card's bare flow) there is nothing to compare with.
 */
export async function checkAuthorizationResponse(
  params: URLSearchParams,
  metadata: Pick<AuthorizationServerMetadata, 'issuer' | 'authorization_response_iss_parameter_supported'> | undefined,
  name: string,
): Promise<void> {
  if (!metadata) return;
  const { validateAuthorizationResponseIssuer } = await sdkV2();
  const supported = metadata.authorization_response_iss_parameter_supported === true;
  try {
    validateAuthorizationResponseIssuer({ iss: params.get('iss') ?? undefined, expectedIssuer: metadata.issuer, issParameterSupported: supported });
  } catch (e) {
    throw issuerProblem(e, name, { supported }) ?? e;
  }
}

/**
 * The sentence for an issuer check the SDK failed (IssuerMismatchError, AuthorizationServerMismatchError),
 * or undefined for any other error.
 */
export function issuerProblem(e: unknown, name: string, context: { supported?: boolean } = {}): HubError | undefined {
  const err = e as { name?: string; kind?: string; expected?: string; received?: string; recordedIssuer?: string; currentIssuer?: string };
  if (err?.name === 'IssuerMismatchError' && err.kind === 'metadata') {
    return new HubError(
      ErrorCodes.authFailed,
      `The authorization server metadata of "${name}" names the issuer ${quote(err.received ?? '')}, not ${quote(err.expected ?? '')} where it was looked up (RFC 8414), so Agent Hub does not use it; sign-in refused.`,
    );
  }
  if (err?.name === 'IssuerMismatchError') {
    const expected = quote(err.expected ?? '');
    if (err.received === undefined) {
      return new HubError(
        ErrorCodes.authFailed,
        `Sign-in to "${name}" refused: the authorization response carries no issuer (iss), although ${expected} announces that it always sends one (RFC 9207), so it may come from another server; start the sign-in again.`,
      );
    }
    const unannounced = context.supported === false ? ', which does not even announce that parameter' : '';
    return new HubError(
      ErrorCodes.authFailed,
      `Sign-in to "${name}" refused: the authorization response names ${quote(err.received)} as its issuer, but the sign-in was started with ${expected}${unannounced} (RFC 9207 mix-up protection); start the sign-in again.`,
    );
  }
  if (err?.name === 'AuthorizationServerMismatchError' && err.recordedIssuer && err.currentIssuer) {
    return new HubError(
      ErrorCodes.authFailed,
      `The authorization server of "${name}" changed during the sign-in (from ${quote(err.recordedIssuer)} to ${quote(err.currentIssuer)}); start the sign-in again.`,
    );
  }
  return undefined;
}

/**
 * RFC 8414 §3.3 for metadata found by the v1 SDK's discovery (the live connection's 401 path), which
 * does not check it: the document's `issuer` must be the issuer it was looked up for. The v2 SDK's
 * discovery checks the same; this is its rule (exact, or the SDK's own trailing slash).
 */
export function assertMetadataIssuer(authorizationServerUrl: string, metadata: { issuer: string } | undefined, name: string): void {
  if (!metadata) return;
  const expected = authorizationServerUrl;
  if (metadata.issuer === expected || (expected.endsWith('/') && metadata.issuer === expected.slice(0, -1))) return;
  throw issuerProblem({ name: 'IssuerMismatchError', kind: 'metadata', expected, received: metadata.issuer }, name)!;
}

/**
 * RFC 8414 §3.3 / OpenID Connect Discovery §4.3 for a metadata document an agent card names by URL: a
 * well-known URL says which issuer it is for, and the document must name that one.
 */
export function assertMetadataUrlIssuer(url: string, metadata: { issuer: string }, name: string): void {
  const u = new URL(url);
  let issuerPath: string | undefined;
  for (const kind of ['openid-configuration', 'oauth-authorization-server']) {
    const suffix = `/.well-known/${kind}`;
    if (u.pathname.endsWith(suffix)) issuerPath = u.pathname.slice(0, -suffix.length);
    else if (u.pathname.startsWith(`${suffix}/`)) issuerPath = u.pathname.slice(suffix.length);
  }
  if (issuerPath === undefined) return;
  assertMetadataIssuer(`${u.origin}${issuerPath}`, metadata, name);
}

/** Where the user signs in again. */
const signInAgain = (name: string, owner: 'server' | 'agent'): string => `agent-hub login ${name}, or Sign in on the ${owner === 'agent' ? 'Agents' : 'Servers'} page`;

/** The sentence for a server whose protected resource metadata now names another authorization server than the one its sign-in was made with. */
export function issuerChangedSentence(label: string, name: string, owner: 'server' | 'agent', was: string, now: string): string {
  return `${label} needs you to sign in again: it now names another authorization server (${quote(now)}, was ${quote(was)}), and its sign-in with the old one is never sent there (${signInAgain(name, owner)}).`;
}

/** The sentence for a client registered by hand (--oauth-client-id) at one authorization server, when the server now names another. */
export function preRegisteredElsewhereSentence(label: string, owner: 'server' | 'agent', was: string, now: string): string {
  return `${label} now names another authorization server (${quote(now)}) than the one its client ID (--oauth-client-id) is registered with (${quote(was)}), so Agent Hub does not send that client there; register Agent Hub with the new one, then remove the ${owner} and add it again with the new client ID.`;
}
