// The hub's own tools for a client in search mode: instead of every definition on every request, the
// model reads two, finds the tool it needs with hub__search_tools and calls it with hub__call_tool.
// hub__call_tool is a router, not a tool of its own: the call it makes is the underlying tool's call in
// every respect (consent and its prompt naming the real tool, pins, rate limits, the record, progress
// and cancellation), and it reaches only what the client's profile lets it see.
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { HUB_TOOLS_NAME } from '../../../shared/names.js';
import { formatZodIssue } from '../../../shared/zod-issue.js';

export const SEARCH_TOOLS = `${HUB_TOOLS_NAME}__search_tools`;
export const CALL_TOOL = `${HUB_TOOLS_NAME}__call_tool`;
const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 25;

export const HUB_TOOLS: Tool[] = [
  {
    name: SEARCH_TOOLS,
    title: 'Search tools',
    description:
      'Find the tools you can use for a task. Describe what you want to do (e.g. "create an issue in a GitHub repository"); ' +
      'returns the best matching tools with their name, server, description and input schema. Then call one with hub__call_tool.',
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What you want to do, in words.' },
        limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, description: `How many tools to return (default ${DEFAULT_LIMIT}).` },
      },
      required: ['query'],
      additionalProperties: false,
    },
    annotations: { title: 'Search tools', readOnlyHint: true, openWorldHint: false },
  },
  {
    name: CALL_TOOL,
    title: 'Call a tool',
    description:
      'Call a tool found with hub__search_tools: its exact name and its arguments, following its input schema. ' +
      'The call is that tool\'s own call (the user may be asked to approve it) and returns its result.',
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'The tool\'s name as hub__search_tools returned it.' },
        arguments: { type: 'object', description: 'The tool\'s arguments.' },
      },
      required: ['name'],
      additionalProperties: false,
    },
    annotations: { title: 'Call a tool', openWorldHint: true },
  },
];

export function isHubTool(name: string): boolean {
  return name === SEARCH_TOOLS || name === CALL_TOOL;
}

const SearchArgs = z.object({ query: z.string().trim().min(1, 'must not be empty').max(1000), limit: z.number().int().min(1).max(MAX_LIMIT).optional() }).strict();
const CallArgs = z.object({ name: z.string().min(1).max(300), arguments: z.record(z.string(), z.unknown()).optional() }).strict();

export interface FoundTool {
  name: string;
  server: string;
  title?: string;
  description: string;
  inputSchema: Tool['inputSchema'];
}

/** hub__search_tools: needs no prompt, it only reads the catalog the client may see. */
export function searchToolsResult(args: unknown, search: (query: string, limit: number) => FoundTool[]): CallToolResult {
  const parsed = SearchArgs.safeParse(args ?? {});
  if (!parsed.success) return toolError(`The arguments are not valid: ${formatZodIssue(parsed.error)}.`);
  const tools = search(parsed.data.query, parsed.data.limit ?? DEFAULT_LIMIT);
  const text = tools.length
    ? JSON.stringify({ tools })
    : `No tool matches "${parsed.data.query}". Try other words: what the tool does, or the service it works with.`;
  return { content: [{ type: 'text', text }], structuredContent: { tools } };
}

/** hub__call_tool's arguments: the tool and its arguments, or the sentence to answer with. */
export function parseCallArgs(args: unknown): { name: string; arguments?: Record<string, unknown> } | CallToolResult {
  const parsed = CallArgs.safeParse(args ?? {});
  if (!parsed.success) return toolError(`The arguments are not valid: ${formatZodIssue(parsed.error)}.`);
  return parsed.data;
}

/** What hub__call_tool answers for a name the client cannot call: the same for unknown and out of view. */
export function unknownTool(name: string): CallToolResult {
  return toolError(`There is no tool "${name}"; find one with ${SEARCH_TOOLS}.`);
}

function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
