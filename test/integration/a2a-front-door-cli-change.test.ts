import crypto from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { createHubApi } from '../../main/core/admin/hub-api.js';
import { createHub, type Hub } from '../../main/core/hub.js';
import { startA2AAgent, stopA2AAgents } from '../helpers/a2a-agents.js';
import { runCliAsync, tempDataDir } from '../helpers/cli.js';
import { eventually } from '../helpers/hub.js';
import { memorySecrets } from '../helpers/memory-secrets.js';

// An agent enabled from the CLI is listed at the front door at once (the catalog and the card read
// hub.db), so a message sent right away must reach it too, not wait for the hub's next look at hub.db.
// The hub here never looks by itself (configPollMs: an hour): only the front door can apply the change.
// Real parts: the built CLI in another process, a real hub.db, an @a2a-js/sdk agent, HTTP on 127.0.0.1.

let hub: Hub | undefined;
afterAll(async () => {
  await hub?.dispose();
  await stopA2AAgents();
});

it('a message sent right after `agent-hub agent enable` reaches the agent', async () => {
  const dataDir = tempDataDir();
  const agent = await startA2AAgent('echo');
  // Async: the agent answers the CLI's card read from this process.
  const cli = async (...args: string[]) => expect((await runCliAsync(args, { dataDir })).stderr).toBe('');
  await cli('agent', 'add', 'echo', '--url', agent.url);
  await cli('consent', 'allow', '--server', 'echo');
  hub = await createHub({ dataDir, port: 0, secrets: memorySecrets(), configPollMs: 3_600_000, gateway: { startDelayMs: 0 } });
  const { token } = await createHubApi(hub, 'test').addClient('caller');
  const send = (text: string) =>
    fetch(`${hub!.url}/a2a/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'a2a-version': '1.0', authorization: `Bearer ${token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'SendMessage', params: { message: { messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text }] } } }),
    });
  // Connected once, so its card is approved and published.
  await eventually(async () => (await fetch(`${hub!.url}/a2a/echo/.well-known/agent-card.json`)).status === 200, 20_000, 'the card to be published');

  await cli('agent', 'disable', 'echo');
  await hub.reload();
  expect(hub.gateway.upstreams.has('echo')).toBe(false);
  await cli('agent', 'enable', 'echo');
  const res = await send('right after enable');
  expect(res.status).toBe(200);
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  expect(body.error).toBeUndefined();
  expect(JSON.stringify(body.result)).toContain('right after enable');
  expect(agent.messages.at(-1)).toMatchObject({ text: 'right after enable' });
});
