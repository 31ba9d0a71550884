import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Notification } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../../../shared/config.js';
import type { HubOAuthProvider } from '../auth/oauth-provider.js';
import type { ServerSecretsResolver } from '../secrets/server-secrets.js';
import type { ConnectContext } from './connect-server.js';
import type { EraStore } from './era.js';
import type { UpstreamConnection } from './upstream-connection.js';
import type { ProcessRegistry } from './process-registry.js';
import type { A2AUpstreamConfig } from './upstream-config.js';

/**
 * 'sign-in-needed': an OAuth server that needs the user (no retries until a sign-in or a reload).
 * 'keychain-locked': its secrets cannot be read (the keychain is locked or missing): no retries either,
 * which would only prompt the keyring again and again, until the user acts (a reload: restart, enable,
 * set-secret, any change) — see Gateway.reconcile.
 */
export type UpstreamState = 'stopped' | 'starting' | 'running' | 'backoff' | 'crashed' | 'sign-in-needed' | 'keychain-locked';

/** A request an upstream server sends its client (sampling, elicitation, roots). */
export interface ServerRequest {
  method: string;
  params?: Record<string, unknown>;
}

/** `U` is the Upstream (a parameter, so this file need not import it). */
export interface UpstreamDeps<U> {
  registry: ProcessRegistry;
  logDir?: string;
  clientVersion: string;
  /** Restart delays: base × 2^attempt, capped; after maxAttempts failures in a row the server stays crashed. */
  backoff: { baseMs: number; maxMs: number; maxAttempts: number };
  /** How long a start (spawn + initialize + listing) may take before it counts as failed. */
  startTimeoutMs: number;
  onServerRequest(upstream: U, request: ServerRequest, signal: AbortSignal): Promise<Record<string, unknown>>;
  onNotification(upstream: U, notification: Notification): void;
  onCatalog(upstream: U): void;
  /** Called each time the server (re)starts and is ready. */
  onRunning?(upstream: U): void;
  onState(upstream: U): void;
  /** The values of the server's secret env keys and headers (from the keychain), read before each start. */
  resolveSecrets: ServerSecretsResolver;
  /** Signs an HTTP server's requests with OAuth tokens (undefined: no OAuth for this server). */
  authProvider?(config: ServerConfig): HubOAuthProvider | undefined;
  /** Secret values held elsewhere for this upstream (an agent's credential and tokens), to keep out of call records. */
  heldSecrets?(name: string): string[];
  /** The in-process MCP server of an A2A agent (or of the hub's `a2a` tools); see a2a/a2a-service.ts. */
  openA2A?(config: A2AUpstreamConfig): Promise<Server>;
  /** How a start reaches the server (connectServer: spawn, HTTP, A2A); tests pass in-memory servers (a v1 Client is a legacy server). */
  connect?(ctx: ConnectContext): Promise<UpstreamConnection | Client>;
  /** Where each server's protocol era is remembered (hub.db); without it, every start probes. */
  eras?: EraStore;
}


/** Why a call cannot reach a server in `state` now, in one sentence with what to do. */
export function unavailableSentence(name: string, state: UpstreamState, lastError: string | undefined): string {
  const why = lastError ? `: ${lastError}` : '';
  if (state === 'sign-in-needed') return `Server "${name}" needs you to sign in: run "agent-hub login ${name}" or press Sign in on the Servers page.`;
  if (state === 'keychain-locked') return `Server "${name}" cannot start: ${lastError}; then restart it on the Servers page (or: agent-hub server disable, then enable).`;
  if (state === 'crashed') return `Server "${name}" has crashed and was not restarted${why}.`;
  if (state === 'stopped') return `Server "${name}" is not running.`;
  return `Server "${name}" is ${state === 'backoff' ? 'waiting to restart' : 'starting'}${why}.`;
}
