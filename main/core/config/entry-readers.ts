/**
 * Each app spells a server entry its own way (Goose's `cmd`/`envs`/`uri`, Codex's `http_headers`,
 * Windsurf's `serverUrl`, Zed's `{ "command": { "path" } }` …). A reader turns one entry into the
 * common shape that client-files.ts validates, and says which of the app's fields it did not use.
 */

/** A server entry in the common shape; values are still unchecked (client-files.ts validates them). */
export interface CommonEntry {
  transport: 'stdio' | 'http';
  command?: unknown;
  args?: unknown;
  env?: unknown;
  cwd?: unknown;
  url?: unknown;
  headers?: unknown;
  /** true when the app has the entry switched off (`"disabled": true`, `enabled: false`). */
  disabled?: unknown;
}

export type ReadResult =
  | {
      entry: CommonEntry;
      /** The app's fields the hub has no use for (reported as not imported). */
      unused: string[];
      /** Sentences about the entry ("takes its bearer token from …"), without the entry's name. */
      notes: string[];
      /** The app's name of each common field, for error messages ("cmd" for Goose's command). */
      names: Partial<Record<keyof CommonEntry, string>>;
    }
  /** An entry Agent Hub cannot run (a Goose built-in, a Zed extension): why, without the name. */
  | { skip: string };

export type EntryReader = (raw: Record<string, unknown>) => ReadResult;

const HTTP_TYPES = new Set(['http', 'sse', 'streamable-http', 'streamableHttp', 'streamable_http', 'remote']);
const STDIO_TYPES = new Set(['stdio', 'local']);

interface Fields {
  command?: string;
  args?: string;
  env?: string;
  cwd?: string;
  /** Keys that hold a remote server's URL, in order of preference. */
  url?: string[];
  headers?: string;
  type?: string;
  /** `disabled: true` or `enabled: false`. */
  off?: 'disabled' | 'enabled';
  /** Fields taken without a note (a name repeated inside the entry, a description). */
  quiet?: string[];
}

/** A reader for an app whose entries are flat objects with these field names. */
export function fieldsReader(f: Fields, extra?: (raw: Record<string, unknown>, used: Set<string>, notes: string[]) => void): EntryReader {
  return (raw) => {
    const used = new Set<string>(f.quiet ?? []);
    const take = (key: string | undefined) => {
      if (key === undefined || !(key in raw)) return undefined;
      used.add(key);
      return raw[key];
    };
    let transport: 'stdio' | 'http' | undefined;
    const type = take(f.type);
    if (type !== undefined) {
      if (typeof type === 'string' && STDIO_TYPES.has(type)) transport = 'stdio';
      else if (typeof type === 'string' && HTTP_TYPES.has(type)) transport = 'http';
      else return { skip: `has the type ${JSON.stringify(type)}, which Agent Hub cannot run` };
    }
    const urlKey = f.url?.find((k) => k in raw);
    transport ??= urlKey !== undefined ? 'http' : 'stdio';
    const entry: CommonEntry = { transport };
    const names: Partial<Record<keyof CommonEntry, string>> = {};
    const map = (field: keyof CommonEntry, key: string | undefined) => {
      if (key === undefined) return;
      names[field] = key;
      const value = take(key);
      if (value !== undefined) entry[field] = value as never;
    };
    if (transport === 'stdio') {
      map('command', f.command);
      map('args', f.args);
      map('env', f.env);
      map('cwd', f.cwd);
    } else {
      map('url', urlKey ?? f.url?.[0]);
      map('headers', f.headers);
    }
    if (f.off) {
      const value = take(f.off);
      if (value !== undefined) entry.disabled = f.off === 'enabled' && typeof value === 'boolean' ? !value : value;
    }
    const notes: string[] = [];
    extra?.(raw, used, notes);
    return { entry, unused: Object.keys(raw).filter((k) => !used.has(k)), notes, names };
  };
}

/** The Claude Desktop form most apps follow: command/args/env/cwd, or url (Windsurf: serverUrl, Gemini CLI: httpUrl) and headers. */
export const mcpServersReader = fieldsReader({
  command: 'command',
  args: 'args',
  env: 'env',
  cwd: 'cwd',
  url: ['url', 'serverUrl', 'httpUrl'],
  headers: 'headers',
  type: 'type',
  off: 'disabled',
});

/** Zed: flat command/args/env (older releases: `"command": { "path", "args", "env" }`), url/headers, `enabled`. */
export const zedReader: EntryReader = (raw) => {
  const nested = isPlainObject(raw.command) ? (raw.command as Record<string, unknown>) : undefined;
  const flat = nested ? { ...raw, command: nested.path, args: nested.args, env: nested.env } : raw;
  if (flat.command === undefined && flat.url === undefined) return { skip: 'is provided by a Zed extension, which Agent Hub cannot run' };
  const settingsEmpty = isPlainObject(raw.settings) && Object.keys(raw.settings as object).length === 0;
  return fieldsReader({
    command: 'command',
    args: 'args',
    env: 'env',
    url: ['url'],
    headers: 'headers',
    off: 'enabled',
    quiet: ['source', ...(settingsEmpty ? ['settings'] : [])],
  })(flat);
};

/** Codex: command/args/env/cwd, or url with http_headers; `enabled = false`; secrets by env var name. */
export const codexReader = fieldsReader(
  { command: 'command', args: 'args', env: 'env', cwd: 'cwd', url: ['url'], headers: 'http_headers', off: 'enabled' },
  (raw, used, notes) => {
    if (typeof raw.bearer_token_env_var === 'string') {
      used.add('bearer_token_env_var');
      notes.push(`takes its bearer token from the environment variable ${raw.bearer_token_env_var}, which was not imported: add an Authorization header after import`);
    }
    if (isPlainObject(raw.env_http_headers)) {
      used.add('env_http_headers');
      notes.push(`takes the headers ${Object.keys(raw.env_http_headers as object).join(', ')} from environment variables, which were not imported: add them after import`);
    }
  },
);

const GOOSE_BUILT_IN = new Set(['builtin', 'platform', 'frontend', 'inline_python']);

/** Goose: `type: stdio` with cmd/args/envs, or `type: streamable_http` with uri/headers; `enabled`. */
export const gooseReader: EntryReader = (raw) => {
  if (typeof raw.type === 'string' && GOOSE_BUILT_IN.has(raw.type)) return { skip: `is a Goose ${raw.type} extension, which only Goose can run` };
  return fieldsReader(
    { command: 'cmd', args: 'args', env: 'envs', url: ['uri'], headers: 'headers', type: 'type', off: 'enabled', quiet: ['name', 'description', 'display_name'] },
    (r, used, notes) => {
      if (Array.isArray(r.env_keys)) {
        used.add('env_keys');
        if (r.env_keys.length > 0) notes.push(`reads ${r.env_keys.join(', ')} from Goose's secret storage, so those values were not imported: add them after import`);
      }
    },
  )(raw);
};

/** Continue: list items with `name`, command/args/env/cwd, or url with requestOptions.headers. */
export const continueReader: EntryReader = (raw) => {
  const options = isPlainObject(raw.requestOptions) ? (raw.requestOptions as Record<string, unknown>) : undefined;
  const flat = options ? { ...raw, headers: options.headers } : raw;
  const result = fieldsReader({ command: 'command', args: 'args', env: 'env', cwd: 'cwd', url: ['url'], headers: 'headers', type: 'type', quiet: ['name', 'requestOptions'] })(flat);
  if ('skip' in result || !options) return result;
  const otherOptions = Object.keys(options).filter((k) => k !== 'headers').map((k) => `requestOptions.${k}`);
  return { ...result, unused: [...result.unused, ...otherOptions], names: { ...result.names, headers: 'requestOptions.headers' } };
};

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
