import MiniSearch from 'minisearch';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Catalog, Route } from './catalog.js';

/** One published tool as the index knows it. */
interface ToolDoc {
  /** The published name (what hub__call_tool takes). */
  id: string;
  server: string;
  name: string;
  title: string;
  description: string;
  args: string;
}

export interface ToolMatch {
  route: Route & { tool: Tool };
  score: number;
}

/**
 * A full-text index (BM25, minisearch) over the published tools: their names split into words
 * (`create_issue`, `createIssue` → create issue), titles, descriptions, and argument names with their
 * descriptions. Rebuilt on the first search after the catalog changed, so a search always sees the
 * current tools. Results are ranked by score, ties by name: the same catalog gives the same answer.
 */
export class ToolSearch {
  private index: MiniSearch<ToolDoc> | undefined;
  private builtFor = -1;

  constructor(private readonly catalog: Catalog) {}

  /** The best matches among the tools `visible` lets through, at most `limit`. */
  search(query: string, limit: number, visible: (name: string) => boolean): ToolMatch[] {
    const index = this.current();
    // The words of a task are rarely the words of the tool ("tell the team" → post_message): a few
    // common synonyms join the query, weighing less than the words the model wrote.
    const own = new Set(words(query).map(stem).filter((t): t is string => t !== null));
    const extra = new Set([...own].flatMap((t) => SYNONYMS[t] ?? []).filter((t) => !own.has(t)));
    const hits = index.search([...own, ...extra].join(' '), {
      prefix: (term) => term.length >= 4,
      fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
      boost: { name: 3, title: 2, server: 1.5, description: 1, args: 0.7 },
      boostTerm: (term) => (own.has(term) ? 1 : 0.4),
      combineWith: 'OR',
      filter: (r) => visible(r.id as string),
    });
    const out: ToolMatch[] = [];
    for (const hit of hits.sort((a, b) => b.score - a.score || (a.id as string).localeCompare(b.id as string))) {
      const route = this.catalog.tool(hit.id as string);
      if (route) out.push({ route, score: hit.score });
      if (out.length >= limit) break;
    }
    return out;
  }

  private current(): MiniSearch<ToolDoc> {
    if (this.index && this.builtFor === this.catalog.version) return this.index;
    const index = new MiniSearch<ToolDoc>({
      fields: ['name', 'title', 'server', 'description', 'args'],
      storeFields: [],
      tokenize: words,
      processTerm: stem,
    });
    index.addAll(
      this.catalog.tools.flatMap((tool) => {
        const route = this.catalog.tool(tool.name);
        return route ? [toDoc(route)] : [];
      }),
    );
    this.index = index;
    this.builtFor = this.catalog.version;
    return index;
  }
}

function toDoc(route: Route & { tool: Tool }): ToolDoc {
  const { tool } = route;
  const properties = (tool.inputSchema?.properties ?? {}) as Record<string, { description?: unknown }>;
  const args = Object.entries(properties)
    .map(([name, p]) => `${name} ${typeof p?.description === 'string' ? p.description : ''}`)
    .join(' ');
  return {
    id: tool.name,
    server: route.server,
    name: route.original,
    title: tool.title ?? (tool.annotations?.title as string | undefined) ?? '',
    description: tool.description ?? '',
    args,
  };
}

/** Words of a name or a sentence: split at anything not a letter or digit, and at camelCase humps. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Lower case, and the commonest English endings off, so "issues" finds "issue" and "listing" "list". */
export function stem(term: string): string | null {
  const t = term.toLowerCase();
  if (t.length < 2) return null;
  if (t.length > 4 && t.endsWith('ies')) return `${t.slice(0, -3)}y`;
  if (t.length > 5 && t.endsWith('ing')) return t.slice(0, -3);
  if (t.length > 3 && t.endsWith('s') && !t.endsWith('ss') && !t.endsWith('us')) return t.slice(0, -1);
  return t;
}

/**
 * Words of tasks and the words tools use for them (stemmed, as the index stores them). Deliberately
 * short and generic: verbs of common actions and a few nouns every catalog has.
 */
const SYNONYMS: Record<string, string[]> = {
  tell: ['send', 'message', 'post', 'notify'],
  notify: ['send', 'message', 'post'],
  announce: ['send', 'message', 'post'],
  inform: ['send', 'message', 'notify'],
  say: ['send', 'message', 'post'],
  send: ['post', 'message'],
  post: ['send', 'message', 'publish'],
  find: ['search', 'list', 'get', 'query'],
  look: ['search', 'find', 'get'],
  locate: ['search', 'find'],
  search: ['find', 'query'],
  show: ['get', 'read', 'list', 'view'],
  see: ['get', 'read', 'list', 'view'],
  view: ['get', 'read'],
  display: ['get', 'read', 'list'],
  check: ['get', 'read', 'status'],
  open: ['read', 'get', 'create'],
  read: ['get', 'view', 'fetch'],
  fetch: ['get', 'read', 'download'],
  retrieve: ['get', 'read', 'fetch'],
  load: ['get', 'read'],
  download: ['get', 'fetch', 'read'],
  get: ['read', 'fetch', 'list'],
  make: ['create', 'add', 'new'],
  add: ['create', 'new', 'insert'],
  new: ['create', 'add'],
  start: ['create', 'run'],
  create: ['add', 'new', 'make'],
  remove: ['delete'],
  drop: ['delete', 'remove'],
  erase: ['delete', 'remove'],
  trash: ['delete', 'remove'],
  delete: ['remove'],
  change: ['update', 'edit', 'set'],
  edit: ['update', 'modify'],
  modify: ['update', 'edit'],
  rename: ['update', 'move'],
  update: ['edit', 'modify', 'set'],
  run: ['execute', 'query'],
  execute: ['run', 'query'],
  sql: ['query', 'database'],
  database: ['query', 'sql', 'table'],
  save: ['write', 'create', 'store'],
  store: ['write', 'save'],
  upload: ['write', 'create', 'put'],
  write: ['save', 'create'],
  email: ['mail', 'message', 'send'],
  mail: ['email', 'message'],
  bug: ['issue', 'ticket'],
  ticket: ['issue', 'bug'],
  issue: ['ticket', 'bug'],
  problem: ['issue', 'bug', 'error'],
  pr: ['pull', 'request'],
  repo: ['repository'],
  repository: ['repo'],
  document: ['file', 'doc', 'page'],
  doc: ['document', 'file', 'page'],
  folder: ['directory', 'dir'],
  directory: ['folder', 'dir'],
  meeting: ['event', 'calendar'],
  schedule: ['event', 'calendar', 'create'],
  person: ['user', 'member'],
  people: ['user', 'member'],
  teammate: ['user', 'member'],
  today: ['date', 'time'],
};
