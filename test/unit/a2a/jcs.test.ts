import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../main/core/a2a/jcs.js';

// Vectors from RFC 8785 itself: §3.2.2 (the sample), §3.2.3 (sorting), §3.2.4 (UTF-8 bytes of the
// sample) and Appendix B (number serialization samples, given as IEEE 754 bit patterns).

const RFC_SAMPLE = String.raw`{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`;
const RFC_SAMPLE_CANONICAL = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
const RFC_SAMPLE_UTF8 = `7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d`.replace(/\s+/g, '');

const RFC_SORTING = String.raw`{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}`;

/** RFC 8785 Appendix B: IEEE 754 double (hex bit pattern) → its JCS text. */
const NUMBER_SAMPLES: [string, string][] = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'], // minus zero
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'], // round to even
];
const NON_FINITE_SAMPLES = ['7fffffffffffffff', '7ff0000000000000']; // NaN, Infinity

const double = (hex: string): number => Buffer.from(hex, 'hex').readDoubleBE(0);

describe('RFC 8785 JSON canonicalization', () => {
  it('canonicalizes the RFC §3.2.2 sample to the RFC text and its §3.2.4 UTF-8 bytes', () => {
    const text = canonicalize(JSON.parse(RFC_SAMPLE));
    expect(text).toBe(RFC_SAMPLE_CANONICAL);
    expect(Buffer.from(text, 'utf8').toString('hex')).toBe(RFC_SAMPLE_UTF8);
  });

  it('sorts members by UTF-16 code units as in the RFC §3.2.3 example', () => {
    // Read the order off the text: parsing it again would put "1" first (integer-like keys lead in JS).
    const text = canonicalize(JSON.parse(RFC_SORTING));
    const order = [...text.matchAll(/:"([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
  });

  it.each(NUMBER_SAMPLES)('serializes the Appendix B number 0x%s as %s', (hex, expected) => {
    expect(canonicalize(double(hex))).toBe(expected);
    expect(canonicalize([double(hex)])).toBe(`[${expected}]`);
  });

  it.each(NON_FINITE_SAMPLES)('rejects the Appendix B non-finite number 0x%s', (hex) => {
    expect(() => canonicalize({ n: [double(hex)] })).toThrow(/cannot be canonicalized \(RFC 8785\): \$\.n\[0\] is (NaN|Infinity)/);
  });

  it('writes no whitespace and sorts nested objects too', () => {
    expect(canonicalize({ b: [1, { z: true, a: null }], a: { y: 'x', c: [] } })).toBe('{"a":{"c":[],"y":"x"},"b":[1,{"a":null,"z":true}]}');
  });

  it('leaves out members whose value is undefined, as JSON.stringify does', () => {
    expect(canonicalize({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('refuses values JSON cannot hold: lone surrogates, cycles, undefined in a list, class instances', () => {
    expect(() => canonicalize({ s: 'a\ud800' })).toThrow(/\$\.s holds a lone UTF-16 surrogate/);
    expect(() => canonicalize({ ['\udc00']: 1 })).toThrow(/lone UTF-16 surrogate/);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalize(loop)).toThrow(/\$\.self refers back to itself/);
    expect(() => canonicalize([undefined])).toThrow(/\$\[0\] is undefined/);
    expect(() => canonicalize({ d: new Date(0) })).toThrow(/\$\.d is \[object Date\], not a plain JSON object/);
    expect(() => canonicalize(1n)).toThrow(/is bigint/);
  });

  it('accepts a shared (non-cyclic) object twice', () => {
    const shared = { k: 1 };
    expect(canonicalize([shared, shared])).toBe('[{"k":1},{"k":1}]');
  });
});
