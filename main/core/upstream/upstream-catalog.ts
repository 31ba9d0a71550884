import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamCatalog } from '../store/catalog-cache-repo.js';

export type { UpstreamCatalog } from '../store/catalog-cache-repo.js';

export const emptyCatalog = (): UpstreamCatalog => ({ tools: [], resources: [], resourceTemplates: [], prompts: [] });

const toolIndexes = new WeakMap<UpstreamCatalog, Map<string, Tool>>();

/** A tool of a catalog by its own name (catalogs are replaced, never changed: the index is built once per catalog). */
export function toolByName(catalog: UpstreamCatalog, name: string): Tool | undefined {
  let index = toolIndexes.get(catalog);
  if (!index) toolIndexes.set(catalog, (index = new Map(catalog.tools.map((t) => [t.name, t]))));
  return index.get(name);
}
