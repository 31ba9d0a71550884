import { describe, expect, it } from 'vitest';
import { isValidName, toValidName } from '../../shared/names.js';

describe('server names', () => {
  it('accepts lower-case letters, digits and dashes up to 32 characters', () => {
    expect(isValidName('github-2')).toBe(true);
    expect(isValidName('a'.repeat(32))).toBe(true);
    for (const bad of ['', 'a'.repeat(33), 'GitHub', 'my_server', 'a__b', 'a b', 'ü']) expect(isValidName(bad)).toBe(false);
  });

  it('turns any label into a valid name', () => {
    expect(toValidName('My Server')).toBe('my-server');
    expect(toValidName('github.com/foo_bar')).toBe('github-com-foo-bar');
    expect(toValidName('Café  Crème!')).toBe('cafe-creme');
    expect(toValidName('___')).toBe('server');
    expect(toValidName('x'.repeat(40))).toHaveLength(32);
    expect(isValidName(toValidName('a__b'))).toBe(true);
  });

  it('never hands out a name that is taken', () => {
    const taken = new Set(['my-server', 'my-server-2']);
    expect(toValidName('My Server', taken)).toBe('my-server-3');
    const long = toValidName('y'.repeat(40), new Set(['y'.repeat(32)]));
    expect(long).toBe('y'.repeat(30) + '-2');
  });
});
