#!/usr/bin/env node
// Benchmark fixture: a stdio MCP server that serves the tools of one server from a JSON file, either an
// array of tool definitions or { "tools": [...] } (as realistic-catalog.mjs writes them).
//   node bench/catalog-file-server.mjs TOOLS.json [--bench-tag=…]
// Hand-written JSON-RPC over stdio lines, like tools-server.mjs and for the same reason: loading the SDK
// costs ~0.5 s of CPU per process, and a hundred servers starting at once would measure the fixtures.
// It answers initialize, ping, tools/list and tools/call; anything else is "method not found".
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import readline from 'node:readline';

const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!file) {
  process.stderr.write('usage: catalog-file-server.mjs TOOLS.json\n');
  process.exit(2);
}
const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
const tools = Array.isArray(parsed) ? parsed : parsed.tools;
if (!Array.isArray(tools)) {
  process.stderr.write(`${file}: no tools array\n`);
  process.exit(2);
}
const serverName = (!Array.isArray(parsed) && parsed.name) || path.basename(file, '.json');
const known = new Set(tools.map((t) => t.name));
const SUPPORTED = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];
const send = (msg) => process.stdout.write(JSON.stringify(msg) + '\n');

function handle(msg) {
  if (msg.id === undefined || msg.method === undefined) return; // notifications and responses
  const ok = (result) => send({ jsonrpc: '2.0', id: msg.id, result });
  switch (msg.method) {
    case 'initialize': {
      const asked = msg.params?.protocolVersion;
      return ok({
        protocolVersion: SUPPORTED.includes(asked) ? asked : SUPPORTED[0],
        capabilities: { tools: {} },
        serverInfo: { name: serverName, version: '1.0.0' },
      });
    }
    case 'ping':
      return ok({});
    case 'tools/list':
      return ok({ tools });
    case 'tools/call': {
      const name = msg.params?.name;
      if (!known.has(name)) return ok({ content: [{ type: 'text', text: `Unknown tool: ${name}` }], isError: true });
      return ok({ content: [{ type: 'text', text: `${serverName}.${name} called with ${JSON.stringify(msg.params?.arguments ?? {})}` }] });
    }
    default:
      return send({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: `Method not found: ${msg.method}` } });
  }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return;
  try {
    handle(JSON.parse(line));
  } catch {
    // not JSON: ignore, as a lenient server would
  }
}).on('close', () => process.exit(0));
