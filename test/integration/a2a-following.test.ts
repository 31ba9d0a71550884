import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '../../shared/a2a.js';
import { createHubApi } from '../../main/core/admin/hub-api.js';
import { createHub, type Hub } from '../../main/core/hub.js';
import {
  FORM_QUESTION,
  GATE_QUESTION,
  LENGTH_QUESTION,
  TICKS,
  TOPIC_QUESTION,
  startIndependentAgent,
  type Behaviour,
  type IndependentAgent,
  type IndependentOptions,
} from '../fixtures/a2a/independent-agents.mjs';
import { runCliAsync, tempDataDir } from '../helpers/cli.js';
import { eventually } from '../helpers/hub.js';
import { memorySecrets } from '../helpers/memory-secrets.js';

// Following A2A tasks against agents written independently of the hub's own fixtures (see
// test/fixtures/a2a/independent-agents.mjs), through the hub's real MCP endpoint with the MCP SDK's
// client. The hub runs in this process with a call timeout of 2 s, so a call that waits on a task the
// hub should have let go of fails with "no answer and no progress" instead of hanging for minutes.

const CALL_TIMEOUT_MS = 2000;
const allowAll = { decide: () => ({ allow: true as const, by: 'test' }) };

type Structured = { taskId?: string; contextId?: string; state: string; messages: { role: string; text: string }[]; artifacts: { name?: string; parts: { text?: string }[] }[] };
const structured = (r: unknown) => (r as CallToolResult).structuredContent as Structured;
const texts = (r: unknown) => (r as CallToolResult).content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`));

let hub: Hub;
let client: Client;
const agents = new Map<string, IndependentAgent>();

async function agent(name: string, behaviour: Behaviour, options: IndependentOptions = {}): Promise<IndependentAgent> {
  const started = await startIndependentAgent(behaviour, options);
  agents.set(name, started);
  await createHubApi(hub, 'test').addAgent({ name, url: started.url });
  await eventually(async () => (await client.listTools()).tools.some((t) => t.name === `${name}__send_message`), 20_000, `${name} to be published`);
  return started;
}

/** One call with its progress notifications. */
async function call(name: string, args: Record<string, unknown>) {
  const progress: string[] = [];
  const result = await client.callTool({ name, arguments: args }, CallToolResultSchema, { onprogress: (p) => progress.push(p.message ?? '') });
  return { result, progress, s: structured(result), texts: texts(result) };
}

function record(agentName: string): TaskView {
  const [task] = hub.store.tasks.list({ agent: agentName, limit: 1 });
  return task!;
}

beforeAll(async () => {
  hub = await createHub({ dataDir: tempDataDir(), port: 0, secrets: memorySecrets(), consent: allowAll, gateway: { startDelayMs: 0, callTimeoutMs: CALL_TIMEOUT_MS } });
  const { token } = hub.store.clients.add('tester');
  client = new Client({ name: 'a2a-following-test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', hub.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
}, 60_000);

afterAll(async () => {
  await client?.close();
  await hub?.dispose();
  await Promise.allSettled([...agents.values()].map((a) => a.close()));
});

describe.each([
  ['streaming', true],
  ['polled', false],
])('interrupted states end the call at once (%s)', (mode, streaming) => {
  it('auth-required: the agent\'s request comes back with the task id; the task resumes out of band', async () => {
    const name = `gate-${mode}`;
    const gate = await agent(name, 'gatekeeper', { streaming });
    const first = await call(`${name}__send_message`, { text: 'the report, please' });
    expect(first.result.isError).toBe(false);
    expect(first.s.state).toBe('auth-required');
    expect(first.texts[0]).toContain(GATE_QUESTION);
    expect(first.texts[0]).toContain(`taskId "${first.s.taskId}"`);
    expect(first.progress.filter((p) => p.startsWith('auth-required'))).toEqual([`auth-required: ${GATE_QUESTION}`]);
    expect(record(name)).toMatchObject({ state: 'auth-required' });
    // The hub stopped reading: no request to the agent stays open.
    await eventually(() => gate.openRequests() === 0, 10_000, 'the stream to be closed');

    gate.authorize(first.s.taskId!);
    const done = await eventually(async () => {
      const r = await call('a2a__get_task', { taskId: first.s.taskId });
      return r.s.state === 'completed' && r;
    }, 10_000, 'the task to complete');
    expect(done.texts).toContain('The secret report');
    expect(done.texts.join('\n')).not.toContain(GATE_QUESTION);
    expect(done.texts.join('\n')).not.toContain('Checking your access');
  });

  it('input-required given as the first Task of a stream: the question comes back; the answer completes the task', async () => {
    const name = `form-${mode}`;
    const form = await agent(name, 'form', { streaming });
    const asked = await call(`${name}__send_message`, { text: 'send me the document' });
    expect(asked.s.state).toBe('input-required');
    expect(asked.texts[0]).toContain(FORM_QUESTION);
    await eventually(() => form.openRequests() === 0, 10_000, 'the stream to be closed');

    const answered = await call(`${name}__send_message`, { text: 'pdf', taskId: asked.s.taskId, contextId: asked.s.contextId });
    expect(answered.s.state).toBe('completed');
    expect(answered.texts).toContain('document.pdf');
    expect(answered.texts.join('\n')).not.toContain(FORM_QUESTION);
    expect(form.messages).toEqual(['send me the document', 'pdf']);
  });
});

describe.each([
  ['streaming', true],
  ['polled', false],
])('a task that keeps reporting (%s)', (mode, streaming) => {
  it('is never cut off for silence: each new report is one progress notification, and the call ends completed', async () => {
    const name = `reporter-${mode}`;
    const reporter = await agent(name, 'reporter', { streaming, intervalMs: 400, durationMs: 3 * CALL_TIMEOUT_MS });
    const r = await call(`${name}__send_message`, { text: 'work for a while' });
    expect(r.result.isError).toBe(false);
    expect(r.s.state).toBe('completed');
    expect(reporter.cancels).toEqual([]);
    const steps = r.progress.filter((p) => p.startsWith('working: step'));
    // Polling may miss a report between two looks, but never reports one twice.
    expect(new Set(steps).size).toBe(steps.length);
    expect(steps.length).toBeGreaterThan(1);
    if (streaming) expect(steps).toEqual(Array.from({ length: 15 }, (_, i) => `working: step ${i + 1} of 15`));
    expect(r.progress.filter((p) => p.startsWith('completed'))).toEqual(['completed: All 15 steps done']);
  });
});

describe('artifacts in chunks', () => {
  it('records every chunk in order, identical ones included; a later snapshot adds nothing and is not returned again', async () => {
    await agent('ticker', 'ticker');
    const r = await call('ticker__send_message', { text: 'count' });
    expect(r.s.state).toBe('completed');
    expect(r.texts.slice(1)).toEqual(expect.arrayContaining(TICKS));
    const artifacts = () => record('ticker').events.filter((e) => e.kind === 'artifact').map((e) => e.text);
    expect(artifacts()).toEqual(TICKS);

    const again = await call('a2a__get_task', { taskId: r.s.taskId });
    expect(again.s.state).toBe('completed');
    expect(again.texts).toEqual([`Task ${r.s.taskId} completed.`]);
    expect(artifacts()).toEqual(TICKS);
  });
});

describe.each([
  ['streaming', true],
  ['polled', false],
])('a multi-turn task (%s)', (mode, streaming) => {
  it('returns only what is new at each turn', async () => {
    const name = `interview-${mode}`;
    const interview = await agent(name, 'interview', { streaming });
    const one = await call(`${name}__send_message`, { text: 'write me an essay' });
    expect([one.s.state, one.texts[0]]).toEqual(['input-required', expect.stringContaining(TOPIC_QUESTION)]);
    const ref = { taskId: one.s.taskId, contextId: one.s.contextId };

    const two = await call(`${name}__send_message`, { text: 'rivers', ...ref });
    expect([two.s.state, two.texts[0]]).toEqual(['input-required', expect.stringContaining(LENGTH_QUESTION)]);
    expect(two.texts.join('\n')).not.toContain(TOPIC_QUESTION);
    expect(two.s.messages.map((m) => m.text)).not.toContain(TOPIC_QUESTION);

    const three = await call(`${name}__send_message`, { text: 'short', ...ref });
    expect(three.s.state).toBe('completed');
    expect(three.texts).toContain('Plan: intro, body, end');
    for (const old of [TOPIC_QUESTION, LENGTH_QUESTION]) {
      expect(three.texts.join('\n')).not.toContain(old);
      expect(three.s.messages.map((m) => m.text)).not.toContain(old);
    }
    expect(interview.messages).toEqual(['write me an essay', 'rivers', 'short']);

    const events = record(name).events;
    expect(events.filter((e) => e.kind === 'message' && e.role === 'user').map((e) => e.text)).toEqual(['write me an essay', 'rivers', 'short']);
    expect(events.filter((e) => e.text === TOPIC_QUESTION)).toHaveLength(1);
    expect(events.filter((e) => e.text === LENGTH_QUESTION)).toHaveLength(1);
  });

  it('a cancel result says the task was canceled and does not end with the old question', async () => {
    const name = `interview-${mode}`;
    const interview = agents.get(name)!;
    const one = await call(`${name}__send_message`, { text: 'another essay' });
    expect(one.s.state).toBe('input-required');
    const canceled = await call('a2a__cancel_task', { taskId: one.s.taskId });
    expect(canceled.s.state).toBe('canceled');
    expect(canceled.texts[0]).toContain(`Task ${one.s.taskId} was canceled`);
    expect(canceled.texts.join('\n')).not.toContain(TOPIC_QUESTION);
    expect(canceled.texts.join('\n')).toContain('Interview stopped.');
    expect(interview.cancels.length).toBeGreaterThan(0);
  });
});

describe('unhappy paths', () => {
  it('an agent that dies mid-stream ends the call with a sentence naming the task and its last state', async () => {
    await agent('crash', 'crash');
    const r = await call('crash__send_message', { text: 'go' });
    expect(r.result.isError).toBe(true);
    expect(r.texts[0]).toMatch(/^Agent "crash" failed during the call \(task \S+ was last working\): the agent could not be reached or stopped answering \(.+\)\. The task may still run: check it later with a2a__get_task \(taskId "\S+"\)\.$/);
    expect(record('crash')).toMatchObject({ state: 'working' });
  });

  it('a GetTask that fails while polling ends the call with a sentence; the task is not canceled', async () => {
    const flaky = await agent('flaky', 'reporter', { streaming: false, intervalMs: 300, durationMs: 30_000 });
    const progress: string[] = [];
    const result = await client.callTool({ name: 'flaky__send_message', arguments: { text: 'go' } }, CallToolResultSchema, {
      onprogress: (p) => {
        progress.push(p.message ?? '');
        if (p.message?.startsWith('working: step')) flaky.failGetTask = true;
      },
    });
    expect(result.isError).toBe(true);
    expect(texts(result)[0]).toMatch(/^Agent "flaky" failed during the call \(task \S+ was last working\): .*503.*\.$/);
    expect(flaky.cancels).toEqual([]);
  });
});

describe('a card only at /.well-known/agent.json (A2A v0.3 and before)', () => {
  it('is found from the base URL, by the HubApi and by "agent add", which says where', async () => {
    const legacy = await agent('legacy', 'legacy');
    const r = await call('legacy__send_message', { text: 'hi' });
    expect(r.texts).toContain('Hello from v0.3: hi');

    const added = await runCliAsync(['agent', 'add', 'old', '--url', legacy.url], { dataDir: tempDataDir() });
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain(`${legacy.url}/.well-known/agent.json`);
  });

  it('when neither place has a card, says so with both URLs and why each failed', async () => {
    const server = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const r = await runCliAsync(['agent', 'add', 'none', '--url', base], { dataDir: tempDataDir() });
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        `agent-hub: No agent card at ${base}/.well-known/agent-card.json (the server answered HTTP 404), and the one at ${base}/.well-known/agent.json (where agents before A2A v0.3 published it) could not be read: the server answered HTTP 404.`,
      );
    } finally {
      server.close();
    }
  });
});
