import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

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
 * `agent-hub serve` on a free port for browser tests; resolves once it printed its URL and sign-in link.
 * `env` is merged over this process's environment for the hub (e.g. a test keyring's `env`).
 */
export async function serveHub(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ServedHub> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
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
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args, '--data-dir', dataDir], { env: { ...env, AGENT_HUB_DATA_DIR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`agent-hub ${args.join(' ')} exited with ${code}: ${err}`))));
  });
}
