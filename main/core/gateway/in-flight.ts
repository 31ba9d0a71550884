import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { z } from 'zod';

/** Results are passed through as the server sent them: validating every one would only add latency. */
export const AnyResult = z.looseObject({});

/**
 * The one channel a client's request is served through: its cancellation signal, and the way back to
 * that client for notifications (progress, log messages) and requests (sampling, elicitation, roots)
 * that belong to it. The SDK transport's handler extra is one; the fast path (fast-call.ts) builds the
 * same shape over a plain HTTP response. Everything past the endpoint sees only this.
 */
export type CallChannel = Pick<RequestHandlerExtra<never, never>, 'signal' | 'requestId' | 'sessionId'> & {
  sendRequest: (req: { method: string; params?: unknown }, schema: typeof AnyResult, options?: { signal?: AbortSignal }) => Promise<Record<string, unknown>>;
  sendNotification: (n: { method: string; params?: unknown }) => Promise<void>;
  /** Told the id of the request's record on the Timeline once it is written (the workbench links to it). */
  recorded?: (callId: number) => void;
};

/**
 * What the gateway uses of a client's MCP server: its capabilities, a request outside a call (roots),
 * notifications. A 2025 session's SDK Server is one; a 2026-07-28 request has a stand-in (modern-session.ts).
 */
export type SessionPeer = Pick<Server, 'getClientCapabilities' | 'request' | 'notification' | 'sendToolListChanged' | 'sendResourceListChanged' | 'sendPromptListChanged'>;

/**
 * One client session: a 2025 session, or a 2026-07-28 client's requests made with one client token
 * (those share the id; see modern-endpoint.ts).
 */
export interface Session {
  id: string;
  client: string;
  server: SessionPeer;
  subscriptions: Set<string>;
  /** Set by logging/setLevel; messages below it are not sent to this session. */
  logLevel: LoggingLevel | undefined;
}

/** A client's request that is being served by an upstream server. */
export interface InFlight {
  session: Session;
  channel: CallChannel;
  /** Notifications relayed for this request, in order; the result waits for them so it cannot overtake them. */
  relayed: Promise<void>;
}

export function relay(flight: InFlight, notification: { method: string; params?: unknown }): void {
  flight.relayed = flight.relayed.then(() => flight.channel.sendNotification(notification)).catch(() => {});
}

/** The requests in flight on each upstream server, in the order they started. */
export class InFlightRequests {
  private readonly byServer = new Map<string, InFlight[]>();

  of(server: string): readonly InFlight[] {
    return this.byServer.get(server) ?? [];
  }

  add(server: string, flight: InFlight): void {
    const list = this.byServer.get(server);
    if (list) list.push(flight);
    else this.byServer.set(server, [flight]);
  }

  delete(server: string, flight: InFlight): void {
    const list = this.byServer.get(server);
    if (!list) return;
    const i = list.indexOf(flight);
    if (i !== -1) list.splice(i, 1);
    if (list.length === 0) this.byServer.delete(server);
  }
}

/**
 * Progress to one client for one call: the hub's own "waiting for approval" notices, then the server's
 * progress. The spec wants each value above the last; the hub's notices carry 0, and a server's value
 * that would not be above what the client already got is nudged up by a hair.
 */
export class ProgressRelay {
  private last = -Infinity;

  constructor(
    private readonly flight: InFlight,
    private readonly token: string | number | undefined,
  ) {}

  send(p: { progress: number; total?: number; message?: string }): void {
    if (this.token === undefined) return;
    const progress = p.progress > this.last ? p.progress : this.last + 1e-6;
    this.last = progress;
    relay(this.flight, { method: 'notifications/progress', params: { ...p, progress, progressToken: this.token } });
  }
}
