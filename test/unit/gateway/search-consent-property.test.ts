import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { ConsentService } from '../../../main/core/consent/consent-service.js';
import type { ToolCallRequest } from '../../../main/core/consent/consent-gate.js';
import { Gateway } from '../../../main/core/gateway/gateway.js';
import { CALL_TOOL } from '../../../main/core/gateway/hub-tools.js';
import { openStore, type Store } from '../../../main/core/store/store.js';
import { applyProfilePatch, DEFAULT_PROFILE, type ClientProfile } from '../../../shared/client-profile.js';
import { ServerConfigSchema } from '../../../shared/config.js';
import { FakeServers } from '../../helpers/in-memory-servers.js';
import { tempDataDir } from '../../helpers/cli.js';
import { fakeChannel, fakeSession } from './fake-sessions.js';

/*
 * Property: for any catalog, any consent rules and any profile, calling a tool through
 * hub__call_tool is the same as calling it directly: the same consent request (server, the real tool,
 * its live definition, the client), the same decision and outcome, the same record; and a tool the
 * profile hides is unknown on both paths. Real ConsentService on a real SQLite store; in-memory servers.
 */

const SERVERS = ['alpha', 'beta', 'gamma'] as const;
const TOOLS = ['read', 'write', 'delete', 'list'] as const;

const catalogArb = fc.dictionary(fc.constantFrom(...SERVERS), fc.subarray([...TOOLS], { minLength: 1 }), { minKeys: 1 });
const ruleArb = fc.record({
  client: fc.constantFrom('*', 'client-s'),
  server: fc.constantFrom(...SERVERS),
  tool: fc.constantFrom('*', ...TOOLS),
  effect: fc.constantFrom('allow' as const, 'deny' as const),
});
const profileArb = fc.record({
  servers: fc.option(fc.subarray([...SERVERS]), { nil: null }),
  hideTools: fc.subarray(SERVERS.flatMap((s) => TOOLS.map((t) => `${s}__${t}`)), { maxLength: 4 }),
});

const opened: Store[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
};

type Outcome = { kind: 'unknown' } | { kind: 'result'; isError: boolean; text: string };

async function outcome(run: () => Promise<CallToolResult>): Promise<Outcome> {
  try {
    const r = await run();
    const text = (r.content[0] as { text?: string } | undefined)?.text ?? '';
    // hub__call_tool's own answer for a name the client cannot call.
    if (r.isError && text.startsWith('There is no tool')) return { kind: 'unknown' };
    return { kind: 'result', isError: r.isError === true, text };
  } catch (e) {
    if (e instanceof McpError && /not found/.test(e.message)) return { kind: 'unknown' };
    throw e;
  }
}

describe('hub__call_tool is the underlying call', () => {
  it('asks consent the same way, decides the same, records the same, and hides the same', async () => {
    await fc.assert(
      fc.asyncProperty(catalogArb, fc.array(ruleArb, { maxLength: 6 }), profileArb, async (catalog, rules, profile) => {
        const store = openStore(tempDataDir());
        opened.push(store);
        for (const r of rules) store.consent.addRule({ ...r, scope: 'always', sessionId: null, createdBy: 'test' } as never);
        // No answer to a prompt: it times out at once (a denial), the same on both paths.
        const consent = new ConsentService(store.consent, { timeoutMs: () => 1 });
        const asked: (Pick<ToolCallRequest, 'client' | 'server' | 'tool'> & { definition: Tool })[] = [];
        const fake = new FakeServers();
        fake.tools = (name) => (catalog[name as (typeof SERVERS)[number]] ?? []).map((t) => ({ name: t, description: `${t} things on ${name}`, inputSchema: { type: 'object' } }));
        const p: ClientProfile = applyProfilePatch(DEFAULT_PROFILE, { ...profile, mode: 'search' });
        const gateway = new Gateway({
          version: 'test',
          consent: {
            decide: (req) => {
              asked.push({ client: req.client, server: req.server, tool: req.tool, definition: req.definition });
              return consent.decide(req);
            },
          },
          toolCalls: store.toolCalls,
          connect: fake.connect,
          startDelayMs: 0,
          profileOf: () => p,
        });
        try {
          await gateway.reconcile(Object.keys(catalog).map((name) => ServerConfigSchema.parse({ name, transport: 'stdio', command: 'x' })));
          const total = Object.values(catalog).reduce((n, tools) => n + tools.length, 0);
          await waitFor(() => gateway.catalog.tools.length === total);
          const { session } = fakeSession('s');
          for (const server of SERVERS) {
            for (const tool of TOOLS) {
              const name = `${server}__${tool}`;
              const before = asked.length;
              const direct = await outcome(() => gateway.callTool(session, { name, arguments: { n: 1 } }, fakeChannel(session).channel));
              const directAsked = asked.slice(before);
              const viaHub = await outcome(() => gateway.callTool(session, { name: CALL_TOOL, arguments: { name, arguments: { n: 1 } } }, fakeChannel(session).channel));
              const hubAsked = asked.slice(before + directAsked.length);
              expect(viaHub, name).toEqual(direct);
              expect(hubAsked, name).toEqual(directAsked);
              const visible = (catalog[server] ?? []).includes(tool) && (p.servers === null || p.servers.includes(server)) && !p.hiddenTools.includes(name);
              expect(direct.kind, name).toBe(visible ? 'result' : 'unknown');
            }
          }
          await new Promise((r) => setTimeout(r, 5)); // outcomes are written right after the answer
          // The record holds each call under the real tool, twice (direct and through hub__call_tool), never hub__call_tool.
          const recorded = store.db.prepare('SELECT server, tool, status FROM tool_calls ORDER BY id').all() as { server: string; tool: string; status: string }[];
          expect(recorded.some((r) => r.tool === 'call_tool' || r.server === 'hub')).toBe(false);
          for (let i = 0; i < recorded.length; i += 2) expect(recorded[i + 1], 'each pair alike').toEqual(recorded[i]);
        } finally {
          await gateway.dispose();
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
