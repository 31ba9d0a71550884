import type { Db } from './db.js';
import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';

/** What one server offers, as it reported it (original names). */
export interface UpstreamCatalog {
  tools: Tool[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  prompts: Prompt[];
}

/** A server's protocol era as found by a probe (see upstream/era.ts and migration 0012). */
export interface StoredEra {
  /** Hash of the config the verdict holds for. */
  configKey: string;
  era: 'modern' | 'legacy';
  /** What it spoke: 2026-07-28, 2025-11-25 … */
  protocolVersion: string | null;
  /** A modern server's server/discover result (null for legacy). */
  discover: Record<string, unknown> | null;
  /** When the probe found it (ISO 8601). */
  checkedAt: string;
}

interface EraRow {
  server: string;
  config_key: string;
  era: 'modern' | 'legacy';
  protocol_version: string | null;
  discover: string | null;
  checked_at: string;
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

  /** The era remembered for a server, whatever config it was found with (the caller compares the key). */
  era(server: string): StoredEra | undefined {
    const row = this.db.prepare('SELECT * FROM server_eras WHERE server = ?').get(server) as EraRow | undefined;
    return row && eraOf(row);
  }

  /** Every remembered era, by server (for `server list`). */
  eras(): Map<string, StoredEra> {
    const rows = this.db.prepare('SELECT * FROM server_eras').all() as EraRow[];
    return new Map(rows.flatMap((r) => {
      const era = eraOf(r);
      return era ? [[r.server, era] as const] : [];
    }));
  }

  /** Remembers a server's era (a server removed meanwhile has none: nothing is written). */
  saveEra(server: string, era: StoredEra): void {
    this.db
      .prepare(
        `INSERT INTO server_eras (server, config_key, era, protocol_version, discover, checked_at)
         SELECT @server, @configKey, @era, @protocolVersion, @discover, @checkedAt WHERE EXISTS (SELECT 1 FROM servers WHERE name = @server)
         ON CONFLICT (server) DO UPDATE SET config_key = excluded.config_key, era = excluded.era, protocol_version = excluded.protocol_version,
           discover = excluded.discover, checked_at = excluded.checked_at`,
      )
      .run({ ...era, server, discover: era.era === 'modern' ? JSON.stringify(era.discover ?? {}) : null });
  }

  forgetEra(server: string): void {
    this.db.prepare('DELETE FROM server_eras WHERE server = ?').run(server);
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

function eraOf(r: EraRow): StoredEra | undefined {
  try {
    const discover = r.discover === null ? null : (JSON.parse(r.discover) as Record<string, unknown>);
    return { configKey: r.config_key, era: r.era, protocolVersion: r.protocol_version, discover, checkedAt: r.checked_at };
  } catch {
    // A damaged entry only costs a probe.
    return undefined;
  }
}
