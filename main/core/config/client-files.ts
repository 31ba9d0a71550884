import { z } from 'zod';
import type { ClientApp } from '../../../shared/clients.js';
import type { ImportFormat, ServerConfig, ServerConfigInput } from '../../../shared/config.js';
import { ServerConfigSchema } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { isValidName, toValidName } from '../../../shared/names.js';
import { appSpec, ENTRY_NAME } from './app-registry.js';
import { isPlainObject, type CommonEntry } from './entry-readers.js';

/**
 * Reading the MCP servers of other apps' config files (every app of app-registry.ts: Claude Desktop's
 * mcpServers, VS Code's servers, Zed's context_servers, Codex's [mcp_servers.*], Goose's extensions,
 * Continue's mcpServers list …), and writing servers back in the Claude Desktop, Cursor or VS Code form.
 * Fields the hub has no use for are reported, not imported. A disabled entry imports as a disabled server.
 */

const StringMap = z.record(z.string(), z.string());

const StdioEntry = z.object({
  command: z.string().min(1, 'must not be empty'),
  args: z.array(z.string()).optional(),
  env: StringMap.optional(),
  cwd: z.string().min(1).optional(),
  disabled: z.boolean().optional(),
});

const HttpEntry = z.object({
  url: z.string(),
  headers: StringMap.optional(),
  disabled: z.boolean().optional(),
});

/** One entry of a file: the server it becomes, or why it cannot be imported. */
export interface ReadEntry {
  /** The name in the app's file. */
  originalName: string;
  /** The hub's name for it. */
  name: string;
  transport: 'stdio' | 'http';
  config?: ServerConfig;
  /** What of this entry will not be imported, one sentence each (also in ReadServers.warnings). */
  warnings: string[];
  /** `entry "x", field "args.1": …` when the entry is not valid. */
  problem?: string;
}

export interface ReadServers {
  app: ClientApp;
  entries: ReadEntry[];
  /** Entries whose names were not valid hub names. */
  renamed: { from: string; to: string }[];
  /** Things in the file that will not be imported, one sentence each. */
  warnings: string[];
}

export interface ImportedServers {
  /** The app whose format the file has. */
  format: ClientApp;
  servers: ServerConfig[];
  renamed: { from: string; to: string }[];
  warnings: string[];
}

/** Every entry of an app's document, each valid or with its problem. Throws only when the file has no servers at all. */
export function readServers(app: ClientApp, doc: unknown): ReadServers {
  const spec = appSpec(app);
  const { key, shape } = spec.servers;
  const container = (doc as Record<string, unknown> | null)?.[key];
  const fits = shape === 'map' ? isPlainObject(container) : Array.isArray(container);
  if (!fits) {
    const what = shape === 'map' ? 'object' : 'list';
    throw new HubError(ErrorCodes.invalidConfig, `The file has no "${key}" ${what}, so it is not a ${spec.label} MCP config file.`);
  }
  const raw: [string, unknown][] =
    shape === 'map'
      ? Object.entries(container as Record<string, unknown>)
      : (container as unknown[]).map((e, i) => [isPlainObject(e) && typeof e.name === 'string' && e.name !== '' ? e.name : `server-${i + 1}`, e]);

  const taken = new Set(raw.map(([n]) => n).filter(isValidName));
  const result: ReadServers = { app, entries: [], renamed: [], warnings: [] };
  for (const [original, entry] of raw) {
    const where = shape === 'map' ? `${key}.${original}` : `${key}[${JSON.stringify(original)}]`;
    if (original === ENTRY_NAME) {
      result.warnings.push(`${where} is Agent Hub itself, so it was not imported.`);
      continue;
    }
    if (!isPlainObject(entry)) {
      result.entries.push({ originalName: original, name: original, transport: 'stdio', warnings: [], problem: entryProblem(original, '', 'must be an object') });
      continue;
    }
    const read = spec.read(entry);
    if ('skip' in read) {
      result.warnings.push(`${where} ${read.skip}, so it was not imported.`);
      continue;
    }
    let name = original;
    if (!isValidName(original)) {
      name = toValidName(original, taken);
      taken.add(name);
      result.renamed.push({ from: original, to: name });
    }
    const warnings = [
      ...read.unused.map((field) => `${where}.${field} was not imported (Agent Hub has no such setting).`),
      ...read.notes.map((note) => `${where} ${note}.`),
      ...variableWarnings(where, read.entry, read.names),
    ];
    result.warnings.push(...warnings);
    const base = { originalName: original, name, transport: read.entry.transport, warnings };
    try {
      result.entries.push({ ...base, config: toServer(original, name, read.entry, read.names) });
    } catch (e) {
      if (!(e instanceof HubError)) throw e;
      result.entries.push({ ...base, problem: e.message });
    }
  }
  return result;
}

/**
 * Turns a parsed client config file into validated server configs. All or nothing: the first bad entry
 * throws an error naming the entry and the field.
 */
export function readClientConfig(doc: unknown, format: ClientApp | 'auto' = 'auto'): ImportedServers {
  const app = format === 'auto' ? detectApp(doc) : format;
  const read = readServers(app, doc);
  const bad = read.entries.find((e) => e.problem);
  if (bad) throw new HubError(ErrorCodes.invalidConfig, bad.problem!);
  return { format: app, servers: read.entries.map((e) => e.config!), renamed: read.renamed, warnings: read.warnings };
}

function toServer(raw: string, name: string, entry: CommonEntry, names: Partial<Record<keyof CommonEntry, string>>): ServerConfig {
  const parse = <T extends z.ZodType>(schema: T, value: unknown): z.output<T> => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    const [field, ...rest] = issue.path.map(String);
    const appField = field ? (names[field as keyof CommonEntry] ?? field) : '';
    throw new HubError(ErrorCodes.invalidConfig, entryProblem(raw, [appField, ...rest].filter(Boolean).join('.'), issue.message));
  };
  const fields = Object.fromEntries(Object.entries(entry).filter(([k, v]) => k !== 'transport' && v !== undefined));
  let input: ServerConfigInput;
  if (entry.transport === 'stdio') {
    const e = parse(StdioEntry, fields);
    input = { name, transport: 'stdio', command: e.command, args: e.args ?? [], env: e.env ?? {}, ...(e.cwd ? { cwd: e.cwd } : {}), enabled: !e.disabled };
  } else {
    const e = parse(HttpEntry, fields);
    input = { name, transport: 'http', url: e.url, headers: e.headers ?? {}, enabled: !e.disabled };
  }
  return parse(ServerConfigSchema, input);
}

/** Values with variables (`${env:X}`, `${input:y}`, `$TOKEN`) that the app fills in and the hub would not. */
function variableWarnings(where: string, entry: CommonEntry, names: Partial<Record<keyof CommonEntry, string>>): string[] {
  const variable = /\$\{[^}]+\}|\$[A-Z_][A-Z0-9_]*/;
  const warnings: string[] = [];
  for (const field of ['env', 'headers'] as const) {
    const map = entry[field];
    if (!isPlainObject(map)) continue;
    for (const [k, v] of Object.entries(map)) {
      if (typeof v === 'string' && variable.test(v)) {
        warnings.push(`${where}.${names[field] ?? field}.${k} holds a variable (${v}) that Agent Hub does not expand; edit it after import.`);
      }
    }
  }
  return warnings;
}

function entryProblem(entry: string, field: string, message: string): string {
  return field ? `entry "${entry}", field "${field}": ${message}` : `entry "${entry}": ${message}`;
}

/** Which app's format a parsed file has, from its keys and entries. */
export function detectApp(doc: unknown): ClientApp {
  if (!isPlainObject(doc)) {
    throw new HubError(ErrorCodes.invalidConfig, 'The file does not hold an object, so it is not an MCP client config file.');
  }
  if (isPlainObject(doc.mcp_servers)) return 'codex';
  if (isPlainObject(doc.extensions)) return 'goose';
  if (Array.isArray(doc.mcpServers)) return 'continue';
  if (isPlainObject(doc.context_servers)) return 'zed';
  if (isPlainObject(doc.servers)) return 'vscode';
  if (isPlainObject(doc.mcpServers)) {
    const entries = Object.values(doc.mcpServers).filter(isPlainObject);
    if (entries.some((e) => 'serverUrl' in e)) return 'windsurf';
    if (entries.some((e) => 'httpUrl' in e)) return 'gemini-cli';
    return entries.some((e) => 'url' in e) ? 'cursor' : 'claude';
  }
  throw new HubError(
    ErrorCodes.invalidConfig,
    'The file has none of "mcpServers" (Claude Desktop, Cursor and most apps), "servers" (VS Code), "context_servers" (Zed), "mcp_servers" (Codex) or "extensions" (Goose), so there is nothing to import.',
  );
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
