import { spawn, type ChildProcess } from 'node:child_process';
import type { ProcessRegistry } from './process-registry.js';
import { serverEnv } from './safe-env.js';

export interface LaunchSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

/**
 * Starts a server process in its own process group (so stopping it also stops what it spawned, such as
 * the node process behind `npx`), registered with the reaper.
 */
export function launch(spec: LaunchSpec, registry: ProcessRegistry, stdin: 'pipe' | 'ignore' = 'pipe'): ChildProcess {
  const posix = process.platform !== 'win32';
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: serverEnv(spec.env),
    stdio: [stdin, 'pipe', 'pipe'],
    detached: posix,
    windowsHide: true,
  });
  if (posix && child.pid) {
    const pgid = child.pid;
    registry.register(pgid);
    child.once('exit', () => {
      // The leader is gone; stragglers in its group still get a SIGKILL.
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // group already empty
      }
      registry.unregister(pgid);
    });
  }
  return child;
}

/** close stdin → wait → SIGTERM (whole group) → wait → SIGKILL. Resolves once the process has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 2000): Promise<void> {
  // No pid: the spawn itself failed (ENOENT …), so there is nothing to stop and no 'exit' will come.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waitFor = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);

  child.stdin?.end();
  if (await waitFor(graceMs)) return;
  signal(child, 'SIGTERM');
  if (await waitFor(graceMs)) return;
  signal(child, 'SIGKILL');
  await exited;
}

function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (process.platform !== 'win32' && child.pid) process.kill(-child.pid, sig);
    else child.kill(sig);
  } catch {
    child.kill(sig);
  }
}
