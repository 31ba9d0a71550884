import { ErrorCodes, isHubError } from './errors.js';
import type { HubApi } from './hub-api.js';
import { hubMethods, type HubMethod } from './hub-methods.js';

/**
 * The one error envelope of the HubApi, the same over IPC (the desktop window) and HTTP (browser mode):
 * `{ code, message }`, a stable code to branch on and one sentence to show. A HubError keeps its own
 * code and sentence; anything else becomes 'internal' with "METHOD failed." and its details (stack
 * included) stay in the hub. The hosts build envelopes here, and the clients turn them back into a
 * HubApiError here, so both ends agree by construction.
 */
export const HubApiErrorCodes = {
  ...ErrorCodes,
  /** Not a HubError: an unexpected failure inside the hub. Nothing about it but the method reaches the UI. */
  internal: 'internal',
  /** Browser mode: no live session (sign in with a new link), or a sign-in link already used or expired. */
  unauthorized: 'unauthorized',
  /** The request did not come from Agent Hub's own window or page. */
  forbidden: 'forbidden',
  /** Browser mode: an API call without a JSON body. */
  unsupportedMediaType: 'unsupported_media_type',
  /** Browser mode: an HTTP method the address does not take. */
  methodNotAllowed: 'method_not_allowed',
  /** Browser mode, in the page: the hub could not be reached. */
  unreachable: 'unreachable',
  /** Browser mode, in the page: the hub did not answer in time. */
  timeout: 'timeout',
} as const;
export type HubApiErrorCode = (typeof HubApiErrorCodes)[keyof typeof HubApiErrorCodes];

/** What crosses the boundary for a failed call. */
export interface HubErrorBody {
  code: HubApiErrorCode;
  message: string;
}

/** An IPC handler's reply: it never throws across the boundary, since Electron would prefix the sentence. */
export type IpcResult<T = unknown> = { ok: true; result: T } | { ok: false; error: HubErrorBody };

/** A failed HubApi call as the UI sees it, in the desktop app and in a browser alike. */
export class HubApiError extends Error {
  override readonly name = 'HubApiError';
  constructor(
    readonly code: HubApiErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isHubApiError(e: unknown): e is HubApiError {
  return e instanceof HubApiError;
}

const knownCodes: ReadonlySet<string> = new Set(Object.values(HubApiErrorCodes));

/** The envelope of an error a HubApi method threw: a HubError's own code and sentence, else 'internal'. */
export function errorBody(e: unknown, method: string): HubErrorBody {
  return isHubError(e) ? { code: e.code, message: e.message } : { code: HubApiErrorCodes.internal, message: internalMessage(method) };
}

export function internalMessage(method: string): string {
  return `${method} failed.`;
}

/** Arguments that do not match the method's schema: the method is never called. */
export function invalidArguments(method: string): HubErrorBody {
  return { code: HubApiErrorCodes.invalidArgument, message: `Invalid arguments for ${method}.` };
}

export function isErrorBody(value: unknown): value is HubErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && knownCodes.has(code) && typeof message === 'string' && message !== '';
}

/** What the preload exposes as `window.hub`: each method resolves with its IpcResult, as data. */
export type IpcHubBridge = { [M in HubMethod]: (...args: unknown[]) => Promise<IpcResult> };

export function isIpcResult(reply: unknown): reply is IpcResult {
  if (typeof reply !== 'object' || reply === null) return false;
  const r = reply as Record<string, unknown>;
  return (r.ok === true && 'result' in r) || (r.ok === false && isErrorBody(r.error));
}

/** The page's HubApi over the preload's bridge: each method's value, or its error as a HubApiError with its code. */
export function hubApiOverIpc(bridge: IpcHubBridge): HubApi {
  return Object.fromEntries(hubMethods.map((method) => [method, async (...args: unknown[]) => unwrapIpcResult(await bridge[method](...args), method)])) as HubApi;
}

/** The result of an IPC reply, or its error thrown as a HubApiError. A reply of any other shape is 'internal'. */
export function unwrapIpcResult(reply: unknown, method: string): unknown {
  if (typeof reply === 'object' && reply !== null) {
    const r = reply as Record<string, unknown>;
    if (r.ok === true && 'result' in r) return r.result;
    if (r.ok === false && isErrorBody(r.error)) throw new HubApiError(r.error.code, r.error.message);
  }
  throw new HubApiError(HubApiErrorCodes.internal, internalMessage(method));
}

/**
 * The HubApiError of a failed HTTP answer. The browser UI answers `{ error: { code, message } }`; the
 * listener's own guard (Host/Origin) answers `{ error: sentence }`, which keeps its sentence with a code
 * from the status; a body with neither gets `fallback`.
 */
export function errorFromHttp(status: number, body: unknown, fallback = `The hub answered ${status}.`): HubApiError {
  const error = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).error : undefined;
  if (isErrorBody(error)) return new HubApiError(error.code, error.message);
  const message = typeof error === 'string' && error !== '' ? error : fallback;
  return new HubApiError(codeOfStatus(status), message);
}

function codeOfStatus(status: number): HubApiErrorCode {
  switch (status) {
    case 400:
      return HubApiErrorCodes.invalidArgument;
    case 401:
      return HubApiErrorCodes.unauthorized;
    case 403:
      return HubApiErrorCodes.forbidden;
    case 404:
      return HubApiErrorCodes.notFound;
    case 405:
      return HubApiErrorCodes.methodNotAllowed;
    case 415:
      return HubApiErrorCodes.unsupportedMediaType;
    default:
      return HubApiErrorCodes.internal;
  }
}
