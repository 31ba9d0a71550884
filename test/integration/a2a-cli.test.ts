import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AgentView } from '../../shared/a2a.js';
import { startA2AAgent, stopA2AAgents, TAMPERED_SUFFIX } from '../helpers/a2a-agents.js';
import { repoRoot, runCli, runCliAsync, tempDataDir } from '../helpers/cli.js';
import { eventually, freePort, startHub, stopAllHubs } from '../helpers/hub.js';
import { filesContaining, hubIdOf, keychainGet, startKeyring, stopAllKeyrings } from '../helpers/keyring.js';

// `agent-hub agent …` with real agents: the card checked, signed or not, pinned, changes held back until
// the user accepts them; local agents the hub starts; credentials in a real gnome-keyring.

afterEach(stopAllHubs);
afterAll(async () => {
  await stopA2AAgents();
  await stopAllKeyrings();
});

const list = (dataDir: string) => JSON.parse(runCli(['agent', 'list', '--json'], { dataDir }).stdout) as AgentView[];
const text = (r: unknown) => (r as { content: { text: string }[] }).content[0]!.text;
const state = (r: unknown) => (r as { structuredContent?: { state?: string } }).structuredContent?.state;

describe('agent add, list and remove', () => {
  it('fetches, validates, verifies and pins the card; shows whether it is signed', async () => {
    const dataDir = tempDataDir();
    const [plain, signed] = [await startA2AAgent('echo'), await startA2AAgent('signed')];
    const added = await runCliAsync(['agent', 'add', 'plain', '--url', plain.url], { dataDir });
    expect([added.code, added.stderr]).toEqual([0, '']);
    expect(added.stdout.trim()).toBe('Added agent "plain": fixture-echo 1.0.0 (A2A 1.0, not signed), 1 skill(s); its tool is plain__send_message.');
    const s = await runCliAsync(['agent', 'add', 'signed', '--url', signed.url], { dataDir });
    expect(s.stdout).toContain('(A2A 1.0, signed, signature valid)');

    const [p, g] = list(dataDir);
    expect(p).toMatchObject({ name: 'plain', url: plain.url, enabled: true, credential: false, card: { name: 'fixture-echo', streaming: false, signature: { signed: false, valid: false } } });
    expect(g).toMatchObject({ name: 'signed', card: { signature: { signed: true, valid: true } } });
    expect(g!.changes).toBeUndefined();
    const table = runCli(['agent', 'list'], { dataDir }).stdout;
    expect(table).toMatch(/plain\s+yes\s+\S+\s+fixture-echo 1.0.0\s+unsigned\s+1/);
    expect(table).toMatch(/signed\s+yes\s+\S+\s+fixture-signed 1.0.0\s+valid\s+1/);

    expect(runCli(['agent', 'remove', 'plain'], { dataDir }).stdout.trim()).toBe('Removed agent "plain" (its task records stay on the timeline).');
    expect(list(dataDir).map((a) => a.name)).toEqual(['signed']);
  });

  it('refuses a card whose signature does not verify, and writes nothing', async () => {
    const dataDir = tempDataDir();
    const tampered = await startA2AAgent('tampered');
    const r = await runCliAsync(['agent', 'add', 'tampered', '--url', tampered.url], { dataDir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`agent-hub: The card of agent "tampered" at ${tampered.cardUrl} is signed, but its signature does not verify (the signature does not match the card); it may have been tampered with.`);
    expect((tampered.card as { description: string }).description.endsWith(TAMPERED_SUFFIX)).toBe(true);
    expect(list(dataDir)).toEqual([]);
  });

  it('says why a card cannot be read or is not an agent card', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const down = await runCliAsync(['agent', 'add', 'down', '--url', `http://127.0.0.1:${port}`], { dataDir });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(new RegExp(`^agent-hub: The agent card at http://127.0.0.1:${port}/.well-known/agent-card.json could not be read: .+\\.\\n$`));
    const usage = await runCliAsync(['agent', 'add', 'x'], { dataDir });
    expect([usage.code, usage.stderr.split('\n')[0]]).toEqual([2, 'agent-hub: "agent add" needs --url URL (where the agent serves its card).']);
    expect(list(dataDir)).toEqual([]);
  });

  it('keeps agent and server names apart, and reserves "a2a"', async () => {
    const dataDir = tempDataDir();
    const agent = await startA2AAgent('echo');
    const reserved = await runCliAsync(['agent', 'add', 'a2a', '--url', agent.url], { dataDir });
    expect(reserved.stderr.trim()).toBe('agent-hub: The name "a2a" is reserved for the hub\'s own A2A tools (a2a__get_task, a2a__cancel_task); choose another name for the agent.');
    expect(runCli(['server', 'add', 'a2a', '--url', 'https://example.com/mcp'], { dataDir }).stderr).toContain('reserved');
    expect(runCli(['server', 'add', 'docs', '--url', 'https://example.com/mcp'], { dataDir }).code).toBe(0);
    const clash = await runCliAsync(['agent', 'add', 'docs', '--url', agent.url], { dataDir });
    expect(clash.stderr.trim()).toBe('agent-hub: The name "docs" is taken by a server (servers and agents share names, since both publish tools as NAME__tool); choose another name.');
    expect((await runCliAsync(['agent', 'add', 'helper', '--url', agent.url], { dataDir })).code).toBe(0);
    expect(runCli(['server', 'add', 'helper', '--url', 'https://example.com/mcp'], { dataDir }).stderr).toContain('taken by an agent');
  });
});

describe('a card that changes', () => {
  it('holds calls back until the user accepts the new card, and says what changed', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    let agent = await startA2AAgent('echo', { port });
    expect((await runCliAsync(['agent', 'add', 'shifty', '--url', agent.url], { dataDir })).code).toBe(0);
    expect(runCli(['consent', 'allow', '--server', 'shifty'], { dataDir }).code).toBe(0);
    const hub = await startHub({ dataDir });
    const client = await hub.connect(hub.addClient('tester'));
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'shifty__send_message'), 20_000, 'the agent tool');
    expect(state(await client.callTool({ name: 'shifty__send_message', arguments: { text: 'one' } }))).toBe('completed');

    // The agent comes back with another skill; the hub reads its card when it reconnects.
    await agent.close();
    agent = await startA2AAgent('echo', { port, skills: [{ id: 'exfiltrate', name: 'Exfiltrate', description: 'Reads your files', tags: [] }] });
    expect(runCli(['agent', 'disable', 'shifty'], { dataDir }).code).toBe(0);
    await eventually(async () => !(await client.listTools()).tools.some((t) => t.name === 'shifty__send_message'), 20_000, 'the agent to stop');
    expect(runCli(['agent', 'enable', 'shifty'], { dataDir }).code).toBe(0);
    const changed = await eventually(() => list(dataDir)[0]?.changes, 20_000, 'the change to be seen');
    expect(changed).toEqual(['skill "exfiltrate" was added', 'skill "echo" was removed']);
    const blocked = await eventually(async () => {
      const r = await client.callTool({ name: 'shifty__send_message', arguments: { text: 'two' } });
      return r.isError ? r : undefined;
    }, 20_000, 'calls to be held back');
    expect(text(blocked)).toBe(
      'Agent "shifty" changed its card (skill "exfiltrate" was added; skill "echo" was removed); the user must review and accept it first (Agents page, or "agent-hub agent accept shifty").',
    );
    expect(agent.messages).toEqual([]);
    // Until then, the tool is still described by the card the user approved.
    expect((await client.listTools()).tools.find((t) => t.name === 'shifty__send_message')?.description).not.toContain('Exfiltrate');
    expect(runCli(['agent', 'list'], { dataDir }).stderr).toContain('Agent "shifty" changed its card: skill "exfiltrate" was added; skill "echo" was removed. Accept with: agent-hub agent accept shifty');

    expect(runCli(['agent', 'accept', 'shifty'], { dataDir }).stdout.trim()).toBe('Accepted the new card of agent "shifty" (skill "exfiltrate" was added; skill "echo" was removed).');
    expect(list(dataDir)[0]).toMatchObject({ card: { skills: [{ id: 'exfiltrate' }] } });
    expect(list(dataDir)[0]!.changes).toBeUndefined();
    // The tool is described by the accepted card now, and accepting it was the consent: no second prompt.
    await eventually(async () => (await client.listTools()).tools.find((t) => t.name === 'shifty__send_message')?.description?.includes('Exfiltrate'), 20_000, 'the new description');
    expect(state(await client.callTool({ name: 'shifty__send_message', arguments: { text: 'three' } }))).toBe('completed');
    expect(runCli(['agent', 'accept', 'shifty'], { dataDir }).stderr.trim()).toBe('agent-hub: Agent "shifty" has no changed card waiting for approval.');
  });
});

describe('a card that changes while the hub runs', () => {
  it('is read again when its Cache-Control says so, and calls wait for the user from the next one on', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    let agent = await startA2AAgent('echo', { port, cache: { maxAge: 0 } });
    expect((await runCliAsync(['agent', 'add', 'live', '--url', agent.url], { dataDir })).code).toBe(0);
    expect(runCli(['consent', 'allow', '--server', 'live'], { dataDir }).code).toBe(0);
    const hub = await startHub({ dataDir });
    const client = await hub.connect(hub.addClient('tester'));
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'live__send_message'), 20_000, 'the agent tool');
    expect(state(await client.callTool({ name: 'live__send_message', arguments: { text: 'one' } }))).toBe('completed');

    await agent.close();
    agent = await startA2AAgent('echo', { port, cache: { maxAge: 0 }, skills: [{ id: 'wire', name: 'Wire money', description: 'Moves funds', tags: [] }] });
    const held = await client.callTool({ name: 'live__send_message', arguments: { text: 'two' } });
    expect([held.isError, text(held)]).toEqual([true, expect.stringMatching(/^Agent "live" changed its card \(skill "wire" was added; skill "echo" was removed\)/)]);
    expect(agent.messages).toEqual([]);

    expect(runCli(['agent', 'accept', 'live'], { dataDir }).code).toBe(0);
    // The hub re-describes the tool from the accepted card within a poll; a call made in that moment
    // would meet the old description and ask the user once more.
    await eventually(async () => (await client.listTools()).tools.find((t) => t.name === 'live__send_message')?.description?.includes('Wire money'), 20_000, 'the new description');
    expect(state(await client.callTool({ name: 'live__send_message', arguments: { text: 'three' } }))).toBe('completed');
    expect(agent.messages.map((m) => m.text)).toEqual(['three']);
  });
});

describe('a local agent', () => {
  it('is started and supervised by the hub, its first card pinned, and stopped when removed', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const serve = path.join(repoRoot, 'test/fixtures/a2a/serve.mjs');
    const added = runCli(['agent', 'add', 'local', '--url', url, '--', process.execPath, serve, 'echo-stream', '--port', String(port)], { dataDir });
    expect(added.stdout.trim()).toBe(`Added local agent "local" (runs: ${process.execPath} ${serve} echo-stream --port ${port}); the hub pins its card when it first starts it.`);
    expect(list(dataDir)[0]).toMatchObject({ name: 'local', command: `${process.execPath} ${serve} echo-stream --port ${port}` });
    expect(list(dataDir)[0]!.card).toBeUndefined();
    expect(runCli(['consent', 'allow', '--server', 'local'], { dataDir }).code).toBe(0);

    const hub = await startHub({ dataDir });
    const client = await hub.connect(hub.addClient('tester'));
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'local__send_message'), 30_000, 'the local agent to start');
    expect(state(await client.callTool({ name: 'local__send_message', arguments: { text: 'hi' } }))).toBe('completed');
    expect(list(dataDir)[0]).toMatchObject({ card: { name: 'fixture-echo-stream', signature: { signed: false } } });

    expect(runCli(['agent', 'remove', 'local'], { dataDir }).code).toBe(0);
    await eventually(async () => !(await fetch(url).then(() => true, () => false)), 20_000, 'the agent process to stop');
  });
});

describe.runIf(process.platform === 'linux')('agent credentials, in a real gnome-keyring', () => {
  it('sends the API key only after the user stored it, keeps it out of files, and deletes it with the agent', async () => {
    const keyring = await startKeyring('unlocked');
    const dataDir = tempDataDir();
    const key = `key-${crypto.randomUUID()}`;
    const agent = await startA2AAgent('echo', { securitySchemes: { apiKey: { type: 'apiKey', key } } });
    const added = await runCliAsync(['agent', 'add', 'locked', '--url', agent.url], { dataDir, env: keyring.env });
    expect(added.stderr.trim()).toBe('The card asks for an API key (sent in the header as X-API-Key); give yours with: agent-hub agent set-secret locked');
    expect(runCli(['consent', 'allow', '--server', 'locked'], { dataDir }).code).toBe(0);
    const hub = await startHub({ dataDir, env: keyring.env });
    const client = await hub.connect(hub.addClient('tester'));
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'locked__send_message'), 20_000, 'the agent tool');

    const without = await client.callTool({ name: 'locked__send_message', arguments: { text: 'hi' } });
    expect([without.isError, text(without)]).toEqual([true, 'Agent "locked" needs an API key (sent in the header as X-API-Key): the user must set it with "agent-hub agent set-secret locked".']);
    expect(agent.calls).toEqual([]);

    expect((await runCliAsync(['agent', 'set-secret', 'locked'], { dataDir, env: keyring.env, input: 'wrong-key\n' })).code).toBe(0);
    const refused = await eventually(async () => {
      const r = await client.callTool({ name: 'locked__send_message', arguments: { text: 'hi' } });
      return /refused the credentials/.test(text(r)) ? r : undefined;
    }, 20_000, 'the wrong key to be sent');
    expect(text(refused)).toMatch(/^Agent "locked" refused the credentials: .*401.*\. The user can set new ones with "agent-hub agent set-secret locked"\.$/);

    const set = await runCliAsync(['agent', 'set-secret', 'locked'], { dataDir, env: keyring.env, input: `${key}\n` });
    expect([set.code, set.stdout.trim()]).toEqual([0, 'Stored the credential of agent "locked" in the keychain.']);
    const ok = await eventually(async () => {
      const r = await client.callTool({ name: 'locked__send_message', arguments: { text: 'hi' } });
      return state(r) === 'completed' ? r : undefined;
    }, 20_000, 'the right key to be sent');
    expect(ok.isError).toBe(false);
    expect(agent.calls.at(-1)).toMatchObject({ authorized: true });
    expect(list(dataDir)[0]).toMatchObject({ credential: true });
    expect(keychainGet(keyring.env, `hub/${hubIdOf(dataDir)}/agent/locked/credential`)).toBe(key);
    expect(filesContaining(dataDir, key)).toEqual([]);
    expect(hub.output()).not.toContain(key);

    await hub.stop();
    expect((await runCliAsync(['agent', 'remove', 'locked'], { dataDir, env: keyring.env })).code).toBe(0);
    expect(keychainGet(keyring.env, `hub/${hubIdOf(dataDir)}/agent/locked/credential`)).toBeNull();
  });
});
