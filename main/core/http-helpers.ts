import type { IncomingMessage, ServerResponse } from 'node:http';

/** The small pieces of HTTP every listener of the hub needs (the MCP endpoint, the browser UI, the A2A front). */

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** One request header's value (the first, when a client sent it twice). */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * A body past the limit is read to its end and dropped before the 413 goes out: a server that answers
 * and closes while the client is still sending makes the client fail with EPIPE before it ever reads
 * the 413. Only a body past DRAIN_LIMIT (or declared so) is cut off at once.
 */
const DRAIN_LIMIT = 64 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (declared > DRAIN_LIMIT) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_LIMIT) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
      } else if (size <= limit) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(size > limit ? 'too-large' : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A JSON body, or undefined when it is too large, not JSON, or the connection broke. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  try {
    const body = await readBody(req, limit);
    return body === 'too-large' ? undefined : JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
