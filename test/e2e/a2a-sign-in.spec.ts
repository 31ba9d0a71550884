import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { expect, test, type Page } from '@playwright/test';
import { startA2AAgent, stopA2AAgents, type StartedAgent } from '../helpers/a2a-agents.js';
import { hubIdOf, keychainGet, startKeyring, stopAllKeyrings, type Keyring } from '../helpers/keyring.js';
import { startAuthServer, stopOAuthFixtures, type AuthServer } from '../helpers/oauth-fixtures.js';
import { root, runCli, serveHub } from './serve.js';

/**
 * OAuth sign-in of an A2A agent from the browser UI, end to end: a real `agent-hub serve` with the real
 * keychain (gnome-keyring on a private D-Bus), a real authorization server (oidc-provider, which approves
 * login and consent itself) and a real agent that checks its JWTs, both in this process. The Agents page
 * shows "Sign in" for the agent; calls fail until the user signs in; the button opens the authorization
 * URL in a new tab, which follows the server's redirects to the hub's loopback listener; the row then
 * says "signed in", the call goes through with the agent's own token, and the tokens are in the keychain.
 * Signing out clears them. Screenshots go to test-results/screenshots.
 */
const shots = path.join(root, 'test-results/screenshots');
fs.mkdirSync(shots, { recursive: true });

let keyring: Keyring;
let as: AuthServer;
let agent: StartedAgent;
let hub: ChildProcess | undefined;
let dataDir: string;
let base: string;
let link: string;
let token: string;

const run = (args: string[]) => runCli(dataDir, args, keyring.env);

test.beforeAll(async () => {
  keyring = await startKeyring('unlocked');
  as = await startAuthServer({ scopes: ['agent:read', 'agent:write'] });
  agent = await startA2AAgent('echo-stream', { securitySchemes: { sso: { type: 'oauth2', issuer: as.issuer, scopes: ['agent:read'] } } });
  // The resource the hub asks tokens for is the agent's URL, as the user added it (RFC 8707).
  as.addResource(`${agent.url}/`, 'agent:read');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-e2e-sign-in-'));
  await run(['agent', 'add', 'planner', '--url', agent.url]);
  await run(['consent', 'allow', '--server', 'planner']);
  token = (JSON.parse(await run(['client', 'add', 'e2e', '--json'])) as { token: string }).token;
  ({ process: hub, base, link } = await serveHub(dataDir, keyring.env));
});

test.afterAll(async () => {
  if (hub && hub.exitCode === null && hub.signalCode === null) {
    const exited = new Promise((resolve) => hub!.once('exit', resolve));
    hub.kill('SIGTERM');
    await exited;
  }
  await stopA2AAgents();
  await stopOAuthFixtures();
  await stopAllKeyrings();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : JSON.stringify(c))).join('\n');

test('an agent that asks for OAuth 2: sign in from the Agents page in a browser tab, call it, sign out', async ({ page, context }) => {
  test.setTimeout(120_000);

  await page.goto(link);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Agents', exact: true }).click();
  const planner = page.getByRole('listitem', { name: 'Agent planner' });
  const signInButton = planner.getByRole('button', { name: 'Sign in to planner' });
  await expect(signInButton).toBeVisible({ timeout: 30_000 });
  await expect(planner).toContainText('fixture-echo-stream');
  await shot(page, 'agents-sign-in-needed');

  // Before the sign-in, a call says what is missing (and nothing reaches the agent).
  const client = new Client({ name: 'e2e-a2a-sign-in', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  await expect.poll(async () => (await client.listTools()).tools.map((t) => t.name), { timeout: 30_000 }).toContain('planner__send_message');
  const send = async (words: string) => (await client.callTool({ name: 'planner__send_message', arguments: { text: words } }, undefined, { timeout: 60_000 })) as CallToolResult;
  const before = await send('hello');
  expect(before.isError).toBe(true);
  expect(text(before)).toContain('needs a sign-in with OAuth 2');
  expect(agent.calls).toEqual([]);
  expect(agent.tokens).toEqual([]);

  // Sign in: the authorization request waits until the page has shown that it waits for the browser.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const authorizationEndpoint = `${as.issuer}/auth`;
  await context.route((url) => `${url.origin}${url.pathname}` === authorizationEndpoint, async (route) => {
    await released;
    await route.continue();
  });
  // (Playwright reports the new tab once its first navigation commits, so only after the release.)
  const popupOpened = context.waitForEvent('page', { timeout: 30_000 });
  await signInButton.click();
  await expect(planner.getByText('Waiting for the browser…')).toBeVisible();
  await expect(planner.getByRole('button', { name: 'Cancel the sign-in to planner' })).toBeVisible();
  release();
  const popup = await popupOpened;

  // The tab follows the authorization server (login and consent approve themselves) to the hub's
  // loopback listener, which answers the redirect.
  await popup.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/, { timeout: 30_000 });
  await popup.waitForLoadState('load');
  const landed = new URL(popup.url());
  expect(landed.pathname).toBe('/callback');
  expect(landed.searchParams.get('code')).toBeTruthy();
  expect(landed.origin).not.toBe(new URL(as.issuer).origin);
  expect(landed.origin).not.toBe(base);
  await expect(popup.locator('body')).toHaveText('Signed in to Agent Hub. You can close this tab.');
  await popup.close();

  await expect(planner.locator('.signed-in')).toHaveText('signed in', { timeout: 30_000 });
  const signOutButton = planner.getByRole('button', { name: 'Sign out of planner' });
  await expect(signOutButton).toBeVisible();
  await expect(signInButton).toBeHidden();
  await expect(planner.getByRole('alert')).toHaveCount(0);
  await shot(page, 'agents-signed-in');

  // The same call goes through, with a token the authorization server issued for the agent.
  const after = await send('hello');
  expect(after.isError, text(after)).toBeFalsy();
  expect(text(after)).toMatch(/completed/);
  expect(agent.tokens[0]).toMatchObject({ sub: 'dev-user', aud: `${agent.url}/` });
  expect(JSON.stringify(agent.calls)).not.toContain(token);
  // The hub id (which namespaces the keychain entries) is made on first use: read it now.
  const account = `hub/${hubIdOf(dataDir)}/agent/planner/oauth/tokens`;
  const stored = keychainGet(keyring.env, account);
  expect(stored, `keychain entry ${account}`).toBeTruthy();
  expect(JSON.parse(stored!)).toEqual(expect.objectContaining({ access_token: expect.any(String) }));

  // Sign out: the row asks for a sign-in again, the keychain entry is gone, and calls fail again.
  await signOutButton.click();
  await expect(signInButton).toBeVisible({ timeout: 30_000 });
  await expect(planner.locator('.signed-in')).toHaveCount(0);
  await expect.poll(() => keychainGet(keyring.env, account), { timeout: 30_000 }).toBeNull();
  expect(text(await send('signed out'))).toContain('needs a sign-in with OAuth 2');
  await client.close();
});
