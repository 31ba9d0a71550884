import { randomBytes } from 'node:crypto';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import type { HubOAuthProvider } from './oauth-provider.js';
import { startLoopbackRedirect } from './loopback-redirect.js';

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
 * from the redirect (its `state` checked), the code exchanged for tokens that go to the keychain.
 */
export async function signIn(provider: HubOAuthProvider, options: SignInOptions): Promise<void> {
  const registered = await provider.registeredRedirectUrl();
  const loopback = await startLoopbackRedirect(registered ? Number(new URL(registered).port) : 0);
  const state = randomBytes(16).toString('base64url');
  // The flow runs on a fork: the live connection keeps its tokens and its own PKCE state meanwhile.
  const flow = provider.forSignIn({ redirectUrl: loopback.redirectUrl, state, onAuthorizationUrl: (url) => void options.openUrl(url.href) });
  try {
    // A registration made for another redirect URI is made again: servers match redirect URIs exactly.
    if (registered && registered !== loopback.redirectUrl) await flow.invalidateCredentials('client');
    // The scope: what the caller asks, else what the server's last challenge named; the SDK falls back
    // to the metadata's scopes_supported. The challenge's resource_metadata URL comes first in discovery.
    const scope = options.scope ?? provider.stepUp?.scope ?? provider.signInNeeded?.scope ?? provider.challenge?.scope;
    const resourceMetadataUrl = provider.challenge?.resourceMetadataUrl;
    const common = { serverUrl: options.serverUrl, fetchFn: flow.fetch, ...(scope ? { scope } : {}), ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}) };
    const started = await auth(flow, common);
    if (started !== 'AUTHORIZED') {
      const code = await loopback.code(state, options.timeoutMs ?? SIGN_IN_TIMEOUT_MS, options.signal);
      await auth(flow, { ...common, authorizationCode: code });
    }
    // The live provider takes the new tokens (and registration) from the keychain.
    provider.reload();
    provider.signInDone();
  } finally {
    await loopback.close();
  }
}

/**
 * Signs out: asks the authorization server to revoke the tokens (RFC 7009) where it offers that, then
 * deletes them from the keychain whatever the server said. Resolves whether the server revoked them.
 */
export async function signOut(provider: HubOAuthProvider): Promise<{ revoked: boolean }> {
  let revoked = false;
  try {
    const tokens = await provider.tokens();
    const client = await provider.clientInformation();
    const info = tokens && client ? (await provider.serverInfo()).info : undefined;
    const endpoint = (info?.authorizationServerMetadata as { revocation_endpoint?: string } | undefined)?.revocation_endpoint;
    // Only the authorization server that issued the tokens is sent them.
    const sameIssuer = !tokens?.issuer || tokens.issuer === info?.authorizationServerUrl;
    if (endpoint && tokens && client && sameIssuer) {
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
