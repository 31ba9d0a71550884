import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHubApi } from '../../main/core/admin/hub-api.js';
import { addStandingRule } from '../../main/core/consent/consent-rules.js';
import { createHub, type Hub } from '../../main/core/hub.js';
import type { HubApi } from '../../shared/hub-api.js';
import type { WorkbenchRunView } from '../../shared/workbench.js';
import { UI_CLIENT } from '../../shared/workbench.js';
import { repoRoot, tempDataDir } from '../helpers/cli.js';
import { eventually } from '../helpers/hub.js';

/**
 * The Workbench through the HubApi: a real hub in this process, server-everything from npm over stdio,
 * real hub.db. The UI's calls go through the gateway as the reserved client agent-hub-ui: consent
 * (rules match it by name or `*`, prompts otherwise), rate limits, the Timeline, hidden tools; progress
 * and cancel; resources, templates, prompts and completions with the raw JSON of each answer.
 */
const everything = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');

const hubs: Hub[] = [];
afterEach(async () => {
  await Promise.allSettled(hubs.splice(0).map((h) => h.dispose()));
});

async function setup(): Promise<{ hub: Hub; api: HubApi }> {
  const hub = await createHub({ dataDir: tempDataDir(), port: 0, gateway: { startDelayMs: 0 } });
  hubs.push(hub);
  hub.store.servers.add({ name: 'every', transport: 'stdio', command: process.execPath, args: [everything, 'stdio'], tools: { deny: ['get-env'] } });
  await hub.reload();
  const api = createHubApi(hub, 'browser');
  await eventually(async () => (await api.listPublishedTools()).some((t) => t.name === 'every__echo'), 30_000, 'server-everything');
  return { hub, api };
}

const allow = (hub: Hub, client: string, tool = '*') => {
  addStandingRule(hub.store, { client, server: 'every', tool, effect: 'allow', createdBy: 'cli' }, { force: true });
  hub.consent.rulesChanged();
};

const ended = (api: HubApi, id: number) =>
  eventually(async () => {
    const run = await api.getWorkbenchRun(id);
    return run.status !== 'running' && run;
  }, 20_000, `run ${id} to end`) as Promise<WorkbenchRunView>;

describe('the Workbench', () => {
  it('lists what is published with schemas and template variables, and never a hidden tool', async () => {
    const { api } = await setup();
    const tools = await api.listPublishedTools();
    const echo = tools.find((t) => t.name === 'every__echo')!;
    expect(echo).toMatchObject({ server: 'every', tool: 'echo', inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] } });
    expect(tools.some((t) => t.tool === 'get-env')).toBe(false);
    expect((await api.listResources()).some((r) => r.server === 'every' && r.uri.startsWith('demo://'))).toBe(true);
    const templates = await api.listResourceTemplates();
    expect(templates.find((t) => t.uriTemplate === 'demo://resource/dynamic/text/{resourceId}')).toMatchObject({ server: 'every', variables: ['resourceId'], completions: true });
    const prompts = await api.listPrompts();
    expect(prompts.find((p) => p.name === 'every__args-prompt')).toMatchObject({ server: 'every', arguments: [{ name: 'city', required: true }, { name: 'state' }] });
  });

  it('runs a tool only after consent, as agent-hub-ui, and puts it on the Timeline with the JSON of both sides', async () => {
    const { hub, api } = await setup();
    // A rule for another client does not cover the UI.
    allow(hub, 'cursor');
    const run = await api.startWorkbenchRun({ kind: 'tool', name: 'every__echo', arguments: { message: 'from the UI' } });
    expect(run).toMatchObject({ status: 'running', rpcRequest: { jsonrpc: '2.0', method: 'tools/call', params: { name: 'every__echo', arguments: { message: 'from the UI' } } } });
    const [prompt] = await eventually(async () => (await api.listPendingPrompts()).length === 1 && api.listPendingPrompts());
    expect(prompt).toMatchObject({ client: UI_CLIENT, server: 'every', tool: 'echo', details: { arguments: { message: 'from the UI' } } });
    expect((await api.getWorkbenchRun(run.id)).progress.at(-1)?.message).toMatch(/Waiting for the user's approval in Agent Hub/);
    await api.answerPrompt(prompt!.id, 'allow', 'once');
    const done = await ended(api, run.id);
    expect(done).toMatchObject({ status: 'done', rpcResponse: { jsonrpc: '2.0', id: run.id, result: { content: [{ type: 'text', text: 'Echo: from the UI' }] } } });
    expect(done.callId).toEqual(expect.any(Number));
    const call = await eventually(async () => {
      const c = await api.getToolCall(done.callId!);
      return c.status === 'ok' && c;
    });
    expect(call).toMatchObject({ client: UI_CLIENT, server: 'every', tool: 'echo', decision: 'user (browser): allow once' });

    // A deny rule for every client covers the UI too; a rule made for it by name allows it.
    addStandingRule(hub.store, { client: '*', server: 'every', tool: 'get-sum', effect: 'deny', createdBy: 'cli' }, { force: true });
    hub.consent.rulesChanged();
    const denied = await ended(api, (await api.startWorkbenchRun({ kind: 'tool', name: 'every__get-sum', arguments: { a: 1, b: 2 } })).id);
    expect(denied).toMatchObject({ status: 'done', rpcResponse: { result: { isError: true, content: [{ text: expect.stringMatching(/A rule in Agent Hub denies this call/) }] } } });
    allow(hub, UI_CLIENT, 'echo');
    const allowed = await ended(api, (await api.startWorkbenchRun({ kind: 'tool', name: 'every__echo', arguments: { message: 'again' } })).id);
    expect(allowed.rpcResponse).toMatchObject({ result: { content: [{ text: 'Echo: again' }] } });
    expect(await api.listPendingPrompts()).toEqual([]);
  });

  it('cannot reach a hidden or unknown tool, and a rate limit for it applies', async () => {
    const { hub, api } = await setup();
    allow(hub, '*');
    const hidden = await ended(api, (await api.startWorkbenchRun({ kind: 'tool', name: 'every__get-env', arguments: {} })).id);
    const unknown = await ended(api, (await api.startWorkbenchRun({ kind: 'tool', name: 'every__no-such-tool', arguments: {} })).id);
    expect(hidden.rpcResponse).toEqual({ jsonrpc: '2.0', id: hidden.id, error: { code: -32602, message: 'Tool every__get-env not found' } });
    expect(unknown.rpcResponse).toEqual({ jsonrpc: '2.0', id: unknown.id, error: { code: -32602, message: 'Tool every__no-such-tool not found' } });
    expect((await api.listToolCalls({ client: UI_CLIENT })).calls).toEqual([]);

    await api.setRateLimit({ client: UI_CLIENT, server: 'every', perMinute: 1, force: true });
    await ended(api, (await api.startWorkbenchRun({ kind: 'tool', name: 'every__echo', arguments: { message: '1' } })).id);
    const limited = await ended(api, (await api.startWorkbenchRun({ kind: 'tool', name: 'every__echo', arguments: { message: '2' } })).id);
    expect(limited.rpcResponse).toMatchObject({ result: { isError: true, content: [{ text: expect.stringMatching(/^Rate limit: client "agent-hub-ui"/) }] } });
    await eventually(async () => (await api.listToolCalls({ client: UI_CLIENT, status: 'rate-limited' })).calls.length === 1);
  });

  it('reports progress, and Cancel stops the call on the server and on the record; a cancel while asking withdraws the prompt', async () => {
    const { hub, api } = await setup();
    allow(hub, UI_CLIENT, 'trigger-long-running-operation');
    const run = await api.startWorkbenchRun({ kind: 'tool', name: 'every__trigger-long-running-operation', arguments: { duration: 20, steps: 40 } });
    await eventually(async () => (await api.getWorkbenchRun(run.id)).progress.some((p) => p.progress >= 1 && p.total === 40), 15_000, 'progress');
    await api.cancelWorkbenchRun(run.id);
    const cancelled = await ended(api, run.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', rpcResponse: null });
    expect(cancelled.durationMs!).toBeLessThan(15_000);
    await eventually(async () => (await api.getToolCall(cancelled.callId!)).status === 'cancelled', 10_000, 'the record to say cancelled');

    const asking = await api.startWorkbenchRun({ kind: 'tool', name: 'every__get-sum', arguments: { a: 1, b: 2 } });
    await eventually(async () => (await api.listPendingPrompts()).length === 1);
    await api.cancelWorkbenchRun(asking.id);
    expect(await ended(api, asking.id)).toMatchObject({ status: 'cancelled' });
    expect(await api.listPendingPrompts()).toEqual([]);
    const record = await eventually(async () => {
      const c = await api.getToolCall((await api.getWorkbenchRun(asking.id)).callId!);
      return c.status !== 'running' && c;
    });
    expect(record).toMatchObject({ status: 'cancelled', decision: 'withdrawn (the client cancelled the call)' });
    await expect(api.getWorkbenchRun(9_999)).rejects.toThrow(/There is no Workbench run 9999/);
  });

  it('reads a resource and a template, gets a prompt with arguments and completes one, recorded as the UI', async () => {
    const { api } = await setup();
    const resource = await ended(api, (await api.startWorkbenchRun({ kind: 'resource', uri: 'demo://resource/dynamic/text/7' })).id);
    expect(resource).toMatchObject({ status: 'done', rpcRequest: { method: 'resources/read', params: { uri: 'demo://resource/dynamic/text/7' } } });
    expect(resource.rpcResponse).toMatchObject({ result: { contents: [{ uri: 'demo://resource/dynamic/text/7', text: expect.stringContaining('7') }] } });
    const prompt = await ended(api, (await api.startWorkbenchRun({ kind: 'prompt', name: 'every__args-prompt', arguments: { city: 'Lyon', state: 'Rhône' } })).id);
    expect(JSON.stringify(prompt.rpcResponse)).toContain('Lyon');
    const missing = await ended(api, (await api.startWorkbenchRun({ kind: 'prompt', name: 'every__args-prompt', arguments: {} })).id);
    expect(missing).toMatchObject({ status: 'failed', rpcResponse: { error: { code: -32602 } } });
    const completion = await ended(
      api,
      (await api.startWorkbenchRun({ kind: 'completion', ref: { type: 'ref/prompt', name: 'every__completable-prompt' }, argument: { name: 'department', value: 'E' } })).id,
    );
    expect(completion.rpcResponse).toMatchObject({ result: { completion: { values: expect.arrayContaining(['Engineering']) } } });
    const kinds = await eventually(async () => {
      const calls = (await api.listToolCalls({ client: UI_CLIENT })).calls;
      return calls.length === 4 && calls.every((c) => c.status !== 'running') && calls;
    });
    expect(kinds.map((c) => `${c.kind} ${c.tool} ${c.status}`)).toEqual([
      'completion completable-prompt department ok',
      'prompt args-prompt error',
      'prompt args-prompt ok',
      'resource demo://resource/dynamic/text/7 ok',
    ]);
    expect((await api.listWorkbenchRuns()).map((r) => r.request.kind)).toEqual(['completion', 'prompt', 'prompt', 'resource']);
  });
});
