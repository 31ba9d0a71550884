import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { startKeyring, stopAllKeyrings } from '../helpers/keyring.js';

// How an HTTP server signs in, set from the CLI: a client registered by hand (its secret into the
// real keychain, never hub.db), a Client ID Metadata Document, a default scope.
afterAll(stopAllKeyrings);

const keychainOps = path.join(repoRoot, 'test/fixtures/secrets/keychain-ops.mjs');

describe('server add --oauth-…', () => {
  it('stores the client settings, and the client secret only in the keychain', async () => {
    const keyring = await startKeyring('unlocked');
    const dataDir = tempDataDir();
    const secret = 'pre-registered-secret-value';
    const r = runCli(['server', 'add', 'docs', '--url', 'https://docs.example.com/mcp', '--oauth-client-id', 'hub-123', '--oauth-client-secret', '--oauth-scope', 'mcp:read mcp:write'], {
      dataDir,
      env: keyring.env,
      input: `${secret}\n`,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [listed] = JSON.parse(runCli(['server', 'list', '--json'], { dataDir }).stdout) as { oauth?: unknown }[];
    expect(listed!.oauth).toEqual({ clientId: 'hub-123', clientSecret: true, scope: 'mcp:read mcp:write' });
    for (const file of fs.readdirSync(dataDir)) expect(fs.readFileSync(path.join(dataDir, file)).includes(secret), file).toBe(false);

    const db = new Database(path.join(dataDir, 'hub.db'), { readonly: true });
    const hubId = JSON.parse(db.prepare(`SELECT value FROM settings WHERE key = 'hub-id'`).pluck().get() as string) as string;
    db.close();
    const account = `hub/${hubId}/server/docs/oauth/client-secret`;
    const read = spawnSync(process.execPath, [keychainOps, 'agent-hub', `get:${account}`], { env: keyring.env, encoding: 'utf8' });
    expect(JSON.parse(read.stdout).results).toEqual([secret]);

    // Removing the server removes the secret from the keychain.
    expect(runCli(['server', 'remove', 'docs'], { dataDir, env: keyring.env }).code).toBe(0);
    const after = spawnSync(process.execPath, [keychainOps, 'agent-hub', `get:${account}`], { env: keyring.env, encoding: 'utf8' });
    expect(JSON.parse(after.stdout).results).toEqual([null]);
  });

  it('takes a Client ID Metadata Document URL (https only), and refuses what makes no sense', () => {
    const dataDir = tempDataDir();
    expect(runCli(['server', 'add', 'a', '--url', 'https://a.example.com/mcp', '--oauth-metadata-url', 'https://hub.example.com/client.json'], { dataDir }).code).toBe(0);
    expect(JSON.parse(runCli(['server', 'list', '--json'], { dataDir }).stdout)[0].oauth).toEqual({ clientSecret: false, clientMetadataUrl: 'https://hub.example.com/client.json' });
    const http = runCli(['server', 'add', 'b', '--url', 'https://b.example.com/mcp', '--oauth-metadata-url', 'http://hub.example.com/client.json'], { dataDir });
    expect(http.code).toBe(1);
    expect(http.stderr).toMatch(/oauth\.clientMetadataUrl: must be an https:\/\/ URL/);
    const noId = runCli(['server', 'add', 'c', '--url', 'https://c.example.com/mcp', '--oauth-client-secret'], { dataDir, input: 'x\n' });
    expect(noId.code).toBe(1);
    expect(noId.stderr).toMatch(/a client secret needs a client id/);
    const stdio = runCli(['server', 'add', 'd', '--oauth-client-id', 'x', '--', 'node'], { dataDir });
    expect(stdio.code).toBe(2);
    expect(stdio.stderr).toContain('--oauth-client-id is for HTTP servers (--url).');
  });
});
