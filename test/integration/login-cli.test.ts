import { spawn } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cliPath, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs } from '../helpers/hub.js';
import { filesContaining, hubIdOf, keychainGet, startKeyring, stopAllKeyrings } from '../helpers/keyring.js';
import { followToRedirect, startAuthServer, startProtectedServer, stopOAuthFixtures } from '../helpers/oauth-fixtures.js';
import { startA2AAgent, stopA2AAgents } from '../helpers/a2a-agents.js';

// `agent-hub login` and `logout` end to end: the real CLI and a real hub (child processes), the real
// keychain (gnome-keyring on a private bus), a real authorization server and protected MCP server.
// The browser is this test: it reads the address the CLI prints and follows it.
afterEach(stopAllHubs);
afterAll(async () => {
  await stopA2AAgents();
  await stopOAuthFixtures();
  await stopAllKeyrings();
});

/** Runs `agent-hub login NAME --no-browser`, plays the browser for the address it prints, resolves its result. */
function login(dataDir: string, env: NodeJS.ProcessEnv, name: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'login', name, '--no-browser', '--data-dir', dataDir], { env: { ...env, AGENT_HUB_DATA_DIR: '' } });
    let stdout = '';
    let stderr = '';
    let browsed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Open this address to sign in to \S+: (\S+)/.exec(stdout);
      if (m && !browsed) {
        browsed = true;
        followToRedirect(m[1]!)
          .then((landing) => fetch(landing))
          .catch(reject);
      }
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function runAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...env, AGENT_HUB_DATA_DIR: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('agent-hub login / logout', () => {
  it('signs in from the CLI into the keychain, and a running hub uses the tokens at once', async () => {
    const keyring = await startKeyring('unlocked');
    const as = await startAuthServer();
    const ps = await startProtectedServer({ authServer: as });
    const dataDir = tempDataDir();
    const env = keyring.env;
    expect(runCli(['server', 'add', 'docs', '--url', ps.url], { dataDir, env }).code).toBe(0);
    expect(runCli(['consent', 'allow', '--server', 'docs'], { dataDir, env }).code).toBe(0);
    const hub = await startHub({ dataDir, env });
    const client = await hub.connect(hub.addClient('cursor'));
    // The CLI shows what the UI shows: the server waits for a sign-in.
    const status = async () => JSON.parse((await runAsync(['server', 'status', '--json', '--data-dir', dataDir], env)).stdout) as { name: string; state: string; signIn?: string }[];
    await eventually(async () => (await status())[0]?.state === 'sign-in-needed', 20_000);
    expect((await status())[0]).toMatchObject({ name: 'docs', state: 'sign-in-needed', signIn: 'needed', lastError: 'sign-in needed' });
    const table = await runAsync(['server', 'status', '--data-dir', dataDir], env);
    expect(table.stdout).toMatch(/docs\s+sign-in-needed\s+0\s+needed\s+sign-in needed/);

    const signedIn = await login(dataDir, env, 'docs');
    expect(signedIn.stderr).toContain('Waiting for the browser');
    expect(signedIn.code).toBe(0);
    expect(signedIn.stdout).toContain('Signed in to docs; the tokens are in the keychain.');

    // The tokens are in the keychain under this hub's keys, and nowhere in the data folder.
    const account = `hub/${hubIdOf(dataDir)}/server/docs/oauth/tokens`;
    const tokens = JSON.parse(keychainGet(env, account)!) as { access_token: string };
    expect(tokens.access_token).toBeTruthy();
    expect(filesContaining(dataDir, tokens.access_token)).toEqual([]);

    // The hub notices (hub.db changed), connects with them, and the tool works through its endpoint.
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'docs__whoami'), 20_000);
    const who = await client.callTool({ name: 'docs__whoami', arguments: {} });
    expect(who.isError).toBeFalsy();
    expect(JSON.stringify(who.content)).toContain('dev-user');
    expect((await status())[0]).toMatchObject({ state: 'running', signIn: 'signed-in' });

    // Not runCli: spawnSync would block this process, where the authorization server runs.
    const out = await runAsync(['logout', 'docs', '--data-dir', dataDir], env);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Signed out of docs: the server revoked the tokens and the keychain no longer has them.');
    expect(keychainGet(env, account)).toBeNull();
    await hub.stop();
  });

  it('signs in to an agent whose card asks for OAuth 2, into the keychain; a running hub calls it at once; logout and remove clear it', async () => {
    const keyring = await startKeyring('unlocked');
    const as = await startAuthServer({ scopes: ['agent:read'] });
    const agent = await startA2AAgent('echo', { securitySchemes: { sso: { type: 'oauth2', issuer: as.issuer, scopes: ['agent:read'] } } });
    as.addResource(`${agent.url}/`, 'agent:read');
    const dataDir = tempDataDir();
    const env = keyring.env;
    const added = await runAsync(['agent', 'add', 'planner', '--url', agent.url, '--data-dir', dataDir], env);
    expect(added.stderr.trim()).toBe('The card asks for a sign-in with OAuth 2; sign in with: agent-hub login planner');
    expect(runCli(['consent', 'allow', '--server', 'planner'], { dataDir, env }).code).toBe(0);
    const listed = await runAsync(['agent', 'list', '--data-dir', dataDir], env);
    expect(listed.stdout).toMatch(/planner .* needed\n/);
    expect(listed.stderr).toContain('Agent "planner" needs you to sign in: agent-hub login planner');
    const hub = await startHub({ dataDir, env });
    const client = await hub.connect(hub.addClient('cursor'));
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'planner__send_message'), 20_000);
    const send = () => client.callTool({ name: 'planner__send_message', arguments: { text: 'plan' } });
    expect(JSON.stringify((await send()).content)).toContain('needs a sign-in with OAuth 2');

    const signedIn = await login(dataDir, env, 'planner');
    expect(signedIn.code).toBe(0);
    expect(signedIn.stdout).toContain('Signed in to planner; the tokens are in the keychain.');
    const account = `hub/${hubIdOf(dataDir)}/agent/planner/oauth/tokens`;
    const tokens = JSON.parse(keychainGet(env, account)!) as { access_token: string };
    expect(filesContaining(dataDir, tokens.access_token)).toEqual([]);
    // The running hub reads the new sign-in from the keychain (hub.db changed) and calls with it.
    const done = await eventually(async () => {
      const r = await send();
      return r.isError ? undefined : r;
    }, 20_000, 'a call that goes through');
    expect(JSON.stringify(done.content)).toContain('completed');
    expect(agent.tokens[0]).toMatchObject({ sub: 'dev-user', aud: `${agent.url}/` });
    expect((await runAsync(['agent', 'list', '--json', '--data-dir', dataDir], env)).stdout).toContain('"signIn": "signed-in"');

    const out = await runAsync(['logout', 'planner', '--data-dir', dataDir], env);
    expect(out.code).toBe(0);
    expect(keychainGet(env, account)).toBeNull();
    await eventually(async () => JSON.stringify((await send()).content).includes('needs a sign-in'), 20_000, 'the hub to see the sign-out');
    await hub.stop();
    expect((await runAsync(['agent', 'remove', 'planner', '--data-dir', dataDir], env)).code).toBe(0);
    expect(keychainGet(env, `hub/${hubIdOf(dataDir)}/agent/planner/oauth/client`)).toBeNull();
  });

  it('explains what is wrong: not an OAuth server, an unknown server', async () => {
    const dataDir = tempDataDir();
    runCli(['server', 'add', 'local', '--', process.execPath, '-e', '0'], { dataDir });
    const stdio = runCli(['login', 'local'], { dataDir });
    expect(stdio.code).toBe(1);
    expect(stdio.stderr).toBe('agent-hub: Server "local" does not use sign-in (only HTTP servers without an Authorization header do).\n');
    const unknown = runCli(['login', 'nope'], { dataDir });
    expect(unknown.stderr).toContain('There is no server named "nope"');
    const status = runCli(['server', 'status'], { dataDir });
    expect(status.code).toBe(1);
    expect(status.stderr).toBe(`agent-hub: No hub is running for ${dataDir}; start one with "agent-hub serve" (or npm start).\n`);
  });
});
