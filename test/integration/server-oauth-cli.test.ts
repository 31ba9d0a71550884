import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from '../helpers/cli.js';
import { filesContaining, hubIdOf, keychainGet, startKeyring, stopAllKeyrings } from '../helpers/keyring.js';

// How an HTTP server signs in, set from the CLI: a client registered by hand (its secret into the
// real keychain, never hub.db), a Client ID Metadata Document, a default scope.
afterAll(stopAllKeyrings);

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
    expect(filesContaining(dataDir, secret)).toEqual([]);

    const account = `hub/${hubIdOf(dataDir)}/server/docs/oauth/client-secret`;
    expect(keychainGet(keyring.env, account)).toBe(secret);

    // Removing the server removes the secret from the keychain.
    expect(runCli(['server', 'remove', 'docs'], { dataDir, env: keyring.env }).code).toBe(0);
    expect(keychainGet(keyring.env, account)).toBeNull();
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
