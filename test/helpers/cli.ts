import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'main', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh, empty data folder that is removed after the test run. */
export function tempDataDir(prefix = 'agent-hub-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs the real `agent-hub` CLI (the built dist/main/cli.js) to completion. */
export function runCli(args: string[], options: { dataDir?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CliResult {
  // --data-dir goes before a bare `--`: everything after it is the server's own command line.
  const split = args.indexOf('--');
  const at = split === -1 ? args.length : split;
  const fullArgs = options.dataDir ? [...args.slice(0, at), '--data-dir', options.dataDir, ...args.slice(at)] : args;
  const r = spawnSync(process.execPath, [cliPath, ...fullArgs], {
    encoding: 'utf8',
    env: { ...process.env, AGENT_HUB_DATA_DIR: '', ...options.env },
    input: options.input,
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * runCli without blocking this process: for commands that reach servers running in the test process
 * (A2A fixture agents), which a spawnSync would freeze until it timed out.
 */
export function runCliAsync(args: string[], options: { dataDir?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  const split = args.indexOf('--');
  const at = split === -1 ? args.length : split;
  const fullArgs = options.dataDir ? [...args.slice(0, at), '--data-dir', options.dataDir, ...args.slice(at)] : args;
  const child = spawn(process.execPath, [cliPath, ...fullArgs], { env: { ...process.env, AGENT_HUB_DATA_DIR: '', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin!.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** Starts a long-running CLI command (serve) and resolves once a stdout line matches `ready`. */
export async function startCli(
  args: string[],
  ready: RegExp,
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { ...process.env, AGENT_HUB_DATA_DIR: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before it was ready:\n${out}`)));
  });
  return { child, match, output: () => out };
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
