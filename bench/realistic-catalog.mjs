// A realistic catalog of MCP tools for the token and retrieval benchmark (section "tokens"):
//   - hand-written servers modelled on the MCP servers people run (realistic-servers.mjs: GitHub, Atlassian,
//     Slack, Gmail, Kubernetes, Stripe … 461 tools);
//   - generated servers in the style of a large company's internal APIs (internal-apis.mjs: billing-api,
//     inventory-svc … CRUD and domain actions, many near-duplicates);
//   - a query set of realistic tasks, each with the one tool it needs (tool-queries.mjs): QUERIES, looked at
//     while the index was tuned, and HOLDOUT_QUERIES, written before and only ever looked at in total.
// catalogFor(n) takes servers in that order until it has exactly n tools (the last one cut short):
//   40 → filesystem, git, slack, fetch, brave-search, time; 500 → every hand-written server and the first
//   internal one; 6,000 → everything. Deterministic: the same n gives the same servers and tools.
import { REAL_SERVERS } from './realistic-servers.mjs';
import { INTERNAL_SERVERS } from './internal-apis.mjs';
import { HOLDOUT_QUERIES, QUERIES } from './tool-queries.mjs';

export { HOLDOUT_QUERIES, QUERIES };
/** Every query, each with its set: 'dev' (QUERIES) or 'holdout'. */
export const ALL_QUERIES = [...QUERIES.map((q) => ({ ...q, set: 'dev' })), ...HOLDOUT_QUERIES.map((q) => ({ ...q, set: 'holdout' }))];

/** Every server in catalog order: the hand-written ones, then the internal services. */
export const ALL_SERVERS = [...REAL_SERVERS.map((s) => ({ ...s, kind: 'real' })), ...INTERNAL_SERVERS.map(({ name, tools }) => ({ name, tools, kind: 'internal' }))];
export const MAX_TOOLS = ALL_SERVERS.reduce((n, s) => n + s.tools.length, 0);

/** Servers and their tools totalling exactly n. */
export function catalogFor(n) {
  if (!Number.isInteger(n) || n < 1 || n > MAX_TOOLS) throw new Error(`catalogFor: n must be 1..${MAX_TOOLS}, not ${n}`);
  const out = [];
  let left = n;
  for (const server of ALL_SERVERS) {
    if (left === 0) break;
    const tools = server.tools.slice(0, left);
    out.push({ name: server.name, kind: server.kind, tools });
    left -= tools.length;
  }
  return out;
}

/** The published names (server__tool) of a catalog's tools. */
export function publishedNames(servers) {
  return new Set(servers.flatMap((s) => s.tools.map((t) => `${s.name}__${t.name}`)));
}

/** The queries (ALL_QUERIES) whose tool is in this catalog. */
export function queriesFor(servers) {
  const names = publishedNames(servers);
  return ALL_QUERIES.filter((q) => names.has(q.tool));
}
