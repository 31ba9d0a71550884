// Talks A2A to one agent through @a2a-js/sdk's client (JSON-RPC or HTTP+JSON, whichever the card lists
// first; v0.3 agents through the SDK's compat layer) and hands back wire JSON (see a2a-wire.ts).
import { CancelTaskRequest, GetTaskRequest, Message, SendMessageRequest, StreamResponse, Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import { createSdkClient } from './sdk-client.js';
import type { WireMessage, WireStreamResponse, WireTask } from './a2a-wire.js';

export interface AgentClient {
  /** Whether the card says the agent streams (SendStreamingMessage) rather than being polled. */
  readonly streaming: boolean;
  /** The SDK's client itself, for the A2A front door's pass-through (a2a/front-handler.ts). */
  readonly sdk: Client;
  /**
   * Sends a message and yields what the agent reports: the stream's events, or SendMessage's answer
   * alone (the caller follows a task that is not over with GetTask; see agent-tools.ts). Returning
   * early (break) closes the stream's request.
   */
  send(message: WireMessage, signal: AbortSignal): AsyncGenerator<WireStreamResponse>;
  getTask(id: string, signal?: AbortSignal): Promise<WireTask>;
  cancelTask(id: string, signal?: AbortSignal): Promise<WireTask>;
}

/** A client for the card (the raw document as fetched), sending requests through `fetchImpl`. */
export async function createAgentClient(rawCard: unknown, streaming: boolean, fetchImpl: typeof fetch): Promise<AgentClient> {
  return new SdkAgentClient(await createSdkClient(rawCard, fetchImpl), streaming);
}

class SdkAgentClient implements AgentClient {
  constructor(
    readonly sdk: Client,
    readonly streaming: boolean,
  ) {}

  async *send(message: WireMessage, signal: AbortSignal): AsyncGenerator<WireStreamResponse> {
    if (this.streaming) {
      const request = SendMessageRequest.fromJSON({ message });
      // A caller that stops reading early (the task waits for it) ends the request too, so the
      // connection closes whatever the transport does on return(): the agent may hold the stream open.
      const stop = new AbortController();
      try {
        for await (const event of this.sdk.sendMessageStream(request, { signal: AbortSignal.any([signal, stop.signal]) })) {
          yield StreamResponse.toJSON(event) as WireStreamResponse;
        }
      } finally {
        stop.abort();
      }
      return;
    }
    // returnImmediately: the task comes back at once and is polled, so its progress shows while it runs.
    const request = SendMessageRequest.fromJSON({ message, configuration: { returnImmediately: true } });
    const result = await this.sdk.sendMessage(request, { signal });
    yield 'status' in result ? { task: Task.toJSON(result) as WireTask } : { message: Message.toJSON(result) as WireMessage };
  }

  async getTask(id: string, signal?: AbortSignal): Promise<WireTask> {
    return Task.toJSON(await this.sdk.getTask(GetTaskRequest.fromJSON({ id }), signal ? { signal } : undefined)) as WireTask;
  }

  async cancelTask(id: string, signal?: AbortSignal): Promise<WireTask> {
    return Task.toJSON(await this.sdk.cancelTask(CancelTaskRequest.fromJSON({ id }), signal ? { signal } : undefined)) as WireTask;
  }
}
