import type { ServerConfig } from '../../../shared/config.js';
import { secretKey } from './secret-store.js';

/**
 * Every keychain key Agent Hub uses, in one place: `hub/<hub id>/<owner>/<name>/…`, so two data
 * folders never share a secret, and removing a server or agent knows every entry it may have.
 *   hub/<id>/server/<name>/env/<KEY>            a secret env value
 *   hub/<id>/server/<name>/header/<name>        a secret header value (lower-case name)
 *   hub/<id>/server/<name>/oauth/tokens|client  a sign-in: its tokens, stamped with the authorization server
 *                                               that issued them, and its registrations, one per authorization
 *                                               server (keyed by issuer inside the entry, so these two keys stay
 *                                               all there is to delete; see auth/sign-in-store.ts)
 *   hub/<id>/server/<name>/oauth/client-secret  a pre-registered client's secret
 *   hub/<id>/agent/<name>/credential            an agent's API key or bearer token
 *   hub/<id>/agent/<name>/oauth/…               an agent's sign-in, as for servers
 */

export function serverEnvKey(hubId: string, server: string, key: string): string {
  return secretKey(hubId, 'server', server, 'env', key);
}

/** Header names are case-insensitive: the key is the lower-case name. */
export function serverHeaderKey(hubId: string, server: string, header: string): string {
  return secretKey(hubId, 'server', server, 'header', header.toLowerCase());
}

export function oauthClientSecretKey(hubId: string, server: string): string {
  return oauthKey(hubId, 'server', server, 'client-secret');
}

/** The prefix of a server's or an agent's sign-in entries; the OAuth provider adds `/tokens`, `/client`, `/client-secret`. */
export function oauthKeyPrefix(hubId: string, owner: 'server' | 'agent', name: string): string {
  return secretKey(hubId, owner, name, 'oauth');
}

/** One sign-in entry (`tokens`, `client`, `client-secret`) of a server or an agent. */
export function oauthKey(hubId: string, owner: 'server' | 'agent', name: string, kind: string): string {
  return `${oauthKeyPrefix(hubId, owner, name)}/${encodeURIComponent(kind)}`;
}

/** What a sign-in stored: the tokens and the registration, both good for one server URL only. */
export function signInKeys(hubId: string, server: string): string[] {
  return ['tokens', 'client'].map((kind) => oauthKey(hubId, 'server', server, kind));
}

/** Every keychain entry a server may have: its secret env values and headers and, for HTTP servers, its OAuth tokens, registration and client secret. */
export function serverSecretKeys(hubId: string, config: ServerConfig): string[] {
  const env = config.secretEnv.map((key) => serverEnvKey(hubId, config.name, key));
  const headers = (config.transport === 'http' ? config.secretHeaders : []).map((name) => serverHeaderKey(hubId, config.name, name));
  const oauth = config.transport === 'http' ? [...signInKeys(hubId, config.name), oauthClientSecretKey(hubId, config.name)] : [];
  return [...env, ...headers, ...oauth];
}

/** The keychain key of an agent's API key or bearer token. */
export function agentCredentialKey(hubId: string, agent: string): string {
  return secretKey(hubId, 'agent', agent, 'credential');
}

/** Every keychain entry an agent may have: its credential, and what a sign-in stored (tokens, registration). */
export function agentSecretKeys(hubId: string, agent: string): string[] {
  return [agentCredentialKey(hubId, agent), ...['tokens', 'client', 'client-secret'].map((kind) => oauthKey(hubId, 'agent', agent, kind))];
}
