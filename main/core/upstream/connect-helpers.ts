import type { ChildProcess } from 'node:child_process';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { emptyCatalog, type UpstreamCatalog } from './upstream-catalog.js';

/* What connecting to a server needs besides the state machine: its lists, a local server's URL, a deadline. */

/** Every page of every list the server's capabilities promise (or only `only`). */
export async function fetchCatalog(client: Client, caps: ServerCapabilities | undefined, only?: 'tools' | 'resources' | 'prompts'): Promise<Partial<UpstreamCatalog> & UpstreamCatalog> {
  const out = emptyCatalog();
  const want = (k: 'tools' | 'resources' | 'prompts') => (only === undefined || only === k) && caps?.[k] !== undefined;
  if (want('tools')) out.tools = await allPages((cursor) => client.listTools({ cursor }), (r) => r.tools);
  if (want('resources')) {
    out.resources = await allPages((cursor) => client.listResources({ cursor }), (r) => r.resources);
    out.resourceTemplates = await allPages((cursor) => client.listResourceTemplates({ cursor }), (r) => r.resourceTemplates).catch(() => []);
  }
  if (want('prompts')) out.prompts = await allPages((cursor) => client.listPrompts({ cursor }), (r) => r.prompts);
  if (only === 'tools') return { tools: out.tools } as UpstreamCatalog;
  if (only === 'resources') return { resources: out.resources, resourceTemplates: out.resourceTemplates } as UpstreamCatalog;
  if (only === 'prompts') return { prompts: out.prompts } as UpstreamCatalog;
  return out;
}

async function allPages<R extends { nextCursor?: string }, T>(page: (cursor?: string) => Promise<R>, items: (r: R) => T[]): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const r = await page(cursor);
    out.push(...items(r));
    cursor = r.nextCursor;
    if (!cursor) break;
  }
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
