import type { HubApi } from '../../shared/hub-api.js';
import { errorFromHttp, HubApiError, HubApiErrorCodes } from '../../shared/hub-errors.js';
import { hubMethods } from '../../shared/hub-methods.js';
import type { Reachability } from './event-stream.js';

/** A call the hub has not answered by then fails with a sentence, instead of a page that waits forever. */
export const API_TIMEOUT_MS = 15_000;
const PROBE_TIMEOUT_MS = 5_000;

/**
 * Browser mode: the same HubApi over HTTP (POST /api/hub/METHOD with the arguments as a JSON array).
 * The session cookie is HttpOnly; the page never sees it. `onRefused` hears of a 403 (the session ended).
 * A failed call throws a HubApiError: the hub's code and sentence, as the desktop window gets them.
 */
export function createHttpHubApi(options: { onRefused?: () => void; timeoutMs?: number } = {}): HubApi {
  const timeoutMs = options.timeoutMs ?? API_TIMEOUT_MS;
  return Object.fromEntries(
    hubMethods.map((method) => [
      method,
      async (...args: unknown[]) => {
        // JSON has no undefined: an optional argument left out must not arrive as null.
        while (args.length > 0 && args.at(-1) === undefined) args.pop();
        let res: Response;
        try {
          res = await fetch(`/api/hub/${method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(args),
            signal: AbortSignal.timeout(timeoutMs),
          });
        } catch (e) {
          throw (e as Error).name === 'TimeoutError'
            ? new HubApiError(HubApiErrorCodes.timeout, `Agent Hub did not answer within ${timeoutMs / 1000} s; it may still finish. Check again in a moment.`, { cause: e })
            : new HubApiError(HubApiErrorCodes.unreachable, 'Cannot reach Agent Hub: is it still running?', { cause: e });
        }
        const body: unknown = await res.json().catch(() => undefined);
        if (res.status === 403) options.onRefused?.();
        if (!res.ok) throw errorFromHttp(res.status, body);
        return (body as { result?: unknown } | undefined)?.result ?? undefined;
      },
    ]),
  ) as HubApi;
}

/** GET /api/ping answers 204 with a live session and 403 without one; no answer means the hub is down. */
export async function probeSession(): Promise<Reachability> {
  try {
    const res = await fetch('/api/ping', { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return res.status === 403 ? 'signed-out' : res.ok ? 'signed-in' : 'down';
  } catch {
    return 'down';
  }
}

/** Whether the address holds a one-time sign-in code (#code=…), as `serve` and `agent-hub open` print. */
export function hasSignInCode(): boolean {
  return new URLSearchParams(location.hash.slice(1)).has('code');
}

/** Trades the one-time code in the link (#code=…) for a session cookie, then drops it from the address. */
export async function signInFromLink(): Promise<string | undefined> {
  const code = new URLSearchParams(location.hash.slice(1)).get('code');
  if (!code) return undefined;
  history.replaceState(null, '', location.pathname);
  let res: Response;
  try {
    res = await fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }), signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  } catch {
    return 'Cannot reach Agent Hub to sign in: is it running?';
  }
  if (res.ok) return undefined;
  return errorFromHttp(res.status, await res.json().catch(() => undefined), 'Sign-in failed.').message;
}
