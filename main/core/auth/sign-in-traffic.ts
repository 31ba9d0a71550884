import type { OAuthServerInfo } from '@modelcontextprotocol/sdk/client/auth.js';
import { OAuthMetadataSchema, type OAuthMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { ErrorCodes, HubError, isHubError } from '../../../shared/errors.js';
import { isHttpsOrLoopback } from '../safe-url.js';
import { assertMetadataUrlIssuer } from './issuer-checks.js';

/* Sign-in traffic: where tokens, codes and secrets may go, and what an authorization server must offer. */

/**
 * fetch for sign-in traffic: redirects are followed by hand, each hop checked like the first URL, and
 * only for GET (a POST carries a code or a refresh token: its redirect is returned as is, never re-sent).
 */
export async function fetchChecked(url: string | URL, init: RequestInit | undefined): Promise<Response> {
  let next = new URL(url);
  for (let hop = 0; ; hop++) {
    assertSafeAuthUrl(next);
    const res = await fetch(next, { ...init, redirect: 'manual' });
    const location = res.headers.get('location');
    const method = (init?.method ?? 'GET').toUpperCase();
    if (res.status < 300 || res.status >= 400 || !location || (method !== 'GET' && method !== 'HEAD') || hop >= 5) return res;
    await res.body?.cancel().catch(() => {});
    next = new URL(location, next);
  }
}

/** PKCE S256 is required (MCP 2025-11-25; the hub asks the same of agents): metadata that does not list it ends the sign-in. */
export function assertPkce(info: Pick<OAuthServerInfo, 'authorizationServerMetadata'>, name: string): void {
  const methods = info.authorizationServerMetadata?.code_challenge_methods_supported;
  if (methods?.includes('S256')) return;
  throw new HubError(
    ErrorCodes.authFailed,
    `The authorization server of ${name} does not support PKCE with S256 (code_challenge_methods_supported: ${JSON.stringify(methods ?? null)}), which Agent Hub requires (as MCP does); sign-in refused.`,
  );
}

/**
 * The authorization server an agent's card names: its metadata document, read here (an OpenID Connect
 * discovery document is also valid RFC 8414 metadata), or metadata the card's flow gave directly.
 */
export async function knownServerInfo(source: string | OAuthMetadata, fetchFn: (url: string) => Promise<Response>, name: string): Promise<OAuthServerInfo> {
  let metadata = typeof source === 'string' ? undefined : source;
  if (typeof source === 'string') {
    const res = await fetchFn(source).catch((e: Error) => {
      if (isHubError(e)) throw e;
      const why = (e.cause as Error | undefined)?.message ?? e.message;
      throw new HubError(ErrorCodes.authFailed, `The authorization server of ${name} could not be reached at ${source}: ${why.replace(/\.$/, '')}.`);
    });
    const parsed = OAuthMetadataSchema.safeParse(res.ok ? await res.json().catch(() => undefined) : undefined);
    if (!parsed.success) {
      throw new HubError(ErrorCodes.authFailed, `The authorization server metadata of ${name} at ${source} could not be read (HTTP ${res.status}${res.ok ? ', not valid metadata' : ''}).`);
    }
    metadata = parsed.data;
    // A well-known URL names the issuer it describes: the document must name the same (RFC 8414 §3.3).
    assertMetadataUrlIssuer(source, metadata, name);
  }
  assertSafeAuthUrl(metadata!.issuer);
  return { authorizationServerUrl: metadata!.issuer, authorizationServerMetadata: metadata!, resourceMetadata: undefined };
}

/**
 * Tokens, codes and secrets travel only over https, or over plain http to this computer (a local
 * server, a test). The addresses come from the server's metadata, so they are checked, not trusted.
 */
export function assertSafeAuthUrl(url: string | URL): void {
  if (isHttpsOrLoopback(url)) return;
  const u = new URL(url);
  throw new HubError(ErrorCodes.authFailed, `Agent Hub signs in only over https (or to this computer); refusing ${u.protocol}//${u.host}.`);
}

