// Runs a hub in this process (node --expose-gc) with the stdio echo server behind it, makes CALLS
// tool calls through the real endpoint, and prints the V8 heap after a full GC every STEP calls, as JSON.
// Run by bench/leak.mjs; the hub and the client share the process so the heap can be read exactly.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MiniClient } from './mini-client.mjs';

const [root, dataDir, callsArg, stepArg] = process.argv.slice(2);
const calls = Number(callsArg);
const step = Number(stepArg);
const load = (p) => import(pathToFileURL(path.join(root, 'dist/main/core', p)).href);
const { createHub } = await load('hub.js');
const { openStore } = await load('store/store.js');

// The server, a rule that allows it, and a client, as a user sets them up (before the hub opens hub.db).
const setup = openStore(dataDir);
setup.servers.add({ name: 'echo', transport: 'stdio', command: process.execPath, args: [path.join(root, 'bench/echo-server.mjs'), '--stdio'] });
setup.consent.addRule({ client: '*', server: 'echo', tool: '*', effect: 'allow', scope: 'always', createdBy: 'bench' });
const { token } = setup.clients.add('bench');
setup.close();

const hub = await createHub({ dataDir, port: 0, gateway: { startDelayMs: 0 } });
const client = new MiniClient(`${hub.url}/mcp`, { token });
await client.initialize();
for (let i = 0; i < 200; i++) {
  const list = await client.request('tools/list');
  if (list.tools.some((t) => t.name === 'echo__echo')) break;
  await new Promise((r) => setTimeout(r, 50));
}

const heap = () => {
  for (let i = 0; i < 3; i++) global.gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
// Warm up (JIT, caches, the first records), then measure from a settled heap.
for (let i = 0; i < 2000; i++) await client.request('tools/call', { name: 'echo__echo', arguments: { text: `w${i}` } });
await new Promise((r) => setTimeout(r, 500));
const samples = [{ calls: 0, heapMB: heap() }];
for (let done = 0; done < calls; ) {
  for (let i = 0; i < step; i++, done++) await client.request('tools/call', { name: 'echo__echo', arguments: { text: `c${done}` } });
  // Records are written a tick after each answer: let them land before reading the heap.
  await new Promise((r) => setTimeout(r, 300));
  samples.push({ calls: done, heapMB: heap() });
}
client.close();
const rss = process.memoryUsage().rss / 1024 / 1024;
await hub.dispose();
process.stdout.write(JSON.stringify({ samples, rssMB: rss }) + '\n');
process.exit(0);
