// Section "catalog": 30 stdio upstreams × 200 tools (6,000 tools).
//  - cold start: spawn of `serve` → first successful tools/list answer, on a data dir never run before;
//  - tools/list p50 once all 6,000 tools are published;
//  - hub RSS after those tools/list measurements;
//  - warm start: the same, on the same data dir after the hub ran once (persisted catalog cache).
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import fs from 'node:fs';
import path from 'node:path';
import { findResponse } from './mini-client.mjs';
import { BENCH_DIR, TAG, addClient, cli, connect, memoryOf, startHub, stopHub, summarize, tempDir, timeUs, waitFor } from './harness.mjs';

const TOOLS_SERVER = path.join(BENCH_DIR, 'tools-server.mjs');

export async function catalog({ env, log }) {
  const servers = Number(env.BENCH_SERVERS ?? 30);
  const toolsEach = Number(env.BENCH_TOOLS_EACH ?? 200);
  const listCalls = Number(env.BENCH_LIST_CALLS ?? 200);
  const warmRuns = Number(env.BENCH_WARM_RUNS ?? 3);
  const expected = servers * toolsEach;

  const dataDir = tempDir('catalog');
  const mcpServers = {};
  for (let i = 1; i <= servers; i++) {
    mcpServers[`tools-${String(i).padStart(2, '0')}`] = { command: process.execPath, args: [TOOLS_SERVER, String(toolsEach), TAG] };
  }
  const configFile = path.join(dataDir, 'bench-mcp.json');
  fs.writeFileSync(configFile, JSON.stringify({ mcpServers }, null, 2));
  await cli(['import', configFile, '--format', 'cursor', '--data-dir', dataDir]);
  const token = await addClient(dataDir);

  /** One start: spawn → URL → first tools/list answer → all `expected` tools listed. */
  const start = async (label) => {
    const hub = await startHub(dataDir);
    const client = await connect(hub.mcpUrl, token);
    const first = await client.request('tools/list');
    const firstAt = performance.now();
    const full = await waitFor(`${expected} tools in tools/list (${label} start)`, async () => {
      const r = await client.request('tools/list');
      return r.tools.length >= expected ? r : undefined;
    }, { timeoutMs: 90_000, everyMs: 50 });
    const fullAt = performance.now();
    const run = {
      spawnToUrlMs: hub.urlAt - hub.spawnedAt,
      spawnToFirstListMs: firstAt - hub.spawnedAt,
      firstListTools: first.tools.length,
      spawnToAllToolsMs: fullAt - hub.spawnedAt,
      allTools: full.tools.length,
    };
    log(`  ${label} start: URL printed after ${run.spawnToUrlMs.toFixed(0)} ms; first tools/list after ${run.spawnToFirstListMs.toFixed(0)} ms with ${run.firstListTools} tools; ` +
      `all ${run.allTools} after ${run.spawnToAllToolsMs.toFixed(0)} ms`);
    return { hub, client, run };
  };

  // Cold start; then, on that same hub, the tools/list timing and the RSS figure.
  const cold = await start('cold');
  let list;
  let memory;
  try {
    const { client, hub } = cold;
    const sizeBytes = Buffer.byteLength(JSON.stringify((await client.request('tools/list')).tools));
    for (let i = 0; i < 20; i++) await client.request('tools/list');
    // The clock stops at the last byte of the response; parsing the ~3 MB answer (client cost) is
    // done after, untimed, and only to check it.
    const xs = [];
    const parseUs = [];
    const until = performance.now() + 30_000;
    for (let i = 0; i < listCalls && performance.now() < until; i++) {
      const id = client.nextId++;
      const [us, res] = await timeUs(() => client.post({ jsonrpc: '2.0', id, method: 'tools/list' }));
      const [pus, msg] = await timeUs(() => findResponse(res, id));
      if (msg?.result?.tools?.length !== expected) throw new Error(`tools/list returned ${msg?.result?.tools?.length} tools, expected ${expected}`);
      xs.push(us);
      parseUs.push(pus);
    }
    list = { ms: scale(summarize(xs), 1 / 1000), clientParseMsP50: summarize(parseUs).p50 / 1000, tools: expected, toolsJsonBytes: sizeBytes };
    log(`  tools/list: ${xs.length} calls, p50 ${list.ms.p50.toFixed(2)} ms to last byte (+ ${list.clientParseMsP50.toFixed(2)} ms client parse, untimed)`);
    memory = memoryOf(hub.pid);
    client.close();
  } finally {
    await stopHub(cold.hub);
  }

  const warm = [];
  for (let i = 0; i < warmRuns; i++) {
    const w = await start(`warm #${i + 1}`);
    w.client.close();
    if (i === warmRuns - 1) w.run.memoryAfterAllTools = memoryOf(w.hub.pid);
    await stopHub(w.hub);
    warm.push(w.run);
  }
  const median = (k) => [...warm].map((r) => r[k]).sort((a, b) => a - b)[Math.floor(warm.length / 2)];

  return {
    config: { servers, toolsEach, expectedTools: expected, listCalls, warmRuns },
    cold: cold.run,
    warm,
    warmMedian: { spawnToFirstListMs: median('spawnToFirstListMs'), firstListTools: median('firstListTools'), spawnToAllToolsMs: median('spawnToAllToolsMs') },
    toolsList: list,
    hubMemoryAfterList: memory,
  };
}

function scale(stats, f) {
  return Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, k === 'n' ? v : v * f]));
}
