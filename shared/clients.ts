import { z } from 'zod';
import type { ClientProfile } from './client-profile.js';

/**
 * The MCP client apps whose user-level config file the hub can write itself into and import from.
 * The first three ids are kept as they were (users' scripts pass them to --app); main/core/config/
 * app-registry.ts has one entry for each (label, path per OS, format, entry shape, documentation).
 */
export const ClientApps = [
  'claude',
  'cursor',
  'vscode',
  'vscode-insiders',
  'claude-code',
  'windsurf',
  'zed',
  'cline',
  'roo-code',
  'continue',
  'gemini-cli',
  'codex',
  'goose',
  'lm-studio',
  'amazon-q',
  'kiro',
] as const;
export type ClientApp = (typeof ClientApps)[number];
export const ClientAppSchema = z.enum(ClientApps);

/**
 * Where a tool call of this client asks for consent: the Agent Hub dialog (and CLI), an elicitation in
 * the client app itself (only for a session that declared elicitation), or both at once (first answer wins).
 */
export const ConsentInSchema = z.enum(['hub', 'client', 'both']);
export type ConsentIn = z.output<typeof ConsentInSchema>;

/** A client of the hub as the UI lists it. */
export interface ClientView {
  name: string;
  createdAt: string;
  consentIn: ConsentIn;
  /** Which servers and tools it sees, and how its tool list is published (shared/client-profile.ts); always sent by the hub. */
  profile: ClientProfile;
}

/** What `client set` and the Clients page may change. */
export const ClientPatchSchema = z
  .object({
    consentIn: ConsentInSchema.optional(),
  })
  .strict();
export type ClientPatch = z.output<typeof ClientPatchSchema>;

/** A new client and its token: the only time the token is ever shown. */
export interface NewClientView {
  name: string;
  token: string;
}

/** The syntax of an app's config file. */
export type ConfigFormat = 'json' | 'jsonc' | 'toml' | 'yaml';

/** How to connect one app as a given hub client. */
export interface ClientAppSetup {
  app: ClientApp;
  /** "Claude Desktop", "Cursor", "VS Code", "Zed" … */
  label: string;
  /** The app's user-level config file on this machine. */
  configPath: string;
  /** The syntax of that file, and so of the snippet. */
  format: ConfigFormat;
  /** The entry to paste into that file (in its syntax), running `agent-hub connect --client NAME`. */
  snippet: string;
  /** Whether the file already has an "agent-hub" entry. */
  connected: boolean;
}

/** What "Connect" did, and the handle to undo it (valid while this hub runs). */
export interface ConnectResult {
  app: ClientApp;
  configPath: string;
  /** The copy of the file as it was, or null when the file did not exist before or was not written. */
  backupPath: string | null;
  /** false when the file already had exactly this entry: nothing was written and nothing backed up. */
  changed: boolean;
  undoId: string;
}

/**
 * Whether an app's config file has the hub's entry, and as which client it connects: the client named
 * by `agent-hub connect --client NAME` (stdio), or the client whose token its Authorization header
 * carries (HTTP). `client` is null when the entry names no client the hub has (removed since, or a
 * token that no longer works); `problem` says why the file could not be read.
 */
export interface AppConnectionView {
  app: ClientApp;
  label: string;
  configPath: string;
  format: ConfigFormat;
  connected: boolean;
  via: 'stdio' | 'http' | null;
  client: string | null;
  problem?: string;
}

/** A change Agent Hub made to an app's file (Connect or Disconnect) that can still be undone while the hub runs. */
export interface AppChangeView {
  undoId: string;
  kind: 'connect' | 'disconnect';
  app: ClientApp;
  label: string;
  /** The client it connected as (Connect), or was connected as (Disconnect), when known. */
  client: string | null;
  configPath: string;
  backupPath: string | null;
  at: string;
}
