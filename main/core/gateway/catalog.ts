import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import type { UpstreamConfig } from '../upstream/upstream-config.js';
import type { UpstreamCatalog } from '../upstream/upstream-catalog.js';

export const SEPARATOR = '__';

export interface Route {
  server: string;
  /** The name the server itself uses. */
  original: string;
}

export interface CatalogSource {
  config: UpstreamConfig;
  catalog: UpstreamCatalog;
}

export interface CatalogChanges {
  tools: boolean;
  resources: boolean;
  prompts: boolean;
}

/**
 * The published view of every enabled server: tools and prompts renamed to `server__name` (or bare,
 * for servers with prefixTools off), hidden tools left out, resources routed by URI. Rebuilt whenever a
 * server's catalog or the configuration changes; read on every request, so lookups are map hits and
 * tools/list returns a prebuilt array.
 *
 * Conflicts: servers are taken in name order. A bare name already taken falls back to `server__name`;
 * a resource URI or template offered by two servers goes to the first.
 */
export class Catalog {
  tools: Tool[] = [];
  prompts: Prompt[] = [];
  resources: Resource[] = [];
  resourceTemplates: ResourceTemplate[] = [];
  private toolRoutes = new Map<string, Route & { tool: Tool }>();
  private promptRoutes = new Map<string, Route>();
  private resourceRoutes = new Map<string, string>();
  private templateRoutes: { template: UriTemplate; uriTemplate: string; server: string }[] = [];
  private fingerprint = { tools: '', resources: '', prompts: '' };
  private toolsJson: Buffer | undefined;
  /** Counts rebuilds: views made from the catalog (per client, the search index) know when they are stale. */
  version = 0;

  /** The route of a published tool name; hidden and unknown tools both give undefined. */
  tool(name: string): (Route & { tool: Tool }) | undefined {
    return this.toolRoutes.get(name);
  }

  prompt(name: string): Route | undefined {
    return this.promptRoutes.get(name);
  }

  /** The server of a listed prompt, resource or template (for per-client lists). */
  promptServer(prompt: Prompt): string | undefined {
    return this.promptRoutes.get(prompt.name)?.server;
  }

  listedResourceServer(resource: Resource): string | undefined {
    return this.resourceRoutes.get(resource.uri);
  }

  /** The server that owns a resource URI: listed resources first, then the first matching template. */
  resourceServer(uri: string): string | undefined {
    const listed = this.resourceRoutes.get(uri);
    if (listed) return listed;
    return this.templateRoutes.find((t) => t.template.match(uri) !== null)?.server;
  }

  templateServer(uriTemplate: string): string | undefined {
    return this.templateRoutes.find((t) => t.uriTemplate === uriTemplate)?.server;
  }

  /** The `tools` array as JSON, encoded once per rebuild: tools/list of thousands of tools is a memcpy. */
  toolsListJson(): Buffer {
    return (this.toolsJson ??= Buffer.from(JSON.stringify(this.tools)));
  }

  /**
   * Rebuilds the published lists, but only when a source changed: each catalog object is serialized
   * once (catalogs are replaced, never mutated), and the per-kind fingerprints say what changed.
   */
  rebuild(sources: readonly CatalogSource[]): CatalogChanges {
    const ordered = [...sources].sort((a, b) => a.config.name.localeCompare(b.config.name));
    const next = { tools: '', resources: '', prompts: '' };
    for (const { config, catalog } of ordered) {
      const f = fingerprintOf(catalog);
      const settings = `${config.name}|${config.prefixTools}|${JSON.stringify(config.tools)}|`;
      // A server with nothing of a kind does not change that kind's list.
      if (f.tools !== '[]') next.tools += settings + f.tools;
      if (f.resources !== '[[],[]]') next.resources += settings + f.resources;
      if (f.prompts !== '[]') next.prompts += settings + f.prompts;
    }
    const changes = {
      tools: next.tools !== this.fingerprint.tools,
      resources: next.resources !== this.fingerprint.resources,
      prompts: next.prompts !== this.fingerprint.prompts,
    };
    this.fingerprint = next;
    if (changes.tools || changes.resources || changes.prompts) this.build(ordered);
    return changes;
  }

  private build(ordered: readonly CatalogSource[]): void {
    const tools: Tool[] = [];
    const toolRoutes = new Map<string, Route & { tool: Tool }>();
    const prompts: Prompt[] = [];
    const promptRoutes = new Map<string, Route>();
    const resources: Resource[] = [];
    const resourceRoutes = new Map<string, string>();
    const resourceTemplates: ResourceTemplate[] = [];
    const templateRoutes: Catalog['templateRoutes'] = [];

    for (const { config, catalog } of ordered) {
      const server = config.name;
      for (const tool of catalog.tools) {
        if (!isVisible(config, tool.name)) continue;
        const name = publishedName(config, tool.name, toolRoutes);
        if (!name) continue;
        const published = { ...tool, name };
        tools.push(published);
        toolRoutes.set(name, { server, original: tool.name, tool: published });
      }
      for (const prompt of catalog.prompts) {
        const name = publishedName(config, prompt.name, promptRoutes);
        if (!name) continue;
        prompts.push({ ...prompt, name });
        promptRoutes.set(name, { server, original: prompt.name });
      }
      for (const resource of catalog.resources) {
        if (resourceRoutes.has(resource.uri)) continue;
        resources.push(resource);
        resourceRoutes.set(resource.uri, server);
      }
      for (const t of catalog.resourceTemplates) {
        if (templateRoutes.some((r) => r.uriTemplate === t.uriTemplate)) continue;
        resourceTemplates.push(t);
        templateRoutes.push({ template: new UriTemplate(t.uriTemplate), uriTemplate: t.uriTemplate, server });
      }
    }

    Object.assign(this, { tools, toolRoutes, prompts, promptRoutes, resources, resourceRoutes, resourceTemplates, templateRoutes });
    this.toolsJson = undefined;
    this.version++;
    // Encode tools/list ahead of the first request, when the event loop is free.
    setImmediate(() => this.toolsListJson());
  }
}

const fingerprints = new WeakMap<UpstreamCatalog, { tools: string; resources: string; prompts: string }>();

export function fingerprintOf(catalog: UpstreamCatalog): { tools: string; resources: string; prompts: string } {
  let f = fingerprints.get(catalog);
  if (!f) {
    f = {
      tools: JSON.stringify(catalog.tools),
      resources: JSON.stringify([catalog.resources, catalog.resourceTemplates]),
      prompts: JSON.stringify(catalog.prompts),
    };
    fingerprints.set(catalog, f);
  }
  return f;
}

export function isVisible(config: Pick<UpstreamConfig, 'tools'>, tool: string): boolean {
  const { allow, deny } = config.tools;
  return (allow === undefined || allow.includes(tool)) && !deny.includes(tool);
}

function publishedName(config: UpstreamConfig, name: string, taken: ReadonlyMap<string, unknown>): string | undefined {
  const prefixed = `${config.name}${SEPARATOR}${name}`;
  // A bare name with "__" in it could pose as another server's tool (`other__tool`): never bare.
  if (!config.prefixTools && !name.includes(SEPARATOR) && !taken.has(name)) return name;
  return taken.has(prefixed) ? undefined : prefixed;
}
