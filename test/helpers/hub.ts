import net from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { exitOf, runCli, startCli, tempDataDir } from './cli.js';

export const READY = /running headless at (http:\/\/127\.0\.0\.1:(\d+))\//;

export interface RunningHub {
  dataDir: string;
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  /** Creates a client and returns its token. */
  addClient(name: string): string;
  /** An SDK client connected to the hub's endpoint with the token. */
  connect(token: string, capabilities?: ClientCapabilities): Promise<Client>;
  stop(): Promise<void>;
}

const running = new Set<RunningHub>();

/** `agent-hub serve --port 0` on a data folder (fresh unless given), driven through the real CLI. */
export async function startHub(options: { dataDir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunningHub> {
  const dataDir = options.dataDir ?? tempDataDir();
  const { child, match, output } = await startCli(['serve', '--port', '0', '--data-dir', dataDir], READY, { env: options.env });
  const clients: Client[] = [];
  const hub: RunningHub = {
    dataDir,
    url: match[1]!,
    port: Number(match[2]),
    child,
    output,
    addClient(name) {
      const r = runCli(['client', 'add', name, '--json'], { dataDir });
      if (r.code !== 0) throw new Error(r.stderr);
      return (JSON.parse(r.stdout) as { token: string }).token;
    },
    async connect(token, capabilities = {}) {
      const client = new Client({ name: 'test-client', version: '1.0.0' }, { capabilities });
      await client.connect(
        new StreamableHTTPClientTransport(new URL('/mcp', hub.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
      );
      clients.push(client);
      return client;
    },
    async stop() {
      running.delete(hub);
      await Promise.allSettled(clients.map((c) => c.close()));
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exitOf(child);
      }
    },
  };
  running.add(hub);
  return hub;
}

/** Stops every hub a test file started (use in afterEach/afterAll). */
export async function stopAllHubs(): Promise<void> {
  await Promise.allSettled([...running].map((h) => h.stop()));
}

/** Polls until `check` returns a truthy value (no fixed sleeps in tests); fails after `timeoutMs`. */
type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000, what = 'condition'): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as Truthy<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A port nothing listens on right now (for a server the test starts itself). */
export async function freePort(): Promise<number> {
  const s = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}
