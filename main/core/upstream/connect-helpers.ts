import type { ChildProcess } from 'node:child_process';
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { ServerConfig } from '../../../shared/config.js';
import type { ServerSecretsResolver } from '../secrets/server-secrets.js';
import { emptyCatalog, type UpstreamCatalog } from './upstream-catalog.js';
import type { UpstreamConnection } from './upstream-connection.js';

/* What connecting to a server needs besides the state machine: its lists, a local server's URL, a deadline. */

/** Every item of every list the server's capabilities promise (or only `only`), whatever era it speaks. */
export async function fetchCatalog(connection: UpstreamConnection, caps: ServerCapabilities | undefined, only?: 'tools' | 'resources' | 'prompts'): Promise<Partial<UpstreamCatalog> & UpstreamCatalog> {
  const out = emptyCatalog();
  const want = (k: 'tools' | 'resources' | 'prompts') => (only === undefined || only === k) && caps?.[k] !== undefined;
  if (want('tools')) out.tools = (await connection.list('tools')) as UpstreamCatalog['tools'];
  if (want('resources')) {
    out.resources = (await connection.list('resources')) as UpstreamCatalog['resources'];
    out.resourceTemplates = (await connection.list('resourceTemplates').catch(() => [])) as UpstreamCatalog['resourceTemplates'];
  }
  if (want('prompts')) out.prompts = (await connection.list('prompts')) as UpstreamCatalog['prompts'];
  if (only === 'tools') return { tools: out.tools } as UpstreamCatalog;
  if (only === 'resources') return { resources: out.resources, resourceTemplates: out.resourceTemplates } as UpstreamCatalog;
  if (only === 'prompts') return { prompts: out.prompts } as UpstreamCatalog;
  return out;
}

/** Polls a local HTTP server's URL until anything answers, the process dies, or the start is abandoned. */
export async function waitForUrl(url: string, child: ChildProcess, current: () => boolean): Promise<void> {
  for (let delay = 50; current(); delay = Math.min(delay * 2, 500)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('the process exited before its URL answered');
    try {
      const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(2000) });
      void res.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(message)), ms).unref()))]).finally(() =>
    clearTimeout(t),
  );
}

/** The keychain would not give a server's secrets. */
export class KeychainProblem extends Error {}

/**
 * The secret env values and headers, from the keychain. A keychain failure fails this start with its
 * sentence (as lastError; a value itself never reaches the log). A stop during the read leaves
 * nothing to start.
 */
export async function readSecrets(resolve: ServerSecretsResolver, config: ServerConfig, current: () => boolean): Promise<{ env: Record<string, string>; headers: Record<string, string> }> {
  const secrets = await resolve(config).catch((e: Error) => {
    throw new KeychainProblem(e.message.replace(/\.$/, ''));
  });
  if (!current()) throw new Error('stopped while reading its secrets');
  return secrets;
}
