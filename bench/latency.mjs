// Section "latency": tools/call through the hub to a stdio echo server, against the same echo server
// served directly over Streamable HTTP, in interleaved rounds after a warm-up.
import process from 'node:process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, TAG, addClient, cli, connect, startHub, stopHub, stopProcess, summarize, tempDir, timeUs, track, waitFor } from './harness.mjs';

const ECHO = path.join(BENCH_DIR, 'echo-server.mjs');

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
    await waitFor('echo__echo in the hub catalog', async () => (await viaHub.request('tools/list')).tools.some((t) => t.name === 'echo__echo'));

    const targets = {
      hub: { client: viaHub, tool: 'echo__echo', samples: [] },
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
      await once(targets.direct);
    }

    log(`  measuring: ${rounds} rounds × ${calls} calls, alternating hub/direct`);
    const roundDeltas = [];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ['hub', 'direct'] : ['direct', 'hub'];
      const perRound = {};
      for (const name of order) {
        const t = targets[name];
        const xs = [];
        for (let i = 0; i < calls; i++) xs.push(await once(t));
        t.samples.push(...xs);
        perRound[name] = summarize(xs).p50;
      }
      roundDeltas.push(perRound.hub - perRound.direct);
    }
    viaHub.close();
    viaDirect.close();

    const hubStats = summarize(targets.hub.samples);
    const directStats = summarize(targets.direct.samples);
    const deltas = [...roundDeltas].sort((a, b) => a - b);
    return {
      config: { rounds, callsPerRound: calls, warmupCallsEach: warmup },
      hubUs: hubStats,
      directUs: directStats,
      addedP50Us: hubStats.p50 - directStats.p50,
      addedP99Us: hubStats.p99 - directStats.p99,
      perRoundAddedP50Us: { min: deltas[0], median: deltas[Math.floor(deltas.length / 2)], max: deltas.at(-1) },
    };
  } finally {
    await stopHub(hub);
    await stopProcess(direct);
  }
}
