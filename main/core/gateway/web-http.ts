import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * node:http ⇄ Web Request/Response, for the SDK's fetch-shaped modern handler (createMcpHandler). The
 * hub has already read the body (its own size limit) and parsed it; the parsed value travels beside the
 * Request (the handler's parsedBody), which therefore carries no body of its own. Written here rather
 * than taken from @modelcontextprotocol/node, whose module loads Hono at import and trails the server
 * package's version.
 */

/**
 * The Request for one HTTP exchange. Its signal aborts when the client closes the connection before the
 * response is complete: on MCP 2026-07-28 closing the stream is how a client cancels a request, and the
 * SDK passes that signal to the handler (ctx.mcpReq.signal).
 */
export function toWebRequest(req: IncomingMessage, res: ServerResponse): Request {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the client closed the connection'));
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const url = `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`;
  return new Request(url, { method: req.method, headers, signal: controller.signal });
}

/**
 * Writes a Web Response to the node:http response. A JSON answer goes out whole, in one write; an SSE
 * stream (progress before a result, a subscriptions/listen stream that lasts as long as the client
 * listens) is streamed with backpressure, and a client that goes away cancels it, which is how a
 * subscription stream learns that its listener left.
 */
export async function writeWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  if (!response.body) {
    res.writeHead(response.status, headers).end();
    return;
  }
  if (!(headers['content-type'] ?? '').startsWith('text/event-stream')) {
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...headers, 'content-length': String(body.length) }).end(body);
    return;
  }
  res.writeHead(response.status, headers);
  // SSE frames must leave at once, not wait for Nagle or a full buffer.
  res.flushHeaders();
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  res.once('close', cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) await new Promise<void>((resolve) => {
        const go = () => {
          res.off('drain', go);
          res.off('close', go);
          resolve();
        };
        res.on('drain', go);
        res.on('close', go);
      });
    }
  } catch {
    // The body failed or was cancelled because the client left: nothing more can be written.
  } finally {
    res.off('close', cancel);
    if (!res.writableEnded) res.end();
  }
}
