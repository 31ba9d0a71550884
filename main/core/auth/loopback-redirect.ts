import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCodes, HubError } from '../../../shared/errors.js';

export const CALLBACK_PATH = '/callback';

/** What an authorization response brought: the code, and the issuer it names (RFC 9207), if any. */
export interface AuthorizationResponse {
  code: string;
  iss: string | undefined;
}

/**
 * Checks an authorization response (success or error) before anything in it is used: throwing refuses
 * it with that sentence, to the browser tab and to the sign-in (RFC 9207's `iss` is checked this way).
 */
export type ResponseCheck = (params: URLSearchParams) => void | Promise<void>;

export interface LoopbackRedirect {
  /** http://127.0.0.1:PORT/callback: the redirect URI of this sign-in. */
  readonly redirectUrl: string;
  /**
   * Resolves the authorization response of the redirect that carries `state`, once `check` passed;
   * rejects on a refused check, an error redirect, the timeout or `signal`.
   */
  code(state: string, timeoutMs: number, signal?: AbortSignal, check?: ResponseCheck): Promise<AuthorizationResponse>;
  close(): Promise<void>;
}

/**
 * The redirect target of a native app's sign-in (RFC 8252 §7.3): a listener on 127.0.0.1 only, on the
 * port of an earlier sign-in when it is free (some servers match redirect URIs exactly), else any free
 * one. A request whose `state` is not ours is refused and does not end the wait: only the browser we
 * sent can finish the sign-in.
 */
export async function startLoopbackRedirect(preferredPort = 0): Promise<LoopbackRedirect> {
  let settle: { state: string; check?: ResponseCheck | undefined; resolve: (r: AuthorizationResponse) => void; reject: (e: Error) => void } | undefined;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const waiting = settle;
    if (url.pathname !== CALLBACK_PATH || !waiting || url.searchParams.get('state') !== waiting.state) {
      return page(res, 400, 'This sign-in link is not the one Agent Hub is waiting for. Start the sign-in again from Agent Hub.');
    }
    const params = url.searchParams;
    // The check comes first: an error text from a response that is not from our server is not shown either.
    Promise.resolve()
      .then(() => waiting.check?.(params))
      .then(
        () => {
          // Another request with our state got here first.
          if (settle !== waiting) return page(res, 400, 'This sign-in has already ended. Start the sign-in again from Agent Hub if needed.');
          const error = params.get('error');
          const code = params.get('code');
          if (error || !code) {
            const why = params.get('error_description') ?? error ?? 'no authorization code';
            page(res, 400, `Sign-in failed: ${why}. You can close this tab.`);
            return waiting.reject(new HubError(ErrorCodes.authFailed, `The server refused the sign-in (${why}).`));
          }
          page(res, 200, 'Signed in to Agent Hub. You can close this tab.');
          waiting.resolve({ code, iss: params.get('iss') ?? undefined });
        },
        (e: Error) => {
          if (settle !== waiting) return page(res, 400, 'This sign-in has already ended. Start the sign-in again from Agent Hub if needed.');
          page(res, 400, `${e.message} You can close this tab.`);
          waiting.reject(e);
        },
      );
  });
  const port = await listen(server, preferredPort).catch(() => listen(server, 0));
  return {
    redirectUrl: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    code: (state, timeoutMs, signal, check) =>
      new Promise<AuthorizationResponse>((resolve, reject) => {
        if (signal?.aborted) return reject(new HubError(ErrorCodes.authFailed, 'The sign-in was cancelled.'));
        signal?.addEventListener('abort', () => settle?.reject(new HubError(ErrorCodes.authFailed, 'The sign-in was cancelled.')), { once: true });
        const timer = setTimeout(
          () => reject(new HubError(ErrorCodes.authFailed, `No answer from the browser within ${Math.round(timeoutMs / 1000)} s; start the sign-in again.`)),
          timeoutMs,
        );
        const done = <T>(f: (v: T) => void) => (v: T) => {
          clearTimeout(timer);
          settle = undefined;
          f(v);
        };
        settle = { state, check, resolve: done(resolve), reject: done(reject) };
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function page(res: http.ServerResponse, status: number, text: string): void {
  const body = `<!doctype html><meta charset="utf-8"><title>Agent Hub</title><p>${text.replace(/[<>&]/g, '')}</p>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'", 'cache-control': 'no-store' });
  res.end(body);
}
