import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';

/** What one server offers, as it reported it (original names). */
export interface UpstreamCatalog {
  tools: Tool[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  prompts: Prompt[];
}

export const emptyCatalog = (): UpstreamCatalog => ({ tools: [], resources: [], resourceTemplates: [], prompts: [] });
