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

/** `agent-hub serve` on a free port for browser tests; resolves once it printed its URL and sign-in link. */
export async function serveHub(dataDir: string): Promise<ServedHub> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
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
