import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { isHubError } from '../../../shared/errors.js';
import { hubApiContract, hubMethods, type HubApi, type HubMethod } from '../../../shared/hub-api.js';
import type { HubEvent } from '../../../shared/hub-events.js';
import { errorBody, HubApiErrorCodes, invalidArguments, type HubApiErrorCode, type HubErrorBody } from '../../../shared/hub-errors.js';
import { readJsonBody, sendJson } from '../http-helpers.js';
import type { UiCodesRepo } from '../store/ui-codes-repo.js';

/**
 * Browser mode: the React UI served at http://127.0.0.1:PORT/ with the HubApi over HTTP and its events
 * over server-sent events. This API is separate from the MCP endpoint and never accepts client tokens:
 * the page trades a one-time code (printed by `serve` / `agent-hub open`) for an HttpOnly,
 * SameSite=Strict session cookie, and every API request needs that cookie and, for POSTs, the hub's
 * own Origin and a JSON body (so no form on another site can post to it). Host/Origin are already
 * checked for every request by the HTTP server. No CORS headers are ever sent.
 *
 * Every failure answers `{ error: { code, message } }` (shared/hub-errors.ts), the envelope the desktop
 * window gets over IPC: 400 with a HubError's own code and sentence, 500 'internal' for anything else
 * (never its stack), 401/403/404/405/415 with codes of their own.
 */
export { CSP } from '../../../shared/csp.js';
import { CSP } from '../../../shared/csp.js';

const COOKIE = 'agent_hub_session';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const MAX_API_BODY = 1024 * 1024;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

export interface BrowserUi {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  push(event: HubEvent): void;
  close(): void;
}

export interface BrowserUiOptions {
  api: HubApi;
  codes: Pick<UiCodesRepo, 'consume'>;
  rendererDir: string;
  port: () => number;
  /** Hears of an unexpected error (not a HubError) that the page got only as 'internal'; `what` is the method or request. */
  onInternalError?: (what: string, error: unknown) => void;
}

export function createBrowserUi(options: BrowserUiOptions): BrowserUi {
  const sessions = new Map<string, number>(); // sha256(cookie value) → expiry
  const streams = new Set<ServerResponse>();
  const rendererDir = path.resolve(options.rendererDir);

  function signedIn(req: IncomingMessage): boolean {
    const value = parseCookies(req.headers.cookie)[COOKIE];
    if (!value) return false;
    const key = hash(value);
    const expires = sessions.get(key);
    if (!expires || expires < Date.now()) {
      sessions.delete(key);
      return false;
    }
    sessions.set(key, Date.now() + SESSION_TTL_MS);
    return true;
  }

  /** A POST must come from the hub's own page: browsers always send Origin on POST. */
  function sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    const port = options.port();
    return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await route(req, res);
    } catch (e) {
      // A bug here must not reach the page as its own message (the listener would send it): 'internal'.
      options.onInternalError?.(`${req.method} ${req.url}`, e);
      if (!res.headersSent) fail(res, 500, HubApiErrorCodes.internal, 'The hub could not answer this request.');
      else res.destroy();
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub');
    if (url.pathname === '/api/session' && req.method === 'POST') return startSession(req, res);
    if (url.pathname.startsWith('/api/')) {
      if (!signedIn(req)) return fail(res, 403, HubApiErrorCodes.unauthorized, 'Sign in first: open the link "agent-hub serve" printed, or run "agent-hub open" for a new one.');
      if (url.pathname === '/api/events' && req.method === 'GET') return openEvents(res);
      // Lets the page tell "the hub is down" (no answer) from "its session ended" (the 403 above).
      if (url.pathname === '/api/ping' && req.method === 'GET') return noContent(res);
      const method = url.pathname.slice('/api/hub/'.length) as HubMethod;
      if (url.pathname.startsWith('/api/hub/') && req.method === 'POST' && hubMethods.includes(method)) return call(req, res, method);
      return fail(res, 404, HubApiErrorCodes.notFound, `There is no API at ${req.method} ${url.pathname}.`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, HubApiErrorCodes.methodNotAllowed, `Method ${req.method} is not allowed here.`);
    return serveFile(res, url.pathname);
  }

  async function startSession(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!sameOrigin(req)) return fail(res, 403, HubApiErrorCodes.forbidden, 'Sign-in must come from the Agent Hub page itself.');
    const body = await readJsonBody(req, MAX_API_BODY);
    const code = (body as { code?: unknown } | undefined)?.code;
    if (typeof code !== 'string' || !options.codes.consume(code)) {
      return fail(res, 401, HubApiErrorCodes.unauthorized, 'This sign-in link was already used or has expired; run "agent-hub open" for a new one.');
    }
    const value = crypto.randomBytes(32).toString('base64url');
    sessions.set(hash(value), Date.now() + SESSION_TTL_MS);
    res.writeHead(204, { 'set-cookie': `${COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/`, 'cache-control': 'no-store' });
    res.end();
  }

  async function call(req: IncomingMessage, res: ServerResponse, method: HubMethod): Promise<void> {
    if (!sameOrigin(req)) return fail(res, 403, HubApiErrorCodes.forbidden, 'API calls must come from the Agent Hub page itself.');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return fail(res, 415, HubApiErrorCodes.unsupportedMediaType, 'API calls take a JSON body.');
    const body = await readJsonBody(req, MAX_API_BODY);
    const parsed = hubApiContract[method].input.safeParse(body);
    if (!parsed.success) return errorJson(res, 400, invalidArguments(method));
    try {
      const result = await (options.api[method] as (...a: unknown[]) => Promise<unknown>)(...(parsed.data as unknown[]));
      sendJson(res, 200, { result: result ?? null });
    } catch (e) {
      // Only the code and the sentence reach the page, never a stack trace.
      if (!isHubError(e)) options.onInternalError?.(method, e);
      errorJson(res, isHubError(e) ? 400 : 500, errorBody(e, method));
    }
  }

  function openEvents(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    res.once('close', () => streams.delete(res));
  }

  function serveFile(res: ServerResponse, pathname: string): void {
    let rel: string;
    try {
      rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    } catch {
      return fail(res, 404, HubApiErrorCodes.notFound, 'Not found.');
    }
    const file = path.resolve(rendererDir, rel);
    if (!file.startsWith(rendererDir + path.sep)) return fail(res, 404, HubApiErrorCodes.notFound, 'Not found.');
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch {
      return fail(res, 404, HubApiErrorCodes.notFound, `Nothing is served at ${pathname}.`);
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    res.end(data);
  }

  return {
    handle,
    push(event) {
      const frame = `data: ${JSON.stringify(event)}\n\n`;
      for (const s of streams) s.write(frame);
    },
    close() {
      for (const s of streams) s.end();
      streams.clear();
    },
  };
}

function noContent(res: ServerResponse): void {
  res.writeHead(204, { 'cache-control': 'no-store' });
  res.end();
}

function fail(res: ServerResponse, status: number, code: HubApiErrorCode, message: string): void {
  errorJson(res, status, { code, message });
}

function errorJson(res: ServerResponse, status: number, error: HubErrorBody): void {
  sendJson(res, status, { error });
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return out;
}

const hash = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
