import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { expect, test, type Page } from '@playwright/test';
import { mcpClient, root, runCli, serveHub, stopHub } from './serve.js';
import { shot, useTheme, type Theme } from './ui.js';

/**
 * The Timeline's calls and the Workbench in Chromium against a real `agent-hub serve`, with two real
 * stdio servers (server-everything from npm, with tools, resources and prompts, and the flaky fixture's
 * `add`) and a real MCP client (the SDK): one call allowed by a rule, one by the user in the page; each
 * opened from the list (a click, the keyboard), with its arguments, result and decision in words, at an
 * address that survives a reload; the list filtered by server and by a word, and a word nothing
 * matches. Then the Workbench: a tool's form built from its input schema, run as agent-hub-ui through
 * the consent prompt, its answer and raw JSON, and the call on the Timeline; a resource read and a
 * prompt got. Screenshots (light and dark) go to test-results/screenshots.
 */
const everything = path.join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const flaky = path.join(root, 'test/fixtures/gateway/flaky-server.mjs');

let hub: ChildProcess | undefined;
let dataDir: string;
let base: string;
let link: string;
let token: string;
let client: Client | undefined;

const run = (args: string[]) => runCli(dataDir, args);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-e2e-timeline-'));
  await run(['server', 'add', 'every', '--', process.execPath, everything, 'stdio']);
  await run(['server', 'add', 'calc', '--', process.execPath, flaky]);
  token = (JSON.parse(await run(['client', 'add', 'claude', '--json'])) as { token: string }).token;
  await run(['consent', 'allow', '--server', 'calc', '--client', 'claude', '--tool', 'add']);
  ({ process: hub, base, link } = await serveHub(dataDir));
});

test.afterAll(async () => {
  await client?.close();
  await stopHub(hub);
});

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true }).click();

/** What the record of call `id` says for `term` (its page's side panel). */
const factOf = (page: Page) => (id: number, term: string) =>
  page.getByRole('complementary', { name: `About call ${id}` }).getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');

/** The same view in light and dark. */
async function shots(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as Theme[]) {
    await useTheme(page, theme);
    await shot(page, `${name}-${theme}`);
  }
  await useTheme(page, 'light');
}

test("a call's details from the Timeline (click and keyboard), at an address that survives a reload; the list filtered", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 2, name: 'Servers' })).toBeVisible();
  client = await mcpClient(base, token, 'e2e-timeline');
  await expect.poll(async () => (await client!.listTools()).tools.map((t) => t.name), { timeout: 30_000 }).toEqual(expect.arrayContaining(['calc__add', 'every__echo']));

  // One call a rule allows, one the user allows in the page.
  expect((await client.callTool({ name: 'calc__add', arguments: { a: 40, b: 2 } })).content).toEqual([{ type: 'text', text: '42' }]);
  const echo = client.callTool({ name: 'every__echo', arguments: { message: 'hello timeline' } });
  const dialog = page.getByRole('dialog', { name: 'claude wants to call echo on every' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: /^Allow once/ }).click();
  expect((await echo).content).toEqual([{ type: 'text', text: 'Echo: hello timeline' }]);
  await expect(dialog).toBeHidden();

  await nav(page, 'Timeline');
  const fact = factOf(page);
  const list = page.getByRole('list', { name: /^[\d,]+ calls?$/ });
  const rows = list.getByRole('listitem');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('echo on every · claude');
  await expect(rows.nth(0)).toContainText('user (browser): allow once');
  await expect(rows.nth(1)).toContainText('add on calc · claude');
  await expect(rows.nth(1)).toContainText(/rule \d+: allow/);
  const ruleId = Number(/rule (\d+): allow/.exec(await rows.nth(1).innerText())![1]);
  await expect(rows.nth(1)).toContainText('{"a":40,"b":2}');
  await shots(page, 'timeline-calls');

  // A click opens the rule's call: what was sent, what came back, and who allowed it, in words.
  await rows.nth(1).getByRole('link').click();
  const title = page.getByRole('heading', { level: 2, name: /^Tool call \d+$/ });
  await expect(title).toBeVisible();
  const addId = Number((await title.textContent())!.replace(/\D+/g, ''));
  expect(page.url()).toMatch(new RegExp(`#/timeline/calls/${addId}$`));
  const callDetail = async (id: number) => {
    await expect(page.getByRole('region', { name: 'Consent' })).toContainText(`Allowed by rule ${ruleId}: allow claude → calc, add, always, made with the CLI.`);
    await expect(page.getByRole('region', { name: 'Consent' }).getByRole('link', { name: 'Consent page' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Arguments' }).getByLabel(`Arguments of call ${id}`, { exact: true })).toHaveText(JSON.stringify({ a: 40, b: 2 }, null, 2));
    const result = page.getByRole('region', { name: 'Result' });
    await expect(result.locator('pre').first()).toHaveText('42');
    await result.getByText('The answer as JSON').click();
    await expect(result.getByLabel(`Result of call ${id}`, { exact: true })).toContainText('"text": "42"');
    await expect(fact(id, 'Client')).toHaveText('claude');
    await expect(fact(id, 'Server').getByRole('link', { name: 'calc', exact: true })).toBeVisible();
    await expect(fact(id, 'Tool')).toHaveText('add');
    await expect(fact(id, 'Decision')).toHaveText(`rule ${ruleId}: allow`);
    // Where the time went: one phase a line, each label at the left and its time inside the panel.
    const time = page.getByRole('region', { name: 'Where the time went' });
    await expect(time.getByRole('term')).toHaveText(['Waiting for the server', 'Waiting for consent', 'The call upstream', 'In Agent Hub itself', 'Total']);
    const panel = (await time.boundingBox())!;
    const lefts = new Set<number>();
    for (const term of await time.getByRole('term').all()) lefts.add(Math.round((await term.boundingBox())!.x));
    expect(lefts.size, 'the phases are one column').toBe(1);
    for (const value of await time.getByRole('definition').all()) {
      const b = (await value.boundingBox())!;
      expect(b.x + b.width, `${await value.textContent()} inside its panel`).toBeLessThanOrEqual(panel.x + panel.width);
    }
  };
  await callDetail(addId);
  await shots(page, 'call-detail');

  // The address survives a reload, and opens on its own.
  await page.reload();
  await expect(title).toHaveText(`Tool call ${addId}`);
  await callDetail(addId);
  await page.goto(`${base}/#/timeline/calls/${addId}`);
  await expect(title).toHaveText(`Tool call ${addId}`);
  await expect(page.getByRole('region', { name: 'Arguments' })).toContainText('"a": 40');

  // Back to the list; with the keyboard: the arrow keys move between rows, Enter opens one, Escape goes back.
  await page.getByRole('link', { name: '← Timeline' }).click();
  await expect(rows).toHaveCount(2);
  await rows.nth(1).getByRole('link').focus();
  await page.keyboard.press('ArrowUp');
  await expect(rows.nth(0).getByRole('link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(title).toBeVisible();
  const echoId = Number((await title.textContent())!.replace(/\D+/g, ''));
  expect(echoId).not.toBe(addId);
  await expect(page.getByRole('region', { name: 'Consent' })).toContainText(/Allowed by the user in the browser, for this call only, after [\d.]+ m?s\./);
  await expect(page.getByRole('region', { name: 'Consent' })).toContainText(/Prompt \d+ \(no rule answered it\)/);
  await expect(page.getByLabel(`Arguments of call ${echoId}`, { exact: true })).toContainText('"message": "hello timeline"');
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('Echo: hello timeline');
  await expect(fact(echoId, 'Decision')).toHaveText('user (browser): allow once');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { level: 2, name: 'Timeline' })).toBeVisible();

  // Filtered by server, from the facets.
  const filters = page.getByRole('search', { name: 'Filter the timeline' });
  const totals = page.getByRole('status').filter({ hasText: /calls?\b/ });
  await filters.getByRole('combobox', { name: /^Server\b/ }).selectOption('calc');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('add on calc · claude');
  await expect(totals).toContainText('of 2 in all');
  expect(page.url()).toContain('server=calc');
  await expect(filters.getByRole('combobox', { name: /^Tool\b/ })).toBeEnabled();
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows).toHaveCount(2);

  // By a word (in the arguments), case ignored; a word nothing has says so, not "No calls yet".
  const search = filters.getByRole('searchbox', { name: 'Search' });
  await search.fill('HELLO');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('echo on every · claude');
  await search.fill('zebra-crossing');
  await expect(page.getByText('No calls match these filters.')).toBeVisible();
  await expect(page.getByText('Nothing on the record matches the text “zebra-crossing”. There are 2 calls in all.')).toBeVisible();
  await expect(page.getByText('No calls yet.')).toBeHidden();
  await expect(list).toBeHidden();
  await shot(page, 'timeline-no-match');
  await page.getByRole('main').getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(search).toHaveValue('');
  await expect(rows).toHaveCount(2);
});

test('the Workbench: a tool from its schema through consent as agent-hub-ui, its answer and JSON, on the Timeline; a resource and a prompt', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto((await run(['open'])).trim());
  await nav(page, 'Workbench');
  await expect(page.getByRole('heading', { level: 2, name: 'Workbench' })).toBeVisible();
  const catalog = page.getByRole('navigation', { name: 'What the servers publish' });
  const tools = catalog.getByRole('list', { name: /^Tools \(\d+\)$/ });
  await expect(tools.getByRole('link', { name: /^every__get-sum/ })).toBeVisible({ timeout: 30_000 });
  await expect(tools.getByRole('link', { name: /^calc__add/ })).toBeVisible();
  await expect(page.getByText('Pick something to try.')).toBeVisible();

  // The form of get-sum, from its input schema: two required numbers; it is checked before it runs.
  await tools.getByRole('link', { name: /^every__get-sum/ }).click();
  expect(page.url()).toContain('tool=every__get-sum');
  const form = page.getByRole('form', { name: 'Arguments of every__get-sum' });
  const a = form.getByRole('textbox', { name: /^a\b/ });
  const b = form.getByRole('textbox', { name: /^b\b/ });
  await expect(a).toHaveAccessibleName(/required/);
  await expect(a).toHaveAccessibleDescription('First number');
  await form.getByRole('button', { name: 'Run every__get-sum' }).click();
  await expect(form.getByRole('alert')).toHaveText('2 fields need a look before the call can be made.');
  await a.fill('19');
  await b.fill('23');
  await shots(page, 'workbench-tool');
  await form.getByRole('button', { name: 'Run every__get-sum' }).click();

  // The UI's own client asks like any other: the prompt opens in the page.
  const dialog = page.getByRole('dialog', { name: 'agent-hub-ui wants to call get-sum on every' });
  await expect(dialog).toBeVisible();
  await expect(page.getByRole('region', { name: /^Run \d+/ })).toContainText('Waiting for your answer in the consent prompt');
  await dialog.getByRole('button', { name: /^Allow once/ }).click();
  await expect(dialog).toBeHidden();

  const runView = page.getByRole('region', { name: /^Run \d+ answered$/ });
  await expect(runView).toBeVisible();
  await expect(runView.locator('pre.result-text')).toHaveText('The sum of 19 and 23 is 42.');
  const runId = Number(/^Run (\d+)/.exec((await runView.getByRole('heading').first().textContent())!)![1]);
  await expect(runView.getByLabel(`Request of run ${runId}`, { exact: true })).toContainText('"method": "tools/call"');
  await expect(runView.getByLabel(`Request of run ${runId}`, { exact: true })).toContainText('"a": 19');
  await expect(runView.getByLabel(`Response of run ${runId}`, { exact: true })).toContainText('"jsonrpc": "2.0"');
  await expect(runView.getByLabel(`Response of run ${runId}`, { exact: true })).toContainText('"text": "The sum of 19 and 23 is 42."');
  await shots(page, 'workbench-run');

  // The call is on the Timeline, made by agent-hub-ui, allowed once by the user.
  await runView.getByRole('link', { name: /^call \d+$/ }).click();
  const title = page.getByRole('heading', { level: 2, name: /^Tool call \d+$/ });
  await expect(title).toBeVisible();
  await expect(page.getByText('called by agent-hub-ui (the Workbench)')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Consent' })).toContainText('Allowed by the user in the browser, for this call only');
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('The sum of 19 and 23 is 42.');
  // "Run again" brings the same arguments back into the form.
  await page.getByRole('link', { name: 'Run again in the Workbench' }).click();
  await expect(page.getByRole('form', { name: 'Arguments of every__get-sum' }).getByRole('textbox', { name: /^a\b/ })).toHaveValue('19');

  // A resource is read with no consent asked.
  const resources = catalog.getByRole('list', { name: /^Resources \(\d+\)$/ });
  await resources.getByRole('link', { name: /^features\.md/ }).click();
  await page.getByRole('button', { name: 'Read resource' }).click();
  const read = page.getByRole('region', { name: /^Run \d+ answered$/ });
  await expect(read).toContainText('demo://resource/static/document/features.md');
  await expect(read.locator('pre.result-text')).not.toBeEmpty();
  await expect(read.getByLabel(/^Request of run \d+$/)).toContainText('"method": "resources/read"');
  await expect(dialog).toBeHidden();

  // A prompt, with its required argument.
  const prompts = catalog.getByRole('list', { name: /^Prompts \(\d+\)$/ });
  await prompts.getByRole('link', { name: /^every__args-prompt/ }).click();
  const promptForm = page.getByRole('form', { name: 'Arguments of every__args-prompt' });
  await promptForm.getByRole('textbox', { name: /^city\b/ }).fill('Lyon');
  await promptForm.getByRole('button', { name: 'Get prompt' }).click();
  const got = page.getByRole('region', { name: /^Run \d+ answered$/ });
  await expect(got).toContainText("What's weather in Lyon?");
  await expect(got.getByLabel(/^Request of run \d+$/)).toContainText('"method": "prompts/get"');
  await shots(page, 'workbench-prompt');

  // On the Timeline, as the client agent-hub-ui: the prompt, the resource read and the tool call.
  await nav(page, 'Timeline');
  await page.getByRole('search', { name: 'Filter the timeline' }).getByRole('combobox', { name: /^Client\b/ }).selectOption('agent-hub-ui');
  const rows = page.getByRole('list', { name: /^[\d,]+ calls?$/ }).getByRole('listitem');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('args-prompt on every · agent-hub-ui');
  await expect(rows.nth(1)).toContainText('demo://resource/static/document/features.md on every · agent-hub-ui');
  await expect(rows.nth(1)).toContainText('no consent needed');
  await expect(rows.nth(2)).toContainText('get-sum on every · agent-hub-ui');
  await expect(rows.nth(2)).toContainText('user (browser): allow once');
});
