import { spawn, type ChildProcess } from 'node:child_process';
import { appFiles } from '../app-files.js';

const reaperScript = appFiles.reaper;

/**
 * Keeps the reaper (see reaper.ts) informed of every server process group. Started on first use, so a
 * hub with no local servers never starts it.
 */
export class ProcessRegistry {
  private reaper: ChildProcess | undefined;

  register(pgid: number): void {
    this.send(`+${pgid}\n`);
  }

  unregister(pgid: number): void {
    this.send(`-${pgid}\n`);
  }

  /** Closing the pipe makes the reaper stop whatever is still registered, then exit. */
  close(): void {
    this.reaper?.stdin?.end();
    this.reaper = undefined;
  }

  private send(line: string): void {
    if (process.platform === 'win32') return;
    if (!this.reaper) {
      this.reaper = spawn(process.execPath, [reaperScript], {
        stdio: ['pipe', 'ignore', 'ignore'],
        detached: true,
        env: { PATH: process.env.PATH ?? '' },
      });
      this.reaper.on('error', () => (this.reaper = undefined));
      // A reaper that died (or could not start) must not take the hub down with an EPIPE.
      this.reaper.stdin?.on('error', () => (this.reaper = undefined));
      // Neither the process nor its pipe may keep the hub alive.
      this.reaper.unref();
      (this.reaper.stdin as unknown as { unref?: () => void }).unref?.();
    }
    this.reaper.stdin?.write(line);
  }
}
