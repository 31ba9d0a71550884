// Fetching agent cards (and key sets): bounded in size, time and redirects.
import { agentCardUrl } from '../upstream/upstream-config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { isRecord, normalizeCard, type AgentCardView } from './agent-card.js';

export type FetchFn = typeof fetch;

export interface FetchCardOptions {
  fetchFn?: FetchFn;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Default 10 s, for the whole exchange including the body. */
  timeoutMs?: number;
  /** Default 1 MB. */
  maxBytes?: number;
}

export interface FetchedCard {
  card: AgentCardView;
  /** The JSON as received: signatures are checked over this, not over the view. */
  raw: unknown;
  /** Where the card was finally read, after redirects. */
  url: string;
  etag?: string;
  /** How long the card may be used before it is read again, from its Cache-Control (default 5 minutes). */
  freshForMs: number;
}

const MAX_REDIRECTS = 3;
const CARD_FILE = 'agent-card.json';
const LEGACY_CARD_FILE = 'agent.json';

/**
 * Reads an agent's card: from the URL as given when it names a .json document, else from the base URL's
 * /.well-known/agent-card.json and, when there is none there, from /.well-known/agent.json, where
 * agents before A2A v0.3 published it. `url` in the answer says where it was found.
 */
export async function fetchAgentCard(baseUrl: string, options: FetchCardOptions = {}): Promise<FetchedCard> {
  const first = agentCardUrl(baseUrl);
  // A URL that names the document is used as it is.
  const legacy = new URL(first).pathname.endsWith(`/.well-known/${CARD_FILE}`) && !new URL(baseUrl).pathname.endsWith('.json') ? `${first.slice(0, -CARD_FILE.length)}${LEGACY_CARD_FILE}` : undefined;
  let missing: GetError;
  try {
    return await readCard(first, options);
  } catch (e) {
    if (!(e instanceof GetError)) throw e;
    if (!legacy || !e.absent) throw new HubError(ErrorCodes.io, `The agent card at ${e.url} could not be read: ${e.message}.`);
    missing = e;
  }
  try {
    return await readCard(legacy, options);
  } catch (e) {
    if (!(e instanceof GetError)) throw e;
    throw new HubError(ErrorCodes.io, `No agent card at ${first} (${missing.message}), and the one at ${legacy} (where agents before A2A v0.3 published it) could not be read: ${e.message}.`);
  }
}

async function readCard(url: string, options: FetchCardOptions): Promise<FetchedCard> {
  const got = await boundedGet(url, { maxBytes: 1024 * 1024, maxRedirects: MAX_REDIRECTS, ...options });
  return { card: normalizeCard(got.json, got.url), raw: got.json, url: got.url, ...(got.etag ? { etag: got.etag } : {}), freshForMs: freshFor(got.cacheControl) };
}

/** Why a GET failed, as the end of a sentence; `url` is the address that failed (after redirects). */
export class GetError extends Error {
  constructor(
    readonly url: string,
    message: string,
    /** The server answered, but not with a document there (HTTP 4xx, or not JSON): worth looking elsewhere. */
    readonly absent = false,
  ) {
    super(message);
  }
}

interface GetOptions extends FetchCardOptions {
  maxBytes: number;
  maxRedirects: number;
}

export async function boundedGet(start: string, o: GetOptions): Promise<{ json: unknown; url: string; etag?: string; cacheControl?: string }> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const signal = o.signal ? AbortSignal.any([o.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  const fetchFn = o.fetchFn ?? fetch;
  let url = start;
  let headers = { accept: 'application/json', ...o.headers };
  for (let hops = 0; ; hops++) {
    const res = await fetchFn(url, { headers, signal, redirect: 'manual' }).catch((e: unknown) => {
      throw o.signal?.aborted ? o.signal.reason : new GetError(url, networkProblem(e, timeoutMs));
    });
    if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
      await res.body?.cancel();
      if (hops >= o.maxRedirects) throw new GetError(start, o.maxRedirects ? `it redirects more than ${o.maxRedirects} times` : 'it redirects elsewhere');
      const next = new URL(res.headers.get('location') ?? '', url);
      if (!/^https?:$/.test(next.protocol)) throw new GetError(url, `it redirects to ${next.protocol} URL ${next.href}, which is not http(s)`);
      // Credentials meant for one origin must not follow a redirect to another.
      if (next.origin !== new URL(url).origin) headers = { accept: headers.accept };
      url = next.href;
      continue;
    }
    const etag = res.headers.get('etag');
    const cacheControl = res.headers.get('cache-control');
    return { json: await readJson(res, url, o.maxBytes, timeoutMs, o.signal), url, ...(etag ? { etag } : {}), ...(cacheControl ? { cacheControl } : {}) };
  }
}

async function readJson(res: Response, url: string, maxBytes: number, timeoutMs: number, callerSignal?: AbortSignal): Promise<unknown> {
  const fail = async (why: string, absent = false): Promise<never> => {
    await res.body?.cancel().catch(() => undefined);
    throw new GetError(url, why, absent);
  };
  if (!res.ok) return fail(`the server answered HTTP ${res.status}`, res.status >= 400 && res.status < 500);
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  // application/json, or a JSON-based type such as application/jwk-set+json. Anything else (a web
  // app's page for every path) is no card there.
  if (!/^application\/([\w.-]+\+)?json$/.test(type)) return fail(`it is served as ${type || 'an unnamed content type'}, not as JSON`, true);
  if (Number(res.headers.get('content-length')) > maxBytes) return fail(`it is larger than ${sizeText(maxBytes)}`);
  let body: string;
  try {
    body = await readLimited(res, url, maxBytes);
  } catch (e) {
    if (e instanceof GetError) throw e;
    throw callerSignal?.aborted ? callerSignal.reason : new GetError(url, networkProblem(e, timeoutMs));
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new GetError(url, 'it is not valid JSON');
  }
}

/** Reads at most `maxBytes`, stopping (not buffering) as soon as a body turns out to be larger. */
async function readLimited(res: Response, url: string, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    total += r.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new GetError(url, `it is larger than ${sizeText(maxBytes)}`);
    }
    chunks.push(r.value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new GetError(url, 'it is not UTF-8 text');
  }
}

function networkProblem(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && e.name === 'TimeoutError') return `no complete answer within ${timeoutMs / 1000} s`;
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  const code = isRecord(cause) && typeof cause.code === 'string' ? cause.code : undefined;
  return `the request failed (${code ?? (cause instanceof Error ? cause.message : String(cause))})`;
}

/** Cache-Control → milliseconds: no-cache/no-store mean read it every time; capped at an hour. */
export function freshFor(cacheControl: string | undefined): number {
  if (!cacheControl) return 5 * 60_000;
  if (/\bno-(cache|store)\b/i.test(cacheControl)) return 0;
  const maxAge = /\bmax-age=(\d+)/i.exec(cacheControl);
  return maxAge ? Math.min(Number(maxAge[1]) * 1000, 3_600_000) : 5 * 60_000;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}
