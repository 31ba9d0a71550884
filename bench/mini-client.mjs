// A deliberately minimal MCP Streamable HTTP client for benchmarks: node:http with one keep-alive
// socket, hand-written JSON-RPC POSTs, and just enough parsing to find the response in an SSE stream
// or a JSON body. No SDK, no zod, no fetch: the client's own cost should not hide the server's.
import { Buffer } from 'node:buffer';
import { URL } from 'node:url';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export const PROTOCOL_VERSION = '2025-06-18';

export class MiniClient {
  /** @param {string} url e.g. http://127.0.0.1:1234/mcp  @param {{ token?: string }} [opts] */
  constructor(url, opts = {}) {
    const u = new URL(url);
    if (u.hostname !== '127.0.0.1') throw new Error('MiniClient only talks to 127.0.0.1');
    this.host = u.hostname;
    this.port = Number(u.port);
    this.path = u.pathname;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    this.baseHeaders = {
      host: `127.0.0.1:${this.port}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    if (opts.token) this.baseHeaders.authorization = `Bearer ${opts.token}`;
    this.sessionId = undefined;
    this.nextId = 1;
  }

  /** One raw POST; resolves { status, headers, body } with the whole body as a string. */
  post(payload, timeoutMs = 30_000) {
    const data = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const headers = { ...this.baseHeaders, 'content-length': Buffer.byteLength(data) };
    if (this.sessionId) {
      headers['mcp-session-id'] = this.sessionId;
      headers['mcp-protocol-version'] = PROTOCOL_VERSION;
    }
    return new Promise((resolve, reject) => {
      const req = http.request({ host: this.host, port: this.port, path: this.path, method: 'POST', headers, agent: this.agent }, (res) => {
        // Chunks are kept as bytes and decoded once at the end: decoding and concatenating a 3 MB
        // answer chunk by chunk is the client's cost, and would hide the hub's.
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const endedAt = performance.now();
          resolve({ status: res.statusCode, headers: res.headers, endedAt, get body() { return Buffer.concat(chunks).toString('utf8'); } });
        });
        res.on('error', reject);
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(data);
    });
  }

  /** A JSON-RPC request; resolves its result or throws its error. */
  async request(method, params, timeoutMs) {
    const id = this.nextId++;
    const res = await this.post({ jsonrpc: '2.0', id, method, params }, timeoutMs);
    const msg = findResponse(res, id);
    if (!msg) throw new Error(`${method}: HTTP ${res.status}, no JSON-RPC response for id ${id}: ${res.body.slice(0, 300)}`);
    if (msg.error) throw Object.assign(new Error(`${method}: ${msg.error.message} (${msg.error.code})`), { code: msg.error.code });
    return msg.result;
  }

  async initialize(timeoutMs) {
    const id = this.nextId++;
    const res = await this.post(
      {
        jsonrpc: '2.0',
        id,
        method: 'initialize',
        params: { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'agent-hub-bench', version: '1.0.0' } },
      },
      timeoutMs,
    );
    const msg = findResponse(res, id);
    if (!msg?.result) throw new Error(`initialize failed: HTTP ${res.status} ${res.body.slice(0, 300)}`);
    this.sessionId = res.headers['mcp-session-id'];
    if (!this.sessionId) throw new Error('initialize: no mcp-session-id header');
    const note = await this.post({ jsonrpc: '2.0', method: 'notifications/initialized' }, timeoutMs);
    if (note.status !== 202) throw new Error(`notifications/initialized: HTTP ${note.status}`);
    return msg.result;
  }

  close() {
    this.agent.destroy();
  }
}

/** The response with this id, from an SSE body ("data:" lines) or a JSON body (object or batch). */
export function findResponse(res, id) {
  const type = String(res.headers['content-type'] ?? '');
  const candidates = [];
  if (type.includes('text/event-stream')) {
    for (const line of res.body.split('\n')) {
      if (!line.startsWith('data:')) continue;
      try {
        candidates.push(JSON.parse(line.slice(5)));
      } catch {
        // a partial or non-JSON data line is not ours
      }
    }
  } else if (res.body) {
    try {
      const parsed = JSON.parse(res.body);
      candidates.push(...(Array.isArray(parsed) ? parsed : [parsed]));
    } catch {
      return undefined;
    }
  }
  return candidates.find((m) => m && m.id === id);
}
