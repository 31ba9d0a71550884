import { z } from 'zod';
import { NAME_PATTERN, NAME_RULE } from './names.js';

/** The configuration model of everything the hub runs. Stored in SQLite, validated on every read and write. */

export const NameSchema = z.string().regex(NAME_PATTERN, `must be ${NAME_RULE}`);

const StringMap = z.record(z.string(), z.string());

export const ToolFilterSchema = z
  .object({
    /** When set, only these tools are published. */
    allow: z.array(z.string().min(1)).optional(),
    /** Never published, even when listed in `allow`. */
    deny: z.array(z.string().min(1)).default([]),
  })
  .strict();

const ServerCommon = {
  name: NameSchema,
  enabled: z.boolean().default(true),
  tools: ToolFilterSchema.default({ deny: [] }),
  /**
   * Publish tools and prompts as `name__tool` (the default). false publishes them under their own
   * names; a clash with another server's name is then resolved by prefixing the later server's.
   */
  prefixTools: z.boolean().default(true),
};

export const StdioServerSchema = z
  .object({
    ...ServerCommon,
    transport: z.literal('stdio'),
    command: z.string().min(1, 'must not be empty'),
    args: z.array(z.string()).default([]),
    env: StringMap.default({}),
    cwd: z.string().min(1).optional(),
  })
  .strict();

const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

export const HttpServerSchema = z
  .object({
    ...ServerCommon,
    transport: z.literal('http'),
    url: HttpUrl,
    headers: StringMap.default({}),
    /** A local HTTP server: the hub runs this command, waits until `url` answers, then connects. */
    command: z.string().min(1).optional(),
    args: z.array(z.string()).default([]),
    env: StringMap.default({}),
    cwd: z.string().min(1).optional(),
  })
  .strict();

export const ServerConfigSchema = z.discriminatedUnion('transport', [StdioServerSchema, HttpServerSchema]);
export type ServerConfig = z.output<typeof ServerConfigSchema>;
export type ServerConfigInput = z.input<typeof ServerConfigSchema>;
export type StdioServerConfig = z.output<typeof StdioServerSchema>;
export type HttpServerConfig = z.output<typeof HttpServerSchema>;

export const AgentConfigSchema = z
  .object({
    name: NameSchema,
    enabled: z.boolean().default(true),
    /** Where the agent card is served (the base URL; the card is at /.well-known/agent-card.json). */
    url: HttpUrl,
    /** For a local agent the hub starts and supervises: the command that serves `url`. */
    command: z.string().min(1).optional(),
    args: z.array(z.string()).default([]),
    env: StringMap.default({}),
    cwd: z.string().min(1).optional(),
  })
  .strict();
export type AgentConfig = z.output<typeof AgentConfigSchema>;
export type AgentConfigInput = z.input<typeof AgentConfigSchema>;

export const ClientInfoSchema = z.object({
  name: NameSchema,
  createdAt: z.string(),
});
export type ClientInfo = z.output<typeof ClientInfoSchema>;

/** Formats of the MCP config files users already have. */
export const ImportFormats = ['claude', 'cursor', 'vscode'] as const;
export type ImportFormat = (typeof ImportFormats)[number];

/** A configured server as the UI shows it: its state, what it publishes, and its log tail. */
export interface ServerStatusView {
  name: string;
  enabled: boolean;
  state: 'disabled' | 'stopped' | 'starting' | 'running' | 'backoff' | 'crashed';
  lastError: string | null;
  toolCount: number;
  logTail: string[];
}
