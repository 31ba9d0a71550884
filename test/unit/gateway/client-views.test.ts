import { describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { Catalog } from '../../../main/core/gateway/catalog.js';
import { ClientViews } from '../../../main/core/gateway/client-views.js';
import { CALL_TOOL, SEARCH_TOOLS } from '../../../main/core/gateway/hub-tools.js';
import { ToolSearch } from '../../../main/core/gateway/tool-search.js';
import { stem, words } from '../../../main/core/gateway/tool-query.js';
import { AUTO_SEARCH_THRESHOLD, DEFAULT_PROFILE, applyProfilePatch, parseProfile, type ClientProfile } from '../../../shared/client-profile.js';
import { ServerConfigSchema } from '../../../shared/config.js';
import type { UpstreamConfig } from '../../../main/core/upstream/upstream-config.js';

const t = (name: string, description: string, args: Record<string, string> = {}): Tool => ({
  name,
  description,
  inputSchema: { type: 'object', properties: Object.fromEntries(Object.entries(args).map(([k, d]) => [k, { type: 'string', description: d }])) },
});

/** A catalog as the gateway publishes it, from servers and their tools. */
function catalogOf(servers: Record<string, Tool[]>, prefixTools = true): Catalog {
  const catalog = new Catalog();
  catalog.rebuild(
    Object.entries(servers).map(([name, tools]) => ({
      config: ServerConfigSchema.parse({ name, transport: 'stdio', command: 'x', prefixTools }) as UpstreamConfig,
      catalog: { tools, resources: [], resourceTemplates: [], prompts: [{ name: `${name}-prompt` }] } as never,
    })),
  );
  return catalog;
}

const FIXED = {
  github: [
    t('create_issue', 'Create a new issue in a GitHub repository.', { owner: 'Repository owner', repo: 'Repository name', title: 'Issue title', body: 'Issue body' }),
    t('list_pull_requests', 'List pull requests in a repository.', { state: 'open, closed or all' }),
    t('search_code', 'Search code across GitHub repositories.', { q: 'Search query' }),
  ],
  slack: [t('post_message', 'Send a message to a Slack channel.', { channel: 'Channel id', text: 'Message text' }), t('list_channels', 'List the channels of the workspace.')],
  fs: [t('read_file', 'Read the complete contents of a file from the file system.', { path: 'Path of the file' }), t('write_file', 'Create a new file or overwrite an existing one.', { path: 'Path', content: 'Content' })],
  postgres: [t('query', 'Run a read-only SQL query against the database.', { sql: 'The SQL statement' })],
};

describe('tool search', () => {
  const catalog = catalogOf(FIXED);
  const search = new ToolSearch(catalog);
  const names = (q: string, limit = 3, visible: (n: string) => boolean = () => true) => search.search(q, limit, visible).map((m) => m.route.tool.name);

  it('ranks the tool a task needs first, on names, descriptions and argument names', () => {
    expect(names('open an issue about the login bug in our repo')[0]).toBe('github__create_issue');
    expect(names('tell the team in slack that the deploy is done')[0]).toBe('slack__post_message');
    expect(names('read what is in the file config.yaml')[0]).toBe('fs__read_file');
    expect(names('how many users signed up yesterday? run sql')[0]).toBe('postgres__query');
    expect(names('which pull requests are still open')[0]).toBe('github__list_pull_requests');
  });

  it('gives the same answer for the same catalog, ties by name, and at most `limit`', () => {
    const again = new ToolSearch(catalogOf(FIXED));
    for (const q of ['list', 'file', 'create', 'message to the team']) {
      expect(again.search(q, 10, () => true).map((m) => m.route.tool.name)).toEqual(names(q, 10));
    }
    expect(names('list', 10).slice(0, 2).sort()).toEqual(['github__list_pull_requests', 'slack__list_channels']);
    expect(names('file', 1)).toHaveLength(1);
  });

  it('never returns what the caller may not see', () => {
    expect(names('issue', 5, (n) => !n.startsWith('github__'))).not.toContain('github__create_issue');
  });

  it('sees a list change at the next search', () => {
    const c = catalogOf(FIXED);
    const s = new ToolSearch(c);
    expect(s.search('weather forecast', 3, () => true)).toEqual([]);
    c.rebuild([{ config: ServerConfigSchema.parse({ name: 'weather', transport: 'stdio', command: 'x' }) as UpstreamConfig, catalog: { tools: [t('forecast', 'Weather forecast for a city.')], resources: [], resourceTemplates: [], prompts: [] } as never }]);
    expect(s.search('weather forecast', 3, () => true).map((m) => m.route.tool.name)).toEqual(['weather__forecast']);
  });

  it('splits names into words (camel-case words also whole) and takes the commonest endings off', () => {
    expect(words('github__create_issue')).toEqual(['github', 'create', 'issue']);
    expect(words('listPullRequests')).toEqual(['list', 'Pull', 'Requests', 'listPullRequests']);
    expect(words('getHTTPResponse')).toEqual(['get', 'HTTP', 'Response', 'getHTTPResponse']);
    expect(['issues', 'listing', 'queries', 'class', 'status', 'branches', 'switches'].map(stem)).toEqual(['issue', 'list', 'query', 'class', 'status', 'branch', 'switch']);
  });
});

describe('client views', () => {
  const catalog = catalogOf(FIXED);
  const viewsWith = (profiles: Record<string, ClientProfile>) => new ClientViews(catalog, (c) => profiles[c] ?? DEFAULT_PROFILE);
  const listed = (views: ClientViews, client: string) => views.of(client).tools.map((x) => x.name);

  it('shows a client with the default profile the whole catalog, as the same array (no copy)', () => {
    const views = viewsWith({});
    expect(views.of('any').tools).toBe(catalog.tools);
    expect(views.of('any').mode).toBe('flat');
    expect(views.of('any').toolsJson()).toBe(catalog.toolsListJson());
  });

  it('leaves out servers outside the profile and hidden tools, in lists and lookups alike', () => {
    const views = viewsWith({ c: applyProfilePatch(DEFAULT_PROFILE, { servers: ['github', 'fs'], hideTools: ['fs__write_file'] }) });
    expect(listed(views, 'c')).toEqual(['fs__read_file', 'github__create_issue', 'github__list_pull_requests', 'github__search_code']);
    expect(views.of('c').tool('fs__write_file')).toBeUndefined();
    expect(views.of('c').tool('slack__post_message')).toBeUndefined();
    expect(views.of('c').tool('fs__read_file')?.server).toBe('fs');
    expect(views.of('c').sees('slack')).toBe(false);
    expect(views.of('c').prompts.map((p) => p.name).sort()).toEqual(['fs__fs-prompt', 'github__github-prompt']);
  });

  it('lists the hub tools and the pins in search mode; every visible tool stays callable', () => {
    const views = viewsWith({ s: applyProfilePatch(DEFAULT_PROFILE, { mode: 'search', pin: ['fs__read_file'] }) });
    expect(listed(views, 's')).toEqual([SEARCH_TOOLS, CALL_TOOL, 'fs__read_file']);
    expect(views.of('s').tool('slack__post_message')).toBeDefined();
  });

  it('switches to search in auto mode only above the threshold', () => {
    const many = catalogOf({ big: Array.from({ length: AUTO_SEARCH_THRESHOLD + 1 }, (_, i) => t(`t${i}`, `tool ${i}`)) });
    const views = new ClientViews(many, () => applyProfilePatch(DEFAULT_PROFILE, { mode: 'auto' }));
    expect(views.of('a').mode).toBe('search');
    const hiding = new ClientViews(many, () => applyProfilePatch(DEFAULT_PROFILE, { mode: 'auto', hideTools: ['big__t0', 'big__t1'] }));
    expect(hiding.of('a').mode).toBe('flat');
    expect(hiding.of('a').tools).toHaveLength(AUTO_SEARCH_THRESHOLD - 1);
  });

  it('says which clients a profile change changed, and what', () => {
    const profiles: Record<string, ClientProfile> = {};
    const views = viewsWith(profiles);
    views.of('a');
    views.of('b');
    profiles.a = applyProfilePatch(DEFAULT_PROFILE, { mode: 'search' });
    expect(views.reload(['a', 'b'])).toEqual(new Map([['a', { tools: true, resources: false, prompts: false }]]));
    expect(views.of('a').mode).toBe('search');
    profiles.b = applyProfilePatch(DEFAULT_PROFILE, { servers: ['slack'] });
    expect(views.reload(['a', 'b']).get('b')).toEqual({ tools: true, resources: true, prompts: true });
    expect(views.reload(['a', 'b']).size).toBe(0);
  });
});

describe('profiles', () => {
  it('merge changes into sorted lists without duplicates, and read an unreadable one as nothing at all', () => {
    const p = applyProfilePatch(DEFAULT_PROFILE, { servers: ['b', 'a', 'a'], hideTools: ['x__t', 'x__t'], pin: ['y__u'] });
    expect(p).toEqual({ servers: ['a', 'b'], hiddenTools: ['x__t'], mode: 'flat', pins: ['y__u'] });
    expect(applyProfilePatch(p, { servers: null, showTools: ['x__t'], unpin: ['y__u'] })).toEqual(DEFAULT_PROFILE);
    expect(parseProfile('{}')).toEqual(DEFAULT_PROFILE);
    expect(parseProfile('{"mode":"search"}').mode).toBe('search');
    expect(parseProfile('{"servers":"all"}')).toEqual({ servers: [], hiddenTools: [], mode: 'flat', pins: [] });
    expect(parseProfile('nonsense').servers).toEqual([]);
  });
});
