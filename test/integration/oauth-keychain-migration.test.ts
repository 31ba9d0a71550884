import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs } from '../helpers/hub.js';
import { hubIdOf, keychainGet, startKeyring, stopAllKeyrings } from '../helpers/keyring.js';
import { completeAuthorization, MemoryOAuthProvider, signInWithSdk, startAuthServer, startProtectedServer, stopOAuthFixtures } from '../helpers/oauth-fixtures.js';

// A sign-in kept by an Agent Hub from before per-issuer keying (one registration per server in
// `…/oauth/client`, tokens without the issuer stamp) in the real keychain (gnome-keyring on a private
// bus): after the upgrade it keeps working without a new sign-in, and its first use moves it to the new
// shape, bound to the authorization server that issued it; the next `agent-hub login` reuses that
// registration instead of registering again.
afterEach(stopAllHubs);
afterAll(async () => {
  await stopOAuthFixtures();
  await stopAllKeyrings();
});

function keychainSet(env: NodeJS.ProcessEnv, account: string, value: string): void {
  const ops = path.join(repoRoot, 'test/fixtures/secrets/keychain-ops.mjs');
  const r = spawnSync(process.execPath, [ops, 'agent-hub', `set:${account}=${value}`], { env, encoding: 'utf8', timeout: 30_000 });
  const out = JSON.parse(r.stdout) as { error?: { message: string } };
  if (out.error) throw new Error(out.error.message);
}

/** The CLI without blocking this process (where the authorization server runs); `browse` plays the browser for a sign-in. */
function runAsync(args: string[], env: NodeJS.ProcessEnv, browse = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...env, AGENT_HUB_DATA_DIR: '' } });
    let stdout = '';
    let stderr = '';
    let browsed = !browse;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Open this address to sign in to \S+: (\S+)/.exec(stdout);
      if (m && !browsed) {
        browsed = true;
        completeAuthorization(m[1]!)
          .then((r) => fetch(r.url))
          .catch(reject);
      }
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.runIf(process.platform === 'linux')('keychain entries from before per-issuer keying', () => {
  it('keep working after the upgrade, move to the new shape on first use, and are reused by the next sign-in', async () => {
    const keyring = await startKeyring('unlocked');
    const env = keyring.env;
    const as = await startAuthServer();
    const ps = await startProtectedServer({ authServer: as });
    const dataDir = tempDataDir();
    expect(runCli(['server', 'add', 'docs', '--url', ps.url], { dataDir, env }).code).toBe(0);
    expect(runCli(['consent', 'allow', '--server', 'docs'], { dataDir, env }).code).toBe(0);

    // What the earlier hub kept: a registration (made for a loopback port) and tokens, neither stamped
    // with an issuer, and hub.db's note that docs signed in for this URL. The access token is inside
    // the refresh margin, so the hub's first request refreshes it.
    const old = new MemoryOAuthProvider({ redirectUrl: 'http://127.0.0.1:47123/callback' });
    const tokens = await signInWithSdk(old, ps.url);
    const { issuer: _ignored, ...registration } = old.client as Record<string, unknown>;
    const db = new Database(path.join(dataDir, 'hub.db'));
    db.prepare(`INSERT OR IGNORE INTO settings (key, value) VALUES ('hub-id', ?)`).run(JSON.stringify('pre-upgrade-hub'));
    db.prepare('INSERT INTO sign_ins (server, resource, signed_in_at) VALUES (?, ?, ?)').run('docs', ps.url, new Date().toISOString());
    db.close();
    const prefix = `hub/${hubIdOf(dataDir)}/server/docs/oauth`;
    keychainSet(env, `${prefix}/client`, JSON.stringify(registration));
    keychainSet(env, `${prefix}/tokens`, JSON.stringify({ access_token: tokens.access_token, token_type: 'Bearer', refresh_token: tokens.refresh_token, expires_at: Date.now() + 30_000 }));
    const registrations = as.registrations.length;

    // The upgraded hub calls the server without asking anyone to sign in.
    const hub = await startHub({ dataDir, env });
    const client = await hub.connect(hub.addClient('cursor'));
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'docs__whoami'), 20_000, 'docs to run');
    const who = await client.callTool({ name: 'docs__whoami', arguments: {} });
    expect(who.isError).toBeFalsy();
    expect(JSON.stringify(who.content)).toContain(registration.client_id as string);
    // The refresh used the old registration at the authorization server that issued it...
    expect(as.tokenRequests.filter((r) => r.grant_type === 'refresh_token').map((r) => r.client_id)).toEqual([registration.client_id]);
    // ...and both entries now say which server that is: moved on first use.
    expect(JSON.parse(keychainGet(env, `${prefix}/client`)!)).toEqual({ registrations: { [as.issuer]: { ...registration, issuer: as.issuer } }, latest: as.issuer });
    expect(JSON.parse(keychainGet(env, `${prefix}/tokens`)!)).toMatchObject({ issuer: as.issuer, refresh_token: expect.any(String) });
    await hub.stop();

    // A new sign-in (the grant was signed out) reuses the registration: nothing new at the server.
    expect((await runAsync(['logout', 'docs', '--data-dir', dataDir], env)).code).toBe(0);
    const signedIn = await runAsync(['login', 'docs', '--no-browser', '--data-dir', dataDir], env, true);
    expect(signedIn.stdout).toContain('Signed in to docs; the tokens are in the keychain.');
    expect(as.registrations).toHaveLength(registrations);
    expect(as.authorizationRequests.at(-1)).toMatchObject({ client_id: registration.client_id, redirect_uri: 'http://127.0.0.1:47123/callback' });
  });
});
