import type { Db } from './db.js';
import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';

/** What one server offers, as it reported it (original names). */
export interface UpstreamCatalog {
  tools: Tool[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  prompts: Prompt[];
}

/** The last catalog each server reported, so a restarted hub can answer tools/list before servers are up. */
export class CatalogCacheRepo {
  constructor(private readonly db: Db) {}

  load(): Map<string, UpstreamCatalog> {
    const rows = this.db.prepare('SELECT server, catalog FROM catalog_cache').all() as { server: string; catalog: string }[];
    const out = new Map<string, UpstreamCatalog>();
    for (const r of rows) {
      try {
        out.set(r.server, JSON.parse(r.catalog) as UpstreamCatalog);
      } catch {
        // A damaged cache entry only costs a slower first answer.
      }
    }
    return out;
  }

  /** The names of a server's tools as it last listed them; undefined when it never has. */
  toolNames(server: string): string[] | undefined {
    const text = this.db.prepare('SELECT catalog FROM catalog_cache WHERE server = ?').pluck().get(server) as string | undefined;
    try {
      return text === undefined ? undefined : (JSON.parse(text) as UpstreamCatalog).tools.map((t) => t.name);
    } catch {
      return undefined;
    }
  }

  save(server: string, catalog: UpstreamCatalog): void {
    this.db
      .prepare(
        `INSERT INTO catalog_cache (server, catalog, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (server) DO UPDATE SET catalog = excluded.catalog, updated_at = excluded.updated_at`,
      )
      .run(server, JSON.stringify(catalog), new Date().toISOString());
  }
}
