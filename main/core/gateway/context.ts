import type { ConsentGate } from '../consent/consent-gate.js';
import type { Logger } from '../hub-log.js';
import type { CallLimiter } from '../limits/rate-limiter.js';
import type { ToolCallsRepo } from '../store/tool-calls-repo.js';
import type { Upstream, UpstreamConnection } from '../upstream/upstream.js';
import type { Catalog } from './catalog.js';
import type { ClientViews } from './client-views.js';
import type { InFlightRequests } from './in-flight.js';
import type { RootsOwners } from './roots-owners.js';

/** What a request pipeline (a tool call, a forwarded request) needs from the gateway, and nothing more. */
export interface GatewayContext {
  readonly catalog: Catalog;
  /** What each client sees of the catalog (its profile): names outside it are unknown names. */
  readonly views: ClientViews;
  readonly upstreams: ReadonlyMap<string, Upstream>;
  readonly inFlight: InFlightRequests;
  readonly roots: RootsOwners;
  readonly consent: ConsentGate;
  /** Rate limits, asked before consent: a limited call never prompts the user. */
  readonly limiter: CallLimiter;
  readonly toolCalls: ToolCallsRepo;
  /** Failures nobody waits for (a notification to a client that left, a subscription a server refused). */
  readonly log: Logger;
  /** A call waits this long without an answer or a progress notification before it is given up. */
  readonly callTimeoutMs: number;
  /** Starts the server now if it waits its turn, and resolves once it is connected. */
  ready(upstream: Upstream): Promise<UpstreamConnection>;
  /** Told whenever a record is written (the timeline refreshes). */
  recorded(): void;
  /** Waits for servers that have never listed (see Gateway.firstListing); undefined when there are none. */
  firstListing(): Promise<void> | undefined;
}
