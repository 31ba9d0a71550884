import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * Sees every message from a server before the SDK's Client does, synchronously. Needed because the
 * SDK runs notification handlers a microtask later than it settles responses: a progress or log
 * notification that arrives in the same chunk as the call's result would otherwise be handled after
 * the result (and progress would be dropped outright, its handler already removed). `intercept`
 * returns true for messages it consumed.
 *
 * It serves the v1 Client (legacy servers) and the v2 Client (2026-07-28 servers) alike, so it passes
 * on what the v2 client reads from a transport: `pid` and `stderr` (only when the inner transport has
 * them: the v2 client tells a stdio transport by their presence, and probes the era in place on it),
 * `hasPerRequestStream` (cancellation closes a request's HTTP stream) and the send options.
 */
export class InterceptingTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  /** The protocol version the client settled on (set after initialize, or once a modern era is chosen). */
  protocolVersion: string | undefined;

  constructor(
    private readonly inner: Transport,
    private readonly intercept: (message: JSONRPCMessage) => boolean,
  ) {
    inner.onmessage = (m) => {
      if (!this.intercept(m)) this.onmessage?.(m);
    };
    inner.onclose = () => this.onclose?.();
    inner.onerror = (e) => this.onerror?.(e);
    for (const key of ['pid', 'stderr'] as const) {
      if (key in inner) Object.defineProperty(this, key, { get: () => (inner as unknown as Record<string, unknown>)[key], enumerable: true });
    }
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  get hasPerRequestStream(): boolean | undefined {
    return (this.inner as { hasPerRequestStream?: boolean }).hasPerRequestStream;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
    this.inner.setProtocolVersion?.(version);
  }

  setSupportedProtocolVersions(versions: string[]): void {
    (this.inner as { setSupportedProtocolVersions?: (v: string[]) => void }).setSupportedProtocolVersions?.(versions);
  }
}
