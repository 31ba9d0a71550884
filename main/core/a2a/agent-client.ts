// Talks A2A to one agent through @a2a-js/sdk's client (JSON-RPC or HTTP+JSON, whichever the card lists
// first; v0.3 agents through the SDK's compat layer) and hands back wire JSON (see a2a-wire.ts).
import { CancelTaskRequest, GetTaskRequest, Message, SendMessageRequest, StreamResponse, Task } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory, RestTransportFactory, type Client } from '@a2a-js/sdk/client';
import { isInterrupted, isTerminal, taskState, type WireMessage, type WireStreamResponse, type WireTask } from './a2a-wire.js';

/** Polling a non-streaming agent: first after this, then slower, up to POLL_MAX_MS. */
const POLL_FIRST_MS = 200;
const POLL_MAX_MS = 2000;

export interface AgentClient {
  /** Whether the card says the agent streams (SendStreamingMessage) rather than being polled. */
  readonly streaming: boolean;
  /**
   * Sends a message and yields what the agent reports until the task is over or waits for the caller:
   * the stream's events, or SendMessage's answer followed by GetTask snapshots.
   */
  send(message: WireMessage, signal: AbortSignal): AsyncGenerator<WireStreamResponse>;
  getTask(id: string, signal?: AbortSignal): Promise<WireTask>;
  cancelTask(id: string, signal?: AbortSignal): Promise<WireTask>;
}

const compat = { legacyCompat: { enabled: true } };

/** A client for the card (the raw document as fetched), sending requests through `fetchImpl`. */
export async function createAgentClient(rawCard: unknown, streaming: boolean, fetchImpl: typeof fetch): Promise<AgentClient> {
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory({ fetchImpl, ...compat }), new RestTransportFactory({ fetchImpl, ...compat })],
      cardResolver: new DefaultAgentCardResolver({ fetchImpl, ...compat }),
    }),
  );
  const client = await factory.createFromAgentCard(rawCard as never);
  return new SdkAgentClient(client, streaming);
}

class SdkAgentClient implements AgentClient {
  constructor(
    private readonly client: Client,
    readonly streaming: boolean,
  ) {}

  async *send(message: WireMessage, signal: AbortSignal): AsyncGenerator<WireStreamResponse> {
    if (this.streaming) {
      const request = SendMessageRequest.fromJSON({ message });
      for await (const event of this.client.sendMessageStream(request, { signal })) yield StreamResponse.toJSON(event) as WireStreamResponse;
      return;
    }
    // returnImmediately: the task comes back at once and is polled, so its progress shows while it runs.
    const request = SendMessageRequest.fromJSON({ message, configuration: { returnImmediately: true } });
    const result = await this.client.sendMessage(request, { signal });
    if (!('status' in result)) return yield { message: Message.toJSON(result) as WireMessage };
    let task = Task.toJSON(result) as WireTask;
    yield { task };
    for (let wait = POLL_FIRST_MS; !done(task); wait = Math.min(POLL_MAX_MS, Math.round(wait * 1.5))) {
      await sleep(wait, signal);
      task = await this.getTask(task.id, signal);
      yield { task };
    }
  }

  async getTask(id: string, signal?: AbortSignal): Promise<WireTask> {
    return Task.toJSON(await this.client.getTask(GetTaskRequest.fromJSON({ id }), signal ? { signal } : undefined)) as WireTask;
  }

  async cancelTask(id: string, signal?: AbortSignal): Promise<WireTask> {
    return Task.toJSON(await this.client.cancelTask(CancelTaskRequest.fromJSON({ id }), signal ? { signal } : undefined)) as WireTask;
  }
}

function done(task: WireTask): boolean {
  const state = taskState(task.status?.state);
  return isTerminal(state) || isInterrupted(state);
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(t);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}
