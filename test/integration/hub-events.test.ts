import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, it } from 'vitest';
import { createHubApi } from '../../main/core/admin/hub-api.js';
import { createHub, type Hub } from '../../main/core/hub.js';
import { hubEventTypes, type HubEventType } from '../../shared/hub-events.js';
import { startA2AAgent, stopA2AAgents } from '../helpers/a2a-agents.js';
import { repoRoot, tempDataDir } from '../helpers/cli.js';
import { eventually } from '../helpers/hub.js';
import { memorySecrets } from '../helpers/memory-secrets.js';

/**
 * Every event type in the table (shared/hub-events.ts) is sent by some hub action: a UI listening for
 * one never waits for an event nobody sends. Real hub in this process, a real stdio server, a real
 * A2A agent, a real MCP client.
 */
const flaky = path.join(repoRoot, 'test/fixtures/gateway/flaky-server.mjs');
let hub: Hub | undefined;
afterEach(async () => {
  await hub?.dispose();
  await stopA2AAgents();
});

describe('hub events', () => {
  it('are each sent by a hub action', async () => {
    hub = await createHub({ dataDir: tempDataDir(), port: 0, secrets: memorySecrets(), gateway: { startDelayMs: 0 } });
    const seen = new Set<HubEventType>();
    hub.onEvent((e) => seen.add(e.type));
    const api = createHubApi(hub, 'test');

    await api.addServer({ name: 'calc', transport: 'stdio', command: process.execPath, args: [flaky] });
    const { token } = await api.addClient('claude');
    const agent = await startA2AAgent('echo-stream');
    await api.addAgent({ name: 'helper', url: agent.url });
    const client = new Client({ name: 'events', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', hub.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'helper__send_message'), 30_000, 'the agent tool');

    // A prompt, answered with a rule.
    const call = client.callTool({ name: 'calc__add', arguments: { a: 1, b: 2 } });
    const [prompt] = await eventually(async () => (await api.listPendingPrompts()).length === 1 && api.listPendingPrompts(), 15_000, 'the prompt');
    await api.answerPrompt(prompt!.id, 'allow', 'always');
    await call;
    // An A2A task.
    const rule = await api.listConsentRules();
    hub.store.consent.addRule({ client: '*', server: 'helper', tool: '*', effect: 'allow', scope: 'always', createdBy: 'test' });
    await api.revokeConsentRule(rule[0]!.id);
    await client.callTool({ name: 'helper__send_message', arguments: { text: 'hi' } });
    // A rate limit set and removed.
    const limit = await api.setRateLimit({ server: 'calc', perMinute: 5 });
    await api.removeRateLimit(limit.id);
    // A Workbench run (it changes as soon as its call is on the record).
    await api.startWorkbenchRun({ kind: 'tool', name: 'calc__add', arguments: { a: 2, b: 2 } });

    await eventually(() => Object.keys(hubEventTypes).every((t) => seen.has(t as HubEventType)), 5_000, `every event type (seen: ${[...seen].join(', ')})`);
    await client.close();
  }, 60_000);
});
