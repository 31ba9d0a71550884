import {
  inputRequired,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
  type ClientCapabilities,
  type Result,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { WITHDRAWN } from '../consent/consent-gate.js';
import { covers } from './input-requests.js';
import { ModernCall, type Run } from './modern-call.js';

/** What the hub's requestState carries: the id of a parked call (signed by the codec; nothing secret in it). */
export interface ParkedState {
  call: string;
  /** Which round minted it: each round's state differs, as a server's evolving state would. */
  round?: number;
}

const CAPABILITIES_KEY = 'io.modelcontextprotocol/clientCapabilities';

export interface ParkedCallsOptions {
  /** A parked call whose client does not come back within this is cancelled. */
  ttlMs: number;
  /** Parked calls one client may have at a time. */
  maxPerClient: number;
  mint(payload: ParkedState, ctx: ServerContext): Promise<string>;
  /** A client's answer to roots/list (kept for servers that ask outside its calls). */
  rootsAnswered(sessionId: string, roots: unknown[]): void;
}

/**
 * The calls of 2026-07-28 clients that wait for the client's input between two rounds. A round runs the
 * call until it finishes (its result) or asks the client something (an `input_required` result with
 * the questions and a requestState naming the parked call, signed and bound to the method and the
 * client); the retry with `inputResponses` resumes it. Parked calls expire (the upstream call is
 * cancelled and its questions answered "cancel") and each client may have only so many.
 */
export class ParkedCalls {
  private readonly parked = new Map<string, ModernCall>();
  private rounds = 0;

  constructor(private readonly options: ParkedCallsOptions) {}

  /** One round of a request: a new call, or the retry of a parked one. */
  async serve(
    ctx: ServerContext,
    who: { client: string; sessionId: string },
    method: string,
    name: string,
    run: Run,
  ): Promise<Result> {
    // Already verified by the codec (a tampered or another client's state never gets here).
    const state = ctx.mcpReq.requestState<ParkedState>();
    const parked = state === undefined ? undefined : this.take(state, who.client, method, name);
    // After a URL elicitation the request runs again from the start, as a 2025 client's retry would.
    if (parked && !parked.restart) {
      parked.attach(ctx);
      parked.answer(ctx.mcpReq.inputResponses);
      return this.round(parked, ctx);
    }
    const call = new ModernCall(who.client, method, name, (roots) => this.options.rootsAnswered(who.sessionId, roots));
    call.attach(ctx);
    call.start(run, ctx.mcpReq.id, who.sessionId);
    return this.round(call, ctx);
  }

  /** Cancels the parked calls of clients that are gone (all of them with no argument). */
  cancel(gone: (client: string) => boolean = () => true, reason: string = WITHDRAWN.sessionEnded): void {
    for (const call of [...this.parked.values()]) {
      if (!gone(call.client)) continue;
      this.drop(call);
      call.cancel(reason);
    }
  }

  get size(): number {
    return this.parked.size;
  }

  private async round(call: ModernCall, ctx: ServerContext): Promise<Result> {
    try {
      const capabilities = ((ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CAPABILITIES_KEY] ?? {}) as ClientCapabilities;
      for (;;) {
        await call.next();
        if (call.done) {
          const urls = call.urlElicitations();
          if (!urls) return call.result();
          if (!covers(capabilities, { method: 'elicitation/create', params: { mode: 'url' } })) {
            throw new MissingRequiredClientCapabilityError(
              { requiredCapabilities: { elicitation: { url: {} } } },
              'The server needs the user to open a URL first (URL elicitation), which this client does not declare it can do.',
            );
          }
          call.restart = true;
          const requestState = await this.options.mint({ call: call.id, round: ++this.rounds }, ctx);
          this.park(call);
          return inputRequired({ inputRequests: urls, requestState });
        }
        // Questions asked together (several elicitations of one upstream step) go out in one round.
        await new Promise((resolve) => setImmediate(resolve));
        call.refuseUncovered(capabilities);
        if (call.done || !call.waiting) continue;
        if (this.count(call.client) >= this.options.maxPerClient) {
          call.refuse(`Agent Hub already holds ${this.options.maxPerClient} calls of ${call.client} waiting for its input; answer those first.`);
          continue;
        }
        const requestState = await this.options.mint({ call: call.id, round: ++this.rounds }, ctx);
        if (call.done || !call.waiting) continue;
        this.park(call);
        return inputRequired({ inputRequests: call.inputRequests(), requestState });
      }
    } finally {
      call.detach();
    }
  }

  private park(call: ModernCall): void {
    this.parked.set(call.id, call);
    call.timer = setTimeout(() => {
      if (this.parked.get(call.id) !== call) return;
      this.drop(call);
      call.cancel(`the client did not answer within ${Math.round(this.options.ttlMs / 1000)} s`);
    }, this.options.ttlMs);
    call.timer.unref();
  }

  private take(state: ParkedState, client: string, method: string, name: string): ModernCall {
    const call = typeof state?.call === 'string' ? this.parked.get(state.call) : undefined;
    if (!call || call.client !== client || call.method !== method || call.name !== name) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        'This request no longer waits for input (it finished, expired or was cancelled); send it again without requestState.',
      );
    }
    this.drop(call);
    return call;
  }

  private drop(call: ModernCall): void {
    this.parked.delete(call.id);
    clearTimeout(call.timer);
  }

  private count(client: string): number {
    let n = 0;
    for (const call of this.parked.values()) if (call.client === client) n++;
    return n;
  }
}

