import type { AgentConfig, ServerConfig } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { A2A_TOOLS_NAME } from '../../../shared/names.js';

/**
 * An A2A agent as the gateway runs it: an in-process MCP server (a2a/agent-tools.ts) in front of the
 * agent, behind the same Upstream machinery as an MCP server (start, backoff, catalog, calls). The one
 * without `agent` is the hub's own `a2a` server (get_task, cancel_task).
 */
export interface A2AUpstreamConfig {
  transport: 'a2a';
  name: string;
  enabled: boolean;
  prefixTools: true;
  tools: { allow?: string[]; deny: string[] };
  agent?: AgentConfig;
}

export type UpstreamConfig = ServerConfig | A2AUpstreamConfig;

/** The upstreams of the configured agents, plus the `a2a` tools while any agent is enabled. */
export function agentUpstreams(agents: readonly AgentConfig[]): A2AUpstreamConfig[] {
  const out: A2AUpstreamConfig[] = agents.map((agent) => ({ transport: 'a2a', name: agent.name, enabled: agent.enabled, prefixTools: true, tools: { deny: [] }, agent }));
  if (agents.some((a) => a.enabled)) out.push({ transport: 'a2a', name: A2A_TOOLS_NAME, enabled: true, prefixTools: true, tools: { deny: [] } });
  return out;
}

const CARD_PATH = '.well-known/agent-card.json';

/** `<base>/.well-known/agent-card.json`, or the URL itself when it already names a JSON document. */
export function agentCardUrl(baseUrl: string): string {
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
  if (!url || !/^https?:$/.test(url.protocol)) throw new HubError(ErrorCodes.invalidArgument, `"${baseUrl}" is not an http:// or https:// URL.`);
  url.hash = '';
  // Also covers agent.json, where agents before v0.3 published their card.
  if (url.pathname.endsWith('.json')) return url.href;
  url.search = '';
  url.pathname = `${url.pathname.replace(/\/?$/, '/')}${CARD_PATH}`;
  return url.href;
}
