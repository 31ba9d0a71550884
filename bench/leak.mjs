// Section "leak": whether a tool call leaves anything behind. The hub runs in a child process with
// --expose-gc (bench/leak-runner.mjs) and reports its V8 heap after a full GC every 10,000 calls; the
// growth per 10,000 calls (a least-squares slope over the samples) should be noise, not a trend.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, ROOT, tempDir, track } from './harness.mjs';

export async function leak({ env, log }) {
  const calls = Number(env.BENCH_LEAK_CALLS ?? 50_000);
  const step = 10_000;
  const child = track(spawn(process.execPath, ['--expose-gc', path.join(BENCH_DIR, 'leak-runner.mjs'), ROOT, tempDir('leak'), String(calls), String(step)], { stdio: ['ignore', 'pipe', 'inherit'] }));
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`the leak runner exited with ${code}`);
  const { samples, rssMB } = JSON.parse(out.trim().split('\n').at(-1));
  for (const s of samples) log(`  after ${s.calls} calls: heap ${s.heapMB.toFixed(2)} MB`);
  // Least squares: MB per 10,000 calls.
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.calls, 0) / n;
  const my = samples.reduce((a, s) => a + s.heapMB, 0) / n;
  const slope = samples.reduce((a, s) => a + (s.calls - mx) * (s.heapMB - my), 0) / samples.reduce((a, s) => a + (s.calls - mx) ** 2, 0);
  return { calls, samples, growthMBPer10k: slope * step, rssMB };
}
