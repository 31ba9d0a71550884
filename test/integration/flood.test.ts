import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerStatusView } from '../../shared/config.js';
import { repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs } from '../helpers/hub.js';

/**
 * One server's output must never stall the hub or eat its memory: a 16 MiB result, 40 MiB without a
 * newline, a stderr flood. A real hub, a real stdio server, real SDK clients.
 */
afterEach(stopAllHubs);

const loud = path.join(repoRoot, 'test/fixtures/flood/loud-server.mjs');
const text = (r: unknown) => (r as { content: { text?: string }[] }).content[0]?.text ?? '';

async function setup() {
  const dataDir = tempDataDir();
  runCli(['server', 'add', 'loud', '--', process.execPath, loud], { dataDir });
  runCli(['server', 'add', 'calm', '--', process.execPath, loud], { dataDir });
  runCli(['consent', 'allow', '--server', 'loud'], { dataDir });
  runCli(['consent', 'allow', '--server', 'calm'], { dataDir });
  const hub = await startHub({ dataDir });
  const a = await hub.connect(hub.addClient('a'));
  const b = await hub.connect(hub.addClient('b'));
  await eventually(async () => (await a.listTools()).tools.length === 8, 30_000, 'both servers');
  return { hub, a, b };
}

describe('a server that floods', () => {
  it('passes a 16 MiB result through whole', async () => {
    const { a, b } = await setup();
    const big = a.callTool({ name: 'loud__big', arguments: { mib: 16 } });
    // Another client is served meanwhile.
    expect(text(await b.callTool({ name: 'calm__ping', arguments: {} }))).toBe('pong');
    expect(text(await big)).toHaveLength(16 * 1024 * 1024);
  }, 60_000);

  it('is stopped, with the reason, when it writes more than 32 MiB without a newline; other servers go on', async () => {
    const { hub, a, b } = await setup();
    const result = await a.callTool({ name: 'loud__unended', arguments: { mib: 40 } });
    expect(result.isError).toBe(true);
    expect(text(await b.callTool({ name: 'calm__ping', arguments: {} }))).toBe('pong');
    const status = await eventually(() => {
      const all = JSON.parse(runCli(['server', 'status', '--json'], { dataDir: hub.dataDir }).stdout) as ServerStatusView[];
      return all.find((s) => s.name === 'loud' && s.lastError?.includes('larger than 32 MiB'));
    }, 15_000, 'the reason in status');
    expect(status.lastError).toBe('it wrote a message larger than 32 MiB on stdout (the most Agent Hub accepts from a server), so it was stopped');
    // It restarts like a crashed server and serves again.
    await eventually(async () => text(await a.callTool({ name: 'loud__ping', arguments: {} })) === 'pong', 30_000, 'loud to come back');
  }, 60_000);

  it('keeps a stderr flood out of the way: the log is written in batches, capped per second', async () => {
    const { hub, a, b } = await setup();
    const shout = a.callTool({ name: 'loud__shout', arguments: { mib: 40 } });
    expect(text(await b.callTool({ name: 'calm__ping', arguments: {} }))).toBe('pong');
    expect(text(await shout)).toBe('done');
    const log = path.join(hub.dataDir, 'logs', 'loud.log');
    const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
    await eventually(() => `${read(`${log}.1`)}${read(log)}`.includes('lines dropped: the server wrote more than 1 MB/s'), 15_000, 'the rate limit to show');
    // 40 MiB were written, and the log kept about a second's worth (it rotates at 1 MB).
    expect(fs.statSync(fs.existsSync(log) ? log : `${log}.1`).size).toBeLessThan(3 * 1024 * 1024);
  }, 60_000);
});
