import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';

/**
 * The Workbench as an attacker sees it, against `agent-hub serve` (a real process, real HTTP, real
 * hub.db, server-everything over stdio). Its API is the UI's: same-origin, cookie-authenticated, never
 * a client token; what it calls is only what is published, always through consent; a client cannot
 * take the UI's name, and a rule made for the UI covers no app.
 */
afterEach(stopAllHubs);

const everything = path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');

async function signedIn(hub: RunningHub): Promise<(method: string, args: unknown[], headers?: Record<string, string | null>) => Promise<Response>> {
  for (let i = 0; i < 100 && !/#code=/.test(hub.output()); i++) await new Promise((r) => setTimeout(r, 20));
  const code = /#code=(\S+)/.exec(hub.output())![1]!;
  const res = await fetch(`${hub.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hub.url }, body: JSON.stringify({ code }) });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return (method, args, headers = {}) => {
    const all: Record<string, string | null> = { 'content-type': 'application/json', origin: hub.url, cookie, ...headers };
    return fetch(`${hub.url}/api/hub/${method}`, {
      method: 'POST',
      headers: Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== null)),
      body: JSON.stringify(args),
    });
  };
}

async function everythingHub(): Promise<RunningHub> {
  const dir = (await import('../helpers/cli.js')).tempDataDir();
  runCli(['server', 'add', 'every', '--deny-tool', 'get-env', '--', process.execPath, everything, 'stdio'], { dataDir: dir });
  return startHub({ dataDir: dir });
}

describe('the Workbench API, attacked', () => {
  it('answers only the signed-in page of the hub itself: no cookie, a client token, another origin or a form post get nothing', async () => {
    const hub = await everythingHub();
    const token = hub.addClient('cursor');
    const call = await signedIn(hub);
    const run = [{ kind: 'tool', name: 'every__echo', arguments: { message: 'x' } }];
    expect((await call('startWorkbenchRun', run, { cookie: null })).status).toBe(403);
    expect((await call('startWorkbenchRun', run, { cookie: null, authorization: `Bearer ${token}` })).status).toBe(403);
    expect((await call('startWorkbenchRun', run, { origin: 'https://evil.example.com' })).status).toBe(403);
    expect((await call('startWorkbenchRun', run, { origin: null })).status).toBe(403);
    expect((await call('startWorkbenchRun', run, { 'content-type': 'text/plain' })).status).toBe(415);
    // Nothing was started by any of them.
    expect(await (await call('listWorkbenchRuns', [])).json()).toEqual({ result: [] });
    // A request it does not know the shape of is refused before anything runs.
    for (const bad of [[{ kind: 'exec', command: 'ls' }], [{ kind: 'tool', name: 'every__echo', arguments: {}, client: 'cursor' }], [{ kind: 'tool', name: '' }]]) {
      const res = await call('startWorkbenchRun', bad);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_argument');
    }
  });

  it('cannot call a hidden tool, and every call waits for consent as agent-hub-ui', async () => {
    const hub = await everythingHub();
    const call = await signedIn(hub);
    await eventually(async () => ((await (await call('listPublishedTools', [])).json()) as { result: { name: string }[] }).result.some((t) => t.name === 'every__echo'), 30_000, 'the tools');
    const tools = ((await (await call('listPublishedTools', [])).json()) as { result: { name: string }[] }).result.map((t) => t.name);
    expect(tools).not.toContain('every__get-env');
    const start = async (name: string) => ((await (await call('startWorkbenchRun', [{ kind: 'tool', name, arguments: {} }])).json()) as { result: { id: number } }).result.id;
    const read = async (id: number) => ((await (await call('getWorkbenchRun', [id])).json()) as { result: { status: string; rpcResponse: unknown; callId: number | null } }).result;
    const hidden = await start('every__get-env');
    const answer = await eventually(async () => {
      const r = await read(hidden);
      return r.status !== 'running' && r;
    });
    expect(answer.rpcResponse).toMatchObject({ error: { message: 'Tool every__get-env not found' } });

    // A published tool: the call waits for a prompt naming the UI; denying it ends the call.
    const echo = await call('startWorkbenchRun', [{ kind: 'tool', name: 'every__echo', arguments: { message: 'hi' } }]);
    const id = ((await echo.json()) as { result: { id: number } }).result.id;
    const prompts = await eventually(async () => {
      const p = ((await (await call('listPendingPrompts', [])).json()) as { result: { id: number; client: string }[] }).result;
      return p.length === 1 && p;
    });
    expect(prompts[0]!.client).toBe('agent-hub-ui');
    expect((await read(id)).status).toBe('running');
    await call('answerPrompt', [prompts[0]!.id, 'deny', 'once']);
    const denied = await eventually(async () => {
      const r = await read(id);
      return r.status !== 'running' && r;
    });
    expect(denied.rpcResponse).toMatchObject({ result: { isError: true, content: [{ text: 'The user denied this call in Agent Hub.' }] } });
  });

  it('keeps the name agent-hub-ui for the UI: no client takes it, and its rules cover no app', async () => {
    const hub = await everythingHub();
    const taken = runCli(['client', 'add', 'agent-hub-ui'], { dataDir: hub.dataDir });
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toMatch(/reserved for Agent Hub's own UI/);
    // A rule for the UI needs no --force (the name is known) and does not answer another client's call.
    expect(runCli(['consent', 'allow', '--server', 'every', '--client', 'agent-hub-ui', '--tool', 'echo'], { dataDir: hub.dataDir }).code).toBe(0);
    const client = await hub.connect(hub.addClient('cursor'));
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'every__echo'), 30_000, 'the tools');
    const pending = client.callTool({ name: 'every__echo', arguments: { message: 'not the UI' } });
    const prompt = await eventually(() => {
      const r = runCli(['consent', 'pending', '--json'], { dataDir: hub.dataDir });
      const list = JSON.parse(r.stdout) as { id: number; client: string }[];
      return list.length === 1 && list[0]!;
    });
    expect(prompt.client).toBe('cursor');
    runCli(['consent', 'answer', String(prompt.id), 'deny'], { dataDir: hub.dataDir });
    expect((await pending).isError).toBe(true);
  });
});
