import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect, test } from '@playwright/test';
import { cli, root, serveHub } from './serve.js';

/**
 * The browser UI against a real `agent-hub serve`, in Chromium: sign in with the one-time link, see a
 * real stdio server, have a real MCP client (the SDK) call its tool, answer the consent dialog in the
 * page, and see the call complete. Screenshots go to test-results/screenshots.
 */
const shots = path.join(root, 'test-results/screenshots');
fs.mkdirSync(shots, { recursive: true });

let hub: ChildProcess;
let dataDir: string;
let base: string;
let link: string;

function run(args: string[]): string {
  const r = spawnSync(process.execPath, [cli, ...args, '--data-dir', dataDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-e2e-'));
  const split = ['server', 'add', 'calc', '--data-dir', dataDir, '--', process.execPath, path.join(root, 'test/fixtures/gateway/flaky-server.mjs')];
  expect(spawnSync(process.execPath, [cli, ...split]).status).toBe(0);
  ({ process: hub, base, link } = await serveHub(dataDir));
});

test.afterAll(() => {
  hub?.kill('SIGTERM');
});

test('sign in, answer a consent prompt in the page, and see the call complete', async ({ page }) => {
  await page.goto(link);
  await expect(page.getByRole('cell', { name: 'calc', exact: true })).toBeVisible();
  expect(page.url()).not.toContain('code=');
  await page.screenshot({ path: path.join(shots, 'servers.png') });

  const token = (JSON.parse(run(['client', 'add', 'claude', '--json'])) as { token: string }).token;
  const client = new Client({ name: 'e2e', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  await expect.poll(async () => (await client.listTools()).tools.map((t) => t.name), { timeout: 30_000 }).toContain('calc__add');

  // The servers page follows the server's state live (server-sent events), with its tool count.
  await expect(page.getByRole('cell', { name: 'running' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('row', { name: /calc/ }).getByRole('cell').nth(3)).toHaveText('4');

  const call = client.callTool({ name: 'calc__add', arguments: { a: 40, b: 2 } });
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('claude wants to call add on calc');
  await expect(dialog).toContainText('The server claims: readOnlyHint: true (not verified).');
  await page.screenshot({ path: path.join(shots, 'consent-dialog.png') });
  // Answers arm once the prompt has been in view for a moment; Always allow needs a second press.
  await expect(dialog.getByRole('button', { name: /^Always allow/ })).toBeEnabled();
  await page.keyboard.press('w');
  const confirm = dialog.getByRole('button', { name: /^Confirm: always allow add for claude\?/ });
  await expect(confirm).toBeEnabled();
  await page.keyboard.press('w');
  expect((await call).content).toEqual([{ type: 'text', text: '42' }]);
  await expect(dialog).toBeHidden();

  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Consent' }).click();
  await expect(page.getByRole('table')).toContainText('claude');
  await page.screenshot({ path: path.join(shots, 'consent-rules.png') });

  // The call is on the timeline, with how consent was given; a new call appears live.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Timeline' }).click();
  const lanes = page.getByRole('list', { name: /^[\d,]+ calls?$/ }).getByRole('listitem');
  await expect(lanes.first()).toContainText('add on calc · claude');
  await expect(lanes.first()).toContainText('user (browser): allow always');
  expect((await client.callTool({ name: 'calc__add', arguments: { a: 1, b: 2 } })).content).toEqual([{ type: 'text', text: '3' }]);
  await expect(lanes).toHaveCount(2);
  await expect(lanes.first()).toContainText(/rule \d+: allow/);
  await page.screenshot({ path: path.join(shots, 'timeline.png') });
  await client.close();
});

test('the API refuses a request without the session cookie, and a used link', async ({ page, playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: base });
  const res = await anonymous.post('/api/hub/listServers', { data: [], headers: { origin: base } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.message).toMatch(/Sign in first/);
  await anonymous.dispose();

  // A fresh link (agent-hub open) works once: a second browser using it is told so.
  const fresh = run(['open']).trim();
  await page.goto(fresh);
  await expect(page.getByRole('cell', { name: 'calc', exact: true })).toBeVisible();
  const other = await page.context().browser()!.newPage();
  await other.goto(fresh);
  await expect(other.getByRole('alert').first()).toContainText('already used or has expired');
  await other.close();
});
