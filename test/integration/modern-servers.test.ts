import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  McpError,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerStatusView } from '../../shared/config.js';
import { exitOf, repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs } from '../helpers/hub.js';

/*
 * Servers of both eras behind the hub, real processes and real HTTP on 127.0.0.1: modern-only
 * (2026-07-28) servers written with the v2 SDK (test/fixtures/modern/), and server-everything (2025)
 * from npm. Their era is found once and remembered; their features reach a 2025 (v1 SDK) client.
 */

const node = process.execPath;
const fixture = (f: string) => path.join(repoRoot, 'test/fixtures/modern', f);
const everything = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');

const cli = (dataDir: string, args: string[]) => {
  const r = runCli(args, { dataDir });
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout;
};
const status = (dataDir: string) => JSON.parse(cli(dataDir, ['server', 'status', '--json'])) as ServerStatusView[];
const protocolOf = (dataDir: string, name: string) => status(dataDir).find((s) => s.name === name)?.protocol;
const text = (result: unknown) => ((result as { content: { type: string; text?: string }[] }).content[0]?.text ?? '');
const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
const count = (file: string, line: string) => lines(file).filter((l) => l === line).length;

function add(dataDir: string, args: string[]): void {
  cli(dataDir, ['server', 'add', ...args]);
  cli(dataDir, ['consent', 'allow', '--server', args[0]!]);
}

/** The modern HTTP fixture, started by the test (the hub only connects to it). */
async function startHttpFixture(events: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(node, [fixture('http-server.mjs')], { env: { ...process.env, MODERN_EVENTS: events }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /listening (\S+)/.exec(String(d));
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error('the HTTP fixture exited')));
  });
  return { url, child };
}

const fixtures: ChildProcess[] = [];
afterAll(async () => {
  for (const c of fixtures) {
    c.kill('SIGTERM');
    await exitOf(c);
  }
});

describe('the era of each server', () => {
  afterEach(stopAllHubs);

  it('is probed once (in place on the stdio process; in the HTTP connection) and remembered: the next start sends no probe', async () => {
    const dataDir = tempDataDir();
    const stdioEvents = path.join(dataDir, 'stdio-events');
    const httpEvents = path.join(dataDir, 'http-events');
    const web = await startHttpFixture(httpEvents);
    fixtures.push(web.child);
    add(dataDir, ['mstdio', '--env', `MODERN_EVENTS=${stdioEvents}`, '--', node, fixture('stdio-server.mjs')]);
    add(dataDir, ['mhttp', '--url', web.url]);
    add(dataDir, ['every', '--', node, everything, 'stdio']);

    for (const round of [1, 2]) {
      const hub = await startHub({ dataDir });
      const client = await hub.connect(hub.addClient(`client${round}`));
      await eventually(async () => {
        const names = (await client.listTools()).tools.map((t) => t.name);
        return names.includes('mstdio__echo') && names.includes('mhttp__echo') && names.includes('every__echo');
      }, 30_000, 'all three servers');
      expect(text(await client.callTool({ name: 'mstdio__echo', arguments: { text: 'hi' } }))).toBe('echo: hi (modern)');
      expect(text(await client.callTool({ name: 'mhttp__echo', arguments: { text: 'hi' } }))).toBe('echo: hi (modern)');
      expect(text(await client.callTool({ name: 'every__echo', arguments: { message: 'hi' } }))).toBe('Echo: hi');
      expect(count(stdioEvents, 'request server/discover'), `probes of the stdio server after start ${round}`).toBe(1);
      expect(count(httpEvents, 'request server/discover'), `probes of the HTTP server after start ${round}`).toBe(1);
      // One process per start of the hub: the probe never spawns one of its own.
      expect(lines(stdioEvents).filter((l) => l.startsWith('spawn ')), `processes after start ${round}`).toHaveLength(round);
      expect(protocolOf(dataDir, 'mstdio')).toBe('2026-07-28');
      expect(protocolOf(dataDir, 'mhttp')).toBe('2026-07-28');
      expect(protocolOf(dataDir, 'every')).toBe('2025-11-25');
      await hub.stop();
    }
    const table = cli(dataDir, ['server', 'list']);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+TRANSPORT\s+ENABLED\s+PROTOCOL\s+TARGET$/);
    expect(table).toMatch(/mstdio\s+stdio\s+yes\s+2026-07-28\s/);
    expect(table).toMatch(/every\s+stdio\s+yes\s+2025-11-25\s/);
  }, 120_000);

  it('is checked again when it changed: a server remembered as modern that is a 2025 server now', async () => {
    const dataDir = tempDataDir();
    const eraFile = path.join(dataDir, 'era');
    const events = path.join(dataDir, 'events');
    fs.writeFileSync(eraFile, 'modern');
    add(dataDir, ['sw', '--env', `ERA_FILE=${eraFile}`, '--env', `MODERN_EVENTS=${events}`, '--', node, fixture('era-switch.mjs')]);

    let hub = await startHub({ dataDir });
    let client = await hub.connect(hub.addClient('c1'));
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'sw__echo'), 30_000, 'the modern tools');
    expect(protocolOf(dataDir, 'sw')).toBe('2026-07-28');
    await hub.stop();

    fs.writeFileSync(eraFile, 'legacy');
    hub = await startHub({ dataDir });
    client = await hub.connect(hub.addClient('c2'));
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'sw__which'), 30_000, 'the legacy tool');
    expect(text(await client.callTool({ name: 'sw__which', arguments: {} }))).toBe('legacy server');
    expect(protocolOf(dataDir, 'sw')).toBe('2025-11-25');
    const s = status(dataDir).find((x) => x.name === 'sw')!;
    expect(s.state).toBe('running');
    expect(fs.readFileSync(path.join(dataDir, 'logs', 'sw.log'), 'utf8')).toMatch(/did not answer as a 2026-07-28 server .*checking its protocol again/);
    await hub.stop();
  }, 120_000);
});

/** One hub with one modern server, and a 2025 (v1 SDK) client that can answer what servers ask. */
async function hubWithModern(kind: 'stdio' | 'http') {
  const dataDir = tempDataDir();
  const events = path.join(dataDir, 'events');
  if (kind === 'stdio') add(dataDir, ['modern', '--env', `MODERN_EVENTS=${events}`, '--', node, fixture('stdio-server.mjs')]);
  else {
    const web = await startHttpFixture(events);
    fixtures.push(web.child);
    add(dataDir, ['modern', '--url', web.url]);
  }
  const hub = await startHub({ dataDir });
  const token = hub.addClient('legacy-client');
  const client = await hub.connect(token, { sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } });
  const asked: string[] = [];
  client.setRequestHandler(ElicitRequestSchema, async (r) => {
    asked.push(`elicitation: ${r.params.message}`);
    return r.params.message === 'Show the guarded text?' ? { action: 'accept', content: { ok: true } } : { action: 'accept', content: { name: 'Ada' } };
  });
  client.setRequestHandler(CreateMessageRequestSchema, async () => {
    asked.push('sampling');
    return { role: 'assistant', content: { type: 'text', text: '4' }, model: 'test-model' };
  });
  client.setRequestHandler(ListRootsRequestSchema, async () => {
    asked.push('roots');
    return { roots: [{ uri: 'file:///work/project', name: 'project' }] };
  });
  await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'modern__echo'), 30_000, 'the modern server');
  return { hub, client, events, dataDir, token, asked };
}

describe.each(['stdio', 'http'] as const)('a modern %s server behind the hub, for a 2025 client', (kind) => {
  let h: Awaited<ReturnType<typeof hubWithModern>>;
  beforeAll(async () => {
    h = await hubWithModern(kind);
  }, 60_000);
  afterAll(stopAllHubs);

  it('its input_required rounds become real requests to the client (elicitation, sampling, roots), whose answers complete the call', async () => {
    expect(text(await h.client.callTool({ name: 'modern__ask_name', arguments: {} }))).toBe('Hello, Ada! (state {"asked":"name"})');
    expect(text(await h.client.callTool({ name: 'modern__ask_model', arguments: { question: '2+2?' } }))).toBe('The model said: 4');
    expect(text(await h.client.callTool({ name: 'modern__list_roots', arguments: {} }))).toBe('Roots: file:///work/project');
    expect(text(await h.client.callTool({ name: 'modern__two_rounds', arguments: {} }))).toBe('first=Ada second=Ada');
    expect(h.asked).toEqual(['elicitation: What is your name?', 'sampling', 'roots', 'elicitation: First name?', 'elicitation: Second name?']);
  });

  it('on prompts/get and resources/read too', async () => {
    const prompt = await h.client.getPrompt({ name: 'modern__greeting' });
    expect(prompt.messages[0]?.content).toEqual({ type: 'text', text: 'Say hello to Ada.' });
    const read = await h.client.readResource({ uri: 'modern://guarded' });
    expect(read.contents[0]).toMatchObject({ uri: 'modern://guarded', text: 'the guarded text' });
  });

  it('a client without sampling gets the server’s refusal (-32021) as a clear error', async () => {
    const bare = await h.hub.connect(h.hub.addClient(`bare-${kind}`), { elicitation: {} });
    const e = await bare.callTool({ name: 'modern__ask_model', arguments: { question: 'hi' } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(McpError);
    expect(e).toMatchObject({ code: -32021 });
    expect((e as Error).message).toMatch(/sampling\/createMessage.*client capabilities do not declare the required capability/);
  });

  it('progress reaches the client under its own token', async () => {
    const seen: string[] = [];
    const result = await h.client.callTool({ name: 'modern__progress', arguments: { steps: 3 } }, undefined, { onprogress: (p) => seen.push(`${p.progress}/${p.total}`) });
    expect(text(result)).toBe('done after 3 steps');
    expect(seen.slice(-3)).toEqual(['1/3', '2/3', '3/3']);
  });

  it('a cancelled call is cancelled at the server (it sees its request aborted)', async () => {
    const ac = new AbortController();
    const pending = h.client.callTool({ name: 'modern__slow', arguments: {} }, undefined, { signal: ac.signal });
    await eventually(() => count(h.events, 'slow started') >= 1, 15_000, 'the slow call to start');
    ac.abort('the user cancelled');
    await expect(pending).rejects.toThrow();
    await eventually(() => count(h.events, 'slow cancelled') >= 1, 15_000, 'the server to see the cancellation');
  });

  it('log messages at or above the client’s level reach it', async () => {
    const logs: string[] = [];
    h.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(`${n.params.level}: ${String(n.params.data)}`));
    await h.client.setLoggingLevel('info');
    await h.client.callTool({ name: 'modern__log', arguments: { level: 'debug', message: 'too fine' } });
    await h.client.callTool({ name: 'modern__log', arguments: { level: 'warning', message: 'careful' } });
    await eventually(() => logs.includes('warning: careful'), 10_000, 'the warning');
    expect(logs).not.toContain('debug: too fine');
  });

  it('list changes reach the client, and the new tool is published', async () => {
    let changed = 0;
    h.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
    await h.client.callTool({ name: 'modern__add_tool', arguments: {} });
    await eventually(() => changed > 0, 15_000, 'tools/list_changed');
    await eventually(async () => (await h.client.listTools()).tools.some((t) => t.name === 'modern__added_tool'), 15_000, 'the added tool');
    expect(text(await h.client.callTool({ name: 'modern__added_tool', arguments: {} }))).toBe('the added tool');
  });

  it('resource updates reach a client subscribed to the resource', async () => {
    const updates: string[] = [];
    h.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updates.push(n.params.uri));
    await h.client.subscribeResource({ uri: 'modern://note' });
    await h.client.callTool({ name: 'modern__touch_note', arguments: { note: 'second note' } });
    await eventually(() => updates.includes('modern://note'), 15_000, 'the resource update');
    expect((await h.client.readResource({ uri: 'modern://note' })).contents[0]).toMatchObject({ text: 'second note' });
  });

  it('shows its protocol in server status', () => {
    expect(protocolOf(h.dataDir, 'modern')).toBe('2026-07-28');
    const table = cli(h.dataDir, ['server', 'status']);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+STATE\s+TOOLS\s+PROTOCOL\s+SIGN-IN\s+PROBLEM$/);
    expect(table).toMatch(/modern\s+running\s+\d+\s+2026-07-28/);
  });
});
