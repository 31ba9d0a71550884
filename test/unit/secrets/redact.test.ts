import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, SecretNeedles, secretNeedles } from '../../../main/core/secrets/redact.js';

describe('secret values kept out of call records', () => {
  it('looks for each value whole and for a header credential after its scheme, longest first, never short strings', () => {
    expect(secretNeedles(['Bearer abcd1234', 'tok-xyz', 'ab', ''])).toEqual(['Bearer abcd1234', 'abcd1234', 'tok-xyz']);
  });

  it('replaces them in every string of an answer, keys included, and leaves everything else as it was', () => {
    const needles = secretNeedles(['Bearer s3cr3t-token', 'env-value-1']);
    const answer = {
      content: [{ type: 'text', text: 'Authorization: Bearer s3cr3t-token; token s3cr3t-token again' }],
      structuredContent: { 'env-value-1': ['env-value-1', 42, true, null] },
      isError: false,
    };
    expect(redactSecrets(answer, needles)).toEqual({
      content: [{ type: 'text', text: `Authorization: ${REDACTED}; token ${REDACTED} again` }],
      structuredContent: { [REDACTED]: [REDACTED, 42, true, null] },
      isError: false,
    });
    expect(answer.content[0]!.text).toContain('s3cr3t-token');
    expect(redactSecrets('the process printed env-value-1', needles)).toBe(`the process printed ${REDACTED}`);
    expect(redactSecrets(undefined, needles)).toBeUndefined();
  });

  it('returns the very same value when the server has no secrets, and keeps nothing it did not search', () => {
    const answer = { a: 1 };
    expect(redactSecrets(answer, [])).toBe(answer);
    let deep: unknown = 'env-value-1';
    for (let i = 0; i < 300; i++) deep = [deep];
    expect(JSON.stringify(redactSecrets(deep, ['env-value-1']))).not.toContain('env-value-1');
  });

  it("keeps one server's needles: its configured values and the tokens held at the moment, the same list while nothing changed", () => {
    let held: string[] = [];
    const needles = new SecretNeedles(() => held);
    expect(needles.list()).toEqual([]);
    needles.configure({ env: { API_KEY: 'env-value-1' }, headers: { 'X-Key': 'header-value' } });
    const first = needles.list();
    expect(first).toEqual(['header-value', 'env-value-1']);
    expect(needles.list()).toBe(first);
    held = ['access-token-1'];
    expect(needles.list()).toEqual(['access-token-1', 'header-value', 'env-value-1']);
    held = ['access-token-2'];
    expect(needles.list()).toContain('access-token-2');
    expect(needles.list()).not.toContain('access-token-1');
  });
});
