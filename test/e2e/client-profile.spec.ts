import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mcpClient, root, runCli, serveHub, stopHub } from './serve.js';
import { axeViolations, expectNoHorizontalScroll, shot as fullShot, useTheme, type Theme } from './ui.js';

/**
 * A client's profile edited on the Clients page ("What it sees") against a real `agent-hub serve`
 * with two real stdio servers (server-memory and the gateway fixture `calc`), checked with a real MCP
 * SDK client signed in with that client's token: hiding a tool removes it from tools/list (and the
 * connected client hears list_changed), choosing servers drops the other's tools, search mode lists
 * hub__search_tools and hub__call_tool plus the pin. Screenshots in light and dark at 1000 px, with
 * no sideways scroll and no serious axe violation.
 */
const memoryServer = path.join(root, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const calc = path.join(root, 'test/fixtures/gateway/flaky-server.mjs');

let hub: ChildProcess | undefined;
let dataDir: string;
let base: string;
let token: string;
let client: Client | undefined;
let listChanged = 0;

const run = (args: string[]) => runCli(dataDir, args);

/** A full-page screenshot from the top (the sticky navigation would otherwise sit over the middle of it). */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, name);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-e2e-profile-'));
  await run(['server', 'add', 'memory', '--env', `MEMORY_FILE_PATH=${path.join(dataDir, 'memory.jsonl')}`, '--', process.execPath, memoryServer]);
  await run(['server', 'add', 'calc', '--', process.execPath, calc]);
  token = (JSON.parse(await run(['client', 'add', 'claude', '--json'])) as { token: string }).token;
  ({ process: hub, base } = await serveHub(dataDir));
  client = await mcpClient(base, token, 'e2e-profile');
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    listChanged++;
  });
  await expect.poll(toolNames, { timeout: 30_000 }).toEqual(expect.arrayContaining(['memory__read_graph', 'memory__delete_entities', 'calc__add']));
});

test.afterAll(async () => {
  await client?.close();
  await stopHub(hub);
});

async function toolNames(): Promise<string[]> {
  return (await client!.listTools()).tools.map((t) => t.name).sort();
}

async function signIn(page: Page) {
  await page.goto((await run(['open'])).trim());
  await expect(page.getByRole('heading', { name: 'Servers', exact: true })).toBeVisible();
}

/** The Clients page, with claude's "What it sees" editor in view (by its row's button, with the keyboard). */
async function openEditor(page: Page): Promise<Locator> {
  if (!page.url().endsWith('#/clients')) {
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Clients' }).click();
    // The page's title takes the focus after a change of page (App's route focus); then the row's button.
    await expect(page.getByRole('heading', { level: 2, name: 'Clients' })).toBeFocused();
  }
  const button = page.getByRole('button', { name: 'What it sees: claude' });
  await button.focus();
  await page.keyboard.press('Enter');
  const editor = page.getByRole('region', { name: 'What claude sees' });
  await expect(editor.getByRole('heading', { name: 'What claude sees' })).toBeFocused();
  return editor;
}

async function saveAndSee(editor: Locator, said: RegExp) {
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByRole('status')).toHaveText(said);
  await expect(editor.getByRole('button', { name: 'Save' })).toBeDisabled();
}

test('edit what a client sees in the page; its MCP client’s tools/list follows', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1000, height: 900 });
  await signIn(page);
  const editor = await openEditor(page);
  await expect(editor.getByText(/^claude sees \d+ tools, all listed\.$/)).toBeVisible();
  await shot(page, 'client-profile-default');

  // Hide one tool, found with the search box; the connected client hears list_changed.
  const changesBefore = listChanged;
  await editor.getByRole('searchbox', { name: 'Find a tool' }).fill('delete_entities');
  const show = editor.getByRole('switch', { name: 'Show memory__delete_entities' });
  await expect(show).toBeChecked();
  await show.focus();
  await page.keyboard.press('Space');
  await expect(show).not.toBeChecked();
  await expect(editor.getByText('Not saved yet: hides memory__delete_entities.')).toBeVisible();
  await shot(page, 'client-profile-hide-tool');
  await saveAndSee(editor, /^Saved: claude hides memory__delete_entities\./);
  await expect.poll(() => listChanged, { timeout: 10_000 }).toBeGreaterThan(changesBefore);
  const afterHide = await toolNames();
  expect(afterHide).not.toContain('memory__delete_entities');
  expect(afterHide).toEqual(expect.arrayContaining(['memory__read_graph', 'calc__add']));
  await editor.getByRole('searchbox', { name: 'Find a tool' }).fill('');

  // Only memory: calc's tools are gone.
  await editor.getByRole('radio', { name: 'Only the ones chosen here' }).check();
  await editor.getByRole('checkbox', { name: /^calc/ }).uncheck();
  await saveAndSee(editor, /^Saved: claude sees only memory\./);
  await expect.poll(async () => (await toolNames()).filter((n) => n.startsWith('calc__'))).toEqual([]);
  expect(await toolNames()).toContain('memory__read_graph');

  // Search mode with one pin: the list is the hub's two tools and the pin.
  await editor.getByRole('radio', { name: 'Search' }).check();
  await editor.getByText('memory', { exact: true }).click();
  await editor.getByRole('checkbox', { name: 'Pin memory__read_graph' }).check();
  // A hidden tool cannot be pinned.
  await expect(editor.getByRole('checkbox', { name: 'Pin memory__delete_entities' })).toBeDisabled();
  await expect(editor.getByText(/After saving: claude may call \d+ tools; its list has 3 tools: hub__search_tools, hub__call_tool and 1 pinned\./)).toBeVisible();
  await shot(page, 'client-profile-search-mode');
  await saveAndSee(editor, /^Saved: claude uses search mode; pins memory__read_graph\./);
  await expect.poll(toolNames).toEqual(['hub__call_tool', 'hub__search_tools', 'memory__read_graph']);

  // Search finds only what the client sees: calc's add is outside its profile.
  const found = (await client!.callTool({ name: 'hub__search_tools', arguments: { query: 'add two numbers', limit: 25 } })) as { content: { type: string; text?: string }[] };
  const text = found.content.map((c) => c.text ?? '').join('\n');
  expect(text).not.toContain('calc__add');
  expect(text).not.toContain('memory__delete_entities');

  // The table row sums the profile up.
  await expect(page.getByRole('row', { name: /^claude / })).toContainText('1 chosen · 1 hidden · search');
  await shot(page, 'client-profile-saved');
});

test.describe('layout and accessibility', () => {
  test.use({ bypassCSP: true });

  test('the editor at 1000 px in light and dark: no sideways scroll, no serious axe violation', async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 1000, height: 900 });
    await signIn(page);
    for (const theme of ['light', 'dark'] as Theme[]) {
      await useTheme(page, theme);
      const editor = await openEditor(page);
      await editor.getByRole('radio', { name: 'Auto' }).check();
      // memory's tools stay open from one theme to the next.
      if (theme === 'light') await editor.getByText('memory', { exact: true }).click();
      await expect(editor.getByRole('checkbox', { name: 'Pin memory__read_graph' })).toBeVisible();
      await expectNoHorizontalScroll(page, `Clients page with the profile editor (${theme})`);
      expect(await axeViolations(page)).toEqual([]);
      await shot(page, `client-profile-${theme}-1000`);
      await editor.getByRole('button', { name: 'Discard changes' }).click();
    }
  });
});
