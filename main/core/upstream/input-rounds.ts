import { ErrorCode, McpError, type ClientCapabilities, type LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamCaller } from './upstream-connection.js';

/*
 * MCP 2026-07-28 asks the client for input inside a request: a server answers tools/call, prompts/get
 * or resources/read with `input_required` (embedded elicitation/create, sampling/createMessage,
 * roots/list requests and an opaque requestState), and the client retries with `inputResponses` and
 * the state echoed byte for byte. The hub is the client of the server and a server to its own
 * clients: it puts each embedded request to the client that made the request (a legacy client gets a
 * real server→client request, a modern one an input_required of the hub's own) and retries.
 */

/** The methods a modern server may answer with input_required. */
export const ROUND_METHODS: ReadonlySet<string> = new Set(['tools/call', 'prompts/get', 'resources/read']);

/** How many rounds one request may take before the hub gives up (the SDK's own driver allows 10). */
export const MAX_INPUT_ROUNDS = 10;

/** A retry that carries no input (the server only wants its state back) waits this long first, as the SDK's driver does. */
const STATE_ONLY_PAUSE_MS = 250;

const ENVELOPE_PREFIX = 'io.modelcontextprotocol/';
export const CLIENT_CAPABILITIES_KEY = 'io.modelcontextprotocol/clientCapabilities';
export const LOG_LEVEL_KEY = 'io.modelcontextprotocol/logLevel';

/**
 * On an embedded request the hub passes to its caller: the key the server gave it, so a 2026-07-28
 * caller is asked under the same key (a hint; a key already in use gets one of the hub's own).
 */
export const INPUT_KEY: unique symbol = Symbol('input request key');

export interface InputRequiredResult {
  resultType: 'input_required';
  inputRequests?: Record<string, unknown>;
  requestState?: string;
}

export function isInputRequired(result: Record<string, unknown>): result is Record<string, unknown> & InputRequiredResult {
  return result.resultType === 'input_required';
}

/**
 * The `_meta` of a request to a modern server: the caller's own keys, minus any envelope keys it sent
 * (the envelope is the hub's to set), plus the calling client's capabilities (those a server may ask
 * for: sampling, elicitation, roots) and its logging level (or the hub's default level).
 */
export function envelope(meta: unknown, caller: UpstreamCaller | undefined, defaultLevel: LoggingLevel | undefined): Record<string, unknown> {
  const own = meta && typeof meta === 'object' ? Object.entries(meta as Record<string, unknown>).filter(([k]) => !k.startsWith(ENVELOPE_PREFIX)) : [];
  const out: Record<string, unknown> = Object.fromEntries(own);
  if (caller) out[CLIENT_CAPABILITIES_KEY] = askable(caller.capabilities);
  const level = caller?.logLevel ?? defaultLevel;
  if (level) out[LOG_LEVEL_KEY] = level;
  return out;
}

function askable(caps: ClientCapabilities | undefined): ClientCapabilities {
  return {
    ...(caps?.sampling ? { sampling: caps.sampling } : {}),
    ...(caps?.elicitation ? { elicitation: caps.elicitation } : {}),
    ...(caps?.roots ? { roots: caps.roots } : {}),
  };
}

/**
 * Sends a request and answers its input_required rounds until the server gives a result: each round's
 * embedded requests go to the caller at once (a failure or the caller's abort cancels the others),
 * then the request goes again with the answers and the server's requestState, untouched.
 */
export async function withInputRounds(
  server: string,
  method: string,
  params: Record<string, unknown>,
  send: (params: Record<string, unknown>) => Promise<Record<string, unknown>>,
  caller: UpstreamCaller | undefined,
  signal: AbortSignal | undefined,
  maxRounds = MAX_INPUT_ROUNDS,
): Promise<Record<string, unknown>> {
  let result = await send(params);
  for (let round = 1; isInputRequired(result); round++) {
    if (round > maxRounds) {
      throw new McpError(ErrorCode.InternalError, `Server "${server}" still asked for input after ${maxRounds} rounds of ${method}, so Agent Hub stopped.`);
    }
    const requests = Object.entries(result.inputRequests ?? {});
    let responses: Record<string, unknown> | undefined;
    if (requests.length) responses = await fulfil(server, requests, caller, signal);
    else await pause(STATE_ONLY_PAUSE_MS, signal);
    result = await send({
      ...params,
      ...(responses ? { inputResponses: responses } : {}),
      ...(result.requestState !== undefined ? { requestState: result.requestState } : {}),
    });
  }
  return result;
}

async function fulfil(server: string, requests: [string, unknown][], caller: UpstreamCaller | undefined, outer: AbortSignal | undefined): Promise<Record<string, unknown>> {
  if (!caller) {
    const methods = [...new Set(requests.map(([, r]) => String((r as { method?: unknown })?.method)))].join(', ');
    throw new McpError(ErrorCode.InvalidRequest, `Server "${server}" asked for ${methods} during a request no client is waiting on, so Agent Hub cannot pass it on.`);
  }
  const round = new AbortController();
  const onAbort = () => round.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  if (outer?.aborted) round.abort(outer.reason);
  try {
    const answers = await Promise.all(
      requests.map(async ([key, request]) => {
        try {
          return [key, await ask(server, key, request, caller, round.signal)] as const;
        } catch (e) {
          round.abort(e);
          throw e;
        }
      }),
    );
    return Object.fromEntries(answers);
  } finally {
    outer?.removeEventListener('abort', onAbort);
  }
}

/** One embedded request, to the caller; what its capabilities cannot answer gets the sentence a legacy server gets today. */
async function ask(server: string, key: string, request: unknown, caller: UpstreamCaller, signal: AbortSignal): Promise<Record<string, unknown>> {
  const { method, params } = (request ?? {}) as { method?: unknown; params?: Record<string, unknown> };
  const caps = caller.capabilities ?? {};
  if (method === 'roots/list') {
    // A client without roots has none (what the hub answers a legacy server for it too).
    if (!caps.roots) return { roots: [] };
  } else if (method === 'sampling/createMessage') {
    if (!caps.sampling) throw new McpError(ErrorCode.MethodNotFound, 'The calling client does not support sampling/createMessage.');
  } else if (method === 'elicitation/create') {
    if (!canElicit(caps, params)) throw new McpError(ErrorCode.MethodNotFound, `The calling client does not support elicitation/create${params?.mode === 'url' ? ' in url mode' : ''}.`);
  } else {
    throw new McpError(ErrorCode.InvalidRequest, `Server "${server}" asked for ${String(method)} in an input_required result; Agent Hub can pass on only elicitation/create, sampling/createMessage and roots/list.`);
  }
  const embedded = { method, ...(params ? { params } : {}), [INPUT_KEY]: key };
  return caller.ask(embedded, signal);
}

/** Form mode: `elicitation: {}` or `{ form }` (2025-06-18 and later); url mode must be declared. */
function canElicit(caps: ClientCapabilities, params: Record<string, unknown> | undefined): boolean {
  const e = caps.elicitation as Record<string, unknown> | undefined;
  if (!e) return false;
  if (params?.mode === 'url') return e.url !== undefined;
  return e.form !== undefined || Object.keys(e).length === 0;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason instanceof Error ? signal!.reason : new Error(String(signal!.reason)));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
