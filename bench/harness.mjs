// Shared plumbing for the benchmark: the hub CLI, hub processes, fixture processes, cleanup, statistics.
// Everything started here is tracked and killed (by pid) on every way out: normal end, error, signal.
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MiniClient } from './mini-client.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'dist/main/cli.js');
export const BENCH_DIR = path.join(ROOT, 'bench');
/** Every fixture process gets this marker on its command line, so strays can be found by pid at the end. */
export const TAG = `--bench-tag=${process.pid}-${randomBytes(4).toString('hex')}`;

const children = new Set();
const tempDirs = new Set();

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function tempDir(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `agent-hub-bench-${label}-`));
  tempDirs.add(dir);
  return dir;
}

/** Runs the hub CLI (`node dist/main/cli.js …`) and resolves its stdout. */
export function cli(args, { timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`agent-hub ${args.join(' ')} failed: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

export async function addClient(dataDir, name = 'bench') {
  const { token } = JSON.parse(await cli(['client', 'add', name, '--json', '--data-dir', dataDir]));
  return token;
}

/** Spawns a tracked child process. */
export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/**
 * Starts `agent-hub serve --port 0` and resolves once it prints its URL. `spawnedAt` is taken right before
 * the spawn, so callers can measure start-up from it.
 */
export async function startHub(dataDir, { timeoutMs = 30_000 } = {}) {
  const spawnedAt = performance.now();
  const proc = track(spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  proc.stdout.setEncoding('utf8');
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`the hub did not print its URL within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /running headless at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
    proc.once('exit', (code, signal) => {
      clearTimeout(t);
      reject(new Error(`the hub exited (${signal ?? code}) before it was ready; stderr: ${stderr}`));
    });
  });
  const urlAt = performance.now();
  return { proc, pid: proc.pid, url, mcpUrl: `${url}/mcp`, spawnedAt, urlAt, stderr: () => stderr };
}

/** SIGTERM (the hub then stops its servers), SIGKILL after `graceMs`; then waits for its fixtures to go. */
export async function stopHub(hub, graceMs = 10_000) {
  await stopProcess(hub.proc, graceMs);
  await reapFixtures(5_000);
}

export async function stopProcess(proc, graceMs = 5_000) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const t = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(t);
}

/** Pids of live fixture processes started by this run (found by TAG on their command line). */
export function fixturePids() {
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.split('\0').includes(TAG)) pids.push(Number(entry));
    } catch {
      // gone already
    }
  }
  return pids;
}

/** Waits up to `ms` for this run's fixtures to exit, then SIGKILLs the rest by pid; resolves how many were left. */
export async function reapFixtures(ms) {
  const until = performance.now() + ms;
  let left = fixturePids();
  while (left.length && performance.now() < until) {
    await sleep(50);
    left = fixturePids();
  }
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  return left.length;
}

/** Kills every tracked process and fixture, removes temp dirs. Safe to call more than once. */
export async function cleanup({ keepDirs = false } = {}) {
  await Promise.allSettled([...children].map((c) => stopProcess(c, 3_000)));
  const strays = await reapFixtures(3_000);
  if (!keepDirs) for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
  return strays;
}

/** Last-resort synchronous kill, for process 'exit'. */
export function killAllSync() {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      // gone
    }
  }
  for (const pid of fixturePids()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

/** A MiniClient with an initialized session; retries until `timeoutMs` (the endpoint may not be up yet). */
export async function connect(mcpUrl, token, { timeoutMs = 10_000, retryMs = 5 } = {}) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const client = new MiniClient(mcpUrl, { token });
    try {
      await client.initialize(timeoutMs);
      return client;
    } catch (e) {
      client.close();
      if (performance.now() > until) throw e;
      await sleep(retryMs);
    }
  }
}

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes (then throws `what`). */
export async function waitFor(what, probe, { timeoutMs = 60_000, everyMs = 100 } = {}) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (performance.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** VmRSS and VmHWM of a process, in MB (MiB). */
export function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(samples) {
  const s = Float64Array.from(samples).sort();
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), mean, min: s[0], max: s[s.length - 1] };
}

/** Times `fn` in µs (hrtime). */
export async function timeUs(fn) {
  const t = process.hrtime.bigint();
  const v = await fn();
  return [Number(process.hrtime.bigint() - t) / 1000, v];
}
