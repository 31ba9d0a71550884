import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Notification, Tool } from '@modelcontextprotocol/sdk/types.js';
import { InterceptingTransport } from './intercepting-transport.js';
import { createModernClient } from './modern-client.js';
import { ModernConnection } from './modern-connection.js';
import type { ProgressRoutes } from './progress-routes.js';
import { createUpstreamClient } from './upstream-client.js';

/** What one start's clients and transports hand to their Upstream. */
export interface UpstreamWires {
  name: string;
  clientVersion: string;
  progress: ProgressRoutes;
  /** The connection closed or its listen stream is gone (ignored once the start is overtaken). */
  lost(reason: string): void;
  /** The server said a list changed. */
  changed(kind: 'tools' | 'resources' | 'prompts'): void;
  /** A log message or resource update for the gateway's sessions. */
  notify(notification: Notification): void;
  /** A legacy server's request for one of the hub's clients (sampling, elicitation, roots). */
  request(method: string, params: Record<string, unknown> | undefined, signal: AbortSignal): Promise<Record<string, unknown>>;
  tool(name: string): Tool | undefined;
  note(line: string): void;
  /** The client of the start in progress (closed if the start is abandoned). */
  pending(client: { close(): Promise<void> }): void;
}

/** Progress and log notifications are handled here, in arrival order (see InterceptingTransport). */
export function intercepted(w: UpstreamWires, transport: Transport): Transport {
  return new InterceptingTransport(transport, (m) => {
    if (w.progress.deliver(m)) return true;
    if ('method' in m && !('id' in m) && m.method === 'notifications/message') {
      w.notify(m as Notification);
      return true;
    }
    return false;
  });
}

/** A v1 client for a legacy server. */
export function legacyClient(w: UpstreamWires): Client {
  const client = createUpstreamClient(w.clientVersion, {
    onClose: () => w.lost('the connection closed'),
    onRequest: (method, params, signal) => w.request(method, params, signal),
    onListChanged: (kind) => w.changed(kind),
    onResourceUpdated: (n) => w.notify(n),
  });
  w.pending(client);
  return client;
}

/** A v2 client for a 2026-07-28 server, in its era-neutral connection, wired like the v1 one. */
export async function modernConnection(w: UpstreamWires): Promise<ModernConnection> {
  const client = await createModernClient(w.clientVersion, {
    onClose: () => w.lost('the connection closed'),
    onListChanged: (kind) => w.changed(kind),
    onResourceUpdated: (n) => w.notify(n),
  });
  const connection = new ModernConnection(client, {
    server: w.name,
    tool: (name) => w.tool(name),
    note: (line) => w.note(line),
    lost: (reason) => w.lost(reason),
    relist: () => (['tools', 'resources', 'prompts'] as const).forEach((kind) => w.changed(kind)),
  });
  w.pending(connection);
  return connection;
}
