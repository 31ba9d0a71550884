import fs from 'node:fs';
import { ClientApps, type ClientApp, type ConfigFormat } from '../../../shared/clients.js';
import { inAppData, inFolder, inHome, inVsCodeUser, inXdgConfig, type AppHost } from './app-paths.js';
import { codexReader, continueReader, gooseReader, mcpServersReader, zedReader, type EntryReader } from './entry-readers.js';

/**
 * Every MCP client app Agent Hub can connect and import from: one entry per app. Adding an app is
 * adding an entry here (and its id to shared/clients.ts). Each path and entry shape names the page
 * that documents it; "user-level" means the file that applies to every project of the user.
 */

/** The command an app launches to reach the hub (`node …/cli.js connect --client NAME`). */
export interface HubLaunch {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** Where a file keeps its servers: a map of name → entry, or a list of entries each with a `name`. */
export interface ServersPlace {
  key: string;
  shape: 'map' | 'list';
}

export interface AppSpec {
  id: ClientApp;
  label: string;
  format: ConfigFormat;
  /** The app's user-level MCP config file on the host's OS. */
  path(host: AppHost): string;
  servers: ServersPlace;
  /** The hub's entry (named "agent-hub") in this app's own form for a stdio server. */
  hubEntry(launch: HubLaunch): Record<string, unknown>;
  /** Reads one of the app's entries for import. */
  read: EntryReader;
  /** Top-level keys a file created from nothing needs besides the servers (Continue's name/version/schema). */
  newFile?: Record<string, unknown>;
  /** A reason not to create the file when it is missing (one sentence), or undefined. */
  refuseCreate?(host: AppHost): string | undefined;
  /** Where the path and the entry shape are documented. */
  docs: string[];
}

/** The key of the hub's own entry in every app's file. */
export const ENTRY_NAME = 'agent-hub';

const plain = (launch: HubLaunch) => ({ command: launch.command, args: launch.args, ...(launch.env ? { env: launch.env } : {}) });
const typed = (launch: HubLaunch) => ({ type: 'stdio', ...plain(launch) });
const mcpServers: ServersPlace = { key: 'mcpServers', shape: 'map' };

const specs: AppSpec[] = [
  {
    id: 'claude',
    label: 'Claude Desktop',
    format: 'json',
    path: (h) => inAppData(h, 'Claude', 'claude_desktop_config.json'),
    servers: mcpServers,
    hubEntry: plain,
    read: mcpServersReader,
    docs: ['https://modelcontextprotocol.io/docs/develop/connect-local-servers'],
  },
  {
    id: 'cursor',
    label: 'Cursor',
    format: 'json',
    path: (h) => inHome(h, '.cursor', 'mcp.json'),
    servers: mcpServers,
    hubEntry: plain,
    read: mcpServersReader,
    docs: ['https://cursor.com/docs/mcp'],
  },
  {
    id: 'vscode',
    label: 'VS Code',
    format: 'jsonc',
    path: (h) => inVsCodeUser(h, 'Code', 'mcp.json'),
    servers: { key: 'servers', shape: 'map' },
    hubEntry: typed,
    read: mcpServersReader,
    docs: ['https://code.visualstudio.com/docs/copilot/reference/mcp-configuration'],
  },
  {
    id: 'vscode-insiders',
    label: 'VS Code Insiders',
    format: 'jsonc',
    path: (h) => inVsCodeUser(h, 'Code - Insiders', 'mcp.json'),
    servers: { key: 'servers', shape: 'map' },
    hubEntry: typed,
    read: mcpServersReader,
    // Same format as VS Code; Insiders keeps its user folder under "Code - Insiders".
    docs: ['https://code.visualstudio.com/docs/copilot/reference/mcp-configuration'],
  },
  {
    id: 'claude-code',
    label: 'Claude Code',
    format: 'json',
    // User scope: the top-level "mcpServers" of ~/.claude.json (per-project servers live under "projects").
    path: (h) => inHome(h, '.claude.json'),
    servers: mcpServers,
    hubEntry: typed,
    read: mcpServersReader,
    docs: ['https://code.claude.com/docs/en/mcp'],
  },
  {
    id: 'windsurf',
    label: 'Windsurf',
    format: 'json',
    // Remote entries use "serverUrl" (or "url").
    path: (h) => inHome(h, '.codeium', 'windsurf', 'mcp_config.json'),
    servers: mcpServers,
    hubEntry: plain,
    read: mcpServersReader,
    docs: ['https://docs.windsurf.com/windsurf/cascade/mcp'],
  },
  {
    id: 'zed',
    label: 'Zed',
    format: 'jsonc',
    // settings.json (JSON with // comments) under "context_servers"; flat command/args/env since the
    // untagged ContextServerSettingsContent (zed-industries/zed crates/settings_content/src/project.rs).
    path: (h) => (h.platform === 'win32' ? inAppData(h, 'Zed', 'settings.json') : inXdgConfig(h, 'zed', 'settings.json')),
    servers: { key: 'context_servers', shape: 'map' },
    hubEntry: plain,
    read: zedReader,
    docs: ['https://zed.dev/docs/ai/mcp', 'https://zed.dev/docs/configuring-zed'],
  },
  {
    id: 'cline',
    label: 'Cline',
    format: 'json',
    // The extension's VS Code global storage (HostProvider.globalStorageFsPath + settings/, in
    // cline/cline src/core/storage/disk.ts); entry schema in src/services/mcp/schemas.ts. The Cline
    // CLI keeps its own copy in ~/.cline/data/settings/.
    path: (h) => inVsCodeUser(h, 'Code', 'globalStorage', 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json'),
    servers: mcpServers,
    hubEntry: typed,
    read: mcpServersReader,
    docs: ['https://docs.cline.bot/mcp/configuring-mcp-servers', 'https://github.com/cline/cline/blob/main/src/services/mcp/schemas.ts'],
  },
  {
    id: 'roo-code',
    label: 'Roo Code',
    format: 'json',
    // Global mcp_settings.json in the extension's VS Code global storage; remote types "streamable-http" and "sse".
    path: (h) => inVsCodeUser(h, 'Code', 'globalStorage', 'rooveterinaryinc.roo-cline', 'settings', 'mcp_settings.json'),
    servers: mcpServers,
    hubEntry: typed,
    read: mcpServersReader,
    docs: ['https://docs.roocode.com/features/mcp/using-mcp-in-roo'],
  },
  {
    id: 'continue',
    label: 'Continue',
    format: 'yaml',
    // ~/.continue/config.yaml: "mcpServers" is a list of blocks, each with a "name".
    path: (h) => inHome(h, '.continue', 'config.yaml'),
    servers: { key: 'mcpServers', shape: 'list' },
    hubEntry: (launch) => ({ name: ENTRY_NAME, ...plain(launch) }),
    read: continueReader,
    // config.yaml's required top-level fields (packages/config-yaml/src/schemas/index.ts).
    newFile: { name: 'Local Config', version: '1.0.0', schema: 'v1' },
    refuseCreate: (h) => {
      const legacy = inHome(h, '.continue', 'config.json');
      return fs.existsSync(legacy)
        ? `Continue is set up with ${legacy}, and Agent Hub writes only config.yaml (creating one would replace that setup); add the snippet to your config by hand`
        : undefined;
    },
    docs: ['https://docs.continue.dev/customize/deep-dives/mcp', 'https://docs.continue.dev/reference'],
  },
  {
    id: 'gemini-cli',
    label: 'Gemini CLI',
    format: 'jsonc',
    // settings.json is read through strip-json-comments; remote entries use "httpUrl" (or "url" for SSE).
    path: (h) => inHome(h, '.gemini', 'settings.json'),
    servers: mcpServers,
    hubEntry: plain,
    read: mcpServersReader,
    docs: ['https://github.com/google-gemini/gemini-cli/blob/main/docs/tools/mcp-server.md', 'https://geminicli.com/docs/cli/configuration'],
  },
  {
    id: 'codex',
    label: 'Codex CLI',
    format: 'toml',
    // $CODEX_HOME/config.toml (CODEX_HOME is ~/.codex by default), one [mcp_servers.NAME] table each.
    path: (h) => (h.env.CODEX_HOME ? inFolder(h, h.env.CODEX_HOME, 'config.toml') : inHome(h, '.codex', 'config.toml')),
    servers: { key: 'mcp_servers', shape: 'map' },
    hubEntry: plain,
    read: codexReader,
    docs: ['https://developers.openai.com/codex/mcp', 'https://developers.openai.com/codex/config-reference'],
  },
  {
    id: 'goose',
    label: 'Goose',
    format: 'yaml',
    // "extensions" map; a stdio extension has type/name/cmd/args/envs/enabled/timeout.
    path: (h) => (h.platform === 'win32' ? inAppData(h, 'Block', 'goose', 'config', 'config.yaml') : inXdgConfig(h, 'goose', 'config.yaml')),
    servers: { key: 'extensions', shape: 'map' },
    hubEntry: (launch) => ({
      type: 'stdio',
      name: ENTRY_NAME,
      description: 'Agent Hub: the MCP servers and agents of this machine, with consent for every call',
      enabled: true,
      cmd: launch.command,
      args: launch.args,
      envs: launch.env ?? {},
      env_keys: [],
      timeout: 300,
    }),
    read: gooseReader,
    docs: ['https://block.github.io/goose/docs/guides/config-files'],
  },
  {
    id: 'lm-studio',
    label: 'LM Studio',
    format: 'json',
    // mcp.json follows Cursor's notation.
    path: (h) => inHome(h, '.lmstudio', 'mcp.json'),
    servers: mcpServers,
    hubEntry: plain,
    read: mcpServersReader,
    docs: ['https://lmstudio.ai/docs/app/mcp'],
  },
  {
    id: 'amazon-q',
    label: 'Amazon Q Developer CLI',
    format: 'json',
    // The global mcp.json, which the default agent loads (useLegacyMcpJson) besides ~/.aws/amazonq/cli-agents/.
    path: (h) => inHome(h, '.aws', 'amazonq', 'mcp.json'),
    servers: mcpServers,
    hubEntry: plain,
    read: mcpServersReader,
    docs: ['https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/command-line-mcp-configuration.html', 'https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/qdev-mcp.html'],
  },
  {
    id: 'kiro',
    label: 'Kiro',
    format: 'json',
    // User-level ~/.kiro/settings/mcp.json (a workspace has .kiro/settings/mcp.json).
    path: (h) => inHome(h, '.kiro', 'settings', 'mcp.json'),
    servers: mcpServers,
    hubEntry: plain,
    read: mcpServersReader,
    docs: ['https://kiro.dev/docs/mcp/configuration'],
  },
];

const byId = new Map(specs.map((s) => [s.id, s]));

/** The registry entry of an app. */
export function appSpec(app: ClientApp): AppSpec {
  const spec = byId.get(app);
  if (!spec) throw new Error(`No registry entry for the app "${app}".`);
  return spec;
}

/** Every app, in the order of shared/clients.ts. */
export function allApps(): AppSpec[] {
  return ClientApps.map(appSpec);
}
