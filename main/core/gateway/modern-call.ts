import { randomUUID } from 'node:crypto';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { inputResponse, ProtocolError, type ClientCapabilities, type InputRequest, type Result, type ServerContext } from '@modelcontextprotocol/server';
import { WITHDRAWN } from '../consent/consent-gate.js';
import type { CallChannel } from './in-flight.js';
import { covers, sendOnStream, toInputRequest } from './input-requests.js';
import { stripMcpPrefix } from './upstream-errors.js';
import { INPUT_KEY } from '../upstream/input-rounds.js';

type Outcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: unknown };
interface PendingInput {
  request: { method: string; params?: unknown };
  resolve: (result: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}
const RESPONSE_KIND: Record<string, string> = { 'elicitation/create': 'elicit', 'sampling/createMessage': 'sampling', 'roots/list': 'roots' };
/** 2025's "open this URL first, then call again" error (URLElicitationRequiredError). */
const URL_ELICITATION_REQUIRED = -32042;
export type Run = (channel: CallChannel) => Promise<Record<string, unknown>>;

/**
 * One request of a 2026-07-28 client (tools/call, prompts/get, resources/read) running through the
 * gateway's pipeline, across the HTTP exchanges ("rounds") of a multi-round-trip request. Its channel is
 * what the pipeline sees of the client: a request the hub or an upstream server makes of the client
 * (the consent question, an upstream's elicitation, sampling or roots/list) waits here until the round
 * ends with an `input_required` result carrying it; the client's retry answers it and the call goes on.
 */
export class ModernCall {
  readonly id = randomUUID();
  /** The call's own signal: the stream of the current round closed, or the call expired while parked. */
  readonly abort = new AbortController();
  timer: NodeJS.Timeout | undefined;
  /** Parked after a server's URL elicitation error: the retry runs the request afresh (as a 2025 client would). */
  restart = false;
  private readonly pending = new Map<string, PendingInput>();
  private outcome: Outcome | undefined;
  private wake: (() => void) | undefined;
  private ctx: ServerContext | undefined;
  private readonly onRoundAbort = () => this.cancel(WITHDRAWN.cancelled);
  private seq = 0;

  constructor(
    readonly client: string,
    readonly method: string,
    readonly name: string,
    private readonly rootsAnswered: (roots: unknown[]) => void,
  ) {}

  get done(): boolean {
    return this.outcome !== undefined;
  }

  /** Runs the request through the pipeline with this call's channel. */
  start(run: Run, requestId: string | number, sessionId: string): void {
    const channel: CallChannel = {
      signal: this.abort.signal,
      requestId,
      sessionId,
      sendNotification: async (n) => this.notify(n),
      sendRequest: (request, _schema, options) => this.ask(request, options?.signal),
    };
    Promise.resolve()
      .then(() => run(channel))
      .then(
        (result) => this.settle({ ok: true, result }),
        (error: unknown) => this.settle({ ok: false, error }),
      );
  }

  /**
   * The URL elicitations of a 2025 server's "URL elicitation required" error (-32042), as input requests:
   * the client opens them, and its retry runs the request again. Undefined for any other outcome.
   */
  urlElicitations(): Record<string, InputRequest> | undefined {
    const e = this.outcome?.ok === false ? this.outcome.error : undefined;
    if (!(e instanceof McpError) || e.code !== URL_ELICITATION_REQUIRED) return undefined;
    const list = (e.data as { elicitations?: unknown } | undefined)?.elicitations;
    if (!Array.isArray(list) || list.length === 0) return undefined;
    return Object.fromEntries(list.map((params, i) => [`agent-hub-url-${i + 1}`, toInputRequest({ method: 'elicitation/create', params: { ...(params as object), mode: 'url' } })]));
  }

  /** Refuses what the client did not declare it can answer (its request's capabilities), as for a 2025 session. */
  refuseUncovered(capabilities: ClientCapabilities): void {
    for (const [key, p] of this.pending) {
      if (covers(capabilities, p.request)) continue;
      this.pending.delete(key);
      const url = (p.request.params as { mode?: string } | undefined)?.mode === 'url' ? ' in URL mode' : '';
      p.reject(new McpError(ErrorCode.MethodNotFound, `The calling client does not support ${p.request.method}${url}.`));
    }
  }

  /** The HTTP exchange now serving this call: its stream carries progress and log messages, its close cancels. */
  attach(ctx: ServerContext): void {
    this.ctx = ctx;
    if (ctx.mcpReq.signal.aborted) this.onRoundAbort();
    else ctx.mcpReq.signal.addEventListener('abort', this.onRoundAbort, { once: true });
  }

  detach(): void {
    this.ctx?.mcpReq.signal.removeEventListener('abort', this.onRoundAbort);
    this.ctx = undefined;
  }

  /** Resolves once the call finished or waits for the client's input. */
  next(): Promise<void> {
    if (this.outcome || this.pending.size > 0) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }

  get waiting(): boolean {
    return this.pending.size > 0;
  }

  /** The result, or the error as the wire carries it (an McpError's code, message and data). */
  result(): Result {
    const outcome = this.outcome!;
    if (outcome.ok) return outcome.result as Result;
    const e = outcome.error;
    if (e instanceof McpError) throw new ProtocolError(e.code, stripMcpPrefix(e.message), e.data);
    throw e;
  }

  /** The requests waiting for the client, as the input requests of an `input_required` result. */
  inputRequests(): Record<string, InputRequest> {
    return Object.fromEntries([...this.pending].map(([key, p]) => [key, toInputRequest(p.request)]));
  }

  /** The client's retry: each answer of the kind asked goes to the request waiting for it; the rest are asked again. */
  answer(responses: Record<string, unknown> | undefined): void {
    for (const [key, p] of this.pending) {
      const view = inputResponse(responses, key);
      if (view.kind !== RESPONSE_KIND[p.request.method]) continue;
      this.pending.delete(key);
      if (view.kind === 'roots') this.rootsAnswered(view.roots);
      p.resolve(responses![key] as Record<string, unknown>);
    }
  }

  /** Refuses what waits for the client now (too many of its calls are parked). */
  refuse(message: string): void {
    for (const p of this.pending.values()) p.reject(new McpError(ErrorCode.InvalidRequest, message));
    this.pending.clear();
  }

  /** Ends the call: elicitations waiting for the client are answered "cancel", other requests fail, the upstream call is cancelled. */
  cancel(reason: string): void {
    for (const p of this.pending.values()) {
      if (p.request.method === 'elicitation/create') p.resolve({ action: 'cancel' });
      else p.reject(new McpError(ErrorCode.InvalidRequest, `The request was cancelled: ${reason}.`));
    }
    this.pending.clear();
    if (!this.abort.signal.aborted) this.abort.abort(reason);
    this.poke();
  }

  private ask(request: { method: string; params?: unknown }, signal: AbortSignal | undefined): Promise<Record<string, unknown>> {
    if (this.abort.signal.aborted || this.outcome) return Promise.reject(new McpError(ErrorCode.InvalidRequest, 'The call has ended.'));
    return new Promise((resolve, reject) => {
      const hint = (request as { [INPUT_KEY]?: unknown })[INPUT_KEY];
      let key = typeof hint === 'string' && hint && !this.pending.has(hint) ? hint : `agent-hub-${++this.seq}`;
      while (this.pending.has(key)) key = `agent-hub-${++this.seq}`;
      this.pending.set(key, { request, resolve, reject });
      signal?.addEventListener(
        'abort',
        () => {
          // Answered elsewhere (the hub's own prompt) or no longer needed: not asked any more.
          if (this.pending.delete(key)) reject(new McpError(ErrorCode.RequestTimeout, 'The request was cancelled.'));
        },
        { once: true },
      );
      this.poke();
    });
  }

  /** Progress and log messages go out on the current round's stream (none while parked: nobody listens then). */
  private async notify(n: { method: string; params?: unknown }): Promise<void> {
    if (this.ctx) await sendOnStream(this.ctx, n);
  }

  private settle(outcome: Outcome): void {
    this.outcome = outcome;
    this.refuse('The call has ended.');
    this.poke();
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

