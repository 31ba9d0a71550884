import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '../../shared/a2a.js';
import { startA2AAgent, stopA2AAgents, ASK_QUESTION, FAIL_MESSAGE, type StartedAgent } from '../helpers/a2a-agents.js';
import { runCli, runCliAsync, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';

// The whole path with real parts: an SDK MCP client → the hub (`agent-hub serve`, a child process) →
// real A2A agents built on @a2a-js/sdk (in this process) and back; then what hub.db recorded.

type Structured = { agent: string; taskId?: string; contextId?: string; state: string; messages: { role: string; text: string }[]; artifacts: { name?: string; parts: { text?: string; data?: unknown }[] }[] };
const structured = (r: unknown) => (r as CallToolResult).structuredContent as Structured;
const firstText = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

let hub: RunningHub;
let client: Client;
let other: Client;
const agents: Record<string, StartedAgent> = {};

async function tasks(...args: string[]): Promise<TaskView[]> {
  const r = await runCliAsync(['tasks', '--json', ...args], { dataDir: hub.dataDir });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as TaskView[];
}

beforeAll(async () => {
  const dataDir = tempDataDir();
  for (const kind of ['echo-stream', 'echo', 'ask', 'fail', 'slow', 'v03'] as const) {
    agents[kind] = await startA2AAgent(kind, kind === 'slow' ? { durationMs: 120_000 } : {});
    const added = await runCliAsync(['agent', 'add', kind, '--url', agents[kind]!.url], { dataDir });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
  }
  // Standing rules for every agent but echo (whose calls ask the user) and for the a2a tools.
  for (const server of ['echo-stream', 'ask', 'fail', 'slow', 'v03', 'a2a']) expect(runCli(['consent', 'allow', '--server', server], { dataDir }).code).toBe(0);
  hub = await startHub({ dataDir });
  client = await hub.connect(hub.addClient('tester'));
  other = await hub.connect(hub.addClient('other'));
  await eventually(async () => (await client.listTools()).tools.filter((t) => t.name.endsWith('__send_message')).length === 6, 20_000, 'the agents to be published');
}, 90_000);

afterAll(async () => {
  await stopAllHubs();
  await stopA2AAgents();
});

describe('A2A agents as MCP tools, through the hub', () => {
  it('publishes NAME__send_message per agent (described by its card) and the a2a task tools', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['a2a__get_task', 'a2a__cancel_task', 'echo-stream__send_message', 'v03__send_message']));
    const send = tools.find((t) => t.name === 'ask__send_message')!;
    expect(send.description).toContain('fixture-ask');
    expect(send.inputSchema).toMatchObject({ required: ['text'], properties: { text: {}, data: {}, files: {}, contextId: {}, taskId: {} } });
  });

  it('streams a task: status updates arrive as progress, the result carries state, messages and artifacts', async () => {
    const progress: { progress: number; message?: string }[] = [];
    const r = await client.callTool({ name: 'echo-stream__send_message', arguments: { text: 'hello there', data: { n: 1 } } }, CallToolResultSchema, { onprogress: (p) => progress.push(p) });
    expect(r.isError).toBe(false);
    const s = structured(r);
    expect(s).toMatchObject({ agent: 'echo-stream', state: 'completed' });
    expect(s.taskId).toMatch(/\S/);
    expect(s.artifacts[0]!.parts).toEqual(expect.arrayContaining([expect.objectContaining({ text: 'echo: hello there' })]));
    expect(firstText(r)).toBe(`Task ${s.taskId} completed.`);
    // data parts come back as JSON text
    expect((r.content as { text?: string }[]).some((c) => c.text?.includes('"length"'))).toBe(true);
    expect(progress.map((p) => p.message)).toEqual(expect.arrayContaining(['working: thinking']));
    expect(progress.map((p) => p.progress)).toEqual([...progress.map((p) => p.progress)].sort((a, b) => a - b));
    expect(agents['echo-stream']!.requests).toContain('SendStreamingMessage');
    expect(agents['echo-stream']!.messages.at(-1)).toMatchObject({ text: 'hello there', data: [{ n: 1 }] });
  });

  it('sends to an agent that does not stream with SendMessage, asks the user first, and follows the task', async () => {
    const call = client.callTool({ name: 'echo__send_message', arguments: { text: 'polled' } });
    // No rule for echo: the call waits for the user's answer.
    const pending = await eventually(async () => {
      const list = JSON.parse((await runCliAsync(['consent', 'pending', '--json'], { dataDir: hub.dataDir })).stdout) as { id: number; server: string; tool: string }[];
      return list.find((p) => p.server === 'echo');
    }, 15_000, 'the consent prompt');
    expect(pending.tool).toBe('send_message');
    expect((await runCliAsync(['consent', 'answer', String(pending.id), 'allow'], { dataDir: hub.dataDir })).code).toBe(0);
    const r = await call;
    expect(structured(r)).toMatchObject({ state: 'completed', agent: 'echo' });
    expect(agents.echo!.requests).toContain('SendMessage');
    expect(agents.echo!.requests).not.toContain('SendStreamingMessage');
  });

  it('talks to a v0.3 agent through the compat layer', async () => {
    const r = await client.callTool({ name: 'v03__send_message', arguments: { text: 'old' } });
    expect(structured(r)).toMatchObject({ state: 'completed' });
    expect(agents.v03!.requests).toContain('message/send');
  });

  it('returns an input-required task with its question; a follow-up with the taskId completes it', async () => {
    const first = await client.callTool({ name: 'ask__send_message', arguments: { text: 'hi' } });
    const asked = structured(first);
    expect(asked.state).toBe('input-required');
    expect(first.isError).toBe(false);
    expect(firstText(first)).toContain(ASK_QUESTION);
    expect(firstText(first)).toContain(`taskId "${asked.taskId}"`);

    // Another client can neither continue nor read the task.
    const stolen = await other.callTool({ name: 'ask__send_message', arguments: { text: 'Mallory', taskId: asked.taskId } });
    expect([stolen.isError, firstText(stolen)]).toEqual([true, `Agent "ask" has no task "${asked.taskId}" that you started.`]);
    const peek = await other.callTool({ name: 'a2a__get_task', arguments: { taskId: asked.taskId } });
    expect(peek.isError).toBe(true);

    const got = await client.callTool({ name: 'a2a__get_task', arguments: { taskId: asked.taskId } });
    expect(structured(got)).toMatchObject({ state: 'input-required', taskId: asked.taskId });

    const answer = await client.callTool({ name: 'ask__send_message', arguments: { text: 'Bob', taskId: asked.taskId, contextId: asked.contextId } });
    expect(structured(answer)).toMatchObject({ state: 'completed', taskId: asked.taskId });
    expect(structured(answer).artifacts[0]).toMatchObject({ name: 'greeting', parts: [expect.objectContaining({ text: 'Hello, Bob' })] });
    expect(agents.ask!.messages.map((m) => [m.text, m.followUp])).toEqual([['hi', false], ['Bob', true]]);

    const done = await client.callTool({ name: 'ask__send_message', arguments: { text: 'again', taskId: asked.taskId } });
    expect(done.isError).toBe(true);
    expect(firstText(done)).toMatch(/already completed; start a new task/);

    const [record] = await tasks('--agent', 'ask');
    expect(record).toMatchObject({ agent: 'ask', client: 'tester', taskId: asked.taskId, contextId: asked.contextId, state: 'completed' });
    const states = record!.events.filter((e) => e.kind === 'state').map((e) => e.state);
    expect(states.filter((s, i) => s !== states[i - 1])).toEqual(['submitted', 'input-required', 'working', 'completed']);
    expect(record!.events.filter((e) => e.kind === 'message').map((e) => [e.role, e.text])).toEqual([
      ['user', 'hi'],
      ['user', 'Bob'],
    ]);
    expect(record!.events.find((e) => e.kind === 'state' && e.state === 'input-required')?.text).toBe(ASK_QUESTION);
    expect(record!.events.filter((e) => e.kind === 'artifact').map((e) => [e.name, e.text])).toEqual([['greeting', 'Hello, Bob']]);
  });

  it('reports a failed task as a tool error with the agent\'s reason', async () => {
    const r = await client.callTool({ name: 'fail__send_message', arguments: { text: 'x' } });
    expect(r.isError).toBe(true);
    expect(firstText(r)).toBe(`Task ${structured(r).taskId} failed: ${FAIL_MESSAGE}`);
    expect((await tasks('--agent', 'fail'))[0]).toMatchObject({ state: 'failed' });
  });

  it('cancels the A2A task when the client cancels its call', async () => {
    const controller = new AbortController();
    const call = client.callTool({ name: 'slow__send_message', arguments: { text: 'take your time' } }, CallToolResultSchema, {
      signal: controller.signal,
      onprogress: (p) => {
        if (p.message?.startsWith('working: progress')) controller.abort('changed my mind');
      },
    });
    await expect(call).rejects.toThrow();
    await eventually(() => agents.slow!.cancels.length === 1, 15_000, 'the agent to be asked to cancel');
    const taskId = agents.slow!.cancels[0];
    const record = await eventually(async () => (await tasks('--agent', 'slow')).find((t) => t.taskId === taskId && t.state === 'canceled'), 15_000, 'the canceled record');
    expect(record.events.some((e) => e.kind === 'state' && e.state === 'working')).toBe(true);
    const db = new Database(path.join(hub.dataDir, 'hub.db'), { readonly: true });
    try {
      await eventually(() => db.prepare(`SELECT status FROM tool_calls WHERE server = 'slow' ORDER BY id DESC`).pluck().get() === 'cancelled', 10_000, 'the call record');
    } finally {
      db.close();
    }
  });

  it('a2a__cancel_task cancels a running task; the call that started it returns canceled', async () => {
    const call = client.callTool({ name: 'slow__send_message', arguments: { text: 'long job' } }, CallToolResultSchema, { onprogress: () => {} });
    const taskId = await eventually(async () => (await tasks('--agent', 'slow')).find((t) => t.state === 'working')?.taskId, 15_000, 'the task to run');
    const cancel = await client.callTool({ name: 'a2a__cancel_task', arguments: { taskId } });
    expect(structured(cancel)).toMatchObject({ state: 'canceled', taskId });
    expect(firstText(cancel)).toBe(`Task ${taskId} was canceled.`);
    expect(structured(await call)).toMatchObject({ state: 'canceled', taskId });
  });

  it('answers bad arguments and unknown tasks with a sentence, not a crash', async () => {
    const missing = await client.callTool({ name: 'echo-stream__send_message', arguments: { data: {} } });
    expect([missing.isError, firstText(missing)]).toEqual([true, expect.stringMatching(/^The arguments are not valid: text/)]);
    const badFile = await client.callTool({ name: 'echo-stream__send_message', arguments: { text: 'x', files: [{ name: 'a.txt' }] } });
    expect(firstText(badFile)).toMatch(/needs exactly one of url and bytes/);
    const unknown = await client.callTool({ name: 'a2a__get_task', arguments: { taskId: 'no-such-task' } });
    expect(firstText(unknown)).toBe('There is no task "no-such-task" that you started (a task is visible only to the client that started it).');
  });

  it('sends files by URL and by bytes', async () => {
    const r = await client.callTool({
      name: 'echo-stream__send_message',
      arguments: { text: 'with files', files: [{ url: 'https://example.com/a.pdf', mimeType: 'application/pdf' }, { bytes: Buffer.from('hi').toString('base64'), name: 'hi.txt' }] },
    });
    expect(structured(r).state).toBe('completed');
    const [record] = await tasks('--agent', 'echo-stream');
    expect(record!.events.find((e) => e.kind === 'message' && e.role === 'user')?.text).toBe('with files\n[file https://example.com/a.pdf]\n[file hi.txt, 2 bytes]');
  });
});
