import { z } from 'zod';
import { NAME_PATTERN, NAME_RULE } from './names.js';

/** The configuration model of everything the hub runs. Stored in SQLite, validated on every read and write. */

export const NameSchema = z.string().regex(NAME_PATTERN, `must be ${NAME_RULE}`);

const StringMap = z.record(z.string(), z.string());

/** A name a process can read from its environment (the keychain key of a secret is built from it). */
export const EnvKeyName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name (letters, digits and _, not starting with a digit)');

/**
 * Names of environment variables whose values live in the OS keychain, never here; the hub fills them
 * in when it starts the server (see main/core/secrets/secret-env.ts).
 */
const SecretEnv = z
  .array(EnvKeyName)
  .default([])
  .refine((keys) => new Set(keys).size === keys.length, 'lists a key twice');

/** A key is either plain (env) or secret (secretEnv); both would leave it unclear which value wins. */
function noSecretInEnv(c: { env: Record<string, string>; secretEnv: string[] }, ctx: z.RefinementCtx): void {
  for (const key of c.secretEnv) {
    if (Object.hasOwn(c.env, key)) ctx.addIssue({ code: 'custom', path: ['secretEnv'], message: `${key} is also in env; keep it in one of them` });
  }
}

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
    secretEnv: SecretEnv,
    cwd: z.string().min(1).optional(),
  })
  .strict()
  .superRefine(noSecretInEnv);

/** An HTTP header name (RFC 9110 token). */
export const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name');

/** Names of headers whose values live in the OS keychain, never here; sent with every request. */
const SecretHeaders = z
  .array(HeaderName)
  .default([])
  .refine((keys) => new Set(keys.map((k) => k.toLowerCase())).size === keys.length, 'lists a header twice');

/**
 * Secret values typed into the UI (or read by the CLI) for a server: they go to the keychain and never
 * come back. A key named here must also be in the config's secretEnv or secretHeaders.
 */
export const SecretValuesSchema = z
  .object({
    env: z.record(EnvKeyName, z.string().min(1, 'must not be empty').max(16_384)).default({}),
    headers: z.record(HeaderName, z.string().min(1, 'must not be empty').max(16_384)).default({}),
  })
  .strict();
export type SecretValues = z.output<typeof SecretValuesSchema>;
export type SecretValuesInput = z.input<typeof SecretValuesSchema>;

const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/**
 * How the hub identifies itself to the server's authorization server, when dynamic registration is
 * not what the user wants: a client registered there by hand (its secret, if any, in the keychain), or
 * a Client ID Metadata Document the user hosts. Without it, the hub registers itself (RFC 7591).
 */
export const OAuthClientSchema = z
  .object({
    clientId: z.string().min(1).optional(),
    /** Whether the client has a secret (kept in the keychain, never here). */
    clientSecret: z.boolean().default(false),
    clientMetadataUrl: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).optional(),
    /** Scopes to ask for when the server does not say. */
    scope: z.string().min(1).optional(),
  })
  .strict()
  .refine((o) => !o.clientSecret || o.clientId, { message: 'a client secret needs a client id', path: ['clientSecret'] });
export type OAuthClientSettings = z.output<typeof OAuthClientSchema>;

export const HttpServerSchema = z
  .object({
    ...ServerCommon,
    transport: z.literal('http'),
    url: HttpUrl,
    headers: StringMap.default({}),
    secretHeaders: SecretHeaders,
    /** A local HTTP server: the hub runs this command, waits until `url` answers, then connects. */
    command: z.string().min(1).optional(),
    args: z.array(z.string()).default([]),
    env: StringMap.default({}),
    /** Only for a local HTTP server: a remote one has no process to pass them to. */
    secretEnv: SecretEnv,
    oauth: OAuthClientSchema.optional(),
    cwd: z.string().min(1).optional(),
  })
  .strict()
  .superRefine(noSecretInEnv)
  .superRefine((c, ctx) => {
    const plain = new Set(Object.keys(c.headers).map((k) => k.toLowerCase()));
    for (const key of c.secretHeaders) {
      if (plain.has(key.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['secretHeaders'], message: `${key} is also in headers; keep it in one of them` });
    }
    if (c.secretEnv.length && !c.command) ctx.addIssue({ code: 'custom', path: ['secretEnv'], message: 'needs a command (only a server the hub starts gets environment variables)' });
  });

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
    /**
     * Whether the user gave a credential for the card's API key or HTTP bearer scheme. The value lives
     * in the OS keychain, never here; the flag spares agents without one a keychain read.
     */
    credential: z.boolean().default(false),
    /**
     * For a card that asks for OAuth 2 or OpenID Connect: a client registered by hand with its
     * authorization server, and scopes to ask for beyond the card's. Without it, the hub registers itself.
     */
    oauth: OAuthClientSchema.optional(),
  })
  .strict()
  .refine((a) => a.command !== undefined || (a.args.length === 0 && Object.keys(a.env).length === 0 && a.cwd === undefined), {
    message: 'args, env and cwd need a command (only an agent the hub starts gets them)',
    path: ['command'],
  });
export type AgentConfig = z.output<typeof AgentConfigSchema>;
export type AgentConfigInput = z.input<typeof AgentConfigSchema>;

/** Formats of the MCP config files users already have. */
export const ImportFormats = ['claude', 'cursor', 'vscode'] as const;
export type ImportFormat = (typeof ImportFormats)[number];

/** A configured server as the UI shows it: its state, what it publishes, and its log tail. */
export interface ServerStatusView {
  name: string;
  enabled: boolean;
  state: 'disabled' | 'stopped' | 'starting' | 'running' | 'backoff' | 'crashed' | 'sign-in-needed' | 'keychain-locked';
  /** For servers that use OAuth: signed in, sign-in needed, or a sign-in waiting for the browser. */
  signIn?: 'signed-in' | 'needed' | 'in-progress';
  /** Why the last sign-in failed (timed out, refused, the server is not MCP-compatible …). */
  signInError?: string;
  lastError: string | null;
  toolCount: number;
  logTail: string[];
  /**
   * The MCP protocol version the server speaks: 2026-07-28 (modern) or 2025-11-25 and before (legacy),
   * as found when it last started (remembered with its config); absent while it has never been reached.
   */
  protocol?: string;
  /**
   * Failed starts in a row (reset once it runs for a minute), after how many the hub gives up, and
   * when the next start is due while it waits to restart (state 'backoff'), else null.
   */
  restart?: { attempts: number; maxAttempts: number; nextAt: string | null };
}
