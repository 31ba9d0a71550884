import { describe, expect, it } from 'vitest';
import { parseJsonc } from '../../main/core/config/jsonc.js';

describe('parseJsonc', () => {
  it('drops comments and trailing commas', () => {
    const text = `{
      // a comment
      "servers": { /* block */ "a": { "args": ["x",], }, },
    }`;
    expect(parseJsonc(text)).toEqual({ servers: { a: { args: ['x'] } } });
  });

  it('leaves strings alone, even when they look like comments or trailing commas', () => {
    expect(parseJsonc('{"url": "http://x//y", "v": "a,}", "q": "say \\"/*hi*/\\""}')).toEqual({
      url: 'http://x//y',
      v: 'a,}',
      q: 'say "/*hi*/"',
    });
  });

  it('still rejects what is not JSON', () => {
    expect(() => parseJsonc('{"a": }')).toThrow(SyntaxError);
  });
});
