import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';

/**
 * Every way the /mcp endpoint refuses a request, driven with raw node:http so each header is exactly
 * what the test says, against a real `agent-hub serve` on 127.0.0.1.
 */

const fixtures: ChildProcess[] = [];
afterEach(async () => {
  await stopAllHubs();
  for (const child of fixtures.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
  }
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  /** Send the body in chunks without a Content-Length (Transfer-Encoding: chunked). */
  chunked?: boolean;
}

/**
 * One request on its own connection. Resolves with the response even if the hub closes the connection
 * while the body is still being written (it may answer a too-large body before reading all of it).
 */
function raw(port: number, r: RawRequest): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...r.headers };
    if (r.body !== undefined && !r.chunked && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) {
      headers['content-length'] = Buffer.byteLength(r.body);
    }
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port, method: r.method ?? 'POST', path: r.path ?? '/mcp', headers, agent: false }, (res) => {
      answered = true;
      let body = '';
      const done = () => resolve({ status: res.statusCode!, headers: res.headers, body });
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', done);
      res.on('error', done);
      res.on('aborted', done);
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    if (r.body === undefined) return void req.end();
    if (!r.chunked) return void req.end(r.body);
    const buf = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
    const step = 256 * 1024;
    let at = 0;
    const pump = () => {
      while (at < buf.length) {
        const chunk = buf.subarray(at, at + step);
        at += step;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    req.on('error', () => {});
    pump();
  });
}

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-test', version: '1.0.0' } },
};
const TOOLS_LIST = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };

function mcpHeaders(token: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    ...extra,
  };
}

/** initialize with a token; returns the session id the hub gave. */
async function openSession(hub: RunningHub, token: string): Promise<string> {
  const r = await raw(hub.port, { headers: mcpHeaders(token), body: JSON.stringify(INITIALIZE) });
  expect(r.status).toBe(200);
  const id = r.headers['mcp-session-id'];
  expect(typeof id).toBe('string');
  return id as string;
}

function rpcErrorOf(body: string): { code: number; message: string } {
  return (JSON.parse(body) as { error: { code: number; message: string } }).error;
}

describe('gateway endpoint: client authentication', () => {
  it('answers a request without Authorization with 401, a WWW-Authenticate header and a JSON body', async () => {
    const hub = await startHub();
    const r = await raw(hub.port, { headers: mcpHeaders(undefined), body: JSON.stringify(INITIALIZE) });
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toMatch(/^Bearer\b/);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(r.body) as { error?: { message?: string } };
    expect(body.error?.message).toMatch(/client token/i);

    // Not a bearer scheme, and an empty bearer, are the same as none.
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer ', 'Bearer']) {
      const r2 = await raw(hub.port, { headers: mcpHeaders(undefined, { authorization }), body: JSON.stringify(INITIALIZE) });
      expect(r2.status, authorization).toBe(401);
    }
    // GET and DELETE need the token too.
    expect((await raw(hub.port, { method: 'GET', headers: { accept: 'text/event-stream' } })).status).toBe(401);
    expect((await raw(hub.port, { method: 'DELETE' })).status).toBe(401);
  });

  it('answers a wrong token with 401', async () => {
    const hub = await startHub();
    const good = hub.addClient('alpha');
    const wrong = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    for (const token of [wrong, 'ahc_not-a-token', good.toUpperCase()]) {
      const r = await raw(hub.port, { headers: mcpHeaders(token), body: JSON.stringify(INITIALIZE) });
      expect(r.status).toBe(401);
      expect(r.headers['www-authenticate']).toMatch(/^Bearer\b/);
    }
    // The right one works.
    await openSession(hub, good);
  });

  it('stops accepting the token of a removed client at once, new session or existing one', async () => {
    const hub = await startHub();
    const token = hub.addClient('leaving');
    const session = await openSession(hub, token);
    const onSession = () =>
      raw(hub.port, { headers: mcpHeaders(token, { 'mcp-session-id': session }), body: JSON.stringify(TOOLS_LIST) });
    expect((await onSession()).status).toBe(200);

    const removed = runCli(['client', 'remove', 'leaving'], { dataDir: hub.dataDir });
    expect(removed.code).toBe(0);

    // No polling: the very next request after the CLI returns is refused.
    expect((await onSession()).status).toBe(401);
    expect((await raw(hub.port, { headers: mcpHeaders(token), body: JSON.stringify(INITIALIZE) })).status).toBe(401);
  });
});

describe('gateway endpoint: Host and Origin (DNS rebinding, cross-site)', () => {
  it('refuses a Host other than 127.0.0.1:PORT or localhost:PORT with 403, even with a valid token', async () => {
    const hub = await startHub();
    const token = hub.addClient('alpha');
    const body = JSON.stringify(INITIALIZE);
    for (const host of ['evil.example.com', `evil.example.com:${hub.port}`, `127.0.0.1:${hub.port + 1}`, '127.0.0.1', `0.0.0.0:${hub.port}`, `127.0.0.2:${hub.port}`]) {
      const r = await raw(hub.port, { headers: mcpHeaders(token, { host }), body });
      expect(r.status, host).toBe(403);
    }
    for (const host of [`127.0.0.1:${hub.port}`, `localhost:${hub.port}`, `LOCALHOST:${hub.port}`]) {
      const r = await raw(hub.port, { headers: mcpHeaders(token, { host }), body });
      expect(r.status, host).toBe(200);
    }
  });

  it('refuses a foreign Origin with 403 and accepts the hub’s own', async () => {
    const hub = await startHub();
    const token = hub.addClient('alpha');
    const body = JSON.stringify(INITIALIZE);
    for (const origin of [
      'https://evil.example.com',
      'http://evil.example.com',
      `http://evil.example.com:${hub.port}`,
      `http://127.0.0.1:${hub.port + 1}`,
      `https://127.0.0.1:${hub.port}`,
      'null',
      'not a url',
    ]) {
      const r = await raw(hub.port, { headers: mcpHeaders(token, { origin }), body });
      expect(r.status, origin).toBe(403);
    }
    for (const origin of [`http://127.0.0.1:${hub.port}`, `http://localhost:${hub.port}`]) {
      const r = await raw(hub.port, { headers: mcpHeaders(token, { origin }), body });
      expect(r.status, origin).toBe(200);
      expect(r.headers['mcp-session-id']).toBeTruthy();
    }
  });
});

describe('gateway endpoint: malformed requests', () => {
  it('answers a body over 4 MiB with 413 and keeps serving', async () => {
    const hub = await startHub();
    const token = hub.addClient('alpha');
    const limit = 4 * 1024 * 1024;
    // Valid JSON, one byte over the limit: only its size is wrong.
    const prefix = '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"pad":"';
    const suffix = '"}}';
    const big = prefix + 'x'.repeat(limit + 1 - prefix.length - suffix.length) + suffix;
    expect(Buffer.byteLength(big)).toBe(limit + 1);

    // With a Content-Length that says so…
    const declared = await raw(hub.port, { headers: mcpHeaders(token), body: big });
    expect(declared.status).toBe(413);
    // …and streamed without one.
    const streamed = await raw(hub.port, { headers: mcpHeaders(token), body: big, chunked: true });
    expect(streamed.status).toBe(413);

    // A body of exactly the limit is not refused for its size (it fails as JSON-RPC instead, or works).
    const exact = prefix + 'x'.repeat(limit - prefix.length - suffix.length) + suffix;
    expect((await raw(hub.port, { headers: mcpHeaders(token), body: exact })).status).not.toBe(413);

    // The hub is still there and serving.
    await openSession(hub, token);
    const client = await hub.connect(token);
    expect(Array.isArray((await client.listTools()).tools)).toBe(true);
  });

  it('answers malformed JSON with 400 and JSON-RPC error -32700', async () => {
    const hub = await startHub();
    const token = hub.addClient('alpha');
    for (const body of ['{"jsonrpc":"2.0","id":1,"method":', 'not json at all', '']) {
      const r = await raw(hub.port, { headers: mcpHeaders(token), body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(rpcErrorOf(r.body).code).toBe(-32700);
    }
  });

  it('answers a valid non-initialize request without a session with 400', async () => {
    const hub = await startHub();
    const token = hub.addClient('alpha');
    const r = await raw(hub.port, { headers: mcpHeaders(token), body: JSON.stringify(TOOLS_LIST) });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(typeof rpcErrorOf(r.body).code).toBe('number');
    // A notification without a session is no better.
    const n = await raw(hub.port, { headers: mcpHeaders(token), body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
    expect(n.status).toBe(400);
  });
});

describe('gateway endpoint: sessions belong to their client', () => {
  it('answers a session opened by client A, used with client B’s token, with 404 exactly like an unknown session', async () => {
    const hub = await startHub();
    const a = hub.addClient('client-a');
    const b = hub.addClient('client-b');
    const session = await openSession(hub, a);

    const withB = await raw(hub.port, { headers: mcpHeaders(b, { 'mcp-session-id': session }), body: JSON.stringify(TOOLS_LIST) });
    const unknown = await raw(hub.port, {
      headers: mcpHeaders(b, { 'mcp-session-id': '00000000-0000-4000-8000-000000000000' }),
      body: JSON.stringify(TOOLS_LIST),
    });
    expect(withB.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(withB.body).toBe(unknown.body);

    // GET (the notification stream) and DELETE (ending the session) are refused the same way.
    expect((await raw(hub.port, { method: 'GET', headers: mcpHeaders(b, { 'mcp-session-id': session, accept: 'text/event-stream' }) })).status).toBe(404);
    expect((await raw(hub.port, { method: 'DELETE', headers: mcpHeaders(b, { 'mcp-session-id': session }) })).status).toBe(404);

    // The session is still A's and still works for A.
    const withA = await raw(hub.port, { headers: mcpHeaders(a, { 'mcp-session-id': session }), body: JSON.stringify(TOOLS_LIST) });
    expect(withA.status).toBe(200);
  });
});

describe('gateway: what goes upstream', () => {
  it('never forwards the client’s Authorization header to an HTTP server; configured headers are sent', async () => {
    const upstream = spawn(process.execPath, [path.join(repoRoot, 'test/fixtures/gateway/http-upstream.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
    fixtures.push(upstream);
    const upstreamPort = await new Promise<number>((resolve, reject) => {
      let out = '';
      upstream.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      upstream.once('exit', (code) => reject(new Error(`the upstream fixture exited (${code}) before listening`)));
    });

    const dataDir = tempDataDir();
    const add = runCli(['server', 'add', 'up', '--url', `http://127.0.0.1:${upstreamPort}/mcp`, '--header', 'X-Static: yes'], { dataDir });
    expect(runCli(['consent', 'allow', '--server', 'up'], { dataDir }).code).toBe(0);
    expect(add.code).toBe(0);
    const hub = await startHub({ dataDir });
    const token = hub.addClient('alpha');
    const client = await hub.connect(token);

    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'up__headers'), 15_000, 'up__headers in tools/list');
    const result = (await client.callTool({ name: 'up__headers', arguments: {} })) as { content: { type: string; text: string }[]; isError?: boolean };
    expect(result.isError).toBeFalsy();
    const seenByTool = JSON.parse(result.content[0]!.text) as Record<string, string>;
    expect(seenByTool['x-static']).toBe('yes');
    expect(seenByTool).not.toHaveProperty('authorization');

    const recorded = (await (await fetch(`http://127.0.0.1:${upstreamPort}/recorded`)).json()) as { method: string; headers: Record<string, string> }[];
    expect(recorded.length).toBeGreaterThan(0);
    for (const r of recorded) {
      expect(r.headers['x-static'], `${r.method} ${JSON.stringify(r.headers)}`).toBe('yes');
      expect(r.headers, `${r.method} ${JSON.stringify(r.headers)}`).not.toHaveProperty('authorization');
    }
    expect(JSON.stringify(recorded)).not.toContain(token);
    expect(JSON.stringify(recorded)).not.toContain(token.slice(4));
  });
});

describe('gateway: network exposure', () => {
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

  function tryConnect(host: string, port: number): Promise<'connected' | string> {
    return new Promise((resolve) => {
      const socket = net.connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
  }

  it('is reachable on 127.0.0.1', async () => {
    const hub = await startHub();
    expect(await tryConnect('127.0.0.1', hub.port)).toBe('connected');
  });

  it.skipIf(!external)('is not reachable on the machine’s non-loopback address', async () => {
    const hub = await startHub();
    expect(await tryConnect(external!, hub.port)).not.toBe('connected');
  });
});

describe('a removed client', () => {
  it('loses its open sessions and streams, not only its token', async () => {
    const hub = await startHub();
    const token = hub.addClient('leaving');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const url = `${hub.url}/mcp`;
    const init = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
    });
    const sessionId = init.headers.get('mcp-session-id')!;
    await init.text();
    const session = { ...headers, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };
    await fetch(url, { method: 'POST', headers: session, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
    const stream = await fetch(url, { method: 'GET', headers: { ...session, accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    const ended = stream.text().then(() => true, () => true);

    expect(runCli(['client', 'remove', 'leaving'], { dataDir: hub.dataDir }).code).toBe(0);
    expect(await eventually(() => Promise.race([ended, new Promise<false>((r) => setTimeout(() => r(false), 200))]), 15_000, 'the stream to end')).toBe(true);
  });
});
