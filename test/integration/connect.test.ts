import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs } from '../helpers/hub.js';

/**
 * `agent-hub connect --client NAME`: the stdio bridge command-launching MCP clients run. The test is
 * such a client: the SDK's StdioClientTransport spawns the real built CLI and speaks MCP over its pipes.
 */

const everything = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');

interface Bridge {
  client: Client;
  transport: StdioClientTransport;
  stderr: () => string;
  /** Errors the SDK client reported (a non-MCP line on stdout would be one). */
  errors: Error[];
}

const bridges: Bridge[] = [];
/** Data folders whose background hub (started by connect) must be stopped after the test. */
const backgroundHubDirs = new Set<string>();

afterEach(async () => {
  for (const b of bridges.splice(0)) {
    // Closing the SDK client ends the bridge process (stdin closes; SIGTERM, then SIGKILL if needed).
    // No kill by pid afterwards: pids are recycled quickly and the number may belong to someone else.
    await b.client.close().catch(() => {});
  }
  for (const dir of backgroundHubDirs) await stopBackgroundHub(dir);
  backgroundHubDirs.clear();
  await stopAllHubs();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function hubJson(dataDir: string): { pid: number; port: number; url: string } | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, 'hub.json'), 'utf8')) as { pid: number; port: number; url: string };
  } catch {
    return undefined;
  }
}

/** SIGTERM the hub connect started (pid in hub.json), wait for its clean stop; SIGKILL if it does not stop. */
async function stopBackgroundHub(dataDir: string): Promise<void> {
  const info = hubJson(dataDir);
  if (!info || !alive(info.pid)) return;
  process.kill(info.pid, 'SIGTERM');
  // A clean stop removes hub.json (the pid itself may linger as a zombie until init reaps it).
  const stopped = await eventually(() => hubJson(dataDir) === undefined, 15_000, 'the background hub to stop').catch(() => false);
  if (!stopped && alive(info.pid)) process.kill(info.pid, 'SIGKILL');
}

/** Starts `agent-hub connect` as an MCP client would, and connects the SDK client over its stdio. */
async function bridge(dataDir: string, clientName: string, extraArgs: string[] = []): Promise<Bridge> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliPath, 'connect', '--client', clientName, '--data-dir', dataDir, ...extraArgs],
    env: { ...(process.env as Record<string, string>), AGENT_HUB_DATA_DIR: '' },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'connect-test', version: '1.0.0' }, { capabilities: {} });
  const errors: Error[] = [];
  client.onerror = (e) => errors.push(e);
  const b: Bridge = { client, transport, stderr: () => stderr, errors };
  bridges.push(b);
  await client.connect(transport);
  return b;
}

/** Rows of tokens minted by connect processes, read with a read-only connection to hub.db. */
function connectTokenRows(dataDir: string): { client: string; pid: number }[] {
  const db = new Database(path.join(dataDir, 'hub.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT client, pid FROM client_tokens WHERE kind = 'connect'`).all() as { client: string; pid: number }[];
  } finally {
    db.close();
  }
}

function addEverything(dataDir: string): void {
  const r = runCli(['server', 'add', 'everything', '--', process.execPath, everything, 'stdio'], { dataDir });
  expect(runCli(['consent', 'allow', '--server', 'everything'], { dataDir }).code).toBe(0);
  expect(r.code, r.stderr).toBe(0);
}

function addClient(dataDir: string, name: string): void {
  const r = runCli(['client', 'add', name], { dataDir });
  expect(r.code, r.stderr).toBe(0);
}

async function echoThrough(client: Client): Promise<void> {
  await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'everything__echo'), 20_000, 'everything__echo in tools/list');
  const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'hello through connect' } });
  expect(result.isError).toBeFalsy();
  expect(result.content).toEqual([{ type: 'text', text: 'Echo: hello through connect' }]);
}

describe('agent-hub connect', () => {
  it('bridges MCP over stdio to the running hub: list tools, call a tool; stdout is only MCP, notes go to stderr', async () => {
    const dataDir = tempDataDir();
    addEverything(dataDir);
    addClient(dataDir, 'desktop');
    const hub = await startHub({ dataDir });

    const b = await bridge(dataDir, 'desktop');
    expect(b.client.getServerVersion()?.name).toBe('agent-hub');
    await echoThrough(b.client);

    // Every byte on stdout parsed as MCP, or the SDK client would have reported an error.
    expect(b.errors).toEqual([]);
    expect(b.stderr()).toContain(`agent-hub connect: client "desktop" connected to ${hub.url}/mcp`);
    // It used the running hub rather than starting another.
    expect(b.stderr()).not.toContain('starting it');
    expect(hubJson(dataDir)?.pid).toBe(hub.child.pid);

    // While it runs, its minted token is in the table, owned by its pid.
    expect(connectTokenRows(dataDir)).toEqual([{ client: 'desktop', pid: b.transport.pid }]);

    // The client closes stdin: connect ends and takes its token with it.
    const pid = b.transport.pid!;
    await b.client.close();
    await eventually(() => !alive(pid), 15_000, 'connect to exit');
    expect(connectTokenRows(dataDir)).toEqual([]);
  });

  it('starts a hub in the background when none is running, and that hub keeps serving', async () => {
    const dataDir = tempDataDir();
    addEverything(dataDir);
    addClient(dataDir, 'desktop');
    backgroundHubDirs.add(dataDir);
    expect(hubJson(dataDir)).toBeUndefined();

    const b = await bridge(dataDir, 'desktop', ['--port', '0']);
    const info = await eventually(() => hubJson(dataDir), 15_000, 'hub.json in the data folder');
    expect(alive(info.pid)).toBe(true);
    expect(info.pid).not.toBe(b.transport.pid);
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${info.url}/health`);
    expect(health.status).toBe(200);

    await echoThrough(b.client);
    expect(b.errors).toEqual([]);
    expect(b.stderr()).toContain('the hub was not running; starting it');
    expect(b.stderr()).toContain(`agent-hub connect: client "desktop" connected to ${info.url}/mcp`);

    const pid = b.transport.pid!;
    await b.client.close();
    await eventually(() => !alive(pid), 15_000, 'connect to exit');
    expect(connectTokenRows(dataDir)).toEqual([]);
    // The background hub outlives the bridge that started it.
    expect(alive(info.pid)).toBe(true);
    expect(hubJson(dataDir)?.pid).toBe(info.pid);
  });

  it('removes its token when stopped with SIGTERM', async () => {
    const dataDir = tempDataDir();
    addClient(dataDir, 'editor');
    await startHub({ dataDir });
    const b = await bridge(dataDir, 'editor');
    await b.client.listTools();
    expect(connectTokenRows(dataDir)).toHaveLength(1);

    const pid = b.transport.pid!;
    process.kill(pid, 'SIGTERM');
    await eventually(() => !alive(pid), 15_000, 'connect to exit');
    expect(connectTokenRows(dataDir)).toEqual([]);
  });

  it('says why the hub it tried to start did not start (a port in use), on stderr, in one line', async () => {
    const dataDir = tempDataDir();
    addClient(dataDir, 'desktop');
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await runCliAsync(['connect', '--client', 'desktop', '--port', String(port)], dataDir);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`agent-hub: The hub did not start: Port ${port} on 127.0.0.1 is in use`);
      expect(r.stderr).toContain(`(log: ${path.join(dataDir, 'logs', 'hub.log')})`);
      expect(connectTokenRows(dataDir)).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('refuses an unknown client with exit code 1 and one line, and starts nothing', () => {
    const dataDir = tempDataDir();
    addClient(dataDir, 'known');
    const r = runCli(['connect', '--client', 'ghost', '--port', '0'], { dataDir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^agent-hub: There is no client named "ghost"/);
    expect(hubJson(dataDir)).toBeUndefined();
    expect(connectTokenRows(dataDir)).toEqual([]);
  });
});

/** The CLI without blocking this process (the port blocker lives here). */
function runCliAsync(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AGENT_HUB_DATA_DIR: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
