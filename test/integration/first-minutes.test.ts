import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerStatusView } from '../../shared/config.js';
import { cliPath, repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';

/**
 * What a new user meets in the first minutes: the first tool list is complete, and every failure says
 * why in one sentence. Real servers from npm, a real hub, real SDK clients.
 */
afterEach(stopAllHubs);

const pkg = (p: string) => path.join(repoRoot, 'node_modules', p);
const picky = path.join(repoRoot, 'test/fixtures/errors/picky-server.mjs');
const node = process.execPath;

function cli(dataDir: string, args: string[]): string {
  const r = runCli(args, { dataDir });
  if (r.code !== 0) throw new Error(`agent-hub ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const status = (hub: RunningHub) => JSON.parse(cli(hub.dataDir, ['server', 'status', '--json'])) as ServerStatusView[];
const statusOf = (hub: RunningHub, name: string) => status(hub).find((s) => s.name === name)!;
const text = (r: unknown) => (r as { content: { text?: string }[] }).content[0]?.text ?? '';

/** Three real servers from npm, never started before (no saved catalog), and one that fails at start. */
function threeServers(dataDir: string): void {
  const files = fs.mkdtempSync(path.join(dataDir, 'files-'));
  cli(dataDir, ['server', 'add', 'every', '--', node, pkg('@modelcontextprotocol/server-everything/dist/index.js'), 'stdio']);
  cli(dataDir, ['server', 'add', 'mem', '--', node, pkg('@modelcontextprotocol/server-memory/dist/index.js')]);
  cli(dataDir, ['server', 'add', 'fs', '--', node, pkg('@modelcontextprotocol/server-filesystem/dist/index.js'), files]);
  fs.writeFileSync(path.join(dataDir, 'fail'), '');
  cli(dataDir, ['server', 'add', 'picky', `--env=PICKY_FAIL_FILE=${path.join(dataDir, 'fail')}`, '--', node, picky]);
}

const servers = (tools: { name: string }[]) => [...new Set(tools.map((t) => t.name.split('__')[0]))].sort();

describe('the first tool list', () => {
  it('holds every tool of every healthy server on the very first start, for a client that lists once (HTTP)', async () => {
    const dataDir = tempDataDir();
    threeServers(dataDir);
    const hub = await startHub({ dataDir });
    const client = await hub.connect(hub.addClient('script'));
    const { tools } = await client.listTools();
    expect(servers(tools)).toEqual(['every', 'fs', 'mem']);
    expect(tools.length).toBeGreaterThan(20);
    expect((await client.listPrompts()).prompts.some((p) => p.name.startsWith('every__'))).toBe(true);
  }, 60_000);

  it('holds every tool on the first start through agent-hub connect (the Claude Desktop path)', async () => {
    const dataDir = tempDataDir();
    threeServers(dataDir);
    cli(dataDir, ['client', 'add', 'desktop']);
    const hub = await startHub({ dataDir });
    void hub;
    const client = new Client({ name: 'desktop', version: '1' });
    await client.connect(new StdioClientTransport({ command: node, args: [cliPath, 'connect', '--client', 'desktop', '--data-dir', dataDir], stderr: 'pipe' }));
    try {
      expect(servers((await client.listTools()).tools)).toEqual(['every', 'fs', 'mem']);
    } finally {
      await client.close();
    }
  }, 60_000);
});

describe('errors that say why', () => {
  it('a server that exits at start shows what it said, and where its log is: in status and in the tool error', async () => {
    const dataDir = tempDataDir();
    const fail = path.join(dataDir, 'fail');
    cli(dataDir, ['server', 'add', 'picky', `--env=PICKY_FAIL_FILE=${fail}`, '--', node, picky]);
    cli(dataDir, ['consent', 'allow', '--server', 'picky', '--force']);
    const first = await startHub({ dataDir });
    const token = first.addClient('claude');
    expect(text(await (await first.connect(token)).callTool({ name: 'picky__ping', arguments: {} }))).toBe('pong');
    await first.stop();

    // Now it refuses to start: the saved catalog still lists `ping`, and a call says why it failed.
    fs.writeFileSync(fail, '');
    const hub = await startHub({ dataDir });
    const client = await hub.connect(token);
    const log = path.join(dataDir, 'logs', 'picky.log');
    const reason = `the process exited (code 1): picky: starting · Error: GITHUB_TOKEN environment variable is required (its log: ${log})`;
    await eventually(() => statusOf(hub, 'picky').lastError === reason, 15_000, 'the reason in server status');
    const human = cli(dataDir, ['server', 'status']);
    expect(human).toContain('GITHUB_TOKEN environment variable is required');
    const result = await client.callTool({ name: 'picky__ping', arguments: {} });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('GITHUB_TOKEN environment variable is required');
    expect(text(result)).toContain(log);
  }, 60_000);

  it('a command that does not exist is crashed at once, with the hint, not after minutes of backoff', async () => {
    const dataDir = tempDataDir();
    cli(dataDir, ['server', 'add', 'typo', '--', 'npxx', '-y', 'some-server']);
    const hub = await startHub({ dataDir });
    await eventually(() => statusOf(hub, 'typo').state === 'crashed', 10_000, 'crashed');
    expect(statusOf(hub, 'typo').lastError).toBe('the command "npxx" was not found (check the command and PATH)');
    const log = await eventually(() => {
      const text = fs.readFileSync(path.join(dataDir, 'logs', 'typo.log'), 'utf8');
      return text.includes('crashed') && text;
    });
    expect(log.match(/starting \(attempt/g)).toHaveLength(1);
  });

  it('an HTTP server names the cause: nothing listening, or a host name that does not exist', async () => {
    const dataDir = tempDataDir();
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    await new Promise((r) => blocker.close(r));
    cli(dataDir, ['server', 'add', 'down', '--url', `http://127.0.0.1:${port}/mcp`]);
    cli(dataDir, ['server', 'add', 'nowhere', '--url', 'http://mcp.does-not-exist.invalid/mcp']);
    const hub = await startHub({ dataDir });
    await eventually(() => statusOf(hub, 'down').lastError && statusOf(hub, 'nowhere').lastError, 15_000, 'both to fail');
    expect(statusOf(hub, 'down').lastError).toBe(`nothing is listening at http://127.0.0.1:${port}/mcp (connection refused); is the server running?`);
    expect(statusOf(hub, 'nowhere').lastError).toBe('the host name mcp.does-not-exist.invalid was not found (DNS); check the URL');
  });
});

describe('mistakes in a command', () => {
  it('a server command without "--" before it gets the hint', () => {
    const dataDir = tempDataDir();
    const dashed = runCli(['server', 'add', 'fs', 'npx', '-y', '@modelcontextprotocol/server-filesystem'], { dataDir });
    expect(dashed.code).toBe(2);
    expect(dashed.stderr.split('\n')[0]).toBe(
      'agent-hub: "server add" has no option -y; if it belongs to the server\'s own command, put that command after a bare "--": agent-hub server add NAME [options] -- COMMAND [ARGS…].',
    );
    const plain = runCli(['server', 'add', 'fs', 'my-server'], { dataDir });
    expect(plain.stderr.split('\n')[0]).toMatch(/got an unexpected argument "my-server"; if it belongs to the server's own command, put that command after a bare "--"/);
  });

  it('a value a setting cannot take is a usage error (exit 2), and nothing changes', () => {
    const dataDir = tempDataDir();
    const r = runCli(['settings', 'set', 'port', 'abc'], { dataDir });
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, 'agent-hub: Setting port cannot be "abc": Invalid input: expected number, received string.']);
    expect(JSON.parse(runCli(['settings', '--json'], { dataDir }).stdout).port).toBe(47470);
  });
});
