import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/** The form of an elicitation the hub sends a client to ask for consent there. */
export interface ConsentElicitation {
  message: string;
  requestedSchema: { type: 'object'; properties: Record<string, unknown>; required: string[] };
}

export interface ElicitationAnswer {
  action: string;
  content?: Record<string, unknown>;
}

/** Everything the consent decision may look at for one tools/call. */
export interface ToolCallRequest {
  /** The call's timeline record (written before consent is asked: no record, no call). */
  callId: number;
  client: string;
  sessionId: string;
  server: string;
  /** The server's own tool name. */
  tool: string;
  /** The server's live definition of the tool (never a saved copy: that is what the call will run). */
  definition: Tool;
  arguments: unknown;
  /**
   * Aborted when the call can no longer complete (the client cancelled it or went away, its session
   * ended, its server was removed); the reason, when it is one of WITHDRAWN's, goes on the record.
   */
  signal: AbortSignal;
  /** Tells the client that the call waits for the user (a progress notification, if it gave a progress token). */
  waiting?(message: string): void;
  /** Asks in the client app (an elicitation on the calling session); absent when that session cannot be asked. */
  askClient?(elicitation: ConsentElicitation, signal: AbortSignal): Promise<ElicitationAnswer>;
}

export type ConsentDenial = { allow: false; by: string; message: string };
export type ConsentDecision = { allow: true; by: string } | ConsentDenial;

/** Why a prompt was withdrawn: the abort reasons the gateway gives, as the record shows them. */
export const WITHDRAWN = {
  cancelled: 'the client cancelled the call',
  disconnected: 'the client disconnected',
  sessionEnded: 'the client session ended',
} as const;

/**
 * The one hook between routing and the upstream call. The gateway calls decide() for every tools/call
 * and forwards the call only on { allow: true }; a denial becomes an isError tool result carrying
 * `message`, which the model can act on.
 */
export interface ConsentGate {
  decide(request: ToolCallRequest): ConsentDecision | Promise<ConsentDecision>;
  /**
   * For requests that are not tool calls (resources/read, prompts/get, completion/complete): a denial
   * when a rule refuses the whole server to this client; undefined lets the request through.
   */
  deniesServer?(client: string, sessionId: string, server: string): ConsentDenial | undefined;
}
