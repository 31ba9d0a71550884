import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createHubApi } from '../../main/core/admin/hub-api.js';
import { addStandingRule } from '../../main/core/consent/consent-rules.js';
import { createHub, type Hub } from '../../main/core/hub.js';
import type { HubApi } from '../../shared/hub-api.js';
import { startA2AAgent, stopA2AAgents } from '../helpers/a2a-agents.js';
import { repoRoot, tempDataDir } from '../helpers/cli.js';
import { eventually } from '../helpers/hub.js';
import { memorySecrets } from '../helpers/memory-secrets.js';

/**
 * The Timeline's HubApi reads against a real hub (in this process, its endpoint real HTTP), a real
 * stdio server (server-everything from npm) and a real hub.db: a call opened with its result, consent
 * in words and phases; filters and search; totals and facets; and reading only what changed.
 */
const everything = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');

const hubs: Hub[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await Promise.allSettled(hubs.splice(0).map((h) => h.dispose()));
  await stopA2AAgents();
});

async function setup(): Promise<{ hub: Hub; api: HubApi; client: Client; ruleId: number }> {
  const hub = await createHub({ dataDir: tempDataDir(), port: 0, gateway: { startDelayMs: 0 } });
  hubs.push(hub);
  hub.store.servers.add({ name: 'every', transport: 'stdio', command: process.execPath, args: [everything, 'stdio'] });
  const { token } = hub.store.clients.add('cursor');
  const { id: ruleId } = addStandingRule(hub.store, { client: 'cursor', server: 'every', tool: 'echo', effect: 'allow', createdBy: 'cli' }, { force: true });
  hub.consent.rulesChanged();
  await hub.reload();
  const client = new Client({ name: 'timeline-test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', hub.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  clients.push(client);
  await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'every__echo'), 30_000, 'server-everything');
  return { hub, api: createHubApi(hub, 'browser'), client, ruleId };
}

const finished = async (api: HubApi, n: number) =>
  eventually(async () => {
    const page = await api.listToolCalls({ limit: 100 });
    return page.calls.length >= n && page.calls.every((c) => c.status !== 'running') && page;
  }, 15_000, `${n} finished calls`);

describe('the Timeline through the HubApi', () => {
  it('opens a call: its arguments, what the server answered, the rule that allowed it in words, and where the time went', async () => {
    const { api, client, ruleId } = await setup();
    await client.callTool({ name: 'every__echo', arguments: { message: 'Hello Timeline' } });
    const page = await finished(api, 1);
    const call = await api.getToolCall(page.calls[0]!.id);
    expect(call).toMatchObject({ kind: 'tool', client: 'cursor', server: 'every', tool: 'echo', status: 'ok', decision: `rule ${ruleId}: allow`, tasks: 0, linkedTasks: [] });
    expect(JSON.parse(call.arguments)).toEqual({ message: 'Hello Timeline' });
    expect(JSON.parse(call.result!)).toMatchObject({ content: [{ type: 'text', text: 'Echo: Hello Timeline' }] });
    expect(call.consent).toMatchObject({ outcome: 'allowed', rule: { id: ruleId, client: 'cursor', tool: 'echo' } });
    expect(call.consent.summary).toBe(`Allowed by rule ${ruleId}: allow cursor → every, echo, always, made with the CLI.`);
    expect(call.phases.serverMs).toBeGreaterThanOrEqual(0);
    expect(call.phases.consentMs).toBeGreaterThanOrEqual(0);
    expect(call.phases.upstreamMs).toBeGreaterThan(0);
    expect(call.phases.upstreamMs!).toBeLessThanOrEqual(call.durationMs!);

    // A revoked rule is still named, and said to be gone.
    await api.revokeConsentRule(ruleId);
    expect((await api.getToolCall(call.id)).consent.summary).toMatch(new RegExp(`^Allowed by rule ${ruleId} \\(that rule no longer exists`));
    await expect(api.getToolCall(999_999)).rejects.toThrow(/There is no call 999999/);
  });

  it('says who answered a prompt, after how long, and keeps a server error with the call', async () => {
    const { api, client } = await setup();
    const call = client.callTool({ name: 'every__get-sum', arguments: { a: 2, b: 40 } });
    const [prompt] = await eventually(async () => (await api.listPendingPrompts()).length === 1 && api.listPendingPrompts());
    await api.answerPrompt(prompt!.id, 'allow', 'once');
    await call;
    const [row] = (await finished(api, 1)).calls;
    const details = await api.getToolCall(row!.id);
    expect(details.consent.outcome).toBe('allowed');
    expect(details.consent.prompt).toMatchObject({ id: prompt!.id, status: 'allowed', remember: 'once', answeredBy: 'browser' });
    expect(details.consent.summary).toMatch(/^Allowed by the user in the browser, for this call only, after \d/);
    expect(details.phases.consentMs).toBeGreaterThan(0);

    // An argument the server refuses: the error is on the record, whole in the details.
    await client.callTool({ name: 'every__echo', arguments: { wrong: true } }).catch(() => undefined);
    const failed = (await finished(api, 2)).calls[0]!;
    expect(failed.status).toBe('error');
    expect((await api.getToolCall(failed.id)).error).toMatch(/message/);
  });

  it('filters by names picked from the record, searches case-insensitively, counts, and says when nothing matches', async () => {
    const { api, client, hub } = await setup();
    await client.callTool({ name: 'every__echo', arguments: { message: 'Ünïcode Straße' } });
    await client.callTool({ name: 'every__echo', arguments: { message: 'plain' } });
    await client.readResource({ uri: 'demo://resource/dynamic/text/1' });
    await finished(api, 3);

    const facets = await api.timelineFacets();
    expect(facets.clients).toEqual(['cursor']);
    expect(facets.servers).toEqual([{ name: 'every', tools: [{ name: 'demo://resource/dynamic/text/1', kind: 'resource' }, { name: 'echo', kind: 'tool' }] }]);

    expect((await api.listToolCalls({ search: 'STRASSE' })).calls).toHaveLength(0);
    expect((await api.listToolCalls({ search: 'ÜNÏCODE straße' })).calls.map((c) => c.arguments)).toEqual([JSON.stringify({ message: 'Ünïcode Straße' })]);
    expect((await api.listToolCalls({ search: 'ECHO' })).calls).toHaveLength(2);
    expect((await api.listToolCalls({ search: '%' })).calls).toHaveLength(0);
    expect((await api.listToolCalls({ tool: 'echo', kind: 'tool' })).calls).toHaveLength(2);
    expect((await api.listToolCalls({ kind: 'resource' })).calls).toMatchObject([{ tool: 'demo://resource/dynamic/text/1', status: 'ok' }]);
    const resource = await api.getToolCall((await api.listToolCalls({ kind: 'resource' })).calls[0]!.id);
    expect(JSON.parse(resource.result!)).toMatchObject({ contents: [{ uri: 'demo://resource/dynamic/text/1' }] });
    expect(resource.consent.outcome).toBe('not-asked');

    expect(await api.toolCallTotals({})).toEqual({ calls: 3, byStatus: { ok: 3 }, byKind: { tool: 2, resource: 1 } });
    expect(await api.toolCallTotals({ client: 'nobody' })).toEqual({ calls: 0, byStatus: {}, byKind: {} });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await api.listToolCalls({ since: future })).calls).toEqual([]);
    expect((await api.listToolCalls({ until: future })).calls).toHaveLength(3);
    // Paging down: the next page starts below the last id.
    const first = await api.listToolCalls({ limit: 2 });
    expect(first.more).toBe(true);
    const next = await api.listToolCalls({ limit: 2, beforeId: first.calls.at(-1)!.id });
    expect(next).toMatchObject({ more: false });
    expect([...first.calls, ...next.calls].map((c) => c.id)).toEqual([3, 2, 1].map((n) => n + first.oldestId - 1));
    // The filter is validated.
    await expect(api.listToolCalls({ status: 'fine' as never })).rejects.toThrow();
    expect(hub.store.toolCalls.version()).toBeGreaterThan(0);
  });

  it('reads only what changed since a version, with what no longer matches', async () => {
    const { api, client } = await setup();
    await client.callTool({ name: 'every__echo', arguments: { message: 'one' } });
    const before = await finished(api, 1);
    const runningBefore = await api.listToolCalls({ status: 'running' });
    expect(await api.listToolCalls({ changedSince: before.version })).toMatchObject({ calls: [], gone: [], version: before.version });

    // A long call: it shows as running, then as done; a reader of 'running' is told it is gone.
    const long = client.callTool({ name: 'every__trigger-long-running-operation', arguments: { duration: 0.6, steps: 2 } });
    const [prompt] = await eventually(async () => (await api.listPendingPrompts()).length === 1 && api.listPendingPrompts());
    const running = await api.listToolCalls({ status: 'running', changedSince: runningBefore.version });
    expect(running.calls).toMatchObject([{ tool: 'trigger-long-running-operation', status: 'running' }]);
    await api.answerPrompt(prompt!.id, 'allow', 'once');
    await long;
    await finished(api, 2);
    const after = await api.listToolCalls({ status: 'running', changedSince: running.version });
    expect(after.calls).toEqual([]);
    expect(after.gone).toEqual([running.calls[0]!.id]);
    const all = await api.listToolCalls({ changedSince: before.version });
    expect(all.calls.map((c) => c.tool)).toEqual(['trigger-long-running-operation']);
    expect(all.version).toBeGreaterThan(running.version);
  });

  it('links an A2A task to the call that started it, both ways, and filters tasks like calls', async () => {
    const hub = await createHub({ dataDir: tempDataDir(), port: 0, secrets: memorySecrets(), gateway: { startDelayMs: 0 } });
    hubs.push(hub);
    const api = createHubApi(hub, 'browser');
    const agent = await startA2AAgent('echo-stream');
    await api.addAgent({ name: 'helper', url: agent.url });
    const { token } = hub.store.clients.add('claude');
    addStandingRule(hub.store, { client: '*', server: 'helper', tool: '*', effect: 'allow', createdBy: 'cli' });
    hub.consent.rulesChanged();
    const client = new Client({ name: 'timeline-a2a', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', hub.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    clients.push(client);
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'helper__send_message'), 30_000, 'the agent tool');
    await client.callTool({ name: 'helper__send_message', arguments: { text: 'hello' } });

    const [call] = (await finished(api, 1)).calls;
    expect(call).toMatchObject({ server: 'helper', tool: 'send_message', tasks: 1 });
    const details = await api.getToolCall(call!.id);
    expect(details.linkedTasks).toMatchObject([{ agent: 'helper', client: 'claude', toolCall: call!.id, state: 'completed' }]);
    const task = await api.getTask(details.linkedTasks[0]!.id);
    expect(task.call).toMatchObject({ id: call!.id, tool: 'send_message' });
    expect(task.events.some((e) => e.kind === 'message' && e.body !== undefined)).toBe(true);
    await expect(api.getTask(999)).rejects.toThrow(/There is no A2A task 999/);

    expect(await api.listTasks({ toolCall: call!.id })).toHaveLength(1);
    expect(await api.listTasks({ states: ['completed'], client: 'claude', agent: 'helper' })).toHaveLength(1);
    expect(await api.listTasks({ states: ['failed', 'canceled'] })).toEqual([]);
    expect(await api.listTasks({ since: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await api.listTasks({ until: new Date(Date.now() + 60_000).toISOString() })).toHaveLength(1);
    expect((await api.timelineFacets()).agents).toEqual(['helper']);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(await api.listTasks({ updatedSince: later })).toEqual([]);
  });
});
