import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, exitOf, repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';

/**
 * The record of calls is the user's account of what agents did: it fails closed (a call whose record
 * cannot be written is not made), a lock on hub.db never freezes the hub, prompts are bounded, and one
 * data folder has one hub. Real hubs, real SQLite files, real locks held by a second connection, a
 * real full disk (a tmpfs: needs root, as on CI).
 */
afterEach(stopAllHubs);

const flaky = path.join(repoRoot, 'test/fixtures/gateway/flaky-server.mjs');
const text = (r: unknown) => (r as { content: { text?: string }[] }).content[0]?.text ?? '';

async function calcHub(dataDir = tempDataDir(), { rule = true } = {}): Promise<{ hub: RunningHub; client: Client; token: string }> {
  runCli(['server', 'add', 'calc', '--', process.execPath, flaky], { dataDir });
  if (rule) runCli(['consent', 'allow', '--server', 'calc'], { dataDir });
  const hub = await startHub({ dataDir });
  const token = hub.addClient('claude');
  const client = await hub.connect(token);
  await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'calc__add'), 30_000, 'calc');
  return { hub, client, token };
}

const rows = (dataDir: string, where = '1 = 1') => {
  const db = new Database(path.join(dataDir, 'hub.db'), { readonly: true });
  try {
    return db.prepare(`SELECT id, status, arguments, decision FROM tool_calls WHERE ${where} ORDER BY id`).all() as { id: number; status: string; arguments: string; decision: string | null }[];
  } finally {
    db.close();
  }
};

/** Another program (a sqlite3 shell, a backup tool) holding hub.db's write lock. */
function holdWriteLock(dataDir: string): () => void {
  const db = new Database(path.join(dataDir, 'hub.db'));
  db.exec('BEGIN IMMEDIATE');
  return () => {
    db.exec('ROLLBACK');
    db.close();
  };
}

describe('a lock on hub.db held by another program', () => {
  it('does not freeze the hub: lists answer while it is held, and a call made then runs and is recorded once it goes', async () => {
    const { hub, client } = await calcHub();
    const other = await hub.connect(hub.addClient('cursor'));
    const before = rows(hub.dataDir).length;
    const release = holdWriteLock(hub.dataDir);
    let released = false;
    try {
      const call = client.callTool({ name: 'calc__add', arguments: { a: 1, b: 2 } });
      // Another session is served while the lock is held (its list needs no write).
      expect((await other.listTools()).tools.length).toBeGreaterThan(0);
      expect(released).toBe(false);
      setTimeout(() => {
        released = true;
        release();
      }, 1_500);
      expect(text(await call)).toBe('3');
    } finally {
      if (!released) release();
    }
    await eventually(() => rows(hub.dataDir).length === before + 1 && rows(hub.dataDir).at(-1)!.status === 'ok', 10_000, 'the record');
  });

  it('refuses a call whose record cannot be written before the lock goes, with a sentence naming the file', async () => {
    const { hub, client } = await calcHub();
    const release = holdWriteLock(hub.dataDir);
    try {
      const result = await client.callTool({ name: 'calc__add', arguments: { a: 1, b: 2 } }, undefined, { timeout: 60_000 });
      expect(result.isError).toBe(true);
      expect(text(result)).toBe(
        `Agent Hub could not record this call, so it was not made: The database ${path.join(hub.dataDir, 'hub.db')} is locked by another program (a sqlite3 shell or a backup tool?); close it, then try again.`,
      );
    } finally {
      release();
    }
    // Afterwards the hub records and serves as before.
    expect(text(await client.callTool({ name: 'calc__add', arguments: { a: 2, b: 2 } }))).toBe('4');
  }, 40_000);

  it('keeps a hub from starting under the lock, with one sentence naming the file', async () => {
    const dataDir = tempDataDir();
    runCli(['server', 'list'], { dataDir });
    const release = holdWriteLock(dataDir);
    try {
      const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      await exitOf(child);
      expect(child.exitCode).toBe(1);
      expect(err.trim()).toBe(`agent-hub: The database ${path.join(dataDir, 'hub.db')} is locked by another program (a sqlite3 shell or a backup tool?); close it, then try again.`);
    } finally {
      release();
    }
  }, 20_000);
});

describe('what is recorded', () => {
  it('records a call whose arguments nest too deeply to serialise, with a placeholder', async () => {
    const { hub, client, token } = await calcHub();
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId!;
    let deep = '0';
    for (let i = 0; i < 20_000; i++) deep = `{"a":${deep}}`;
    const body = `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"calc__add","arguments":{"a":${deep},"b":1}}}`;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: hub.port,
          path: '/mcp',
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'mcp-session-id': sessionId, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(200);
    const row = await eventually(() => rows(hub.dataDir).find((r) => r.status !== 'running'), 15_000, 'the record');
    expect(JSON.parse(row.arguments)).toMatchObject({ unrecordable: true });
    // The hub is fine.
    expect(text(await client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } }))).toBe('2');
  });
});

describe('prompts are bounded', () => {
  it('keeps arguments capped in hub.db (whole only while pending, in memory) and at most 10 waiting per client', async () => {
    const { hub, client } = await calcHub(tempDataDir(), { rule: false });
    const big = 'x'.repeat(1024 * 1024);
    const calls = Array.from({ length: 12 }, (_, i) => client.callTool({ name: 'calc__add', arguments: { a: i, b: big } }, undefined, { timeout: 120_000 }));
    // The requests travel on separate connections, so any two of them may be the ones that find 10 waiting.
    const answered: string[] = [];
    for (const call of calls) void call.then((r) => answered.push(text(r)), () => undefined);
    await eventually(() => answered.length >= 2, 45_000, 'two calls refused');
    expect(answered).toEqual(Array(2).fill('Agent Hub already has 10 calls from claude waiting for the user; wait for those to be answered, then try again.'));
    const db = new Database(path.join(hub.dataDir, 'hub.db'), { readonly: true });
    const sizes = db.prepare(`SELECT length(details) FROM consent_prompts WHERE status = 'pending'`).pluck().all() as number[];
    db.close();
    expect(sizes).toHaveLength(10);
    expect(Math.max(...sizes)).toBeLessThan(16 * 1024);
    expect(runCli(['consent', 'pending', '--json'], { dataDir: hub.dataDir }).stdout.length).toBeLessThan(10 * 16 * 1024);
    for (const p of JSON.parse(runCli(['consent', 'pending', '--json'], { dataDir: hub.dataDir }).stdout) as { id: number }[]) {
      runCli(['consent', 'answer', String(p.id), 'deny'], { dataDir: hub.dataDir });
    }
    await Promise.all(calls);
  }, 90_000);
});

describe('one hub per data folder', () => {
  it('lets exactly one of two hubs started at the same moment run, and the other says which one does', async () => {
    for (let round = 0; round < 5; round++) {
      const dataDir = tempDataDir();
      runCli(['server', 'list'], { dataDir });
      const hubs = [0, 1].map(() => spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] }));
      const outputs = hubs.map((h) => {
        const out = { text: '' };
        h.stdout!.on('data', (d: Buffer) => (out.text += d.toString()));
        h.stderr!.on('data', (d: Buffer) => (out.text += d.toString()));
        return out;
      });
      const loser = await eventually(() => hubs.findIndex((h) => h.exitCode !== null) + 1, 15_000, 'one hub to give up');
      const winner = hubs[2 - loser]!;
      expect(hubs[loser - 1]!.exitCode).toBe(1);
      expect(outputs[loser - 1]!.text).toMatch(new RegExp(`agent-hub: Agent Hub is already running for ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      await eventually(() => /running headless/.test(outputs[2 - loser]!.text), 15_000, 'the other to run');
      winner.kill('SIGTERM');
      await exitOf(winner);
    }
  }, 90_000);
});

describe.runIf(process.getuid?.() === 0)('a full disk under a running hub', () => {
  let mountPoint = '';
  beforeAll(() => {
    mountPoint = tempDataDir('agent-hub-full-audit-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint]);
  });
  afterAll(() => {
    if (mountPoint) execFileSync('umount', ['-l', mountPoint]);
  });

  it('refuses calls it cannot record, loses nothing recorded, and serves lists', async () => {
    const dataDir = path.join(mountPoint, 'data');
    const { hub, client } = await calcHub(dataDir);
    expect(text(await client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } }))).toBe('2');
    await eventually(() => rows(dataDir).length === 1 && rows(dataDir)[0]!.status === 'ok');

    // Fill the disk.
    const fd = fs.openSync(path.join(mountPoint, 'filler'), 'w');
    try {
      for (;;) fs.writeSync(fd, Buffer.alloc(64 * 1024, 1));
    } catch {
      // full
    } finally {
      fs.closeSync(fd);
    }
    let ran = 0;
    let refused = 0;
    const pad = 'p'.repeat(7 * 1024);
    for (let i = 0; i < 200 && refused === 0; i++) {
      const r = await client.callTool({ name: 'calc__add', arguments: { a: i, b: 1, pad } as never });
      if (!r.isError) ran++;
      else if (text(r).startsWith('Agent Hub could not record this call, so it was not made: The disk holding')) refused++;
    }
    expect(refused).toBe(1);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);

    fs.rmSync(path.join(mountPoint, 'filler'));
    // Every call that ran has its record; the first one is intact.
    await eventually(() => rows(dataDir).length === 1 + ran, 15_000, 'the records of the calls that ran');
    expect(rows(dataDir)[0]).toMatchObject({ status: 'ok' });
    expect(text(await client.callTool({ name: 'calc__add', arguments: { a: 2, b: 2 } }))).toBe('4');
    await hub.stop();
  }, 90_000);
});
