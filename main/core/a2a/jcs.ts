import { ErrorCodes, HubError } from '../../../shared/errors.js';

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one byte-exact text per JSON value, so a signature or a
 * hash over it means the same thing to every implementation. Signed agent cards are JWS over this
 * text, and the hub's card pins are hashed over it.
 *
 * ECMAScript already serializes the leaves the way JCS asks (RFC 8785 §3.2.2 is defined in terms of
 * JSON.stringify and Number.prototype.toString), so only the structure needs work: object members
 * sorted by the UTF-16 code units of their names, no whitespace.
 */
export function canonicalize(value: unknown): string {
  return encode(value, '$', new Set());
}

/** A lone surrogate is not I-JSON (RFC 7493), which JCS requires of its input (RFC 8785 §3.1). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function encode(value: unknown, where: string, ancestors: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return encodeNumber(value, where);
    case 'string':
      return encodeString(value, where);
    case 'object':
      return encodeContainer(value, where, ancestors);
    default:
      throw fail(where, `is ${typeof value}, which JSON cannot hold`);
  }
}

function encodeNumber(n: number, where: string): string {
  // RFC 8785 §3.2.2.3: NaN and ±Infinity have no JSON form and MUST be rejected, not turned into null.
  if (!Number.isFinite(n)) throw fail(where, `is ${String(n)}, which JSON cannot hold`);
  // JSON.stringify is Number.prototype.toString here, except that -0 becomes "0", as JCS wants.
  return JSON.stringify(n);
}

function encodeString(s: string, where: string): string {
  if (LONE_SURROGATE.test(s)) throw fail(where, 'holds a lone UTF-16 surrogate, which is not valid Unicode');
  return JSON.stringify(s);
}

function encodeContainer(value: object, where: string, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw fail(where, 'refers back to itself');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return encodeArray(value, where, ancestors);
    if (!isPlainObject(value)) throw fail(where, `is ${Object.prototype.toString.call(value)}, not a plain JSON object`);
    return encodeObject(value, where, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function encodeArray(items: readonly unknown[], where: string, ancestors: Set<object>): string {
  return `[${items.map((item, i) => encode(item, `${where}[${i}]`, ancestors)).join(',')}]`;
}

function encodeObject(record: Record<string, unknown>, where: string, ancestors: Set<object>): string {
  // Members whose value is undefined are absent, as with JSON.stringify; this lets callers pass
  // TypeScript objects with unset optional fields.
  const keys = Object.keys(record).filter((k) => record[k] !== undefined);
  // The default sort compares UTF-16 code units, which is exactly the order RFC 8785 §3.2.3 asks for
  // (not code points, not locale order).
  keys.sort();
  const members = keys.map((k) => `${encodeString(k, where)}:${encode(record[k], `${where}.${k}`, ancestors)}`);
  return `{${members.join(',')}}`;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function fail(where: string, problem: string): HubError {
  return new HubError(ErrorCodes.invalidArgument, `The value cannot be canonicalized (RFC 8785): ${where} ${problem}.`);
}
