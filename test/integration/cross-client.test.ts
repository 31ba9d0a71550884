import path from 'node:path';
import { CreateMessageRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs } from '../helpers/hub.js';

afterEach(stopAllHubs);

const text = (r: unknown) => ((r as { content: { text?: string }[] }).content[0]?.text ?? '');

/**
 * One server, two clients. Stdio tells the hub nothing about which call a server's log message or
 * sampling request belongs to; with calls from two clients in flight, the hub must not guess.
 */
describe('two clients on one server', () => {
  it("never shows one client's logs or sampling requests to the other", async () => {
    const dataDir = tempDataDir();
    const fixture = path.join(repoRoot, 'test/conformance/everything-server.mjs');
    expect(runCli(['server', 'add', 'fx', '--', process.execPath, fixture], { dataDir }).code).toBe(0);
    expect(runCli(['consent', 'allow', '--server', 'fx'], { dataDir }).code).toBe(0);
    const hub = await startHub({ dataDir });

    // A's sampling request stays open until A's user "answers": A's call is in flight meanwhile.
    const a = await hub.connect(hub.addClient('alice'), { sampling: {} });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let aAsked = 0;
    a.setRequestHandler(CreateMessageRequestSchema, async () => {
      aAsked++;
      await released;
      return { role: 'assistant', model: 'm', content: { type: 'text', text: 'from alice' } };
    });
    const b = await hub.connect(hub.addClient('bob'), { sampling: {} });
    let bAsked = 0;
    b.setRequestHandler(CreateMessageRequestSchema, () => {
      bAsked++;
      return { role: 'assistant', model: 'm', content: { type: 'text', text: 'from bob' } };
    });
    const bLogs: string[] = [];
    b.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void bLogs.push(String(n.params.data)));
    await eventually(async () => (await a.listTools()).tools.some((t) => t.name === 'fx__test_sampling'), 30_000);

    const aCall = a.callTool({ name: 'fx__test_sampling', arguments: { prompt: 'secret of alice' } });
    await eventually(() => aAsked === 1);

    // While A's call is in flight: B's log messages cannot be attributed, so none reach B (or A) …
    expect(text(await b.callTool({ name: 'fx__test_tool_with_logging', arguments: {} }))).toBe('Tool with logging executed successfully');
    expect(bLogs).toEqual([]);
    // … and B's sampling request is refused rather than possibly sent to A.
    const bSampling = await b.callTool({ name: 'fx__test_sampling', arguments: { prompt: 'hi' } });
    expect(text(bSampling)).toMatch(/cannot tell which client's call/);
    expect([aAsked, bAsked]).toEqual([1, 0]);

    release();
    expect(text(await aCall)).toContain('from alice');

    // Alone again, B gets its own logs and its own sampling requests.
    await b.callTool({ name: 'fx__test_tool_with_logging', arguments: {} });
    await eventually(() => bLogs.length === 3);
    expect(text(await b.callTool({ name: 'fx__test_sampling', arguments: { prompt: 'hi' } }))).toContain('from bob');
    expect(aAsked).toBe(1);
  });
});
