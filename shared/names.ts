/**
 * Server, agent and client names are lower-case `[a-z0-9-]{1,32}`. Because `_` can never appear in a
 * name, a published tool name `server__tool` always splits in exactly one way (peers that allowed `__`
 * in server names broke their own routing).
 */
export const NAME_PATTERN = /^[a-z0-9-]{1,32}$/;
export const NAME_RULE = 'lower-case letters, digits and "-", 1 to 32 characters';

export function isValidName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/**
 * Turns any label ("My Server", "github.com/foo_bar") into a valid name, or '' if nothing usable is left.
 * Callers that need uniqueness pass the names already taken.
 */
export function toValidName(raw: string, taken: ReadonlySet<string> = new Set()): string {
  const base =
    raw
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32)
      .replace(/-+$/, '') || 'server';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const candidate = base.slice(0, 32 - suffix.length).replace(/-+$/, '') + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * The name under which the hub publishes its own A2A tools (`a2a__get_task`, `a2a__cancel_task`): no
 * server or agent may take it.
 */
export const A2A_TOOLS_NAME = 'a2a';

/** The name of the hub's own tools for clients in search mode (`hub__search_tools`, `hub__call_tool`). */
export const HUB_TOOLS_NAME = 'hub';
