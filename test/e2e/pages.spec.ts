import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect, test, type Page } from '@playwright/test';
import { root, serveHub } from './serve.js';

/**
 * Every page of the browser UI against a real `agent-hub serve` that starts empty, in Chromium: add a
 * real stdio server (@modelcontextprotocol/server-memory) with the form, switch one of its tools off,
 * make a client on the Clients page and call a tool with the SDK client using its token, answer the
 * consent prompt in the page, see the call on the timeline, change a setting. A screenshot of each page
 * goes to test-results/screenshots.
 */
const memoryServer = path.join(root, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const shots = path.join(root, 'test-results/screenshots');
fs.mkdirSync(shots, { recursive: true });

let hub: ChildProcess;
let dataDir: string;
let base: string;
let link: string;

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-e2e-pages-'));
  ({ process: hub, base, link } = await serveHub(dataDir));
});

test.afterAll(() => {
  hub?.kill('SIGTERM');
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

test('add a server, publish its tools, call one through consent, and see it on the timeline', async ({ page }) => {
  await page.goto(link);
  await expect(page.getByText(/No servers yet/)).toBeVisible();
  await shot(page, 'servers-empty');

  // Add server-memory with the form; validation speaks before the hub does.
  await page.getByRole('button', { name: 'Add server' }).click();
  const form = page.getByRole('form', { name: 'Add a server' });
  await form.getByLabel('Name', { exact: true }).fill('Memory');
  await expect(form.getByText(/must be lower-case/)).toBeVisible();
  await form.getByLabel('Name', { exact: true }).fill('memory');
  await form.getByLabel('Command', { exact: true }).fill(process.execPath);
  await form.getByLabel('Arguments (one per line)').fill(memoryServer);
  await form.getByRole('button', { name: 'Add variable' }).click();
  await form.getByLabel('Variable 1 name').fill('MEMORY_FILE_PATH');
  await form.getByLabel('Variable 1 value').fill(path.join(dataDir, 'memory.jsonl'));
  await shot(page, 'server-form');
  await form.getByRole('button', { name: 'Add server' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByRole('cell', { name: 'running' })).toBeVisible({ timeout: 30_000 });

  // Its tools, on its page, with a switch each: switch delete_entities off.
  await page.getByRole('link', { name: 'memory', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'memory' })).toBeVisible();
  const deleteSwitch = page.getByRole('switch', { name: 'Publish delete_entities' });
  await expect(deleteSwitch).toBeChecked();
  await deleteSwitch.uncheck();
  await expect(deleteSwitch).not.toBeChecked();
  await shot(page, 'servers');

  // Clients page: make a client; its token is shown once.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Clients' }).click();
  await page.getByLabel('New client name').fill('claude');
  await page.getByRole('button', { name: 'Create client' }).click();
  const tokenField = page.locator('input[readonly], textarea[readonly]').first();
  await expect(tokenField).toHaveValue(/.{20,}/);
  const token = await tokenField.inputValue();
  await expect(page.getByText('Claude Desktop').first()).toBeVisible();
  await shot(page, 'clients');

  const client = new Client({ name: 'e2e-pages', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  const names = (await client.listTools()).tools.map((t) => t.name);
  expect(names).toContain('memory__read_graph');
  expect(names).not.toContain('memory__delete_entities');

  // The call waits for consent, answered in the page.
  const call = client.callTool({ name: 'memory__create_entities', arguments: { entities: [{ name: 'hub', entityType: 'app', observations: ['tested in Chromium'] }] } });
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('claude wants to call create_entities on memory');
  await shot(page, 'consent-prompt');
  await dialog.getByRole('button', { name: /allow once/i }).click();
  const result = await call;
  expect(result.isError).toBeFalsy();
  expect(JSON.stringify(result.content)).toContain('tested in Chromium');

  // Consent page: the rules (none: it was allowed once) and changed tools.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Consent' }).click();
  await expect(page.getByText(/No rules yet/)).toBeVisible();
  await shot(page, 'consent');

  // Timeline: the call with its decision; a denied one appears live.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Timeline' }).click();
  const lanes = page.getByRole('list', { name: /^[\d,]+ calls?$/ }).getByRole('listitem');
  await expect(lanes.first()).toContainText('create_entities on memory · claude');
  await expect(lanes.first()).toContainText('allow once');
  const second = client.callTool({ name: 'memory__read_graph', arguments: {} });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: /^Deny/ }).click();
  expect((await second).isError).toBe(true);
  await expect(lanes).toHaveCount(2);
  await expect(lanes.first()).toContainText('read_graph on memory');
  await shot(page, 'timeline');
  await client.close();

  // Settings: a bad value is flagged at its field; a good one is saved.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Settings' }).click();
  const timeout = page.getByLabel('Consent timeout');
  await timeout.fill('2');
  await expect(page.getByText('must be from 5 to 3600 seconds')).toBeVisible();
  await timeout.fill('45');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('form', { name: 'Settings' }).getByRole('status')).toHaveText('Saved.');
  await shot(page, 'settings');
});
