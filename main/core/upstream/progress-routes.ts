import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export type ProgressListener = (params: { progress: number; total?: number; message?: string }) => void;

/**
 * Progress of one server's calls in flight, by the progress token the hub gave the server (a
 * client's own token never reaches a server): the same for both eras, since the hub reads progress
 * off the transport before either SDK client sees it (see InterceptingTransport).
 */
export class ProgressRoutes {
  private readonly listeners = new Map<string, ProgressListener>();
  private seq = 0;

  /** A progress token for one call to this server. */
  next(): string {
    return `agent-hub-${++this.seq}`;
  }

  /** Calls `listener` with each progress notification for `token`, until the returned function is called. */
  watch(token: string, listener: ProgressListener): () => void {
    this.listeners.set(token, listener);
    return () => this.listeners.delete(token);
  }

  /** Delivers a progress notification; true when `m` was one (consumed, whoever listens). */
  deliver(m: JSONRPCMessage): boolean {
    if (!('method' in m) || 'id' in m || m.method !== 'notifications/progress') return false;
    const { progressToken, ...rest } = (m.params ?? {}) as { progressToken?: string | number; progress: number };
    this.listeners.get(String(progressToken))?.(rest);
    return true;
  }
}
