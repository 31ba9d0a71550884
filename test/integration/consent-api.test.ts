import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsentPromptView } from '../../shared/consent.js';
import { createHubApi } from '../../main/core/admin/hub-api.js';
import { createHub, type Hub } from '../../main/core/hub.js';
import { repoRoot, tempDataDir } from '../helpers/cli.js';
import { eventually } from '../helpers/hub.js';

/**
 * The consent prompt answered through the HubApi, the surface the desktop window and the browser UI
 * use, with the hub running in this process (its endpoint is still real HTTP on 127.0.0.1).
 */
const hubs: Hub[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await Promise.allSettled(hubs.splice(0).map((h) => h.dispose()));
});

async function connect(hub: Hub, token: string): Promise<Client> {
  const client = new Client({ name: 'api-test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', hub.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  clients.push(client);
  return client;
}

describe('consent through the HubApi', () => {
  it('reaches every listener at once, and a session answer lasts for that session only', async () => {
    const hub = await createHub({ dataDir: tempDataDir(), port: 0, gateway: { startDelayMs: 0 } });
    hubs.push(hub);
    hub.store.servers.add({ name: 'calc', transport: 'stdio', command: process.execPath, args: [path.join(repoRoot, 'test/fixtures/gateway/flaky-server.mjs')] });
    await hub.reload();
    const { token } = hub.store.clients.add('cursor');
    const api = createHubApi(hub, 'ui');
    const opened: ConsentPromptView[] = [];
    hub.consent.on('prompt', (p: ConsentPromptView) => opened.push(p));

    const first = await connect(hub, token);
    await eventually(async () => (await first.listTools()).tools.length > 0, 30_000);
    const call = first.callTool({ name: 'calc__add', arguments: { a: 20, b: 22 } });
    const [p] = await eventually(async () => (await api.listPendingPrompts()).length === 1 && api.listPendingPrompts());
    expect(opened).toEqual([expect.objectContaining({ id: p!.id, client: 'cursor', tool: 'add', expiresAt: expect.any(String) })]);
    expect(p!.expiresAt).toBeDefined();

    const answered = await api.answerPrompt(p!.id, 'allow', 'session');
    expect(answered).toMatchObject({ status: 'allowed', remember: 'session', answeredBy: 'ui' });
    expect((await call).content).toEqual([{ type: 'text', text: '42' }]);
    // Same session: answered by the session rule. A second answer to the same prompt is refused.
    expect((await first.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } })).content).toEqual([{ type: 'text', text: '2' }]);
    await expect(api.answerPrompt(p!.id, 'deny', 'once')).rejects.toThrow(/no longer pending/);

    // Another session of the same client is asked again.
    const second = await connect(hub, token);
    const other = second.callTool({ name: 'calc__add', arguments: { a: 3, b: 3 } });
    const [p2] = await eventually(async () => (await api.listPendingPrompts()).length === 1 && api.listPendingPrompts());
    await api.answerPrompt(p2!.id, 'deny', 'once');
    expect((await other).isError).toBe(true);
    expect(await api.listConsentRules()).toEqual([expect.objectContaining({ scope: 'session', client: 'cursor', tool: 'add' })]);
  });
});
