#!/usr/bin/env node
// Benchmark fixture: a stdio MCP server that publishes N tools (N = first numeric argument, or the
// environment variable BENCH_TOOLS, default 200), each with a realistic description and input schema.
//   node bench/tools-server.mjs 200 [--bench-tag=…]
// Hand-written JSON-RPC over stdio lines rather than the SDK on purpose: loading the SDK costs ~0.5 s of
// CPU per process, and 30 of those booting at once on 2 cores would measure the fixtures, not the hub.
// It answers initialize, ping, tools/list and tools/call; anything else is "method not found".
import process from 'node:process';
import readline from 'node:readline';

const arg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const count = Number(arg ?? process.env.BENCH_TOOLS ?? 200);
const SUPPORTED = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];

export function makeTools(n) {
  return Array.from({ length: n }, (_, i) => ({
    name: `tool_${String(i).padStart(4, '0')}`,
    description:
      `Benchmark tool number ${i}. Looks up a record by id in the fixture store and returns it as text; ` +
      'supports an optional limit and a filter expression.',
    inputSchema: {
      type: 'object',
      properties: {
        id: { type: 'string', description: 'The record id.' },
        limit: { type: 'integer', minimum: 1, maximum: 100, description: 'How many records to return.' },
        filter: { type: 'string', description: 'An optional filter expression.' },
      },
      required: ['id'],
    },
  }));
}

const tools = makeTools(count);
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
        serverInfo: { name: 'bench-tools', version: '1.0.0' },
      });
    }
    case 'ping':
      return ok({});
    case 'tools/list':
      return ok({ tools });
    case 'tools/call':
      return ok({ content: [{ type: 'text', text: `called ${msg.params?.name}` }] });
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
