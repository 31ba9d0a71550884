import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { expect, test, type Page } from '@playwright/test';
import { startA2AAgent, stopA2AAgents } from '../helpers/a2a-agents.js';
import { mcpClient, root, runCli, serveHub, stopHub } from './serve.js';
import { axeViolations, expectNoHorizontalScroll, open, shot, useTheme, WIDTHS, type Theme } from './ui.js';

/**
 * Every page of the UI against a real `agent-hub serve` with something on each (a running server with
 * tools and a log, one that keeps crashing, an A2A agent with a task, clients, rules of both effects, a
 * rate limit, calls on the timeline): a screenshot of each in light and dark at 1000 and 1400 px
 * (test-results/screenshots/tour-PAGE-THEME-WIDTH.png), none wider than the window; an accessibility
 * scan of each (axe-core) with no serious or critical violation; addresses that survive a reload, and
 * Back and Forward; the theme switch, remembered.
 */
const memoryServer = path.join(root, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const flaky = path.join(root, 'test/fixtures/gateway/flaky-server.mjs');

let hub: ChildProcess | undefined;
let dataDir: string;
let client: Client;

const run = (args: string[]) => runCli(dataDir, args);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-e2e-tour-'));
  const crashing = path.join(dataDir, 'crashing.mjs');
  fs.writeFileSync(crashing, "console.error('Starting github server…');\nconsole.error('GITHUB_TOKEN environment variable is required');\nprocess.exit(1);\n");
  await run(['server', 'add', 'memory', '--env', `MEMORY_FILE_PATH=${path.join(dataDir, 'memory.jsonl')}`, '--env', 'LOG_LEVEL=debug', '--', process.execPath, memoryServer]);
  await run(['server', 'add', 'calc', '--', process.execPath, flaky]);
  await run(['server', 'add', 'github', '--', process.execPath, crashing]);
  const echo = await startA2AAgent('echo-stream');
  await run(['agent', 'add', 'echo', '--url', echo.url]);
  const token = (JSON.parse(await run(['client', 'add', 'claude', '--json'])) as { token: string }).token;
  await run(['client', 'add', 'cursor']);
  await run(['consent', 'allow', '--server', 'calc', '--client', 'claude', '--tool', 'add']);
  await run(['consent', 'allow', '--server', 'echo']);
  await run(['consent', 'deny', '--server', 'memory', '--tool', 'delete_entities']);
  await run(['limit', 'set', '--client', 'claude', '--server', 'calc', '30']);
  let base: string;
  ({ process: hub, base } = await serveHub(dataDir));
  client = await mcpClient(base, token, 'e2e-tour');
  await expect.poll(async () => (await client.listTools()).tools.map((t) => t.name), { timeout: 30_000 }).toEqual(expect.arrayContaining(['calc__add', 'echo__send_message']));
  await client.callTool({ name: 'calc__add', arguments: { a: 1, b: 2 } });
  await client.callTool({ name: 'echo__send_message', arguments: { text: 'hello from the tour' } }, undefined, { timeout: 60_000 });
});

test.afterAll(async () => {
  await client?.close();
  await stopHub(hub);
  await stopA2AAgents();
});

/** A fresh one-time sign-in link (agent-hub open), opened in the page. */
async function signIn(page: Page) {
  await page.goto((await run(['open'])).trim());
  await expect(page.getByRole('heading', { name: 'Servers', exact: true })).toBeVisible();
}

const PAGES: { name: string; hash: string; title: string | RegExp; ready?: (page: Page) => Promise<void> }[] = [
  {
    name: 'servers',
    hash: '#/servers',
    title: 'Servers',
    ready: async (page) => {
      await expect(page.getByRole('row', { name: /^memory / }).getByText('running')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByRole('row', { name: /^calc / }).getByText('running')).toBeVisible({ timeout: 30_000 });
    },
  },
  {
    name: 'server-memory',
    hash: '#/servers/memory',
    title: 'memory',
    ready: async (page) => {
      await expect(page.getByRole('switch', { name: 'Publish read_graph' })).toBeVisible({ timeout: 30_000 });
    },
  },
  {
    name: 'server-github',
    hash: '#/servers/github',
    title: 'github',
    ready: async (page) => {
      await expect(page.getByRole('region', { name: 'What went wrong' })).toContainText('GITHUB_TOKEN environment variable is required', { timeout: 30_000 });
    },
  },
  {
    name: 'agents',
    hash: '#/agents',
    title: 'Agents',
    ready: async (page) => {
      await expect(page.getByRole('listitem', { name: 'Agent echo' })).toContainText('fixture-echo-stream');
    },
  },
  {
    name: 'agent-echo',
    hash: '#/agents/echo',
    title: 'echo',
    ready: async (page) => {
      await expect(page.getByRole('list', { name: 'Tasks of echo' }).getByRole('listitem')).toHaveCount(1);
    },
  },
  {
    name: 'clients',
    hash: '#/clients',
    title: 'Clients',
    ready: async (page) => {
      await expect(page.getByRole('region', { name: 'Connect apps as claude' }).getByRole('article').first()).toBeVisible();
    },
  },
  {
    name: 'consent',
    hash: '#/consent',
    title: 'Consent',
    ready: async (page) => {
      await expect(page.getByRole('table', { name: 'Consent rules' }).getByRole('row')).toHaveCount(4);
    },
  },
  {
    name: 'timeline',
    hash: '#/timeline',
    title: 'Timeline',
    ready: async (page) => {
      await expect(page.getByRole('list', { name: /^[\d,]+ calls?$/ }).getByRole('listitem')).toHaveCount(2);
    },
  },
  { name: 'settings', hash: '#/settings', title: 'Settings' },
  { name: 'not-found', hash: '#/nowhere', title: 'No such page' },
];

test('every page in light and dark at 1000 and 1400 px: a screenshot each, and nothing wider than the window', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page);
  // The setup checklist is done (a server, a client) but for a connected app; keep it, it is part of the page.
  for (const theme of ['light', 'dark'] as Theme[]) {
    await useTheme(page, theme);
    for (const p of PAGES) {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await open(page, p.hash, p.title);
        await p.ready?.(page);
        await expectNoHorizontalScroll(page, `${p.name} at ${width} px (${theme})`);
        await shot(page, `tour-${p.name}-${theme}-${width}`);
      }
    }
  }
});

test.describe('accessibility', () => {
  // axe-core's script is added to the page; the hub's CSP allows only the page's own scripts.
  test.use({ bypassCSP: true });

  test('every page has no serious or critical accessibility violation (axe-core), in light and dark', async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page);
    await page.setViewportSize({ width: 1400, height: 900 });
    const found: string[] = [];
    for (const theme of ['light', 'dark'] as Theme[]) {
      await useTheme(page, theme);
      for (const p of PAGES) {
        await open(page, p.hash, p.title);
        await p.ready?.(page);
        for (const v of await axeViolations(page)) found.push(`${p.name} (${theme}): ${v}`);
      }
    }
    expect(found).toEqual([]);
  });
});

test('addresses survive a reload; Back and Forward move between pages, inside the app', async ({ page }) => {
  await signIn(page);
  for (const [hash, title] of [
    ['#/servers/memory', 'memory'],
    ['#/agents/echo', 'echo'],
    ['#/consent', 'Consent'],
    ['#/timeline/calls/1', /^Tool call 1$/],
    ['#/timeline/tasks/1', /^A2A task 1$/],
  ] as const) {
    await open(page, hash, title);
    await page.reload();
    await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
    expect(new URL(page.url()).hash).toBe(hash);
  }
  // Links move through the app and the history.
  await open(page, '#/servers', 'Servers');
  await page.getByRole('link', { name: 'calc', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'calc' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Agents' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Agents' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { level: 2, name: 'calc' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { level: 2, name: 'Servers' })).toBeVisible();
  // Back to the list puts the focus on the row's link it left from.
  await expect(page.getByRole('link', { name: 'calc', exact: true })).toBeFocused();
  await page.goForward();
  await expect(page.getByRole('heading', { level: 2, name: 'calc' })).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#/servers/calc');
  await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Servers' })).toHaveAttribute('aria-current', 'page');
});

test('the theme switch: System follows the computer, Light and Dark stay chosen after a reload', async ({ page }) => {
  await signIn(page);
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await useTheme(page, 'dark');
  const theme = page.getByRole('combobox', { name: 'Theme' });
  await expect(theme).toHaveValue('system');
  const systemDark = await background();
  await useTheme(page, 'light');
  const systemLight = await background();
  expect(systemDark).not.toBe(systemLight);

  await theme.selectOption('dark');
  expect(await background()).toBe(systemDark);
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
  expect(await background()).toBe(systemDark);
  expect(await page.evaluate(() => localStorage.getItem('agent-hub.theme'))).toBe('dark');

  await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
  expect(await background()).toBe(systemLight);
  expect(await page.evaluate(() => localStorage.getItem('agent-hub.theme'))).toBeNull();
});
