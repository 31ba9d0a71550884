import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { A2A_TOOLS_NAME } from '../../../shared/names.js';
import { UI_CLIENT } from '../../../shared/workbench.js';
import type { Store } from '../store/store.js';
import { WILDCARD, type Effect } from './consent-policy.js';

/** The tools of the hub's own A2A server, and of every agent (see a2a/agent-tools.ts). */
const A2A_TOOLS = ['get_task', 'cancel_task'];
const AGENT_TOOLS = ['send_message'];

/**
 * A standing rule made by the user up front (`agent-hub consent allow|deny`). A rule for a server,
 * client or tool that does not exist would never apply, or would apply to whatever takes that name
 * later: it is refused with the reason, unless `force` (then the reasons come back as warnings).
 * Rules go with the server, agent or client they were made for (migration 0008).
 */
export function addStandingRule(
  store: Pick<Store, 'consent' | 'servers' | 'agents' | 'clients' | 'catalogCache'>,
  rule: { client: string; server: string; tool: string; effect: Effect; createdBy: string },
  { force = false } = {},
): { id: number; warnings: string[] } {
  const warnings: string[] = [];
  const isServer = store.servers.get(rule.server) !== undefined;
  const isAgent = store.agents.get(rule.server) !== undefined;
  if (!isServer && !isAgent && rule.server !== A2A_TOOLS_NAME) {
    warnings.push(`There is no server or agent named "${rule.server}" (see: agent-hub server list), so the rule would apply to whatever is added under that name later`);
  } else if (rule.tool !== WILDCARD) {
    const tools = rule.server === A2A_TOOLS_NAME ? A2A_TOOLS : isAgent ? AGENT_TOOLS : store.catalogCache.toolNames(rule.server);
    if (tools && !tools.includes(rule.tool)) {
      warnings.push(`"${rule.server}" has no tool named "${rule.tool}" (its tools: ${tools.join(', ') || 'none'}); a rule names the server's own tool name`);
    }
  }
  // The UI's own client (the Workbench) is known without a row: rules may name it.
  if (rule.client !== WILDCARD && rule.client !== UI_CLIENT && !store.clients.exists(rule.client)) {
    warnings.push(`There is no client named "${rule.client}" (see: agent-hub client list)`);
  }
  if (warnings.length && !force) throw new HubError(ErrorCodes.notFound, `${warnings.join('; ')}; nothing was changed (add --force to make the rule anyway).`);
  const id = store.consent.addRule({ ...rule, scope: 'always' });
  return { id, warnings };
}
