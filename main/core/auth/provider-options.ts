import type { OAuthServerInfo } from '@modelcontextprotocol/client';
import type { OAuthMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { SignInReference, StoredClient } from './sign-in-store.js';

/* What a HubOAuthProvider is made with, and small facts about sign-ins it and its callers share. */

export interface HubOAuthOptions {
  /** The server's (or agent's) name, for messages. */
  server: string;
  /** Default 'server'. */
  owner?: 'server' | 'agent' | undefined;
  /** The MCP endpoint URL (the protected resource). */
  serverUrl: string;
  secrets: SecretStore;
  /** Keychain key prefix for this server's OAuth secrets, e.g. hub/<id>/server/<name>/oauth. */
  keyPrefix: string;
  reference: SignInReference;
  /** A client registered by hand with the authorization server; its secret, if any, is read when needed. */
  preRegistered?: { clientId: string; clientSecret?: (() => Promise<string | undefined>) | undefined } | undefined;
  /** Asked for when the server did not say (PRM scopes_supported, the challenge's scope come first). */
  scope?: string | undefined;
  /**
   * An https URL serving this client's metadata document (Client ID Metadata Document): used as the
   * client_id, instead of registering (RFC 7591), where the authorization server announces
   * `client_id_metadata_document_supported`. Set per server (`--oauth-metadata-url`); Agent Hub publishes
   * no document of its own, so without it the hub registers.
   */
  clientMetadataUrl?: string | undefined;
  /**
   * Where the authorization server is when the resource says so itself (an A2A agent's card): the URL of
   * its metadata document (RFC 8414 or OpenID Connect discovery), or the metadata built from the card's
   * flow. Then RFC 9728 discovery is skipped, and `resource` (RFC 8707) is `serverUrl` itself.
   */
  authorizationServer?: string | OAuthMetadata | undefined;
}

export interface Interactive {
  redirectUrl: string;
  state: string;
  onAuthorizationUrl: (url: URL) => void;
}

/** Why a sign-in is wanted: the scope to ask for, and a sentence when there is more to say than "sign in". */
export interface SignInWanted {
  scope?: string | undefined;
  reason?: string | undefined;
}

/** The authorization server a discovery found, by the name its credentials are keyed with (SEP-2352). */
export const issuerOf = (info: Pick<OAuthServerInfo, 'authorizationServerUrl' | 'authorizationServerMetadata'>): string =>
  info.authorizationServerMetadata?.issuer ?? info.authorizationServerUrl;

/** See HubOAuthProvider.binding. */
export function signInBinding(resource: string, authorizationServer: string | OAuthMetadata | undefined): string {
  if (!authorizationServer) return resource;
  return `${resource} ${typeof authorizationServer === 'string' ? authorizationServer : authorizationServer.authorization_endpoint}`;
}

/** A client whose id is the URL of its Client ID Metadata Document (nothing was registered). */
export function isMetadataDocumentClient(client: StoredClient): boolean {
  return /^https:\/\//.test(client.client_id) && !('redirect_uris' in client);
}
