import { randomBytes } from 'node:crypto';
import type { AuthOptions } from '@modelcontextprotocol/client';
import { checkAuthorizationResponse, issuerProblem, sdkV2 } from './issuer-checks.js';
import { issuerOf, type HubOAuthProvider } from './oauth-provider.js';
import { startLoopbackRedirect } from './loopback-redirect.js';
import { sameIssuer } from './sign-in-store.js';

/** How long a sign-in waits for the browser: long enough to type a password and pass a 2FA prompt. */
export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface SignInOptions {
  serverUrl: string;
  /** Shows the authorization URL to the user: opens the browser (desktop) or prints it (CLI). http(s) only. */
  openUrl: (url: string) => void | Promise<void>;
  /** Scopes to ask for (a step-up asks for what the server's 403 named). */
  scope?: string | undefined;
  timeoutMs?: number;
  /** Ends the wait for the browser (the user pressed Cancel, or the server was removed). */
  signal?: AbortSignal;
}

/**
 * One interactive sign-in: a loopback redirect listener, the authorization URL to the user, the code
 * from the redirect (its `state` and `iss` checked), the code exchanged for tokens that go to the keychain.
 *
 * It runs on the v2 SDK's auth() (MCP 2026-07-28): discovery that refuses metadata naming another
 * issuer (RFC 8414 §3.3), credentials asked for and saved per authorization server (SEP-2352), a Client
 * ID Metadata Document before dynamic registration, `application_type` in the registration, and the
 * RFC 9207 `iss` check before the code is redeemed. That check runs twice, with the SDK's own function:
 * in the hub's flow when the redirect arrives (so the browser tab says why, and a refused code never
 * leaves the listener), and again inside auth() before the token request.
 */
export async function signIn(provider: HubOAuthProvider, options: SignInOptions): Promise<void> {
  const registered = await provider.registeredRedirectUrl();
  const loopback = await startLoopbackRedirect(registered ? Number(new URL(registered).port) : 0);
  const state = randomBytes(16).toString('base64url');
  // The flow runs on a fork: the live connection keeps its tokens and its own PKCE state meanwhile.
  const flow = provider.forSignIn({ redirectUrl: loopback.redirectUrl, state, onAuthorizationUrl: (url) => void options.openUrl(url.href) });
  const name = provider.name;
  try {
    const { auth } = await sdkV2();
    const run = (o: AuthOptions) =>
      auth(flow, o).catch((e: unknown) => {
        throw issuerProblem(e, name) ?? e;
      });
    // The scope: what the caller asks, else what the server's last challenge named; the SDK falls back
    // to the metadata's scopes_supported. The challenge's resource_metadata URL comes first in discovery.
    // A step-up asks for what was granted plus what the 403 named (SEP-2350), so nothing granted is lost.
    const stepUp = provider.stepUp ? scopeUnion(await provider.grantedScope(), provider.stepUp.scope) : undefined;
    const scope = options.scope ?? stepUp ?? provider.signInNeeded?.scope ?? provider.challenge?.scope;
    const resourceMetadataUrl = provider.challenge?.resourceMetadataUrl;
    const common: AuthOptions = { serverUrl: options.serverUrl, fetchFn: flow.fetch, ...(scope ? { scope } : {}), ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}) };
    const started = await run(common);
    if (started !== 'AUTHORIZED') {
      // Compared with the metadata the authorization request was built from; none (an agent card's bare
      // flow) means nothing authentic to compare with, and then no `iss` goes to auth() either.
      const metadata = flow.issuerMetadata;
      const response = await loopback.code(state, options.timeoutMs ?? SIGN_IN_TIMEOUT_MS, options.signal, (params) => checkAuthorizationResponse(params, metadata, name));
      await run({ ...common, authorizationCode: response.code, ...(metadata && response.iss !== undefined ? { iss: response.iss } : {}) });
    }
    // The live provider takes the new tokens (and registration) from the keychain.
    provider.reload();
    provider.signInDone();
  } finally {
    await loopback.close();
  }
}

/** Each scope of either list once, in first-seen order; undefined when both are empty. */
function scopeUnion(...lists: (string | undefined)[]): string | undefined {
  const all = new Set(lists.flatMap((l) => l?.split(/\s+/).filter(Boolean) ?? []));
  return all.size > 0 ? [...all].join(' ') : undefined;
}

/**
 * Signs out: asks the authorization server to revoke the tokens (RFC 7009) where it offers that, then
 * deletes them from the keychain whatever the server said. Resolves whether the server revoked them.
 */
export async function signOut(provider: HubOAuthProvider): Promise<{ revoked: boolean }> {
  let revoked = false;
  try {
    const tokens = await provider.tokens();
    const info = tokens ? (await provider.serverInfo()).info : undefined;
    // Only the authorization server that issued the tokens is sent them, with its own client.
    const issuer = info ? issuerOf(info) : undefined;
    const client = issuer && (!tokens?.issuer || sameIssuer(tokens.issuer, issuer)) ? await provider.clientInformation({ issuer }) : undefined;
    const endpoint = (info?.authorizationServerMetadata as { revocation_endpoint?: string } | undefined)?.revocation_endpoint;
    if (endpoint && tokens && client) {
      const revoke = (token: string, hint: string) =>
        provider.fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token, token_type_hint: hint, client_id: client.client_id, ...(client.client_secret ? { client_secret: client.client_secret } : {}) }),
        });
      // Revoking the refresh token ends the whole grant. A JWT access token often cannot be revoked
      // (oidc-provider answers 400 unsupported_token_type): it simply runs out.
      if (tokens.refresh_token) revoked = (await revoke(tokens.refresh_token, 'refresh_token')).ok;
      else revoked = (await revoke(tokens.access_token, 'access_token')).ok;
    }
  } catch {
    // Unreachable or refusing: the tokens still leave the keychain below.
  }
  await provider.invalidateCredentials('tokens');
  return { revoked };
}
