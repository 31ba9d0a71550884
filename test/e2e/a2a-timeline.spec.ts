import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect, test, type Page } from '@playwright/test';
import { ASK_QUESTION, startA2AAgent as startAgent, stopA2AAgents, type AgentKind, type AgentOptions, type StartedAgent } from '../helpers/a2a-agents.js';
import { root, runCli, serveHub } from './serve.js';

/**
 * A2A agents in the browser UI against a real `agent-hub serve` on a fresh data folder, with real
 * fixture agents (@a2a-js/sdk) in this process: agents added with the CLI show on the Agents page with
 * their cards and signature badges; an SDK MCP client calls them, and each task appears in the
 * Timeline's A2A tasks view as a row that follows its states live, with its own page (the conversation,
 * the full task id) linked both ways with the call that started it: a streamed echo to completed with
 * its artifact, an agent that asks a question (input-required) and completes on the answer, and a slow
 * task seen working, then canceled. Screenshots go to test-results/screenshots.
 */
const shots = path.join(root, 'test-results/screenshots');
fs.mkdirSync(shots, { recursive: true });

let hub: ChildProcess | undefined;
let dataDir: string;
let base: string;
let link: string;
let token: string;
/** Agents started in a test, by port, so one can be stopped and started again with another card. */
const byPort = new Map<number, StartedAgent>();

const run = (args: string[]) => runCli(dataDir, args);

async function startA2AAgent(kind: AgentKind, options: AgentOptions = {}): Promise<StartedAgent> {
  const agent = await startAgent(kind, options);
  byPort.set(Number(new URL(agent.url).port), agent);
  return agent;
}

async function stopAgentOn(port: number): Promise<void> {
  await byPort.get(port)?.close();
  byPort.delete(port);
}

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-e2e-a2a-'));
  const agents = {
    'echo-stream': await startA2AAgent('echo-stream'),
    ask: await startA2AAgent('ask'),
    slow: await startA2AAgent('slow', { intervalMs: 200 }),
    signed: await startA2AAgent('signed'),
  };
  for (const [name, agent] of Object.entries(agents)) await run(['agent', 'add', name, '--url', agent.url]);
  token = (JSON.parse(await run(['client', 'add', 'e2e', '--json'])) as { token: string }).token;
  for (const server of ['echo-stream', 'ask', 'slow', 'a2a']) await run(['consent', 'allow', '--server', server]);
  ({ process: hub, base, link } = await serveHub(dataDir));
});

test.afterAll(async () => {
  if (hub && hub.exitCode === null) {
    const exited = new Promise((resolve) => hub!.once('exit', resolve));
    hub.kill('SIGTERM');
    await exited;
  }
  await stopA2AAgents();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

interface TaskResult {
  agent: string;
  taskId: string;
  contextId: string;
  state: string;
}

test('agents with their cards, and their tasks live on the timeline: completed, input-required then answered, working then canceled', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(link);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Agents', exact: true }).click();

  // The Agents page: each agent with its card; the signed fixture's signature verifies, by a key its own host serves (self-asserted).
  const echo = page.getByRole('listitem', { name: 'Agent echo-stream' });
  await expect(echo).toContainText('fixture-echo-stream');
  await expect(echo).toContainText("A2A test agent 'echo-stream'");
  await expect(echo).toContainText('protocol 1.0 · streaming yes');
  await expect(echo.locator('.badge.signature')).toHaveText('Card not signed');
  await expect(echo.locator('.agent-state')).toHaveText('running', { timeout: 30_000 });
  const signed = page.getByRole('listitem', { name: 'Agent signed' });
  await expect(signed.locator('.badge.signature')).toHaveText('Card signed · self-asserted key');
  await expect(signed).toContainText('streaming no');
  await expect(page.getByRole('listitem', { name: 'Agent ask' })).toContainText('fixture-ask');
  await expect(page.getByRole('listitem', { name: 'Agent slow' })).toContainText('fixture-slow');
  await shot(page, 'agents');

  const client = new Client({ name: 'e2e-a2a', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  await expect
    .poll(async () => (await client.listTools()).tools.map((t) => t.name), { timeout: 30_000 })
    .toEqual(expect.arrayContaining(['echo-stream__send_message', 'ask__send_message', 'slow__send_message', 'a2a__cancel_task']));
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name, arguments: args }, undefined, { timeout: 90_000 });
    expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    return r.structuredContent as unknown as TaskResult;
  };

  // The Timeline's A2A tasks view: one row per task, its state, the states it went through and the last thing said.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Timeline' }).click();
  const views = page.getByRole('navigation', { name: 'Timeline views' });
  await views.getByRole('link', { name: 'A2A tasks' }).click();
  await expect(views.getByRole('link', { name: 'A2A tasks' })).toHaveAttribute('aria-current', 'page');
  const tasks = page.getByRole('list', { name: /A2A tasks$/ });
  const row = (agent: string) => tasks.getByRole('listitem').filter({ has: page.getByRole('link', { name: new RegExp(`^task \\S+ of ${agent}$`) }) });
  /** A row's state badge, just before the task's link, says `label` (the states it went through are words in the row too). */
  const state = (agent: string, label: string) => expect(row(agent)).toContainText(new RegExp(`${label}\\s*task \\S+ of ${agent}`), { timeout: 15_000 });
  /** A task's page, as the row's link opens it. */
  const openTask = async (agent: string) => {
    await row(agent).getByRole('link', { name: new RegExp(`^task \\S+ of ${agent}$`) }).click();
    await expect(page.getByRole('heading', { level: 2, name: /^A2A task \d+$/ })).toBeVisible();
  };
  const events = page.getByRole('region', { name: 'What happened' });
  const record = page.getByRole('complementary', { name: /^About task \d+$/ });
  const fact = (term: string) => record.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
  const backToTasks = async () => {
    await page.getByRole('link', { name: '← Timeline' }).click();
    await expect(views.getByRole('link', { name: 'A2A tasks' })).toHaveAttribute('aria-current', 'page');
  };

  // A streamed echo: its row reaches completed; its page has the artifact's text and the full task id.
  const echoed = await call('echo-stream__send_message', { text: 'hello from the browser test' });
  expect(echoed.state).toBe('completed');
  const echoRow = row('echo-stream');
  await state('echo-stream', 'completed');
  await expect(echoRow).toContainText('submitted → working → completed');
  await expect(echoRow).toContainText('· e2e');
  await openTask('echo-stream');
  await expect(fact('States')).toHaveText(/^submitted → working → completed$/);
  await expect(fact('Task id')).toHaveText(echoed.taskId);
  await expect(fact('Agent')).toHaveText('echo-stream');
  await expect(fact('Client')).toHaveText('e2e');
  await expect(events.getByRole('listitem').filter({ hasText: 'artifact echo' })).toContainText('echo: hello from the browser test');
  await expect(events.getByRole('listitem').filter({ hasText: 'message from the client' })).toContainText('hello from the browser test');
  await shot(page, 'timeline-task');

  // The task links to the call that started it, and the call's page links back to the task.
  await fact('Started by').getByRole('link', { name: /^call \d+ \(\S*send_message\)$/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Tool call \d+$/ })).toBeVisible();
  const started = page.getByRole('region', { name: 'A2A tasks it started' });
  await expect(started.getByRole('listitem')).toHaveCount(1);
  await expect(started.getByRole('listitem')).toContainText('completed');
  await started.getByRole('link', { name: /^task \S+ of echo-stream$/ }).click();
  await expect(fact('Task id')).toHaveText(echoed.taskId);
  await backToTasks();
  // The row's own link to that call.
  await echoRow.getByRole('link', { name: /^started by call \d+$/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Tool call \d+$/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'A2A tasks it started' }).getByRole('link', { name: /^task \S+ of echo-stream$/ })).toBeVisible();
  await page.getByRole('link', { name: '← Timeline' }).click();
  await expect(tasks).toBeVisible();

  // An agent that asks: input-required with its question, then completed on the answer.
  const asked = await call('ask__send_message', { text: 'Hi' });
  expect(asked.state).toBe('input-required');
  const askRow = row('ask');
  await state('ask', 'input required');
  await expect(askRow).toContainText(ASK_QUESTION);
  const answered = await call('ask__send_message', { text: 'Ada', taskId: asked.taskId, contextId: asked.contextId });
  expect(answered.state).toBe('completed');
  await state('ask', 'completed');
  await expect(askRow).toContainText(/submitted → .*input-required → .*working → .*completed/);
  await expect(askRow).toContainText('Hello, Ada');
  await expect(askRow).not.toContainText(ASK_QUESTION);
  await openTask('ask');
  await expect(fact('Task id')).toHaveText(asked.taskId);
  await expect(events).toContainText(ASK_QUESTION);
  await expect(events.getByRole('listitem').filter({ hasText: 'state: completed' })).toContainText('Hello, Ada');
  await backToTasks();

  // A slow task: seen working live (no reload), its id read from its page, canceled with a2a__cancel_task.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const slowCall = client.callTool({ name: 'slow__send_message', arguments: { text: 'take your time' } }, undefined, { timeout: 90_000 });
  const slowRow = row('slow');
  await state('slow', 'working');
  await expect(slowRow).toContainText(/progress \d+/);
  await shot(page, 'timeline-tasks');
  await openTask('slow');
  await expect(fact('States')).toHaveText(/working$/);
  await expect(events).toContainText(/progress \d+/);
  const slowId = (await fact('Task id').textContent())!.trim();
  expect(slowId).toMatch(/^[\w-]{8,}$/);
  const canceled = await call('a2a__cancel_task', { taskId: slowId });
  expect(canceled.state).toBe('canceled');
  await expect(fact('States')).toHaveText(/working → canceled$/);
  await expect(events.getByRole('listitem').filter({ hasText: 'state: canceled' }).first()).toBeVisible();
  const slowResult = await slowCall;
  expect((slowResult.structuredContent as unknown as TaskResult | undefined)?.state ?? JSON.stringify(slowResult.content)).toMatch(/canceled/);
  await backToTasks();
  await state('slow', 'canceled');
  await expect(slowRow).toContainText('working → canceled');
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), 'followed live, without a reload').toBe(true);

  // Three tasks from e2e; the five calls (the cancel among them) are in the Calls view.
  await expect(tasks.getByRole('listitem')).toHaveCount(3);
  await expect(page.getByRole('status').filter({ hasText: /^3 tasks/ })).toBeVisible();
  await views.getByRole('link', { name: 'Calls' }).click();
  const calls = page.getByRole('list', { name: /^[\d,]+ calls?$/ }).getByRole('listitem');
  await expect(calls).toHaveCount(5);
  await expect(calls.first()).toContainText('cancel_task on a2a · e2e');
  await client.close();
});

test('add an agent in the page (the hub\'s error first), see its card change and accept it, then remove it', async ({ page }) => {
  await page.goto((await run(['open'])).trim()); // the serve link works once
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Agents', exact: true }).click();
  await expect(page.getByRole('listitem', { name: 'Agent ask' })).toBeVisible();

  // Nothing listens there: the hub's one sentence shows next to the form, which stays open.
  const closed = await startA2AAgent('echo');
  const port = Number(new URL(closed.url).port);
  await closed.close();
  await page.getByRole('button', { name: 'Add agent' }).click();
  const form = page.getByRole('form', { name: 'Add an agent' });
  await form.getByLabel('Name', { exact: true }).fill('later');
  await form.getByLabel('URL', { exact: true }).fill(closed.url);
  await form.getByRole('button', { name: 'Add agent' }).click();
  const error = form.getByRole('alert');
  await expect(error).toContainText(closed.url);
  expect((await error.textContent())!.trim()).toMatch(/^[^\n]+\.$/);

  // The agent comes up on that port: adding it now works.
  await startA2AAgent('echo', { port });
  await form.getByRole('button', { name: 'Add agent' }).click();
  await expect(form).toBeHidden();
  const later = page.getByRole('listitem', { name: 'Agent later' });
  await expect(later).toContainText('fixture-echo');
  await expect(later.locator('.badge.signature')).toHaveText('Card not signed');

  // The agent restarts with another skill and an API key: "Restart" reads the card again, and the
  // change waits for the user; accepting it brings the credential control.
  await stopAgentOn(port);
  await startA2AAgent('echo', {
    port,
    skills: [{ id: 'translate', name: 'Translate', description: 'Translates text.', tags: ['text'] }],
    securitySchemes: { apiKey: { type: 'apiKey', key: 'k-123' } },
  });
  await later.getByRole('button', { name: 'Restart later' }).click();
  const notice = page.getByRole('region', { name: 'Card change of later' });
  await expect(notice).toContainText("This agent's card changed:", { timeout: 15_000 });
  await expect(notice.getByRole('listitem').first()).toBeVisible();
  await shot(page, 'agent-card-changed');
  await notice.getByRole('button', { name: 'Accept new card of later' }).click();
  await expect(notice).toBeHidden();
  await expect(later).toContainText('Translate: Translates text.');

  // Its page: the credential the new card asks for, and its controls; off, on, and away (after a confirm).
  await later.getByRole('link', { name: 'later', exact: true }).click();
  const detail = page.getByRole('region', { name: 'Agent later' });
  await expect(detail.getByRole('form', { name: 'Credential for later' })).toContainText('none stored');
  const toggle = detail.getByRole('switch', { name: 'later enabled' });
  await toggle.click();
  await expect(toggle).not.toBeChecked();
  await expect(detail.locator('.agent-state')).toHaveText('disabled');
  await toggle.click();
  await expect(toggle).toBeChecked();
  await expect(detail.locator('.agent-state')).not.toHaveText('disabled');
  await detail.getByRole('button', { name: 'Remove later' }).click();
  await detail.getByRole('button', { name: 'Yes, remove' }).click();
  // Back on the list, without it.
  await expect(page.getByRole('heading', { level: 2, name: 'Agents' })).toBeVisible();
  await expect(later).toBeHidden();
});
