import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const cli = path.join(root, 'dist/main/cli.js');

export interface ServedHub {
  process: ChildProcess;
  /** http://127.0.0.1:PORT */
  base: string;
  /** The one-time sign-in link `serve` printed. */
  link: string;
}

/**
 * `agent-hub serve` on a free port (or on `port`, e.g. a restarted hub's) for browser tests; resolves
 * once it printed its URL and sign-in link. `env` is merged over this process's environment for the
 * hub (e.g. a test keyring's `env`).
 */
export async function serveHub(dataDir: string, env: NodeJS.ProcessEnv = {}, port = 0): Promise<ServedHub> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', String(port), '--data-dir', dataDir], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const [base, link] = await new Promise<[string, string]>((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running headless at (http:\/\/127\.0\.0\.1:\d+)\/[\s\S]*this link works once\): (\S+)/.exec(out);
      if (m) resolve([m[1]!, m[2]!]);
    });
  });
  return { process: child, base, link };
}

/**
 * Runs the CLI on a data folder without blocking this process (fixture agents live here, and `agent add`
 * fetches their cards, which a synchronous spawn would leave unanswered); resolves its stdout.
 */
export function runCli(dataDir: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  // Options go before a `--`: what follows it is a server's own command line.
  const end = args.includes('--') ? args.indexOf('--') : args.length;
  const full = [...args.slice(0, end), '--data-dir', dataDir, ...args.slice(end)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...full], { env: { ...env, AGENT_HUB_DATA_DIR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`agent-hub ${args.join(' ')} exited with ${code}: ${err}`))));
  });
}

/** Stops a served hub and waits until its process is gone (and its port free). */
export async function stopHub(hub: ChildProcess | undefined): Promise<void> {
  if (!hub || hub.exitCode !== null || hub.signalCode !== null) return;
  const exited = new Promise((resolve) => hub.once('exit', resolve));
  hub.kill('SIGTERM');
  await exited;
}

/** A real MCP client (the SDK) of the hub's endpoint, signed in with a client token. */
export async function mcpClient(base: string, token: string, name = 'e2e'): Promise<Client> {
  const client = new Client({ name, version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}
