/**
 * A server's secret values (its secret env values and headers, from the keychain) are kept out of
 * hub.db even when the server itself echoes them: an error that prints its Authorization header, a
 * tool that returns its environment. What the timeline records of a call to that server (arguments,
 * answer, error) has each value replaced by REDACTED.
 */
export const REDACTED = '[secret value removed by Agent Hub]';

/** Values shorter than this are not looked for: they would match ordinary text, and are no secret. */
const MIN_SECRET_LENGTH = 4;

/** The strings to look for in a server's secret values: each whole, and a header's credential after its scheme ("Bearer X" → X). */
export function secretNeedles(values: Iterable<string>): string[] {
  const needles = new Set<string>();
  for (const value of values) {
    if (value.length >= MIN_SECRET_LENGTH) needles.add(value);
    const credential = /^[A-Za-z][\w-]*\s+(\S.*)$/.exec(value)?.[1];
    if (credential && credential.length >= MIN_SECRET_LENGTH) needles.add(credential);
  }
  // Longest first, so a credential inside a whole value is never left half replaced.
  return [...needles].sort((a, b) => b.length - a.length);
}

/**
 * One server's or agent's needles: its secret env and header values as last read from the keychain,
 * and the tokens or credential held for it at the moment; worked out again only when either changes.
 */
export class SecretNeedles {
  private configured: string[] = [];
  private cache: { held: string; list: readonly string[] } | undefined;

  constructor(private readonly held: () => readonly string[]) {}

  configure(values: { env: Record<string, string>; headers: Record<string, string> }): void {
    this.configured = [...Object.values(values.env), ...Object.values(values.headers)];
    this.cache = undefined;
  }

  list(): readonly string[] {
    const held = this.held();
    const key = held.join('\n');
    if (this.cache?.held !== key) this.cache = { held: key, list: secretNeedles([...this.configured, ...held]) };
    return this.cache.list;
  }
}

/** `value` with every needle replaced in every string (keys included); the same object when there is nothing to look for. */
export function redactSecrets<T>(value: T, needles: readonly string[]): T {
  if (needles.length === 0) return value;
  const inString = (s: string): string => {
    let out = s;
    for (const needle of needles) if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    return out;
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return inString(v);
    if (v === null || typeof v !== 'object') return v;
    // Deeper than any answer worth reading: not searched, so not kept.
    if (depth > 200) return '[nested too deep to record]';
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) out[inString(k)] = walk(item, depth + 1);
    return out;
  };
  return walk(value, 0) as T;
}
