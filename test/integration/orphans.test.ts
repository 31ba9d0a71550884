import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { exitOf, repoRoot, runCli, startCli, tempDataDir } from '../helpers/cli.js';
import { eventually, READY } from '../helpers/hub.js';

/**
 * No server process outlives the hub, however the hub ends: the fixture server spawns a grandchild,
 * and both must be gone after a SIGKILL of the hub, after a normal SIGTERM stop, and when the server
 * is disabled while the hub runs.
 */

const fixture = path.join(repoRoot, 'test/fixtures/gateway/spawns-grandchild.mjs');

interface Pids {
  server: number;
  grandchild: number;
}

interface Hub {
  dataDir: string;
  child: ChildProcess;
}

const pidFiles: string[] = [];
const seenGone = new Set<number>();
const hubs: ChildProcess[] = [];
const clients: Client[] = [];

/**
 * `agent-hub serve` on the data folder. Not test/helpers/hub.ts's startHub: its stop() waits forever
 * for a hub that was already killed by a signal (it checks only exitCode), which these tests do.
 */
async function serve(dataDir: string): Promise<Hub & { url: string }> {
  const { child, match } = await startCli(['serve', '--port', '0', '--data-dir', dataDir], READY);
  hubs.push(child);
  return { dataDir, child, url: match[1]! };
}

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'orphans-test', version: '1.0.0' }, { capabilities: {} });
  clients.push(client);
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  for (const child of hubs.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exitOf(child).catch(() => {});
    }
  }
  // Whatever a failed test left behind. Pids already seen gone are skipped: pids are recycled quickly
  // (pid_max can be 32768), and a blind SIGKILL could hit another test's process.
  for (const file of pidFiles.splice(0)) {
    const pids = readPids(file);
    for (const pid of pids ? [pids.server, pids.grandchild] : []) {
      if (seenGone.has(pid)) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});

function readPids(file: string): Pids | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Pids;
  } catch {
    return undefined;
  }
}

/** True once the pid no longer exists: process.kill(pid, 0) throws ESRCH. */
function gone(pid: number): boolean {
  if (seenGone.has(pid)) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    const isGone = (e as NodeJS.ErrnoException).code === 'ESRCH';
    if (isGone) seenGone.add(pid);
    return isGone;
  }
}

function processState(pid: number): string {
  try {
    // Field 3 of /proc/PID/stat: R, S, Z (zombie: dead, not yet reaped) …
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[0]!;
  } catch {
    return 'gone';
  }
}

async function expectGone(pids: Pids, what: string): Promise<void> {
  await eventually(
    () => gone(pids.server) && gone(pids.grandchild),
    20_000,
    `${what}: server ${pids.server} (${processState(pids.server)}) and grandchild ${pids.grandchild} (${processState(pids.grandchild)}) to be gone`,
  ).catch((e: Error) => {
    throw new Error(`${e.message}; now: server ${processState(pids.server)}, grandchild ${processState(pids.grandchild)}`);
  });
}

/** A data folder with the fixture server "kids" added, its pids reported in pids.json. */
function dataDirWithKids(env: Record<string, string> = {}): { dataDir: string; pidsFile: string } {
  const dataDir = tempDataDir();
  const pidsFile = path.join(dataDir, 'pids.json');
  pidFiles.push(pidsFile);
  const envArgs = Object.entries({ PIDS_FILE: pidsFile, ...env }).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  const r = runCli(['server', 'add', 'kids', ...envArgs, '--', process.execPath, fixture], { dataDir });
  expect(r.code, r.stderr).toBe(0);
  return { dataDir, pidsFile };
}

/** Waits until the server is running (its tool is listed) and its grandchild has reported in. */
async function runningKids(client: Client, pidsFile: string, not?: Pids): Promise<Pids> {
  await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'kids__ping'), 20_000, 'kids__ping in tools/list');
  const pids = await eventually(() => {
    const p = readPids(pidsFile);
    return p && p.server !== not?.server ? p : undefined;
  }, 20_000, 'the fixture to write its pids');
  expect(gone(pids.server)).toBe(false);
  expect(gone(pids.grandchild)).toBe(false);
  // The pids are really the hub's server and its child.
  expect(fs.readFileSync(`/proc/${pids.server}/cmdline`, 'utf8')).toContain('spawns-grandchild.mjs');
  expect(Number(fs.readFileSync(`/proc/${pids.grandchild}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1])).toBe(pids.server);
  return pids;
}

async function startWithKids(env: Record<string, string> = {}): Promise<{ hub: Hub; client: Client; pids: Pids; pidsFile: string }> {
  const { dataDir, pidsFile } = dataDirWithKids(env);
  const added = runCli(['client', 'add', 'watcher', '--json'], { dataDir });
  expect(added.code, added.stderr).toBe(0);
  const hub = await serve(dataDir);
  const client = await connect(hub.url, (JSON.parse(added.stdout) as { token: string }).token);
  const pids = await runningKids(client, pidsFile);
  return { hub, client, pids, pidsFile };
}

describe.skipIf(process.platform === 'win32')('no server process outlives the hub', () => {
  it.each([
    ['a grandchild that stops on SIGTERM', {}],
    ['a grandchild that ignores SIGTERM', { GRANDCHILD_IGNORES_SIGTERM: '1' }],
  ])('SIGKILL of the hub: the server and %s are gone', async (_label, env) => {
    const { hub, pids } = await startWithKids(env);
    hub.child.kill('SIGKILL');
    await exitOf(hub.child);
    expect(hub.child.signalCode).toBe('SIGKILL');
    await expectGone(pids, 'after SIGKILL of the hub');
  });

  it.each([
    ['a grandchild that stops on SIGTERM', {}],
    ['a grandchild that ignores SIGTERM', { GRANDCHILD_IGNORES_SIGTERM: '1' }],
  ])('normal SIGTERM stop: the server and %s are gone', async (_label, env) => {
    const { hub, pids } = await startWithKids(env);
    hub.child.kill('SIGTERM');
    expect(await exitOf(hub.child)).toBe(0);
    await expectGone(pids, 'after SIGTERM of the hub');
  });

  it('disabling the server while the hub runs stops it and its grandchild; enabling starts it again', async () => {
    const { hub, client, pids, pidsFile } = await startWithKids({ GRANDCHILD_IGNORES_SIGTERM: '1' });

    const disable = runCli(['server', 'disable', 'kids'], { dataDir: hub.dataDir });
    expect(disable.code, disable.stderr).toBe(0);
    await expectGone(pids, 'after server disable');
    await eventually(async () => !(await client.listTools()).tools.some((t) => t.name === 'kids__ping'), 15_000, 'kids__ping to leave tools/list');
    expect(hub.child.exitCode).toBeNull();

    const enable = runCli(['server', 'enable', 'kids'], { dataDir: hub.dataDir });
    expect(enable.code, enable.stderr).toBe(0);
    const again = await runningKids(client, pidsFile, pids);
    expect(again.server).not.toBe(pids.server);

    // And the restarted one is reaped too when the hub is killed.
    hub.child.kill('SIGKILL');
    await exitOf(hub.child);
    await expectGone(again, 'after SIGKILL of the hub (restarted server)');
  });
});
