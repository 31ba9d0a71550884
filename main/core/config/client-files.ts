import { z } from 'zod';
import type { ImportFormat, ServerConfig, ServerConfigInput } from '../../../shared/config.js';
import { ServerConfigSchema } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { isValidName, toValidName } from '../../../shared/names.js';

/**
 * Reading and writing the MCP config files users already have:
 *   claude  claude_desktop_config.json  { "mcpServers": { NAME: { command, args, env } } }
 *   cursor  ~/.cursor/mcp.json          { "mcpServers": { NAME: { command, args, env } | { url, headers } } }
 *   vscode  .vscode/mcp.json            { "servers": { NAME: { type: "stdio", command, … } | { type: "http"|"sse", url, headers } } }
 * Fields the hub has no use for (Cursor's envFile, VS Code's inputs …) are reported, not imported.
 * `"disabled": true` (a convention of several clients) imports as a disabled server and is written back.
 */

const StringMap = z.record(z.string(), z.string());

const StdioEntry = z.object({
  type: z.literal('stdio').optional(),
  command: z.string().min(1, 'must not be empty'),
  args: z.array(z.string()).optional(),
  env: StringMap.optional(),
  cwd: z.string().min(1).optional(),
  disabled: z.boolean().optional(),
});

const HttpEntry = z.object({
  type: z.enum(['http', 'sse', 'streamable-http', 'streamableHttp']).optional(),
  url: z.string(),
  headers: StringMap.optional(),
  disabled: z.boolean().optional(),
});

const KNOWN_FIELDS = new Set(['type', 'command', 'args', 'env', 'cwd', 'url', 'headers', 'disabled']);

export interface ImportedServers {
  format: ImportFormat;
  servers: ServerConfig[];
  /** Entries whose names were not valid hub names. */
  renamed: { from: string; to: string }[];
  /** Things in the file that were not imported, one sentence each. */
  warnings: string[];
}

/**
 * Turns a parsed client config file into validated server configs. All or nothing: the first bad entry
 * throws an error naming the entry and the field.
 */
export function readClientConfig(doc: unknown, format: ImportFormat | 'auto' = 'auto'): ImportedServers {
  const detected = format === 'auto' ? detectFormat(doc) : format;
  const key = detected === 'vscode' ? 'servers' : 'mcpServers';
  const entries = (doc as Record<string, unknown> | null)?.[key];
  if (!isPlainObject(entries)) {
    throw new HubError(ErrorCodes.invalidConfig, `The file has no "${key}" object, so it is not a ${describeFormat(detected)} file.`);
  }

  const names = Object.keys(entries);
  const taken = new Set(names.filter(isValidName));
  const servers: ServerConfig[] = [];
  const renamed: ImportedServers['renamed'] = [];
  const warnings: string[] = [];

  for (const raw of names) {
    const entry = entries[raw];
    const where = `${key}.${raw}`;
    let name = raw;
    if (!isValidName(raw)) {
      name = toValidName(raw, taken);
      taken.add(name);
      renamed.push({ from: raw, to: name });
    }
    if (!isPlainObject(entry)) throw entryError(raw, '', 'must be an object');
    for (const field of Object.keys(entry)) {
      if (!KNOWN_FIELDS.has(field)) warnings.push(`${where}.${field} was not imported (Agent Hub has no such setting).`);
    }
    for (const [k, v] of Object.entries(entry.env ?? {})) {
      if (typeof v === 'string' && /\$\{(input|env|workspaceFolder)[:}]/.test(v)) {
        warnings.push(`${where}.env.${k} holds a variable (${v}) that Agent Hub does not expand; edit it after import.`);
      }
    }

    const isHttp = 'url' in entry || ['http', 'sse', 'streamable-http', 'streamableHttp'].includes(String(entry.type));
    const input = isHttp ? fromHttp(raw, entry, name) : fromStdio(raw, entry, name);
    servers.push(parseEntry(raw, ServerConfigSchema, input));
  }
  return { format: detected, servers, renamed, warnings };
}

function fromStdio(raw: string, entry: Record<string, unknown>, name: string): ServerConfigInput {
  const e = parseEntry(raw, StdioEntry, entry);
  return {
    name,
    transport: 'stdio',
    command: e.command,
    args: e.args ?? [],
    env: e.env ?? {},
    ...(e.cwd ? { cwd: e.cwd } : {}),
    enabled: !e.disabled,
  };
}

function fromHttp(raw: string, entry: Record<string, unknown>, name: string): ServerConfigInput {
  const e = parseEntry(raw, HttpEntry, entry);
  return { name, transport: 'http', url: e.url, headers: e.headers ?? {}, enabled: !e.disabled };
}

function parseEntry<T extends z.ZodType>(raw: string, schema: T, entry: unknown): z.output<T> {
  const parsed = schema.safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw entryError(raw, issue.path.map(String).join('.'), issue.message);
  }
  return parsed.data;
}

function entryError(entry: string, field: string, message: string): HubError {
  const where = field ? `entry "${entry}", field "${field}"` : `entry "${entry}"`;
  return new HubError(ErrorCodes.invalidConfig, `${where}: ${message}`);
}

/** Writes servers back in a client's format; the inverse of readClientConfig. */
export function writeClientConfig(servers: readonly ServerConfig[], format: ImportFormat): object {
  const entries: Record<string, object> = {};
  for (const s of servers) {
    const disabled = s.enabled ? {} : { disabled: true };
    if (s.transport === 'stdio') {
      const env = withSecretPlaceholders(s.env, s.secretEnv);
      entries[s.name] = {
        ...(format === 'vscode' ? { type: 'stdio' } : {}),
        command: s.command,
        args: s.args,
        ...(Object.keys(env).length ? { env } : {}),
        ...(s.cwd ? { cwd: s.cwd } : {}),
        ...disabled,
      };
    } else {
      const headers = { ...s.headers, ...Object.fromEntries(s.secretHeaders.map((h) => [h, `\${env:${headerEnvName(h)}}`])) };
      entries[s.name] = {
        ...(format === 'vscode' ? { type: 'http' } : {}),
        url: s.url,
        ...(Object.keys(headers).length ? { headers } : {}),
        ...disabled,
      };
    }
  }
  return format === 'vscode' ? { servers: entries } : { mcpServers: entries };
}

/**
 * Secret values stay in the keychain: each secret key is written as `${env:KEY}`, which Cursor and
 * VS Code fill in from their own environment and which shows a Claude Desktop user what to replace.
 */
function withSecretPlaceholders(env: Record<string, string>, secretEnv: readonly string[]): Record<string, string> {
  return { ...env, ...Object.fromEntries(secretEnv.map((k) => [k, `\${env:${k}}`])) };
}

/** A secret header's placeholder variable: `X-Api-Key` → `${env:X_API_KEY}`. */
function headerEnvName(header: string): string {
  return header.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

export function detectFormat(doc: unknown): ImportFormat {
  if (!isPlainObject(doc)) {
    throw new HubError(ErrorCodes.invalidConfig, 'The file does not hold a JSON object, so it is not an MCP client config file.');
  }
  if (isPlainObject(doc.servers)) return 'vscode';
  if (isPlainObject(doc.mcpServers)) {
    const hasUrl = Object.values(doc.mcpServers).some((e) => isPlainObject(e) && 'url' in e);
    return hasUrl ? 'cursor' : 'claude';
  }
  throw new HubError(
    ErrorCodes.invalidConfig,
    'The file has neither "mcpServers" (Claude Desktop, Cursor) nor "servers" (VS Code), so there is nothing to import.',
  );
}

function describeFormat(f: ImportFormat): string {
  return { claude: 'Claude Desktop', cursor: 'Cursor', vscode: 'VS Code' }[f];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
