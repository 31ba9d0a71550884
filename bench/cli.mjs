// Section "cli": how long one `agent-hub` command takes, start to exit, as a user's shell or script
// runs it: straight (the link `npm run setup` puts on the PATH, i.e. node dist/main/cli.js) and
// through `npx agent-hub` (npm resolving the package first). Wall-clock times of whole processes.
import { spawnSync } from 'node:child_process';
import { CLI, ROOT, summarize, tempDir } from './harness.mjs';

function timeRuns(command, args, runs, env) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(command, args, { cwd: ROOT, env, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${r.status}`);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return summarize(ms);
}

export async function cli({ env, log }) {
  const runs = Number(env.BENCH_CLI_RUNS ?? 20);
  const dataDir = tempDir('cli');
  const childEnv = { ...process.env, AGENT_HUB_DATA_DIR: dataDir };
  // The first run writes the code cache; it is not what a user sees afterwards.
  spawnSync(process.execPath, [CLI, 'server', 'list'], { env: childEnv, stdio: 'ignore' });
  const version = timeRuns(process.execPath, [CLI, '--version'], runs, childEnv);
  log(`  agent-hub --version: p50 ${version.p50.toFixed(0)} ms over ${runs} runs`);
  const list = timeRuns(process.execPath, [CLI, 'server', 'list'], runs, childEnv);
  log(`  agent-hub server list: p50 ${list.p50.toFixed(0)} ms`);
  const npx = timeRuns('npx', ['--no-install', 'agent-hub', '--version'], Math.min(runs, 5), childEnv);
  log(`  npx agent-hub --version: p50 ${npx.p50.toFixed(0)} ms`);
  return { runs, versionMs: version, serverListMs: list, npxVersionMs: npx };
}
