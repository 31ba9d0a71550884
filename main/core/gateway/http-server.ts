import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { HubApiErrorCodes } from '../../../shared/hub-errors.js';
import { sendJson } from '../http-helpers.js';
import { checkHostAndOrigin } from './request-guard.js';

export interface HubHttpServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/**
 * The hub's one listener, always on 127.0.0.1. Every request passes the Host/Origin guard before any
 * route sees it. A route whose path ends in `/` serves everything under it.
 */
export async function startHttpServer(
  port: number,
  routes: Record<string, RouteHandler>,
  fallback?: RouteHandler,
  onError: (what: string, e: unknown) => void = () => {},
): Promise<HubHttpServer> {
  let actualPort = port;
  // Errors in the HubApi's envelope (shared/hub-errors.ts), so the page reads every refusal the same way.
  const server = http.createServer((req, res) => {
    const rejected = checkHostAndOrigin(req, actualPort);
    if (rejected) return sendJson(res, rejected.status, { error: { code: HubApiErrorCodes.forbidden, message: rejected.reason } });
    const pathname = (req.url ?? '/').split('?')[0]!;
    const route = routes[pathname] ?? prefixRoute(routes, pathname) ?? fallback;
    if (!route) return sendJson(res, 404, { error: { code: HubApiErrorCodes.notFound, message: `Nothing is served at ${pathname}.` } });
    Promise.resolve(route(req, res)).catch((e: unknown) => {
      // The details stay in the hub's log; the answer names only what failed.
      onError(`${req.method} ${pathname}`, e);
      if (!res.headersSent) sendJson(res, 500, { error: { code: HubApiErrorCodes.internal, message: `${req.method} ${pathname} failed.` } });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new HubError(ErrorCodes.conflict, `Port ${port} on 127.0.0.1 is in use; stop the program using it or pass --port.`)
          : new HubError(ErrorCodes.io, `Cannot listen on 127.0.0.1:${port} (${e.code ?? e.message}).`),
      );
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  actualPort = (server.address() as AddressInfo).port;

  return {
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function prefixRoute(routes: Record<string, RouteHandler>, pathname: string): RouteHandler | undefined {
  for (const [path, route] of Object.entries(routes)) if (path.endsWith('/') && pathname.startsWith(path)) return route;
  return undefined;
}
