import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './fs-atomic.js';

/**
 * hub.json in the data folder says which process serves this data folder and on which port, so that
 * `agent-hub connect` finds a running hub and a second `serve` on the same folder is refused.
 */
export interface RuntimeInfo {
  pid: number;
  port: number;
  url: string;
  startedAt: string;
}

const FILE = 'hub.json';

export function readRuntimeInfo(dataDir: string): RuntimeInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')) as RuntimeInfo;
    return isAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

export function writeRuntimeInfo(dataDir: string, info: RuntimeInfo): void {
  writeFileAtomic(path.join(dataDir, FILE), JSON.stringify(info, null, 2) + '\n', 0o600);
}

export function removeRuntimeInfo(dataDir: string, pid = process.pid): void {
  const file = path.join(dataDir, FILE);
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as RuntimeInfo;
    if (info.pid === pid) fs.rmSync(file, { force: true });
  } catch {
    // Already gone or unreadable: nothing of ours to remove.
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
