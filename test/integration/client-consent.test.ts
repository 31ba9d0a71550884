import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type ClientCapabilities, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsentPromptView, ConsentRuleView } from '../../shared/consent.js';
import type { ClientView } from '../../shared/clients.js';
import { cliPath, repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';

/**
 * Consent asked inside the client app (an elicitation on the calling session), against a real hub
 * process (`agent-hub serve`), a real stdio server (the flaky fixture) and real SDK clients whose
 * elicitation handler plays the user. The record is the `decision` column of `tool_calls`.
 */

const flaky = path.join(repoRoot, 'test/fixtures/gateway/flaky-server.mjs');
const DENIED = 'The user denied this call in Agent Hub.';
/** A denial given in the client app does not send the model to Agent Hub. */
const DENIED_IN_CLIENT = 'The user denied this call.';
const text = (r: unknown) => ((r as { content: { text?: string }[] }).content[0]?.text ?? '');

const opened: Client[] = [];
afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((c) => c.close()));
  await stopAllHubs();
});

function cli(hub: RunningHub, args: string[]): string {
  const r = runCli(args, { dataDir: hub.dataDir });
  if (r.code !== 0) throw new Error(`agent-hub ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const pendingInCli = (hub: RunningHub) => JSON.parse(cli(hub, ['consent', 'pending', '--json'])) as ConsentPromptView[];
const rules = (hub: RunningHub) => JSON.parse(cli(hub, ['consent', 'list', '--json'])) as ConsentRuleView[];

function rows(hub: RunningHub): { status: string; decision: string | null }[] {
  const db = new Database(path.join(hub.dataDir, 'hub.db'), { readonly: true });
  try {
    return db.prepare('SELECT status, decision FROM tool_calls ORDER BY id').all() as { status: string; decision: string | null }[];
  } finally {
    db.close();
  }
}
/** The record of the latest call, once it is finished. */
const callRow = (hub: RunningHub) =>
  eventually(() => {
    const row = rows(hub).at(-1);
    return row && row.status !== 'running' && row;
  });

/** The HubApi as the browser UI reaches it: the one-time code from `serve`, then the cookie. */
async function hubApi(hub: RunningHub): Promise<(method: string, ...args: unknown[]) => Promise<unknown>> {
  const code = await eventually(() => /#code=(\S+)/.exec(hub.output())?.[1]);
  const session = await fetch(`${hub.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hub.url }, body: JSON.stringify({ code }) });
  expect(session.status).toBe(204);
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  return async (method, ...args) => {
    const res = await fetch(`${hub.url}/api/hub/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hub.url, cookie }, body: JSON.stringify(args) });
    const body = (await res.json()) as { result?: unknown; error?: string };
    if (res.status !== 200) throw new Error(`${method}: ${res.status} ${body.error}`);
    return body.result;
  };
}

interface Asked {
  params: ElicitRequest['params'];
  id: string | number;
  signal: AbortSignal;
}

/** A real SDK client that records every elicitation the hub sends it, and answers as `answer` says. */
interface Probe {
  client: Client;
  asked: Asked[];
  /** Every request the hub sent that this client has no handler for (method names). */
  unhandled: string[];
  /** Ids of our answers to the hub's requests whose POST the hub has acknowledged. */
  delivered: Set<string | number>;
  answer: (a: Asked) => ElicitResult | Promise<ElicitResult>;
}

async function connectProbe(hub: RunningHub, token: string, capabilities: ClientCapabilities): Promise<Probe> {
  const delivered = new Set<string | number>();
  // The real fetch, watched: a POST carrying our answer to a hub request has reached the hub once it returns.
  const watched: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (init?.method === 'POST' && typeof init.body === 'string') {
      const m = JSON.parse(init.body) as { id?: string | number; method?: string };
      if (m.method === undefined && m.id !== undefined) delivered.add(m.id);
    }
    return res;
  };
  const client = new Client({ name: 'consent-probe', version: '1.0.0' }, { capabilities });
  const probe: Probe = { client, asked: [], unhandled: [], delivered, answer: () => ({ action: 'cancel' }) };
  if (capabilities.elicitation) {
    client.setRequestHandler(ElicitRequestSchema, async (request, extra) => {
      const a: Asked = { params: request.params, id: extra.requestId, signal: extra.signal };
      probe.asked.push(a);
      return probe.answer(a);
    });
  }
  client.fallbackRequestHandler = async (request) => {
    probe.unhandled.push(request.method);
    throw new Error(`no handler for ${request.method}`);
  };
  await client.connect(
    new StreamableHTTPClientTransport(new URL('/mcp', hub.url), { requestInit: { headers: { authorization: `Bearer ${token}` } }, fetch: watched }),
  );
  opened.push(client);
  return probe;
}

/** A hold: the elicitation stays open until the test answers it (or the hub withdraws it). */
function holding(probe: Probe): { answer: (a: Asked, r: ElicitResult) => void } {
  const waiting = new Map<Asked, (r: ElicitResult) => void>();
  probe.answer = (a) => new Promise((resolve) => waiting.set(a, resolve));
  return { answer: (a, r) => waiting.get(a)!(r) };
}

/** Resolves once the hub has withdrawn this elicitation (the client's handler sees its signal abort). */
const withdrawn = (a: Asked) => eventually(() => a.signal.aborted, 15_000, 'the question withdrawn from the client');

interface Setup {
  hub: RunningHub;
  probe: Probe;
  token: string;
}

/**
 * A hub with the flaky fixture as "calc", a client "claude" set to `consentIn` while the hub runs (a
 * change from the CLI applies at once), and a session with `capabilities`.
 */
async function setup(
  consentIn: 'hub' | 'client' | 'both' | undefined,
  capabilities: ClientCapabilities = { elicitation: {} },
  description?: string,
): Promise<Setup> {
  const dataDir = tempDataDir();
  const descFile = path.join(dataDir, 'add-description.txt');
  if (description !== undefined) fs.writeFileSync(descFile, description);
  expect(runCli(['server', 'add', 'calc', `--env=FLAKY_DESC_FILE=${descFile}`, '--', process.execPath, flaky], { dataDir }).code).toBe(0);
  const hub = await startHub({ dataDir });
  const token = hub.addClient('claude');
  if (consentIn) cli(hub, ['client', 'set', 'claude', '--consent-in', consentIn]);
  const probe = await connectProbe(hub, token, capabilities);
  await eventually(async () => (await probe.client.listTools()).tools.some((t) => t.name === 'calc__add'), 30_000, 'calc__add listed');
  return { hub, probe, token };
}

const accept = (decision: string): ElicitResult => ({ action: 'accept', content: { decision } });

describe('consent asked in the client app (elicitation)', () => {
  it('allow once: the call runs, recorded as the client\'s answer, and the next call asks again', async () => {
    const { hub, probe } = await setup('client');
    const hold = holding(probe);
    const call = probe.client.callTool({ name: 'calc__add', arguments: { a: 2, b: 40 } });
    const [asked] = await eventually(() => probe.asked.length === 1 && probe.asked, 15_000, 'the elicitation');

    // The form: one required choice that mirrors the dialog.
    expect(asked!.params.mode ?? 'form').toBe('form');
    expect((asked!.params as { requestedSchema: unknown }).requestedSchema).toMatchObject({
      type: 'object',
      properties: { decision: { type: 'string', enum: ['allow-once', 'allow-session', 'allow-always', 'deny'] } },
      required: ['decision'],
    });
    // While it waits, the prompt is the client's alone: the CLI lists it with askIn, the hub's dialog list does not.
    const api = await hubApi(hub);
    const [p] = await eventually(() => pendingInCli(hub).length === 1 && pendingInCli(hub));
    expect(p).toMatchObject({ client: 'claude', server: 'calc', tool: 'add', status: 'pending', askIn: 'client' });
    expect(await api('listPendingPrompts')).toEqual([]);

    hold.answer(asked!, accept('allow-once'));
    expect(text(await call)).toBe('42');
    expect(await callRow(hub)).toEqual({ status: 'ok', decision: 'user (client): allow once' });
    expect(pendingInCli(hub)).toEqual([]);
    expect(rules(hub)).toEqual([]);

    // Once means once: the next call is asked again, in the client.
    probe.answer = () => accept('allow-once');
    expect(text(await probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } }))).toBe('2');
    expect(probe.asked).toHaveLength(2);
    expect(probe.unhandled).toEqual([]);
  });

  it('allow always: a rule is made and the next call runs without asking', async () => {
    const { hub, probe } = await setup('client');
    probe.answer = () => accept('allow-always');
    expect(text(await probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 2 } }))).toBe('3');
    expect(await callRow(hub)).toEqual({ status: 'ok', decision: 'user (client): allow always' });
    const made = rules(hub);
    expect(made).toEqual([expect.objectContaining({ client: 'claude', server: 'calc', tool: 'add', effect: 'allow', scope: 'always' })]);

    probe.answer = () => {
      throw new Error('asked again although a rule answers');
    };
    expect(text(await probe.client.callTool({ name: 'calc__add', arguments: { a: 5, b: 5 } }))).toBe('10');
    expect(probe.asked).toHaveLength(1);
    expect(await callRow(hub)).toEqual({ status: 'ok', decision: `rule ${made[0]!.id}: allow` });
  });

  it('allow for this session: that session is not asked again, another session of the client is', async () => {
    const { hub, probe, token } = await setup('client');
    probe.answer = () => accept('allow-session');
    expect(text(await probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 2 } }))).toBe('3');
    expect(await callRow(hub)).toEqual({ status: 'ok', decision: 'user (client): allow session' });
    expect(text(await probe.client.callTool({ name: 'calc__add', arguments: { a: 2, b: 2 } }))).toBe('4');
    expect(probe.asked).toHaveLength(1);

    const other = await connectProbe(hub, token, { elicitation: {} });
    other.answer = () => ({ action: 'decline' });
    const refused = await other.client.callTool({ name: 'calc__add', arguments: { a: 3, b: 3 } });
    expect(other.asked).toHaveLength(1);
    expect(refused.isError).toBe(true);
  });

  it('decline is a denial, with a sentence that does not send the model to Agent Hub, recorded as the client\'s', async () => {
    const { hub, probe } = await setup('client');
    probe.answer = () => ({ action: 'decline' });
    const result = await probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(DENIED_IN_CLIENT);
    expect(await callRow(hub)).toEqual({ status: 'denied', decision: 'user (client): deny once' });
    expect(rules(hub)).toEqual([]);

    // Choosing "deny" in the form is the same answer.
    probe.answer = () => accept('deny');
    expect(text(await probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } }))).toBe(DENIED_IN_CLIENT);
    expect(await callRow(hub)).toEqual({ status: 'denied', decision: 'user (client): deny once' });
  });

  it('in "client" mode a dismissal (cancel, or accept without a valid choice) is a denial: nobody else is asked', async () => {
    const { hub, probe } = await setup('client');
    for (const answer of [{ action: 'cancel' }, { action: 'accept', content: { decision: 'allow-forever' } }, { action: 'accept' }] as ElicitResult[]) {
      probe.answer = () => answer;
      const result = await probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } });
      expect(result.isError, JSON.stringify(answer)).toBe(true);
      expect(text(result)).toBe(DENIED_IN_CLIENT);
      expect(await callRow(hub)).toEqual({ status: 'denied', decision: 'user (client): deny once' });
    }
    expect(probe.asked).toHaveLength(3);
    expect(pendingInCli(hub)).toEqual([]);
  });

  it('in "both" mode the first answer wins: the CLI allows, and the client\'s question is withdrawn at once', async () => {
    const { hub, probe } = await setup('both');
    const api = await hubApi(hub);
    holding(probe);
    const call = probe.client.callTool({ name: 'calc__add', arguments: { a: 20, b: 22 } });
    const [asked] = await eventually(() => probe.asked.length === 1 && probe.asked, 15_000, 'the elicitation');
    // Asked on both surfaces: the hub's dialog lists it too.
    const [p] = (await eventually(async () => ((await api('listPendingPrompts')) as ConsentPromptView[]).length === 1 && api('listPendingPrompts'))) as ConsentPromptView[];
    expect(p).toMatchObject({ client: 'claude', tool: 'add', askIn: 'both' });
    expect(pendingInCli(hub)).toEqual([expect.objectContaining({ id: p!.id, askIn: 'both' })]);
    expect(asked!.signal.aborted).toBe(false);

    cli(hub, ['consent', 'answer', String(p!.id), 'allow']);
    await withdrawn(asked!);
    expect(asked!.signal.aborted).toBe(true);
    expect(text(await call)).toBe('42');
    expect(await callRow(hub)).toEqual({ status: 'ok', decision: 'user (cli): allow once' });
    expect(await api('listPendingPrompts')).toEqual([]);
  });

  it('in "both" mode an answer in the hub\'s dialog (HubApi) also withdraws the client\'s question', async () => {
    const { hub, probe } = await setup('both');
    const api = await hubApi(hub);
    holding(probe);
    const call = probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } });
    const [asked] = await eventually(() => probe.asked.length === 1 && probe.asked);
    const [p] = (await eventually(async () => ((await api('listPendingPrompts')) as ConsentPromptView[]).length === 1 && api('listPendingPrompts'))) as ConsentPromptView[];
    await api('answerPrompt', p!.id, 'deny', 'once');
    await withdrawn(asked!);
    expect(text(await call)).toBe(DENIED);
    expect(await callRow(hub)).toEqual({ status: 'denied', decision: 'user (browser): deny once' });
  });

  it('in "both" mode the client can answer first: the hub\'s prompt closes and a late CLI answer is refused', async () => {
    const { hub, probe } = await setup('both');
    const api = await hubApi(hub);
    const hold = holding(probe);
    const call = probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 2 } });
    const [asked] = await eventually(() => probe.asked.length === 1 && probe.asked);
    const [p] = (await eventually(async () => ((await api('listPendingPrompts')) as ConsentPromptView[]).length === 1 && api('listPendingPrompts'))) as ConsentPromptView[];
    hold.answer(asked!, accept('deny'));
    expect(text(await call)).toBe(DENIED_IN_CLIENT);
    expect(await callRow(hub)).toEqual({ status: 'denied', decision: 'user (client): deny once' });
    expect(await api('listPendingPrompts')).toEqual([]);
    const late = runCli(['consent', 'answer', String(p!.id), 'allow'], { dataDir: hub.dataDir });
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/no longer pending \(denied\)/);
  });

  it('in "both" mode a dismissal in the client leaves the prompt to the hub', async () => {
    const { hub, probe } = await setup('both');
    probe.answer = () => ({ action: 'cancel' });
    const call = probe.client.callTool({ name: 'calc__add', arguments: { a: 2, b: 3 } });
    const [asked] = await eventually(() => probe.asked.length === 1 && probe.asked);
    // Our "cancel" has reached the hub (its POST was acknowledged): the prompt must still be open.
    await eventually(() => probe.delivered.has(asked!.id), 15_000, 'the cancel delivered');
    const [p] = pendingInCli(hub);
    expect(p).toMatchObject({ status: 'pending', askIn: 'both' });
    cli(hub, ['consent', 'answer', String(p!.id), 'allow']);
    expect(text(await call)).toBe('5');
    expect(await callRow(hub)).toEqual({ status: 'ok', decision: 'user (cli): allow once' });
  });

  it('names the client, server, tool and arguments, and shows hidden characters as code points', async () => {
    // The server's description of the tool carries a zero-width space.
    const { hub, probe } = await setup('client', { elicitation: {} }, 'Adds two numbers.\u200b Quietly.');
    probe.answer = () => ({ action: 'decline' });
    await probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 2, note: 'invoice\u202Etxt.exe' } });
    const { message } = probe.asked[0]!.params;
    expect(message).toContain('claude');
    expect(message).toContain('"add"');
    expect(message).toContain('"calc"');
    expect(message).toContain('Add numbers');
    expect(message).toMatch(/"a": 1[\s\S]*"b": 2/);
    expect(message).toContain('invoice⟨U+202E⟩txt.exe');
    expect(message).toContain('Adds two numbers.⟨U+200B⟩ Quietly.');
    expect(message).toMatch(/hidden characters/);
    // Nothing in the message hides or reorders text, keys included.
    expect(message).not.toMatch(/[\u200b\u202a-\u202e\u2066-\u2069]/);

    // Long arguments are cut in the client's message.
    const long = 'x'.repeat(10_000);
    const hold = holding(probe);
    const call = probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 2, ['k\u2066ey']: long } });
    const asked = await eventually(() => probe.asked[1]);
    expect(asked.params.message).toContain('k⟨U+2066⟩ey');
    expect(asked.params.message).toMatch(/… \(cut here; \d+ characters in all\)/);
    expect(asked.params.message.length).toBeLessThan(6_000);
    await eventually(() => pendingInCli(hub).length === 1);
    hold.answer(asked, { action: 'decline' });
    expect(text(await call)).toBe(DENIED_IN_CLIENT);
  });

  it('a session without the elicitation capability is never sent one: the prompt shows in the hub', async () => {
    const { hub, probe } = await setup('client', {});
    const api = await hubApi(hub);
    const notices: string[] = [];
    const call = probe.client.callTool({ name: 'calc__add', arguments: { a: 4, b: 4 } }, undefined, {
      onprogress: (p) => notices.push(p.message ?? ''),
    });
    const [p] = (await eventually(async () => ((await api('listPendingPrompts')) as ConsentPromptView[]).length === 1 && api('listPendingPrompts'))) as ConsentPromptView[];
    expect(p).toMatchObject({ client: 'claude', tool: 'add', askIn: 'hub' });
    expect(pendingInCli(hub)).toEqual([expect.objectContaining({ id: p!.id, askIn: 'hub' })]);
    await eventually(() => notices.length > 0);
    expect(notices[0]).toBe("Waiting for the user's approval in Agent Hub.");

    await api('answerPrompt', p!.id, 'allow', 'once');
    expect(text(await call)).toBe('8');
    expect(await callRow(hub)).toEqual({ status: 'ok', decision: 'user (browser): allow once' });
    expect(probe.unhandled).toEqual([]);
  });

  it('a session that declared URL-mode elicitation only is not sent a form: the prompt shows in the hub', async () => {
    const { hub, probe } = await setup('client', { elicitation: { url: {} } });
    probe.answer = () => accept('allow-once');
    const call = probe.client.callTool({ name: 'calc__add', arguments: { a: 4, b: 5 } });
    const [p] = await eventually(() => pendingInCli(hub).length === 1 && pendingInCli(hub));
    expect(p!.askIn).toBe('hub');
    cli(hub, ['consent', 'answer', String(p!.id), 'allow']);
    expect(text(await call)).toBe('9');
    expect(await callRow(hub)).toEqual({ status: 'ok', decision: 'user (cli): allow once' });
    expect(probe.asked).toEqual([]);
    expect(probe.unhandled).toEqual([]);
  });

  it('an elicitation the client fails to answer moves the prompt to the hub, where it can be answered', async () => {
    const { hub, probe } = await setup('client');
    const api = await hubApi(hub);
    probe.answer = () => {
      throw new Error('this client cannot show forms today');
    };
    const call = probe.client.callTool({ name: 'calc__add', arguments: { a: 3, b: 4 } });
    const [p] = (await eventually(async () => ((await api('listPendingPrompts')) as ConsentPromptView[]).length === 1 && api('listPendingPrompts'))) as ConsentPromptView[];
    expect(probe.asked).toHaveLength(1);
    expect(p).toMatchObject({ client: 'claude', tool: 'add', askIn: 'hub', status: 'pending' });
    cli(hub, ['consent', 'answer', String(p!.id), 'allow']);
    expect(text(await call)).toBe('7');
    expect(await callRow(hub)).toEqual({ status: 'ok', decision: 'user (cli): allow once' });
  });

  it('with consent-in "hub" (the default) a capable session is never asked', async () => {
    const { hub, probe } = await setup(undefined);
    expect(JSON.parse(cli(hub, ['client', 'list', '--json']))).toEqual([expect.objectContaining({ name: 'claude', consentIn: 'hub' })]);
    const notices: string[] = [];
    const call = probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } }, undefined, { onprogress: (p) => notices.push(p.message ?? '') });
    const [p] = await eventually(() => pendingInCli(hub).length === 1 && pendingInCli(hub));
    expect(p!.askIn).toBe('hub');
    await eventually(() => notices.length > 0);
    expect(notices[0]).toBe("Waiting for the user's approval in Agent Hub.");
    cli(hub, ['consent', 'answer', String(p!.id), 'deny']);
    expect(text(await call)).toBe(DENIED);
    expect(await callRow(hub)).toEqual({ status: 'denied', decision: 'user (cli): deny once' });
    expect(probe.asked).toEqual([]);
  });

  it('tells the waiting client where it is asked', async () => {
    const { probe } = await setup('client');
    const hold = holding(probe);
    const notices: string[] = [];
    const call = probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } }, undefined, { onprogress: (p) => notices.push(p.message ?? '') });
    const [asked] = await eventually(() => probe.asked.length === 1 && probe.asked);
    await eventually(() => notices.length > 0);
    expect(notices[0]).toBe("Waiting for the user's approval in claude.");
    hold.answer(asked!, accept('allow-once'));
    expect(text(await call)).toBe('2');
  });

  it('rules answer first: neither an allow rule nor a deny rule sends an elicitation', async () => {
    const { hub, probe } = await setup('client');
    probe.answer = () => {
      throw new Error('asked although a rule answers');
    };
    const allow = JSON.parse(cli(hub, ['consent', 'allow', '--server', 'calc', '--tool', 'add', '--json'])) as ConsentRuleView;
    expect(text(await probe.client.callTool({ name: 'calc__add', arguments: { a: 6, b: 7 } }))).toBe('13');
    expect(await callRow(hub)).toEqual({ status: 'ok', decision: `rule ${allow.id}: allow` });

    const deny = JSON.parse(cli(hub, ['consent', 'deny', '--server', 'calc', '--tool', 'pid', '--json'])) as ConsentRuleView;
    const refused = await probe.client.callTool({ name: 'calc__pid', arguments: {} });
    expect(text(refused)).toMatch(new RegExp(`^A rule in Agent Hub denies this call \\(rule ${deny.id}\\)`));
    expect(await callRow(hub)).toEqual({ status: 'denied', decision: `rule ${deny.id}: deny` });
    expect(probe.asked).toEqual([]);
  });

  it('keeps concurrent questions apart: each answer settles its own call', async () => {
    const { hub, probe } = await setup('client');
    const hold = holding(probe);
    const first = probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } });
    const second = probe.client.callTool({ name: 'calc__add', arguments: { a: 2, b: 2 } });
    const asked = await eventually(() => probe.asked.length === 2 && probe.asked);
    const byA = (a: number) => asked.find((q) => q.params.message.includes(`"a": ${a}`))!;
    hold.answer(byA(2), accept('allow-once'));
    expect(text(await second)).toBe('4');
    expect(byA(1).signal.aborted).toBe(false);
    hold.answer(byA(1), { action: 'decline' });
    expect(text(await first)).toBe(DENIED_IN_CLIENT);
    // Each record is completed a moment after its answer went out.
    await eventually(() => rows(hub).every((r) => r.decision !== null));
    expect(rows(hub).map((r) => r.decision).sort()).toEqual(['user (client): allow once', 'user (client): deny once']);
  });

  it('another session cannot answer a question asked of this one, even with its request id', async () => {
    const { hub, probe, token } = await setup('client');
    const hold = holding(probe);
    const call = probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } });
    const [asked] = await eventually(() => probe.asked.length === 1 && probe.asked);
    const [p] = await eventually(() => pendingInCli(hub).length === 1 && pendingInCli(hub));
    // A second session of the same client, and a session of another client, forge the answer.
    for (const forger of [token, hub.addClient('cursor')]) {
      const transport = new StreamableHTTPClientTransport(new URL('/mcp', hub.url), { requestInit: { headers: { authorization: `Bearer ${forger}` } } });
      const other = new Client({ name: 'forger', version: '1.0.0' }, { capabilities: { elicitation: {} } });
      await other.connect(transport);
      opened.push(other);
      await transport.send({ jsonrpc: '2.0', id: asked!.id, result: { action: 'accept', content: { decision: 'allow-always' } } });
    }
    expect(pendingInCli(hub)).toEqual([expect.objectContaining({ id: p!.id, status: 'pending' })]);
    expect(rules(hub)).toEqual([]);
    expect(asked!.signal.aborted).toBe(false);
    hold.answer(asked!, { action: 'decline' });
    expect(text(await call)).toBe(DENIED_IN_CLIENT);
    expect(await callRow(hub)).toEqual({ status: 'denied', decision: 'user (client): deny once' });
  });

  it('a prompt nobody answers times out, and its question is withdrawn from the client', async () => {
    const { hub, probe } = await setup('client');
    cli(hub, ['settings', 'set', 'consent-timeout', '5']);
    holding(probe);
    const result = await probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe('The user did not answer the Agent Hub prompt for this call within 5 s, so it was not made.');
    expect(await callRow(hub)).toEqual({ status: 'denied', decision: 'timeout after 5 s' });
    expect(probe.asked).toHaveLength(1);
    await withdrawn(probe.asked[0]!);
  });

  it('a call the client cancels withdraws its prompt and its question', async () => {
    const { hub, probe } = await setup('client');
    holding(probe);
    const controller = new AbortController();
    const call = probe.client.callTool({ name: 'calc__add', arguments: { a: 1, b: 1 } }, undefined, { signal: controller.signal });
    const [asked] = await eventually(() => probe.asked.length === 1 && probe.asked);
    const [p] = await eventually(() => pendingInCli(hub).length === 1 && pendingInCli(hub));
    controller.abort();
    await expect(call).rejects.toThrow();
    await eventually(() => pendingInCli(hub).length === 0);
    expect(await callRow(hub)).toMatchObject({ status: 'cancelled' });
    await withdrawn(asked!);
    expect(runCli(['consent', 'answer', String(p!.id), 'allow'], { dataDir: hub.dataDir }).code).toBe(1);
  });
});

describe('consent in a client bridged by agent-hub connect (stdio)', () => {
  it('asks through the bridge, takes the answer back, and withdraws the question through it', async () => {
    const dataDir = tempDataDir();
    expect(runCli(['server', 'add', 'calc', '--', process.execPath, flaky], { dataDir }).code).toBe(0);
    const hub = await startHub({ dataDir });
    hub.addClient('claude');
    cli(hub, ['client', 'set', 'claude', '--consent-in', 'both']);
    const client = new Client({ name: 'bridged', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    const asked: Asked[] = [];
    let answer: (a: Asked) => ElicitResult | Promise<ElicitResult> = () => new Promise(() => {});
    client.setRequestHandler(ElicitRequestSchema, async (request, extra) => {
      const a = { params: request.params, id: extra.requestId, signal: extra.signal };
      asked.push(a);
      return answer(a);
    });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [cliPath, 'connect', '--client', 'claude', '--data-dir', dataDir], env: { ...process.env, AGENT_HUB_DATA_DIR: '' } as Record<string, string>, stderr: 'pipe' }),
    );
    opened.push(client);
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'calc__add'), 30_000);

    // The CLI answers first: the question in the client is withdrawn through the bridge.
    const first = client.callTool({ name: 'calc__add', arguments: { a: 1, b: 2 } });
    const [q] = await eventually(() => asked.length === 1 && asked);
    const [p] = await eventually(() => pendingInCli(hub).length === 1 && pendingInCli(hub));
    cli(hub, ['consent', 'answer', String(p!.id), 'allow']);
    await withdrawn(q!);
    expect(text(await first)).toBe('3');
    expect(await callRow(hub)).toEqual({ status: 'ok', decision: 'user (cli): allow once' });

    // The client answers: its answer comes back through the bridge.
    answer = () => accept('allow-always');
    expect(text(await client.callTool({ name: 'calc__add', arguments: { a: 2, b: 2 } }))).toBe('4');
    expect(await callRow(hub)).toEqual({ status: 'ok', decision: 'user (client): allow always' });
    expect(asked).toHaveLength(2);
  });
});

describe('client set --consent-in', () => {
  it('is shown by client list --json and the HubApi, and the Clients page path changes it too', async () => {
    const hub = await startHub();
    hub.addClient('claude');
    hub.addClient('cursor');
    expect(runCli(['client', 'set', 'claude', '--consent-in', 'both'], { dataDir: hub.dataDir }).stdout).toMatch(/^Client "claude" is asked for consent in both/);
    expect(JSON.parse(cli(hub, ['client', 'list', '--json']))).toEqual([
      expect.objectContaining({ name: 'claude', consentIn: 'both' }),
      expect.objectContaining({ name: 'cursor', consentIn: 'hub' }),
    ]);
    const api = await hubApi(hub);
    expect(((await api('listClients')) as ClientView[]).map((c) => [c.name, c.consentIn])).toEqual([
      ['claude', 'both'],
      ['cursor', 'hub'],
    ]);
    expect(await api('updateClient', 'cursor', { consentIn: 'client' })).toMatchObject({ name: 'cursor', consentIn: 'client' });
    expect(JSON.parse(cli(hub, ['client', 'list', '--json']))).toContainEqual(expect.objectContaining({ name: 'cursor', consentIn: 'client' }));
    await expect(api('updateClient', 'cursor', { consentIn: 'everywhere' })).rejects.toThrow(/400/);
    expect(JSON.parse(cli(hub, ['client', 'list', '--json']))).toContainEqual(expect.objectContaining({ name: 'cursor', consentIn: 'client' }));
  });

  it('refuses bad values with exit code 2 and one line, changing nothing', () => {
    const dataDir = tempDataDir();
    expect(runCli(['client', 'add', 'claude'], { dataDir }).code).toBe(0);
    for (const [args, message] of [
      [['--consent-in', 'HUB'], /^agent-hub: --consent-in must be hub, client or both, not "HUB"\.$/],
      [['--consent-in', 'everywhere'], /^agent-hub: --consent-in must be hub, client or both, not "everywhere"\.$/],
      [['--consent-in', ''], /^agent-hub: --consent-in must be hub, client or both, not ""\.$/],
      [['--consent-in', 'client\nboth'], /^agent-hub: --consent-in must be hub, client or both, not "client\\nboth"\.$/],
      [['--consent-in'], /^agent-hub: --consent-in needs a value\.$/],
      [[], /^agent-hub: "client set" needs something to change/],
    ] as const) {
      const r = runCli(['client', 'set', 'claude', ...args], { dataDir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toMatch(message);
    }
    const missing = runCli(['client', 'set', 'nobody', '--consent-in', 'client'], { dataDir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^agent-hub: There is no client named "nobody"/);
    expect(JSON.parse(runCli(['client', 'list', '--json'], { dataDir }).stdout)).toEqual([expect.objectContaining({ name: 'claude', consentIn: 'hub' })]);
  });
});
