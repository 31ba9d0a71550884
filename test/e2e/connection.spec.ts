import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { expect, test, type Page } from '@playwright/test';
import { mcpClient, root, runCli, serveHub, stopHub, type ServedHub } from './serve.js';

/**
 * Browser mode's link to the hub, in Chromium against a real `agent-hub serve`: one event stream per
 * page, so tabs and open panels never use up the browser's six connections per host; and a hub that
 * restarts: the open tab says it is disconnected, then that its session ended, and a new sign-in link
 * opened in the same tab signs it in again without a reload.
 */
const shots = path.join(root, 'test-results/screenshots');
fs.mkdirSync(shots, { recursive: true });
const flaky = path.join(root, 'test/fixtures/gateway/flaky-server.mjs');
const SERVERS = ['calc', 'calc-b', 'calc-c', 'calc-d'];

let served: ServedHub | undefined;
let dataDir: string;
let token: string;
const clients: Client[] = [];

const run = (args: string[]) => runCli(dataDir, args);
const connect = async (base: string) => {
  const client = await mcpClient(base, token);
  clients.push(client);
  await expect.poll(async () => (await client.listTools()).tools.map((t) => t.name), { timeout: 30_000 }).toContain('calc__add');
  return client;
};
const add = (client: Client, a: number, b: number) => client.callTool({ name: 'calc__add', arguments: { a, b } }, undefined, { timeout: 120_000 }) as Promise<CallToolResult>;
const hub = () => served!.process as ChildProcess;

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-e2e-connection-'));
  for (const name of SERVERS) await run(['server', 'add', name, '--', process.execPath, flaky]);
  token = (JSON.parse(await run(['client', 'add', 'claude', '--json'])) as { token: string }).token;
  served = await serveHub(dataDir);
});

test.afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await stopHub(served?.process);
});

test('a prompt reaches every tab within 2 s, with tabs on Timeline, Consent and a server\'s page (its tools and log)', async ({ context, page }) => {
  const client = await connect(served!.base);
  await page.goto(served!.link);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Timeline' }).click();
  const consentTab = await context.newPage();
  await consentTab.goto(served!.base);
  await consentTab.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Consent' }).click();
  await expect(consentTab.getByText(/No tool call waits/)).toBeVisible();
  const serversTab = await context.newPage();
  await serversTab.goto(served!.base);
  for (const name of SERVERS) await expect(serversTab.getByRole('row', { name: new RegExp(`^${name} `) }).getByRole('cell', { name: 'running' })).toBeVisible({ timeout: 30_000 });
  // Each server's page in turn (its tools, its log read every moment), ending on the last one's.
  for (const name of SERVERS) {
    await serversTab.evaluate((n) => (window.location.hash = `#/servers/${n}`), name);
    await expect(serversTab.getByRole('switch', { name: 'Publish add' })).toBeVisible();
  }

  const tabs: Page[] = [page, consentTab, serversTab];
  const result = add(client, 2, 3);
  await Promise.all(tabs.map((tab) => expect(tab.getByRole('dialog')).toContainText('claude wants to call add on calc', { timeout: 2000 })));
  await expect(consentTab.getByRole('list', { name: 'Tool calls waiting for you' }).getByRole('listitem')).toContainText('claude wants to call add on calc');
  // The API still answers in every tab: an answer in one closes the dialog in all.
  await consentTab.getByRole('dialog').getByRole('button', { name: /^Allow once/ }).click();
  expect(((await result).content[0] as { text: string }).text).toBe('5');
  await Promise.all(tabs.map((tab) => expect(tab.getByRole('dialog')).toBeHidden()));
});

test('after the hub restarts, the tab says so, then that the session ended; a new link opened in it signs it in without a reload', async ({ page, playwright }) => {
  test.setTimeout(120_000);
  await page.goto((await run(['open'])).trim());
  await expect(page.getByRole('cell', { name: 'calc', exact: true })).toBeVisible();
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  // The ping tells a live session (204) from none (403).
  expect((await page.request.get(`${served!.base}/api/ping`)).status()).toBe(204);
  const anonymous = await playwright.request.newContext({ baseURL: served!.base });
  expect((await anonymous.get('/api/ping')).status()).toBe(403);
  await anonymous.dispose();

  const port = new URL(served!.base).port;
  await stopHub(hub());
  await expect(page.getByRole('status')).toHaveText(/^Disconnected from Agent Hub — reconnecting…/);
  await page.screenshot({ path: path.join(shots, 'disconnected.png') });

  served = await serveHub(dataDir, {}, Number(port));
  // The new hub does not know the old session (sessions live in its memory): the stream is refused.
  await expect(page.getByRole('heading', { name: /^Session ended — open a new sign-in link \(agent-hub open\)/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status')).toBeHidden();
  await page.screenshot({ path: path.join(shots, 'session-ended.png') });

  const fresh = new URL((await run(['open'])).trim());
  expect(fresh.origin).toBe(new URL(page.url()).origin);
  await page.goto(fresh.href); // the same page: only the hash changes
  await expect(page.getByRole('cell', { name: 'calc', exact: true })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  expect(page.url()).not.toContain('code=');

  // And it is live again: a new prompt appears.
  const client = await connect(served.base);
  const result = add(client, 40, 2);
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('claude wants to call add on calc');
  await dialog.getByRole('button', { name: /^Allow once/ }).click();
  expect(((await result).content[0] as { text: string }).text).toBe('42');
});
