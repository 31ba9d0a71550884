// Section "latency": tools/call through the hub to a stdio echo server, against the same echo server
// served directly over Streamable HTTP, in interleaved rounds after a warm-up. Through the hub twice: a
// 2025-11-25 client (a session, the fast path) and an MCP 2026-07-28 client (no session: the _meta
// envelope and the standard headers on every request, served by the v2 SDK's per-request handler).
import process from 'node:process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, TAG, addClient, cli, connect, startHub, stopHub, stopProcess, summarize, tempDir, timeUs, track, waitFor } from './harness.mjs';
import { MiniClient } from './mini-client.mjs';

const ECHO = path.join(BENCH_DIR, 'echo-server.mjs');
const MODERN = '2026-07-28';

/** A 2026-07-28 client for one tool: every request carries the envelope, and the headers derived from it. */
function modernClient(mcpUrl, token, tool) {
  const client = new MiniClient(mcpUrl, { token });
  Object.assign(client.baseHeaders, { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': tool });
  const _meta = {
    'io.modelcontextprotocol/protocolVersion': MODERN,
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'agent-hub-bench', version: '1.0.0' },
  };
  return { request: (method, params) => client.request(method, { ...params, _meta }), close: () => client.close() };
}

export async function latency({ env, log }) {
  const rounds = Number(env.BENCH_ROUNDS ?? 10);
  const calls = Number(env.BENCH_CALLS ?? 500);
  const warmup = Number(env.BENCH_WARMUP ?? 1000);

  const dataDir = tempDir('latency');
  await cli(['server', 'add', 'echo', '--data-dir', dataDir, '--', process.execPath, ECHO, '--stdio', TAG]);
  // Calls are measured with consent decided by a rule (the usual case once the user has answered).
  await cli(['consent', 'allow', '--server', 'echo', '--data-dir', dataDir]);
  const token = await addClient(dataDir);

  const direct = track(spawn(process.execPath, [ECHO, '--http', '0', TAG], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const directPort = await new Promise((resolve, reject) => {
    direct.stdout.setEncoding('utf8');
    direct.stdout.once('data', (d) => resolve(Number(/listening (\d+)/.exec(d)?.[1])));
    direct.once('exit', (c) => reject(new Error(`the direct echo server exited (${c})`)));
  });

  const hub = await startHub(dataDir);
  try {
    const viaHub = await connect(hub.mcpUrl, token);
    const viaDirect = await connect(`http://127.0.0.1:${directPort}/mcp`);
    const viaHubModern = modernClient(hub.mcpUrl, token, 'echo__echo');
    await waitFor('echo__echo in the hub catalog', async () => (await viaHub.request('tools/list')).tools.some((t) => t.name === 'echo__echo'));

    const targets = {
      hub: { client: viaHub, tool: 'echo__echo', samples: [] },
      modern: { client: viaHubModern, tool: 'echo__echo', samples: [] },
      direct: { client: viaDirect, tool: 'echo', samples: [] },
    };
    const text = 'hello from the agent hub benchmark';
    const once = async (t) => {
      const [us, result] = await timeUs(() => t.client.request('tools/call', { name: t.tool, arguments: { text } }));
      if (result?.content?.[0]?.text !== text) throw new Error(`unexpected echo result: ${JSON.stringify(result)}`);
      return us;
    };

    log(`  warm-up: ${warmup} calls each`);
    for (let i = 0; i < warmup; i++) {
      await once(targets.hub);
      await once(targets.modern);
      await once(targets.direct);
    }

    log(`  measuring: ${rounds} rounds × ${calls} calls, rotating hub (2025) / hub (2026-07-28) / direct`);
    const roundDeltas = [];
    const modernDeltas = [];
    const names = ['hub', 'modern', 'direct'];
    for (let r = 0; r < rounds; r++) {
      const order = [...names.slice(r % 3), ...names.slice(0, r % 3)];
      const perRound = {};
      for (const name of order) {
        const t = targets[name];
        const xs = [];
        for (let i = 0; i < calls; i++) xs.push(await once(t));
        t.samples.push(...xs);
        perRound[name] = summarize(xs).p50;
      }
      roundDeltas.push(perRound.hub - perRound.direct);
      modernDeltas.push(perRound.modern - perRound.direct);
    }
    viaHub.close();
    viaHubModern.close();
    viaDirect.close();

    const hubStats = summarize(targets.hub.samples);
    const modernStats = summarize(targets.modern.samples);
    const directStats = summarize(targets.direct.samples);
    const median = (xs) => [...xs].sort((a, b) => a - b);
    const deltas = median(roundDeltas);
    const mDeltas = median(modernDeltas);
    return {
      config: { rounds, callsPerRound: calls, warmupCallsEach: warmup },
      hubUs: hubStats,
      modernUs: modernStats,
      directUs: directStats,
      addedP50Us: hubStats.p50 - directStats.p50,
      addedP99Us: hubStats.p99 - directStats.p99,
      modernAddedP50Us: modernStats.p50 - directStats.p50,
      modernAddedP99Us: modernStats.p99 - directStats.p99,
      perRoundAddedP50Us: { min: deltas[0], median: deltas[Math.floor(deltas.length / 2)], max: deltas.at(-1) },
      perRoundModernAddedP50Us: { min: mDeltas[0], median: mDeltas[Math.floor(mDeltas.length / 2)], max: mDeltas.at(-1) },
    };
  } finally {
    await stopHub(hub);
    await stopProcess(direct);
  }
}
