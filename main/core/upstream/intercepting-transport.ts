import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * Sees every message from a server before the SDK's Client does, synchronously. Needed because the
 * SDK runs notification handlers a microtask later than it settles responses: a progress or log
 * notification that arrives in the same chunk as the call's result would otherwise be handled after
 * the result (and progress would be dropped outright, its handler already removed). `intercept`
 * returns true for messages it consumed.
 */
export class InterceptingTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;

  constructor(
    private readonly inner: Transport,
    private readonly intercept: (message: JSONRPCMessage) => boolean,
  ) {
    inner.onmessage = (m) => {
      if (!this.intercept(m)) this.onmessage?.(m);
    };
    inner.onclose = () => this.onclose?.();
    inner.onerror = (e) => this.onerror?.(e);
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
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
    this.inner.setProtocolVersion?.(version);
  }
}
