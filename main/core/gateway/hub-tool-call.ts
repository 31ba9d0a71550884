import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Route } from './catalog.js';
import type { GatewayContext } from './context.js';
import { parseCallArgs, isHubTool, searchToolsResult, SEARCH_TOOLS, unknownTool, type FoundTool } from './hub-tools.js';
import type { CallChannel, Session } from './in-flight.js';
import { callTool } from './tool-call.js';
import type { ToolSearch } from './tool-search.js';

type CallParams = { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> };

/**
 * A call of hub__search_tools or hub__call_tool by a client in search mode. The search sees only the
 * tools the client's profile lets it call; the call goes through the one tool-call pipeline with the
 * underlying tool's name, so nothing about it differs from calling that tool directly.
 */
export async function callHubTool(ctx: GatewayContext, search: ToolSearch, session: Session, params: CallParams, channel: CallChannel): Promise<CallToolResult> {
  await ctx.firstListing();
  if (params.name === SEARCH_TOOLS) {
    const view = ctx.views.of(session.client);
    return searchToolsResult(params.arguments, (query, limit) => search.search(query, limit, (name) => view.tool(name) !== undefined).map(({ route }) => found(route)));
  }
  const call = parseCallArgs(params.arguments);
  if ('content' in call) return call;
  if (isHubTool(call.name) || !ctx.views.of(session.client).tool(call.name)) return unknownTool(call.name);
  return callTool(ctx, session, { name: call.name, ...(call.arguments ? { arguments: call.arguments } : {}), ...(params._meta ? { _meta: params._meta } : {}) }, channel);
}

function found(route: Route & { tool: Tool }): FoundTool {
  const { tool } = route;
  return {
    name: tool.name,
    server: route.server,
    ...(tool.title ? { title: tool.title } : {}),
    description: tool.description ?? '',
    inputSchema: tool.inputSchema,
  };
}
