import { z } from 'zod';
import { NAME_PATTERN, NAME_RULE } from './names.js';

/**
 * What one client sees of the hub: which servers and agents (all by default, new ones included), which
 * of their tools (all but the hidden ones), and how its tool list is published:
 *   flat    every visible tool, as MCP clients expect (the default);
 *   search  the hub's tools `hub__search_tools` and `hub__call_tool`, plus the pinned tools: the model
 *           finds a tool when it needs one instead of reading every definition on every request;
 *   auto    search once more than AUTO_SEARCH_THRESHOLD tools are visible, flat below.
 * Tools are named SERVER__TOOL with the server's own tool name, whatever name the hub publishes them
 * under (a server may publish bare names).
 */
export const ToolModes = ['flat', 'search', 'auto'] as const;
export type ToolMode = (typeof ToolModes)[number];

/**
 * 40: the number of tools where clients start to suffer (Cursor uses the first 40 and drops the rest;
 * model accuracy falls as tool lists grow), and where a flat list already costs thousands of tokens per
 * request. Below it the flat list is cheap and needs no extra round trip.
 */
export const AUTO_SEARCH_THRESHOLD = 40;

export interface ClientProfile {
  /** The servers and agents the client sees; null: every one, present and future. */
  servers: string[] | null;
  /** SERVER__TOOL of each tool hidden from this client. */
  hiddenTools: string[];
  mode: ToolMode;
  /** SERVER__TOOL of each tool listed directly in search mode. */
  pins: string[];
}

export const DEFAULT_PROFILE: ClientProfile = { servers: null, hiddenTools: [], mode: 'flat', pins: [] };

/** SERVER__TOOL: a server name, `__`, the server's own tool name. */
export const TOOL_REF = /^([a-z0-9-]{1,32})__(.+)$/;
const ToolRefSchema = z.string().regex(TOOL_REF, 'must be SERVER__TOOL (the server name, two underscores, its own tool name)');
const ServerNameSchema = z.string().regex(NAME_PATTERN, `must be a server or agent name: ${NAME_RULE}`);

export const ClientProfileSchema = z
  .object({
    servers: z.array(ServerNameSchema).max(500).nullable(),
    hiddenTools: z.array(ToolRefSchema).max(10_000),
    mode: z.enum(ToolModes),
    pins: z.array(ToolRefSchema).max(200),
  })
  .strict();

/** A change to a profile: fields left out stay as they are. */
export const ClientProfilePatchSchema = z
  .object({
    /** null: every server and agent again. */
    servers: z.array(ServerNameSchema).max(500).nullable().optional(),
    hideTools: z.array(ToolRefSchema).max(10_000).optional(),
    showTools: z.array(ToolRefSchema).max(10_000).optional(),
    mode: z.enum(ToolModes).optional(),
    pin: z.array(ToolRefSchema).max(200).optional(),
    unpin: z.array(ToolRefSchema).max(200).optional(),
    /** Accept names of servers and tools the hub does not know (yet). */
    force: z.boolean().optional(),
  })
  .strict();
export type ClientProfilePatch = z.output<typeof ClientProfilePatchSchema>;

/** The profile after a patch: lists stay sorted and without duplicates, so equal profiles compare equal. */
export function applyProfilePatch(profile: ClientProfile, patch: ClientProfilePatch): ClientProfile {
  const set = (list: string[], add: string[] = [], remove: string[] = []) => [...new Set([...list, ...add])].filter((t) => !remove.includes(t)).sort();
  return {
    servers: patch.servers === undefined ? profile.servers : patch.servers === null ? null : [...new Set(patch.servers)].sort(),
    hiddenTools: set(profile.hiddenTools, patch.hideTools, patch.showTools),
    mode: patch.mode ?? profile.mode,
    pins: set(profile.pins, patch.pin, patch.unpin),
  };
}

/** What a stored profile that cannot be read gives: nothing at all, rather than everything. */
const UNREADABLE: ClientProfile = { servers: [], hiddenTools: [], mode: 'flat', pins: [] };

/** Reads a stored profile ('{}' is the default); one that cannot be read shows nothing (fails closed). */
export function parseProfile(json: string | null | undefined): ClientProfile {
  if (!json) return DEFAULT_PROFILE;
  try {
    const parsed = ClientProfileSchema.safeParse({ ...DEFAULT_PROFILE, ...(JSON.parse(json) as object) });
    return parsed.success ? parsed.data : UNREADABLE;
  } catch {
    return UNREADABLE;
  }
}
