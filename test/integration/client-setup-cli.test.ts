import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from '../helpers/cli.js';
import { startHub, stopAllHubs } from '../helpers/hub.js';

/** `agent-hub client setup` through the built CLI, with HOME pointed at a temp folder. */
const dirs: string[] = [];
const clients: Client[] = [];
afterEach(async () => {
  // Closing the SDK client ends the bridge process it spawned.
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await stopAllHubs();
});
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function fresh() {
  const dataDir = tempDataDir();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-home-'));
  dirs.push(dataDir, home);
  const env = { HOME: home, XDG_CONFIG_HOME: '' };
  const cli = (args: string[]) => runCli(args, { dataDir, env });
  return { dataDir, home, cli };
}

describe('agent-hub client setup', () => {
  it('prints the entry of each app, with no token, for an existing client only', () => {
    const { dataDir, home, cli } = fresh();
    const missing = cli(['client', 'setup', 'claude']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no client named "claude"; create it first with: agent-hub client add claude/);

    expect(cli(['client', 'add', 'claude']).code).toBe(0);
    const r = cli(['client', 'setup', 'claude', '--json']);
    expect(r.code).toBe(0);
    const setups = JSON.parse(r.stdout) as { app: string; configPath: string; snippet: string; connected: boolean }[];
    expect(setups.map((s) => [s.app, s.configPath, s.connected])).toEqual([
      ['claude', path.join(home, '.config', 'Claude', 'claude_desktop_config.json'), false],
      ['cursor', path.join(home, '.cursor', 'mcp.json'), false],
      ['vscode', path.join(home, '.config', 'Code', 'User', 'mcp.json'), false],
    ]);
    const entry = JSON.parse(setups[0]!.snippet).mcpServers['agent-hub'];
    expect(entry.args.slice(1)).toEqual(['connect', '--client', 'claude', '--data-dir', dataDir]);
    expect(r.stdout).not.toMatch(/ahc_/);

    const one = cli(['client', 'setup', 'claude', '--app', 'vscode']);
    expect(JSON.parse(one.stdout)).toEqual({ servers: { 'agent-hub': { type: 'stdio', ...entry } } });
    expect(one.stderr).toMatch(/^VS Code: add this to .*mcp\.json, or run with --app vscode --write:/);
  });

  it('--write adds the entry to one app file after a backup, keeping the other servers', () => {
    const { home, cli } = fresh();
    expect(cli(['client', 'add', 'cursor']).code).toBe(0);
    const file = path.join(home, '.cursor', 'mcp.json');
    const original = '{"mcpServers":{"memory":{"command":"npx"}}}';
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, original);

    const r = cli(['client', 'setup', 'cursor', '--app', 'cursor', '--write']);
    expect(r.code).toBe(0);
    const backup = /\(backup: (.+)\)\.$/m.exec(r.stdout)![1]!;
    expect(r.stdout).toContain(`Connected Cursor: wrote ${file}`);
    expect(fs.readFileSync(backup, 'utf8')).toBe(original);
    expect(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).mcpServers)).toEqual(['memory', 'agent-hub']);
    expect(JSON.parse(cli(['client', 'setup', 'cursor', '--app', 'cursor', '--json']).stdout)[0].connected).toBe(true);
  });

  it('says what is wrong with --app and with --write for every app', () => {
    const { cli } = fresh();
    const bad = cli(['client', 'setup', 'x', '--app', 'zed']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--app must be claude, cursor or vscode, not "zed"/)]);
    const all = cli(['client', 'setup', 'x', '--write']);
    expect([all.code, all.stderr]).toEqual([2, expect.stringMatching(/needs --app claude\|cursor\|vscode/)]);
  });

  it('prints an entry that an app can launch as is to reach the running hub', async () => {
    const hub = await startHub();
    hub.addClient('claude');
    const r = runCli(['client', 'setup', 'claude', '--app', 'claude', '--json'], { dataDir: hub.dataDir });
    const entry = JSON.parse(JSON.parse(r.stdout)[0].snippet).mcpServers['agent-hub'] as { command: string; args: string[] };

    // As Claude Desktop does: spawn the command, without our AGENT_HUB_DATA_DIR.
    const env = { ...(process.env as Record<string, string>), AGENT_HUB_DATA_DIR: '' };
    const client = new Client({ name: 'claude-desktop', version: '1.0.0' });
    clients.push(client);
    await client.connect(new StdioClientTransport({ command: entry.command, args: entry.args, env, stderr: 'pipe' }));
    expect((await client.listTools()).tools).toEqual([]);
  });
});
