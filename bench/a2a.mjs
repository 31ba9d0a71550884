// Section "a2a": a message to a streaming A2A agent (@a2a-js/sdk, in its own process) three ways, in
// turn: as the MCP tool NAME__send_message through the hub, through the hub's A2A front door
// (/a2a/NAME) with the SDK's client, and to the agent directly with the SDK's client; plus the task
// records the hub wrote and its memory afterwards.
import process from 'node:process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory } from '@a2a-js/sdk/client';
import { SendMessageRequest } from '@a2a-js/sdk';
import { ROOT, addClient, cli, connect, memoryOf, startHub, stopHub, stopProcess, summarize, tempDir, timeUs, track, waitFor } from './harness.mjs';

const SERVE = path.join(ROOT, 'test/fixtures/a2a/serve.mjs');

export async function a2a({ env, log }) {
  const calls = Number(env.BENCH_A2A_CALLS ?? 300);
  const warmup = Number(env.BENCH_A2A_WARMUP ?? 50);
  const agent = track(spawn(process.execPath, [SERVE, 'echo-stream'], { stdio: ['ignore', 'pipe', 'inherit'] }));
  const url = await new Promise((resolve, reject) => {
    agent.stdout.setEncoding('utf8');
    agent.stdout.once('data', (d) => resolve(JSON.parse(d)['echo-stream']));
    agent.once('exit', (c) => reject(new Error(`the agent exited (${c})`)));
  });
  const dataDir = tempDir('a2a');
  await cli(['agent', 'add', 'echo', '--url', url, '--data-dir', dataDir]);
  await cli(['consent', 'allow', '--server', 'echo', '--data-dir', dataDir]);
  const token = await addClient(dataDir);
  const hub = await startHub(dataDir);
  try {
    const viaHub = await connect(hub.mcpUrl, token);
    await waitFor('echo__send_message in the hub catalog', async () => (await viaHub.request('tools/list')).tools.some((t) => t.name === 'echo__send_message'));
    const direct = await new ClientFactory().createFromUrl(url);
    const fetchImpl = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    const front = await new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [new JsonRpcTransportFactory({ fetchImpl })],
        cardResolver: new DefaultAgentCardResolver({ fetchImpl }),
      }),
    ).createFromUrl(hub.mcpUrl.replace(/\/mcp$/, '/a2a/echo/'));
    let n = 0;
    const hubCall = async () => {
      const r = await viaHub.request('tools/call', { name: 'echo__send_message', arguments: { text: `bench ${++n}` } });
      if (r?.structuredContent?.state !== 'completed') throw new Error(`unexpected result: ${JSON.stringify(r).slice(0, 300)}`);
    };
    const streamed = (client, what) => async () => {
      const request = SendMessageRequest.fromJSON({ message: { messageId: `m${++n}`, role: 'ROLE_USER', parts: [{ text: `bench ${n}` }] } });
      let events = 0;
      for await (const _ of client.sendMessageStream(request)) events++;
      if (events < 2) throw new Error(`the ${what} stream ended early`);
    };
    const directCall = streamed(direct, 'direct');
    const frontCall = streamed(front, 'front door');
    log(`  warm-up: ${warmup} calls each`);
    for (let i = 0; i < warmup; i++) {
      await hubCall();
      await frontCall();
      await directCall();
    }
    log(`  measuring: ${calls} calls each, alternating`);
    const hubUs = [];
    const frontUs = [];
    const directUs = [];
    for (let i = 0; i < calls; i++) {
      hubUs.push((await timeUs(hubCall))[0]);
      frontUs.push((await timeUs(frontCall))[0]);
      directUs.push((await timeUs(directCall))[0]);
    }
    const h = summarize(hubUs);
    const f = summarize(frontUs);
    const d = summarize(directUs);
    const tasks = JSON.parse(await cli(['tasks', '--json', '--limit', '5000', '--data-dir', dataDir]));
    return {
      calls,
      hubMs: { p50: h.p50 / 1000, p99: h.p99 / 1000 },
      directMs: { p50: d.p50 / 1000, p99: d.p99 / 1000 },
      addedP50Ms: (h.p50 - d.p50) / 1000,
      frontMs: { p50: f.p50 / 1000, p99: f.p99 / 1000 },
      frontAddedP50Ms: (f.p50 - d.p50) / 1000,
      tasksRecorded: tasks.length,
      eventsPerTask: tasks.length ? tasks.reduce((a, t) => a + t.events.length, 0) / tasks.length : 0,
      hubMemory: memoryOf(hub.proc.pid),
    };
  } finally {
    await stopHub(hub);
    await stopProcess(agent);
  }
}
