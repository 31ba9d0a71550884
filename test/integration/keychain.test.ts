import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { secretKey } from '../../main/core/secrets/secret-store.js';
import { repoRoot } from '../helpers/cli.js';
import { filesContaining, noBusEnv, startKeyring, stopAllKeyrings } from '../helpers/keyring.js';

afterAll(stopAllKeyrings);

const ops = path.join(repoRoot, 'test/fixtures/secrets/keychain-ops.mjs');
const SERVICE = 'agent-hub-test';

interface OpsResult {
  results: (string | boolean | null)[];
  error?: { code: string | null; message: string };
}

/** createKeytarStore (the built one) doing `operations` in a process that sees `env`'s keychain. */
function keychain(env: NodeJS.ProcessEnv, ...operations: string[]): OpsResult {
  const r = spawnSync(process.execPath, [ops, SERVICE, ...operations], { env, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`keychain-ops failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as OpsResult;
}

describe.runIf(process.platform === 'linux')('the keytar SecretStore against a real gnome-keyring', () => {
  it('sets, gets and deletes, and two hub ids do not see each other\'s keys', async () => {
    const { env, home } = await startKeyring('unlocked');
    const a = secretKey('hub-a', 'server', 'github', 'env', 'API_TOKEN');
    const b = secretKey('hub-b', 'server', 'github', 'env', 'API_TOKEN');
    expect(a).toBe('hub/hub-a/server/github/env/API_TOKEN');

    expect(keychain(env, `set:${a}=value-of-a`, `get:${a}`, `get:${b}`).results).toEqual([null, 'value-of-a', null]);
    expect(keychain(env, `set:${b}=value-of-b`, `get:${a}`, `get:${b}`).results).toEqual([null, 'value-of-a', 'value-of-b']);
    // Another process reads what the first one stored: it is in the keychain, not in a process.
    expect(keychain(env, `delete:${a}`, `get:${a}`, `delete:${a}`, `get:${b}`).results).toEqual([true, null, false, 'value-of-b']);
    // gnome-keyring keeps the collection encrypted on disk: the value is nowhere in clear.
    expect(fs.existsSync(path.join(home, '.local/share/keyrings/login.keyring'))).toBe(true);
    expect(filesContaining(home, 'value-of-b')).toEqual([]);
  });

  it('keeps a value with spaces, quotes and non-ASCII characters exactly', async () => {
    const { env } = await startKeyring('unlocked');
    const value = `p@ss "wörd" 'ключ' ${'x'.repeat(300)}`;
    expect(keychain(env, `set:k=${value}`, 'get:k').results).toEqual([null, value]);
  });

  it('names the missing D-Bus session and writes nothing in plaintext', () => {
    const env = noBusEnv();
    const r = keychain(env, 'set:k=plaintext-canary-1');
    expect(r.error).toEqual({
      code: 'keychain_unavailable',
      message:
        'The OS keychain cannot be reached because there is no D-Bus session bus; run Agent Hub inside a desktop session (or under dbus-run-session with a Secret Service such as gnome-keyring), then try again.',
    });
    expect(keychain(env, 'get:k').error?.code).toBe('keychain_unavailable');
    expect(filesContaining(env.HOME!, 'plaintext-canary-1')).toEqual([]);
  });

  it('names a bus without a Secret Service', async () => {
    const { env, home } = await startKeyring('no-secret-service');
    const r = keychain(env, 'set:k=plaintext-canary-2');
    expect(r.error).toEqual({
      code: 'keychain_unavailable',
      message:
        'No Secret Service (the OS keychain) is running on the D-Bus session bus; install and start gnome-keyring or KeePassXC with its Secret Service enabled, then try again.',
    });
    expect(filesContaining(home, 'plaintext-canary-2')).toEqual([]);
  });

  it('names a locked collection on a write, and writes nothing in plaintext', async () => {
    const { env, home } = await startKeyring('locked');
    const r = keychain(env, 'set:k=plaintext-canary-3');
    expect(r.error).toEqual({
      code: 'keychain_unavailable',
      message: 'The keychain collection is locked; unlock it (log in to the desktop, or open Passwords and Keys and unlock "Login"), then try again.',
    });
    // A locked collection reads as empty (libsecret's behaviour); the hub turns that into its own error.
    expect(keychain(env, 'get:k').results).toEqual([null]);
    expect(filesContaining(home, 'plaintext-canary-3')).toEqual([]);
  });

  it('names a keychain without a login collection (its creation prompt cannot be shown)', async () => {
    const { env, home } = await startKeyring('no-keyring');
    const r = keychain(env, 'set:k=plaintext-canary-4');
    expect(r.error).toEqual({
      code: 'keychain_unavailable',
      message:
        'The keychain has no login collection to keep secrets in, and none could be created without a desktop prompt; create or unlock a "Login" keyring (Passwords and Keys), then try again.',
    });
    expect(filesContaining(home, 'plaintext-canary-4')).toEqual([]);
  });
});
