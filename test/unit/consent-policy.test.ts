import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvesDefinition, decide, ruleMatches, serverDenyRule, type CallFacts, type Rule } from '../../main/core/consent/consent-policy.js';

const names = fc.constantFrom('claude', 'cursor', 'vscode');
const servers = fc.constantFrom('git', 'fs', 'mem');
const tools = fc.constantFrom('read_file', 'write_file', 'delete', 'status');
const hashes = fc.constantFrom('h1', 'h2');

const ruleArb = fc.record({
  id: fc.integer({ min: 1, max: 1000 }),
  client: fc.oneof(names, fc.constant('*')),
  server: servers,
  tool: fc.oneof(tools, fc.constant('*')),
  effect: fc.constantFrom('allow' as const, 'deny' as const),
  scope: fc.constantFrom('session' as const, 'always' as const),
  sessionId: fc.constantFrom('s1', 's2'),
  definitionHash: fc.option(hashes, { nil: undefined }),
}).map((r) => (r.scope === 'session' ? r : { ...r, definitionHash: undefined })) as fc.Arbitrary<Rule>;

const callArb: fc.Arbitrary<CallFacts> = fc.record({
  client: names,
  sessionId: fc.constantFrom('s1', 's2'),
  server: servers,
  tool: tools,
  toolHash: hashes,
  pinnedHash: fc.option(hashes, { nil: undefined }),
});

describe('consent policy (properties)', () => {
  it('never allows a call without a matching allow rule approved for the current definition', () => {
    fc.assert(
      fc.property(callArb, fc.array(ruleArb, { maxLength: 12 }), (call, rules) => {
        const d = decide(call, rules);
        if (d.kind !== 'allow') return;
        expect(d.rule.effect).toBe('allow');
        expect(ruleMatches(d.rule, call)).toBe(true);
        // A session rule carries its own pin; a standing rule follows the tool's.
        const approved = d.rule.definitionHash ?? call.pinnedHash;
        expect(approved === undefined || approved === call.toolHash).toBe(true);
        expect(approvesDefinition(d.rule, call)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('denies whenever any matching rule denies, whatever allows exist', () => {
    fc.assert(
      fc.property(callArb, fc.array(ruleArb, { maxLength: 12 }), (call, rules) => {
        const anyDeny = rules.some((r) => r.effect === 'deny' && ruleMatches(r, call));
        expect(decide(call, rules).kind === 'deny').toBe(anyDeny);
      }),
      { numRuns: 2000 },
    );
  });

  it('asks when nothing matches, and says why when the tool changed', () => {
    fc.assert(
      fc.property(callArb, fc.array(ruleArb, { maxLength: 12 }), (call, rules) => {
        const d = decide(call, rules);
        const matching = rules.filter((r) => ruleMatches(r, call));
        if (matching.length === 0) expect(d).toEqual({ kind: 'ask', reason: 'no-rule' });
        if (d.kind === 'ask' && d.reason === 'changed') {
          const allows = matching.filter((r) => r.effect === 'allow');
          expect(allows.length).toBeGreaterThan(0);
          expect(allows.some((r) => approvesDefinition(r, call))).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });

  /** Names that look like `name` to a person but are different strings. */
  const lookAlike = (name: string) =>
    fc.constantFrom(
      name.toUpperCase(),
      name[0]!.toUpperCase() + name.slice(1),
      name.replace('e', '\u0435'), // Cyrillic small ie
      name.replace('a', '\u0430'), // Cyrillic small a
      name.replace('o', '\u043e'),
      `${name}\u200b`,
      `\u202e${name}`,
      name.replace('_', '\u200d_'),
      `x__${name}`,
      `${name}__`,
      name.replace('_', '__'),
      ` ${name}`,
      name.normalize('NFD') + '\u0301',
    ).filter((n) => n !== name);

  it('never lets a rule for one tool or client match a look-alike name', () => {
    fc.assert(
      fc.property(
        tools.chain((tool) => fc.tuple(fc.constant(tool), lookAlike(tool))),
        names.chain((client) => fc.tuple(fc.constant(client), lookAlike(client))),
        ([tool, fakeTool], [client, fakeClient]) => {
          const rules: Rule[] = [{ id: 1, client, server: 'git', tool, effect: 'allow', scope: 'always' }];
          const base = { sessionId: 's1', server: 'git', toolHash: 'h', pinnedHash: undefined };
          expect(decide({ ...base, client, tool }, rules).kind).toBe('allow');
          expect(decide({ ...base, client, tool: fakeTool }, rules).kind).toBe('ask');
          expect(decide({ ...base, client: fakeClient, tool }, rules).kind).toBe('ask');
          expect(decide({ ...base, client, tool, server: `git${fakeTool.slice(0, 0)}x` }, rules).kind).toBe('ask');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('consent policy (examples)', () => {
  const call: CallFacts = { client: 'claude', sessionId: 's1', server: 'git', tool: 'push', toolHash: 'h', pinnedHash: 'h' };
  const rule = (id: number, r: Partial<Rule>): Rule => ({ id, client: '*', server: 'git', tool: '*', effect: 'allow', scope: 'always', ...r });

  it('records the most specific rule', () => {
    const d = decide(call, [rule(1, {}), rule(2, { client: 'claude' }), rule(3, { tool: 'push' }), rule(4, { client: 'claude', tool: 'push' })]);
    expect(d).toMatchObject({ kind: 'allow', rule: { id: 4 } });
  });

  it('lets a general deny beat a specific allow', () => {
    expect(decide(call, [rule(1, { effect: 'deny' }), rule(2, { client: 'claude', tool: 'push' })])).toMatchObject({ kind: 'deny', rule: { id: 1 } });
  });

  it('applies a session rule only in its own session', () => {
    const r = rule(1, { scope: 'session', sessionId: 's2' });
    expect(decide(call, [r]).kind).toBe('ask');
    expect(decide({ ...call, sessionId: 's2' }, [r]).kind).toBe('allow');
  });

  it('stops applying an allow when the tool changed since it was approved, but keeps a deny', () => {
    const changed = { ...call, toolHash: 'new' };
    expect(decide(changed, [rule(1, {})])).toMatchObject({ kind: 'ask', reason: 'changed', changedRule: { id: 1 } });
    expect(decide(changed, [rule(1, { effect: 'deny' })]).kind).toBe('deny');
  });

  it('never uses a wildcard for the server', () => {
    expect(decide(call, [rule(1, { server: '*' })]).kind).toBe('ask');
  });

  it('lets a session rule cover the definition it was made for, whatever the standing pin says', () => {
    const changed = { ...call, toolHash: 'new' };
    const session = rule(2, { client: 'claude', tool: 'push', scope: 'session', sessionId: 's1', definitionHash: 'new' });
    // The standing rule (pinned to 'h') does not cover 'new'; the session answer given for 'new' does.
    expect(decide(changed, [rule(1, { client: 'claude', tool: 'push' }), session])).toMatchObject({ kind: 'allow', rule: { id: 2 } });
    // …and only that definition: once the tool changes again, both stop applying.
    expect(decide({ ...call, toolHash: 'newer' }, [rule(1, {}), session])).toMatchObject({ kind: 'ask', reason: 'changed' });
    // The standing rule still covers the pinned definition.
    expect(decide(call, [rule(1, {}), session])).toMatchObject({ kind: 'allow', rule: { id: 1 } });
  });

  it('finds the deny rule that refuses a whole server to a client (resources, prompts, completions)', () => {
    const rules = [rule(1, { effect: 'deny', tool: 'push' }), rule(2, { effect: 'deny', client: 'cursor' }), rule(3, { effect: 'allow' })];
    expect(serverDenyRule('claude', 's1', 'git', rules)).toBeUndefined();
    expect(serverDenyRule('cursor', 's1', 'git', rules)?.id).toBe(2);
    expect(serverDenyRule('cursor', 's1', 'fs', rules)).toBeUndefined();
    expect(serverDenyRule('claude', 's1', 'git', [...rules, rule(4, { effect: 'deny' })])?.id).toBe(4);
  });
});
