import { A2A_TOOLS_NAME } from '../../../shared/names.js';
import type { Store } from '../store/store.js';

/** The tools of every agent and of the hub's own A2A server (see a2a/agent-tools.ts). */
const AGENT_TOOLS = ['send_message'];
const A2A_TOOLS = ['get_task', 'cancel_task'];

export type NamesStore = Pick<Store, 'servers' | 'agents' | 'catalogCache'>;

/**
 * Why a server or agent name names nothing (a setting for it would apply to whatever is added under
 * that name later), or undefined when it exists. Settings that name things (rate limits, profiles)
 * refuse such names unless forced.
 */
export function unknownServer(store: NamesStore, server: string): string | undefined {
  if (server === A2A_TOOLS_NAME || store.servers.get(server) !== undefined || store.agents.get(server) !== undefined) return undefined;
  return `There is no server or agent named "${server}" (see: agent-hub server list, agent-hub agent list)`;
}

/** Why SERVER's tool TOOL names nothing known, or undefined (also when the server never listed its tools yet). */
export function unknownTool(store: NamesStore, server: string, tool: string): string | undefined {
  const missing = unknownServer(store, server);
  if (missing) return missing;
  const tools = server === A2A_TOOLS_NAME ? A2A_TOOLS : store.agents.get(server) !== undefined ? AGENT_TOOLS : store.catalogCache.toolNames(server);
  if (!tools || tools.includes(tool)) return undefined;
  return `"${server}" has no tool named "${tool}" (its tools: ${tools.join(', ') || 'none'}); name the server's own tool name`;
}
