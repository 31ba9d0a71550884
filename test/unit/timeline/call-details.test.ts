import { describe, expect, it } from 'vitest';
import { capResult, MAX_STORED_RESULT } from '../../../main/core/store/tool-calls-repo.js';
import { describeConsent, describeRule, describeTotals, ruleIdOf } from '../../../shared/timeline.js';
import type { ConsentRuleView } from '../../../shared/consent.js';

const rule = (over: Partial<ConsentRuleView> = {}): ConsentRuleView => ({
  id: 3,
  client: 'cursor',
  server: 'github',
  tool: '*',
  effect: 'allow',
  scope: 'always',
  sessionId: null,
  createdBy: 'cli',
  createdAt: '2026-12-01T10:00:00.000Z',
  ...over,
});

describe("a call's result on the record", () => {
  it('is kept whole up to the cap, its big payloads replaced by their size above it, and cut to a preview beyond that', () => {
    const small = { content: [{ type: 'text', text: 'hi' }] };
    expect(capResult(small)).toBe(JSON.stringify(small));
    const image = { content: [{ type: 'image', mimeType: 'image/png', data: 'A'.repeat(200_000) }, { type: 'text', text: 'a chart' }] };
    expect(JSON.parse(capResult(image))).toEqual({ content: [{ type: 'image', mimeType: 'image/png', data: '[200000 characters of base64, not kept]' }, { type: 'text', text: 'a chart' }] });
    const huge = capResult({ content: [{ type: 'text', text: 'x'.repeat(500_000) }] });
    expect(huge.length).toBeLessThanOrEqual(MAX_STORED_RESULT);
    expect(JSON.parse(huge)).toMatchObject({ truncated: true, size: expect.any(Number), preview: expect.stringMatching(/^\{"content"/) });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(JSON.parse(capResult(cycle))).toMatchObject({ unrecordable: true });
  });
});

describe('consent in words', () => {
  it('names the rule with what it covers and where it was made', () => {
    expect(ruleIdOf('rule 12: deny')).toBe(12);
    expect(ruleIdOf('user (cli): allow once')).toBeUndefined();
    expect(describeRule(rule())).toBe('allow cursor → github, every tool, always, made with the CLI');
    expect(describeRule(rule({ client: '*', tool: 'create_issue', createdBy: 'prompt 7', scope: 'session' }), 'browser')).toBe(
      'allow any client → github, create_issue, for one session, made when prompt 7 was answered in the browser',
    );
    expect(describeConsent({ status: 'ok', decision: 'rule 3: allow', kind: 'tool' }, rule(), undefined).summary).toBe(
      'Allowed by rule 3: allow cursor → github, every tool, always, made with the CLI.',
    );
    expect(describeConsent({ status: 'denied', decision: 'rule 4: deny', kind: 'tool' }, { id: 4, gone: true }, undefined)).toEqual({
      outcome: 'denied',
      summary: 'Denied by rule 4 (that rule no longer exists: it was revoked, or went with its server or client).',
    });
  });

  it('says who answered and how long it took, or why nobody did', () => {
    const prompt = { id: 9, status: 'denied' as const, reason: 'changed' as const, remember: 'once' as const, answeredBy: 'desktop', createdAt: '2026-12-01T10:00:00.000Z', answeredAt: '2026-12-01T10:00:04.200Z' };
    expect(describeConsent({ status: 'denied', decision: 'user (desktop): deny once', kind: 'tool' }, undefined, prompt).summary).toBe(
      'Denied by the user in the desktop app, for this call only, after 4.2 s. The tool had changed since it was approved, so the user was asked again.',
    );
    expect(describeConsent({ status: 'ok', decision: 'user (client): allow always', kind: 'tool', consentMs: 800 }, undefined, undefined).summary).toBe(
      'Allowed by the user in the client app, always (a rule was made), after 800 ms.',
    );
    expect(describeConsent({ status: 'denied', decision: 'timeout after 50 s', kind: 'tool' }, undefined, undefined).summary).toBe('Denied: nobody answered the prompt within 50 s.');
    expect(describeConsent({ status: 'cancelled', decision: 'withdrawn (the client disconnected)', kind: 'tool' }, undefined, undefined).summary).toBe(
      'Not made: the prompt was withdrawn (the client disconnected).',
    );
    expect(describeConsent({ status: 'rate-limited', decision: null, kind: 'tool' }, undefined, undefined).outcome).toBe('not-asked');
    expect(describeConsent({ status: 'ok', decision: null, kind: 'resource' }, undefined, undefined).summary).toMatch(/^Not asked: resource reads/);
    expect(describeConsent({ status: 'running', decision: null, kind: 'tool' }, undefined, { ...prompt, status: 'pending', answeredAt: null }).summary).toBe('Waiting for the user to answer the prompt.');
  });

  it('counts what is not zero', () => {
    expect(describeTotals({ calls: 1234, byStatus: { ok: 1200, denied: 12, error: 3, cancelled: 0 }, byKind: {} })).toBe('1,234 calls · 12 denied · 3 errors');
    expect(describeTotals({ calls: 1, byStatus: { error: 1 }, byKind: {} })).toBe('1 call · 1 error');
  });
});
