import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';
import { AUTO_SEARCH_THRESHOLD, type ClientProfile } from '../../../shared/client-profile.js';
import type { Catalog, CatalogChanges, Route } from './catalog.js';
import { HUB_TOOLS } from './hub-tools.js';

/**
 * What one client sees of the published catalog, by its profile: the servers and agents it may use,
 * their tools but the hidden ones, and its tool list (flat, or the hub's search tools and the pins).
 * Everything outside it is, for this client, exactly an unknown name.
 */
export interface ClientView {
  readonly client: string;
  /** The mode in effect ('auto' resolved by the number of visible tools). */
  readonly mode: 'flat' | 'search';
  /** The tools/list answer. */
  readonly tools: Tool[];
  toolsJson(): Buffer;
  /** A published tool this client may call (listed or found by search), by its published name. */
  tool(name: string): (Route & { tool: Tool }) | undefined;
  /** Whether the client sees this server or agent at all. */
  sees(server: string): boolean;
  readonly prompts: Prompt[];
  readonly resources: Resource[];
  readonly resourceTemplates: ResourceTemplate[];
  /** Number of tools the client may call (listed or not). */
  readonly visibleTools: number;
}

type Cached = ClientView & { catalogVersion: number; profile: ClientProfile; key: { tools: string; resources: string; prompts: string } };

export class ClientViews {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly catalog: Catalog,
    /** The client's stored profile (read again after invalidate()). */
    private readonly profileOf: (client: string) => ClientProfile,
  ) {}

  of(client: string): ClientView {
    const cached = this.cache.get(client);
    if (cached && cached.catalogVersion === this.catalog.version) return cached;
    const view = this.build(client, cached?.profile ?? this.profileOf(client));
    this.cache.set(client, view);
    return view;
  }

  /**
   * Profiles may have changed (the CLI or the UI): read them again, and say which clients' lists
   * changed, so their sessions hear list_changed (a switch of mode included).
   */
  reload(clients: Iterable<string>): Map<string, CatalogChanges> {
    const wanted = new Set(clients);
    // Clients without sessions get a fresh view (and profile) when they come back.
    for (const client of [...this.cache.keys()]) if (!wanted.has(client)) this.cache.delete(client);
    const changed = new Map<string, CatalogChanges>();
    for (const client of wanted) {
      const before = this.cache.get(client);
      const profile = this.profileOf(client);
      if (before && before.catalogVersion === this.catalog.version && JSON.stringify(profile) === JSON.stringify(before.profile)) continue;
      const after = this.build(client, profile);
      this.cache.set(client, after);
      // A client that never listed has nothing to hear: its first list is the new one.
      if (!before) continue;
      const changes = { tools: after.key.tools !== before.key.tools, resources: after.key.resources !== before.key.resources, prompts: after.key.prompts !== before.key.prompts };
      if (changes.tools || changes.resources || changes.prompts) changed.set(client, changes);
    }
    return changed;
  }

  private build(client: string, profile: ClientProfile): Cached {
    const catalog = this.catalog;
    const servers = profile.servers === null ? undefined : new Set(profile.servers);
    const hidden = new Set(profile.hiddenTools);
    const sees = (server: string) => servers === undefined || servers.has(server);
    const visible = (route: Route) => sees(route.server) && !hidden.has(`${route.server}__${route.original}`);
    const everything = servers === undefined && hidden.size === 0;

    const callable = everything ? catalog.tools : catalog.tools.filter((t) => visible(catalog.tool(t.name)!));
    const search = profile.mode === 'search' || (profile.mode === 'auto' && callable.length > AUTO_SEARCH_THRESHOLD);
    const pins = new Set(profile.pins);
    const listed = search ? [...HUB_TOOLS, ...callable.filter((t) => pinned(catalog.tool(t.name)!, pins))] : callable;
    let json: Buffer | undefined;
    const prompts = everything || servers === undefined ? catalog.prompts : catalog.prompts.filter((p) => sees(catalog.promptServer(p) ?? ''));
    const resources = servers === undefined ? catalog.resources : catalog.resources.filter((r) => sees(catalog.listedResourceServer(r) ?? ''));
    const resourceTemplates = servers === undefined ? catalog.resourceTemplates : catalog.resourceTemplates.filter((t) => sees(catalog.templateServer(t.uriTemplate) ?? ''));
    return {
      client,
      mode: search ? 'search' : 'flat',
      tools: listed,
      toolsJson: () => (listed === catalog.tools ? catalog.toolsListJson() : (json ??= Buffer.from(JSON.stringify(listed)))),
      tool: (name) => {
        const route = catalog.tool(name);
        return route && (everything || visible(route)) ? route : undefined;
      },
      sees,
      prompts,
      resources,
      resourceTemplates,
      visibleTools: callable.length,
      catalogVersion: catalog.version,
      profile,
      key: {
        tools: `${search}|${listed.map((t) => t.name).join(',')}`,
        resources: servers === undefined ? '*' : [...servers].sort().join(','),
        prompts: servers === undefined ? '*' : [...servers].sort().join(','),
      },
    };
  }
}

function pinned(route: Route, pins: ReadonlySet<string>): boolean {
  return pins.has(`${route.server}__${route.original}`);
}
