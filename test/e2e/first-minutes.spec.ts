import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { filesContaining, hubIdOf, keychainGet, startKeyring, stopAllKeyrings, type Keyring } from '../helpers/keyring.js';
import { root, runCli, serveHub, stopHub } from './serve.js';

/**
 * The first ten minutes in the browser UI, against a real `agent-hub serve` whose HOME (and
 * XDG_CONFIG_HOME) is a temporary folder holding the config files of several apps (copied from
 * test/fixtures/apps, at each app's documented Linux path), with a real keychain (gnome-keyring on a
 * private D-Bus): the empty Servers page shows the three steps and the live endpoint; the Import view
 * lists the apps found with their servers and imports two with a secret env value kept in the
 * keychain and not in hub.db; a keyboard-only import; the checklist ticks as a server, a client and a
 * connected app (written into the temp HOME's Cursor file) appear. Screenshots at 1000 and 1400 px.
 */
const shots = path.join(root, 'test-results/screenshots');
fs.mkdirSync(shots, { recursive: true });
const fixtures = path.join(root, 'test/fixtures/apps');
const memoryServer = path.join(root, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');

const CURSOR_API_KEY = 'cursor-fixture-api-key-0123456789';
const CURSOR_LINEAR_TOKEN = 'cursor-fixture-linear-token';
const CLAUDE_DOCS_TOKEN = 'claude-fixture-docs-token';

/** Where each app keeps its user-level MCP file on Linux, under HOME (XDG_CONFIG_HOME is HOME/.config here). */
const LINUX_PATHS = {
  cursor: ['cursor.json', '.cursor/mcp.json'],
  claude: ['claude.json', '.config/Claude/claude_desktop_config.json'],
  zed: ['zed.jsonc', '.config/zed/settings.json'],
  codex: ['codex.toml', '.codex/config.toml'],
  goose: ['goose.yaml', '.config/goose/config.yaml'],
  vscode: ['vscode.jsonc', '.config/Code/User/mcp.json'],
} as const;

let keyring: Keyring;
let hub: ChildProcess | undefined;
let dataDir: string;
let base: string;
let home: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  keyring = await startKeyring('unlocked');
  home = keyring.home;
  for (const [fixture, where] of Object.values(LINUX_PATHS)) {
    const file = path.join(home, where);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(path.join(fixtures, fixture), file);
  }
  // Cursor's memory server runs from node_modules here (npx cannot reach the registry), with its env as in the fixture.
  const cursor = JSON.parse(fs.readFileSync(path.join(fixtures, 'cursor.json'), 'utf8')) as { mcpServers: Record<string, Record<string, unknown>> };
  cursor.mcpServers.memory = { ...cursor.mcpServers.memory, command: process.execPath, args: [memoryServer] };
  fs.writeFileSync(path.join(home, LINUX_PATHS.cursor[1]), JSON.stringify(cursor, null, 4));

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-e2e-first-'));
  ({ process: hub, base } = await serveHub(dataDir, { ...keyring.env, CODEX_HOME: undefined, AGENT_HUB_DATA_DIR: undefined }));
});

test.afterAll(async () => {
  await stopHub(hub);
  await stopAllKeyrings();
});

const shot = async (page: Page, name: string) => {
  for (const width of [1000, 1400]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
  }
};
/** A fresh one-time sign-in link (agent-hub open), opened in the page. */
async function signIn(page: Page) {
  await page.goto((await runCli(dataDir, ['open'], { ...keyring.env, CODEX_HOME: undefined })).trim());
  await expect(page.getByRole('heading', { name: 'Servers', exact: true })).toBeVisible();
}
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true });

test('the empty Servers page shows the three steps, the live endpoint and the HTTP snippet', async ({ page }) => {
  await signIn(page);
  const guide = page.getByRole('region', { name: 'No servers yet. Get started in three steps' });
  await expect(guide).toBeVisible();
  await expect(guide.getByRole('heading', { level: 4 })).toHaveText(['Add or import servers', 'Create a client', 'Connect an app', 'The hub’s MCP endpoint']);
  // The port this hub runs on (serve --port 0 picked it), not the port setting.
  await expect(guide.getByText(`${base}/mcp`, { exact: true })).toBeVisible();
  const snippet = JSON.parse(await guide.getByLabel('HTTP snippet', { exact: true }).innerText()) as unknown;
  expect(snippet).toEqual({ mcpServers: { 'agent-hub': { url: `${base}/mcp`, headers: { Authorization: 'Bearer <client token>' } } } });
  await expect(guide).toContainText('create a client on the Clients page and its token is shown once');
  // What the import would offer, from the apps' files in the temp HOME.
  await expect(guide).toContainText(/Agent Hub found \d+ servers in .*Claude Desktop.*Cursor/);
  await expect(guide.getByText('To do:')).toHaveCount(3);
  await shot(page, 'servers-empty');

  // The other pages carry the checklist, with nothing done yet.
  await nav(page, 'Settings').click();
  const checklist = page.getByRole('region', { name: 'Set up Agent Hub' });
  await expect(checklist).toContainText('0 of 3 done');
  await expect(checklist.getByText(`${base}/mcp`)).toBeVisible();
  // Settings: the port in use now, apart from the port setting for the next start.
  const port = new URL(base).port;
  await expect(page.locator('.running-port')).toContainText(`Port in use now${port} — the hub runs at ${base}/mcp`);
  await expect(page.getByLabel('Port from the next start')).not.toHaveValue(port);
  await expect(page.locator('.running-port')).toContainText('Not the port setting below');
  await shot(page, 'settings-ports');
  await checklist.getByRole('button', { name: 'Add or import a server' }).click();
  await expect(page.getByRole('region', { name: 'No servers yet. Get started in three steps' })).toBeVisible();
});

test('Import lists the apps found with their servers, and imports two with the secret values kept in the keychain only', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Import from your apps' }).click();
  const view = page.getByRole('region', { name: 'Import servers from your apps' });
  const apps = view.getByRole('group', { name: 'Import from' });
  for (const [label, where] of [
    ['Cursor', LINUX_PATHS.cursor[1]],
    ['Claude Desktop', LINUX_PATHS.claude[1]],
    ['Zed', LINUX_PATHS.zed[1]],
    ['Codex CLI', LINUX_PATHS.codex[1]],
    ['Goose', LINUX_PATHS.goose[1]],
    ['VS Code', LINUX_PATHS.vscode[1]],
  ] as const) {
    const option = apps.locator('label', { has: page.getByText(label, { exact: true }) });
    await expect(option).toContainText(path.join(home, where));
  }
  await expect(apps.getByRole('radio')).toHaveCount(6);

  // Zed's file: a server switched off, and an extension's entry that only Zed can run.
  await apps.locator('label', { hasText: 'Zed' }).click();
  const zed = view.getByRole('form', { name: 'Servers in Zed' });
  await expect(zed).toContainText('Zed extension');
  await shot(page, 'import-view-zed');

  await apps.locator('label', { hasText: 'Cursor' }).click();
  const form = view.getByRole('form', { name: 'Servers in Cursor' });
  await expect(form.getByRole('heading')).toContainText(path.join(home, '.cursor/mcp.json'));
  const memory = form.getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: 'Import memory' }) });
  await expect(memory).toContainText(`Runs ${process.execPath} ${memoryServer}`);
  await expect(memory).toContainText('API_KEY');
  await expect(form.getByRole('checkbox', { name: 'Keep API_KEY of memory in the keychain' })).toBeChecked();
  const linear = form.getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: 'Import linear' }) });
  await expect(linear).toContainText('URL https://mcp.linear.app/mcp');
  await expect(form.getByRole('checkbox', { name: 'Keep Authorization of linear in the keychain' })).toBeChecked();
  await expect(form).toContainText('not in hub.db');
  // No value of the file reaches the page.
  expect(await page.content()).not.toContain(CURSOR_API_KEY);
  expect(await page.content()).not.toContain(CURSOR_LINEAR_TOKEN);
  await shot(page, 'import-view');

  await form.getByRole('button', { name: 'Import 2 servers from Cursor' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported memory, linear from Cursor.' })).toBeVisible();
  await expect(page.getByRole('row', { name: /^memory / })).toBeVisible();
  await expect(page.getByRole('row', { name: /^linear / })).toBeVisible();
  // The memory server runs on the value from the keychain.
  await expect(page.getByRole('row', { name: /^memory / }).getByRole('cell', { name: 'running' })).toBeVisible({ timeout: 30_000 });

  const id = hubIdOf(dataDir);
  expect(keychainGet(keyring.env, `hub/${id}/server/memory/env/API_KEY`)).toBe(CURSOR_API_KEY);
  expect(keychainGet(keyring.env, `hub/${id}/server/linear/header/authorization`)).toBe(`Bearer ${CURSOR_LINEAR_TOKEN}`);
  expect(filesContaining(dataDir, CURSOR_API_KEY)).toEqual([]);
  expect(filesContaining(dataDir, CURSOR_LINEAR_TOKEN)).toEqual([]);

  // The checklist ticked its first step.
  const checklist = page.getByRole('region', { name: 'Set up Agent Hub' });
  await expect(checklist).toContainText('1 of 3 done');
  await expect(checklist.getByRole('listitem').first()).toContainText('Done:');

  // Importing the same names again needs Replace.
  await page.getByRole('button', { name: 'Import from apps' }).click();
  await page.getByRole('group', { name: 'Import from' }).locator('label', { hasText: 'Cursor' }).click();
  const again = page.getByRole('form', { name: 'Servers in Cursor' });
  await expect(again.getByText('A server named memory exists in Agent Hub.')).toBeVisible();
  await expect(again.getByRole('checkbox', { name: 'Import memory' })).not.toBeChecked();
  await again.getByRole('checkbox', { name: 'Import memory' }).check();
  await expect(again.getByRole('button', { name: /^Import 1 server/ })).toBeDisabled();
  await expect(again).toContainText('memory exists in Agent Hub already: tick “Replace” or leave it out.');
  await page.getByRole('button', { name: 'Back to the server list' }).click();
  await expect(page.getByRole('row', { name: /^memory / })).toBeVisible();
});

test('the import flow works from the keyboard alone', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Import from apps' }).focus();
  await page.keyboard.press('Enter');
  const view = page.getByRole('region', { name: 'Import servers from your apps' });
  // The view takes the focus, so the next Tab goes into it.
  await expect(view.getByRole('heading', { name: 'Import servers from your apps' })).toBeFocused();
  await expect(view.getByRole('radio', { checked: true })).toBeVisible();
  await page.keyboard.press('Tab'); // Back to the server list
  await page.keyboard.press('Tab'); // the chosen app's radio
  await expect(view.getByRole('radio', { checked: true })).toBeFocused();
  // Arrow keys move through the apps; find Claude Desktop.
  for (let i = 0; i < 6 && !(await view.getByRole('radio', { name: /Claude Desktop/ }).isChecked()); i++) await page.keyboard.press('ArrowDown');
  const form = view.getByRole('form', { name: 'Servers in Claude Desktop' });
  await expect(form).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(form.getByRole('checkbox', { name: 'Import github' })).toBeFocused();
  await page.keyboard.press('Space'); // leave github out
  await expect(form.getByRole('checkbox', { name: 'Import github' })).not.toBeChecked();
  // On through github's keys to the next server (Tab only; how many stops depends on github's keys).
  const remoteDocs = form.getByRole('checkbox', { name: 'Import remote-docs' });
  for (let i = 0; i < 8 && !(await remoteDocs.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(remoteDocs).toBeFocused();
  await expect(form.getByRole('checkbox', { name: 'Keep Authorization of remote-docs in the keychain' })).toBeChecked();
  await form.getByRole('button', { name: 'Import 1 server from Claude Desktop' }).focus();
  await page.keyboard.press('Enter');
  const result = page.getByRole('status').filter({ hasText: 'Imported remote-docs from Claude Desktop.' });
  await expect(result).toBeVisible();
  await expect(result).toBeFocused();
  await expect(result).toContainText('“Remote Docs” → remote-docs');
  await page.keyboard.press('Tab');
  await expect(result.getByRole('button', { name: 'OK' })).toBeFocused();
  await expect(page.getByRole('row', { name: /^remote-docs / })).toBeVisible();
  expect(keychainGet(keyring.env, `hub/${hubIdOf(dataDir)}/server/remote-docs/header/authorization`)).toBe(`Bearer ${CLAUDE_DOCS_TOKEN}`);
  expect(filesContaining(dataDir, CLAUDE_DOCS_TOKEN)).toEqual([]);
});

test('the checklist ticks as a client is created and an app connected, then can be hidden', async ({ page }) => {
  await signIn(page);
  const checklist = page.getByRole('region', { name: 'Set up Agent Hub' });
  await expect(checklist).toContainText('1 of 3 done');
  await checklist.getByRole('button', { name: 'Create a client' }).click();
  await expect(page.getByRole('heading', { name: 'Clients', exact: true })).toBeVisible();
  await expect(page.getByText('No clients yet.')).toBeVisible();

  await page.getByLabel('New client name').fill('cursor');
  await page.getByRole('button', { name: 'Create client' }).click();
  const token = await page.getByRole('textbox', { name: 'Token of cursor' }).inputValue();
  expect(token.length).toBeGreaterThan(20);
  await expect(checklist).toContainText('2 of 3 done');
  // Right after creation the HTTP entry holds the real token, shown this once.
  const http = JSON.parse(await page.getByLabel('HTTP snippet for cursor', { exact: true }).innerText()) as unknown;
  expect(http).toEqual({ mcpServers: { 'agent-hub': { url: `${base}/mcp`, headers: { Authorization: `Bearer ${token}` } } } });

  // Sixteen apps: those found on this machine first.
  const apps = page.getByRole('region', { name: 'Connect apps as cursor' });
  await expect(apps.getByRole('article')).toHaveCount(16);
  await expect(apps.getByRole('list', { name: 'Found on this machine' }).getByRole('article')).toHaveCount(6);
  await expect(apps.getByText('16 apps')).toBeVisible();
  await apps.getByRole('searchbox', { name: 'Filter apps' }).fill('code');
  await expect(apps.getByText('5 of 16 apps')).toBeVisible();
  const labels = () => apps.getByRole('article').evaluateAll((a) => a.map((e) => e.getAttribute('aria-label')).sort());
  expect(await labels()).toEqual(['Claude Code', 'Codex CLI', 'Roo Code', 'VS Code', 'VS Code Insiders']);
  await apps.getByRole('searchbox', { name: 'Filter apps' }).fill('yaml');
  await expect(apps.getByText('2 of 16 apps')).toBeVisible();
  expect(await labels()).toEqual(['Continue', 'Goose']);
  await apps.getByRole('searchbox', { name: 'Filter apps' }).fill('');

  const cursorRow = apps.getByRole('article', { name: 'Cursor' });
  await expect(cursorRow).toContainText(path.join(home, '.cursor/mcp.json'));
  await expect(cursorRow).toContainText('not connected');
  await cursorRow.getByRole('button', { name: 'Connect Cursor', exact: true }).click();
  await expect(cursorRow.getByRole('status')).toContainText(`Connected: wrote ${path.join(home, '.cursor/mcp.json')}`);
  // Which client the app's entry uses, read back from its file.
  await expect(cursorRow).toContainText('connected as cursor');
  const written = JSON.parse(fs.readFileSync(path.join(home, '.cursor/mcp.json'), 'utf8')) as { mcpServers: Record<string, { args?: string[] }> };
  expect(Object.keys(written.mcpServers)).toEqual(['memory', 'linear', 'agent-hub']);
  expect(written.mcpServers['agent-hub']!.args).toEqual(expect.arrayContaining(['connect', '--client', 'cursor']));

  await expect(page.getByRole('region', { name: 'Agent Hub is set up' })).toContainText('3 of 3 done');
  await cursorRow.getByRole('button', { name: 'Connect Cursor', exact: true }).click();
  await expect(cursorRow.getByRole('status')).toHaveText(/^Already connected — nothing was written\./);
  // Disconnect takes the hub's entry out of the file, and only it.
  await cursorRow.getByRole('button', { name: 'Disconnect Cursor' }).click();
  await expect(cursorRow).toContainText('not connected');
  const after = JSON.parse(fs.readFileSync(path.join(home, '.cursor/mcp.json'), 'utf8')) as { mcpServers: Record<string, unknown> };
  expect(Object.keys(after.mcpServers)).toEqual(['memory', 'linear']);
  await expect(page.getByRole('region', { name: 'Set up Agent Hub' })).toContainText('2 of 3 done');
  await cursorRow.getByRole('button', { name: 'Connect Cursor', exact: true }).click();
  await expect(cursorRow).toContainText('connected as cursor');
  await expect(page.getByRole('region', { name: 'Agent Hub is set up' })).toContainText('3 of 3 done');

  // The snippets of an app that takes a URL: stdio, and HTTP with the token (still shown: the token is on screen).
  const zed = apps.getByRole('article', { name: 'Zed' });
  await zed.getByRole('button', { name: 'Zed snippets' }).click();
  await expect(zed.getByRole('button', { name: 'Zed snippets' })).toHaveAttribute('aria-expanded', 'true');
  await expect(zed.locator('pre').nth(1)).toContainText(`"context_servers"`);
  await expect(zed.locator('pre').nth(1)).toContainText(`Bearer ${token}`);
  await shot(page, 'clients-token');

  await page.getByRole('button', { name: 'Done' }).click();
  expect(await page.content()).not.toContain(token);
  await expect(zed.locator('pre').nth(1)).toContainText('"Authorization": "Bearer <token of cursor>"');
  await expect(zed).toContainText('It was shown only once');
  await zed.getByRole('button', { name: 'Zed snippets' }).click();
  await expect(zed.locator('pre').first()).toBeHidden();
  await shot(page, 'clients');

  // Done: the checklist can be hidden, and stays hidden.
  await page.getByRole('button', { name: 'Hide this checklist' }).click();
  await expect(page.getByRole('region', { name: /Agent Hub is set up|Set up Agent Hub/ })).toHaveCount(0);
  await page.reload();
  await expect(nav(page, 'Servers')).toBeVisible();
  await expect(page.getByRole('region', { name: /Agent Hub is set up|Set up Agent Hub/ })).toHaveCount(0);
});
