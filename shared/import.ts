import { z } from 'zod';
import { ClientAppSchema, type ClientApp } from './clients.js';

/**
 * Importing the MCP servers other apps already have (Claude Desktop, Cursor, Zed, Codex …): what the
 * hub found on this machine, and what the user picked. Values of env variables and headers never
 * travel to a UI: the preview names them, and the hub reads the file again when it imports.
 */

/** One server of an app's config file, as Agent Hub would add it. */
export interface ImportServerPreview {
  /** The hub's name for it (lower-case letters, digits and "-"); what importServers takes. */
  name: string;
  /** The name in the app's file. */
  originalName: string;
  transport: 'stdio' | 'http';
  /** For a server the hub starts. */
  command?: string;
  args?: string[];
  /** For a remote server. */
  url?: string;
  /** Names of its environment variables (never their values). */
  envKeys: string[];
  /** Names of its HTTP headers (never their values). */
  headerKeys: string[];
  /** The env keys and header names that look secret (by name or value): keep them in the keychain. */
  secretSuggested: string[];
  /** A server of this name exists in the hub already: importing it needs `replace`. */
  exists: boolean;
  /** Why it cannot be imported as it is (one sentence); such a server cannot be selected. */
  problem?: string;
}

/** An app's MCP config file found on this machine. */
export interface ImportSourceView {
  app: ClientApp;
  label: string;
  path: string;
  /** Set when the file cannot be read or parsed: one sentence, and no servers. */
  error?: string;
  servers: ImportServerPreview[];
  /** What the file has that will not be imported (entries Agent Hub cannot run, settings it has not). */
  warnings: string[];
}

/** What the user picked from one app's file. */
export const ImportSelectionSchema = z
  .object({
    app: ClientAppSchema,
    /** Hub names, as listImportSources gave them. */
    servers: z.array(z.string().min(1)).min(1, 'pick at least one server'),
    /** Per hub name: the env keys and header names whose values go to the keychain instead of hub.db. */
    secret: z.record(z.string(), z.array(z.string().min(1))).default({}),
    /** Overwrite hub servers of the same name. */
    replace: z.boolean().optional(),
  })
  .strict();
export type ImportSelection = z.input<typeof ImportSelectionSchema>;

export interface ImportResultView {
  imported: string[];
  /** Entries whose names were not valid hub names. */
  renamed: { from: string; to: string }[];
  warnings: string[];
}

const SECRET_NAME = {
  env: /TOKEN|KEY|SECRET|PASSWORD|PASSWD|PASS|CREDENTIAL|AUTH|PAT\b|COOKIE|SESSION/i,
  header: /authorization|token|key|secret|password|cookie|credential|auth/i,
} as const;

/** Values that look like credentials whatever their name: bearer tokens and well-known key formats. */
const SECRET_VALUE = /^(Bearer|Basic|Token)\s+\S{8,}|^(sk|pk|rk)[-_][A-Za-z0-9_-]{12,}|^(ghp|gho|ghu|ghs|ghr|github_pat|glpat|xox[abprs]|hf|AKIA|AIza|npm)[-_A-Za-z0-9]{12,}/;

/** Whether an env variable or header probably holds a secret, judged by its name or its value. */
export function looksSecret(kind: 'env' | 'header', name: string, value: string): boolean {
  return SECRET_NAME[kind].test(name) || SECRET_VALUE.test(value.trim());
}
