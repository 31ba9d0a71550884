import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { filesContaining, hubIdOf, keychainGet, startKeyring, stopAllKeyrings, type Keyring } from '../helpers/keyring.js';
import { root, serveHub, stopHub } from './serve.js';

/**
 * A secret typed into the server form goes to the OS keychain and nowhere else: a real `agent-hub
 * serve` with a real keychain (gnome-keyring on a private D-Bus), in Chromium. The value is in the
 * keychain under the server's key, never in hub.db, its WAL or the logs; editing the server shows the
 * key as stored, without its value, and saving keeps it.
 */
const shots = path.join(root, 'test-results/screenshots');
fs.mkdirSync(shots, { recursive: true });
const flaky = path.join(root, 'test/fixtures/gateway/flaky-server.mjs');
const SECRET = `tok-e2e-${Date.now().toString(36)}-do-not-store-in-clear`;

let keyring: Keyring;
let hub: ChildProcess | undefined;
let dataDir: string;
let link: string;

test.beforeAll(async () => {
  keyring = await startKeyring('unlocked');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-e2e-secrets-'));
  ({ process: hub, link } = await serveHub(dataDir, keyring.env));
});

test.afterAll(async () => {
  await stopHub(hub);
  await stopAllKeyrings();
});

test('a secret env value typed in the form is kept in the keychain, never in hub.db, and editing keeps it unseen', async ({ page }) => {
  await page.goto(link);
  await page.getByRole('button', { name: 'Add server' }).click();
  const form = page.getByRole('form', { name: 'Add a server' });
  await form.getByLabel('Name', { exact: true }).fill('secretive');
  await form.getByLabel('Command', { exact: true }).fill(process.execPath);
  await form.getByLabel('Arguments (one per line)').fill(flaky);
  await form.getByRole('button', { name: 'Add variable' }).click();
  await form.getByLabel('Variable 1 name').fill('API_TOKEN');
  await expect(form.getByRole('checkbox', { name: 'Variable 1 is secret' })).toBeChecked();
  await form.getByLabel('Variable 1 value').fill(SECRET);
  await form.getByRole('button', { name: 'Add variable' }).click();
  await form.getByLabel('Variable 2 name').fill('LOG_LEVEL');
  await form.getByLabel('Variable 2 value').fill('debug');
  await expect(form.getByRole('checkbox', { name: 'Variable 2 is secret' })).not.toBeChecked();
  await page.screenshot({ path: path.join(shots, 'server-form-secret.png'), fullPage: true });
  await form.getByRole('button', { name: 'Add server' }).click();
  await expect(form).toBeHidden();
  // The hub starts it with the value from the keychain.
  await expect(page.getByRole('row', { name: /^secretive / }).getByRole('cell', { name: 'running' })).toBeVisible({ timeout: 30_000 });

  expect(keychainGet(keyring.env, `hub/${hubIdOf(dataDir)}/server/secretive/env/API_TOKEN`)).toBe(SECRET);
  expect(filesContaining(dataDir, SECRET)).toEqual([]);
  expect(fs.readdirSync(dataDir)).toEqual(expect.arrayContaining(['hub.db']));

  await page.getByRole('button', { name: 'Edit secretive' }).click();
  const edit = page.getByRole('form', { name: 'Edit secretive' });
  const stored = edit.getByLabel('Variable 2 value');
  await expect(edit.getByLabel('Variable 2 name')).toHaveValue('API_TOKEN');
  await expect(stored).toHaveValue('');
  await expect(stored).toHaveAttribute('placeholder', 'stored in the keychain — type to replace');
  expect(await page.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).not.toContain(SECRET);
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  expect(keychainGet(keyring.env, `hub/${hubIdOf(dataDir)}/server/secretive/env/API_TOKEN`)).toBe(SECRET);
  expect(filesContaining(dataDir, SECRET)).toEqual([]);
});
