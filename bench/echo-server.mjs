#!/usr/bin/env node
// Benchmark fixture: a tiny MCP server with one tool, `echo`, that returns its `text` argument.
// The SAME server code is served two ways, so the benchmark compares like with like:
//   node bench/echo-server.mjs --stdio          stdio (what the hub launches)
//   node bench/echo-server.mjs --http 0         Streamable HTTP on 127.0.0.1 (stateful, SSE responses);
//                                               prints "listening PORT" on stdout when ready.
// Any other arguments (e.g. a --bench-tag=… marker used for cleanup) are ignored.
import { Buffer } from 'node:buffer';
import process from 'node:process';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, McpError, ErrorCode, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

export function createEchoServer() {
  const server = new Server({ name: 'bench-echo', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [
      {
        name: 'echo',
        description: 'Returns its text argument unchanged.',
        inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      },
    ],
  }));
  server.setRequestHandler(CallToolRequestSchema, (req) => {
    if (req.params.name !== 'echo') throw new McpError(ErrorCode.InvalidParams, `Tool ${req.params.name} not found`);
    return { content: [{ type: 'text', text: String(req.params.arguments?.text ?? '') }] };
  });
  return server;
}

/** Stateful Streamable HTTP on node:http, one transport + server per session (the SDK's own pattern). */
export async function serveHttp(port = 0) {
  const sessions = new Map();
  const httpServer = http.createServer(async (req, res) => {
    try {
      let body;
      if (req.method === 'POST') {
        const chunks = [];
        for await (const c of req) chunks.push(c);
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      }
      const id = req.headers['mcp-session-id'];
      if (id) {
        const transport = sessions.get(id);
        if (!transport) {
          res.writeHead(404).end();
          return;
        }
        await transport.handleRequest(req, res, body);
        return;
      }
      if (req.method === 'POST' && isInitializeRequest(body)) {
        const transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (sid) => sessions.set(sid, transport),
        });
        transport.onclose = () => transport.sessionId && sessions.delete(transport.sessionId);
        await createEchoServer().connect(transport);
        await transport.handleRequest(req, res, body);
        return;
      }
      res.writeHead(400).end();
    } catch (e) {
      if (!res.headersSent) res.writeHead(500).end(String(e));
      else res.destroy();
    }
  });
  httpServer.keepAliveTimeout = 65_000;
  await new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, '127.0.0.1', resolve);
  });
  return httpServer;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  if (args.includes('--http')) {
    const port = Number(args[args.indexOf('--http') + 1] ?? 0);
    const s = await serveHttp(port);
    process.stdout.write(`listening ${s.address().port}\n`);
    const stop = () => s.close(() => process.exit(0)) && s.closeAllConnections();
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    // Exit with the parent: the benchmark closes our stdin when it ends, whatever way it ends.
    process.stdin.on('end', () => process.exit(0));
    process.stdin.resume();
  } else {
    await createEchoServer().connect(new StdioServerTransport());
  }
}
