#!/usr/bin/env node
// Agent Hub benchmark (`npm run bench`; not a test). Measures on this machine:
//   latency  tools/call p50/p99 through the hub to a stdio echo server vs the same server over direct
//            Streamable HTTP; the hub's added latency, for a 2025-11-25 client and a 2026-07-28 one.
//   catalog  30 upstreams × 200 tools: tools/list p50, cold and warm start to the first tools/list
//            answer, hub RSS.
//   cli      one agent-hub command, start to exit: on the PATH and through npx.
//   leak     V8 heap after GC every 10,000 tool calls: growth per call.
//   consent  the consent check with rules in place.
//   timeline the Timeline page with 10,000 stored calls in Chromium: API time, first lanes, scrolling.
//   a2a      a message to a streaming A2A agent: as NAME__send_message through the hub, through the hub's
//            A2A front door, and with the SDK client direct.
//   tokens   tokens a client reads per request for its tool list, flat vs search mode, at 40, 500 and 6,000
//            tools of a realistic catalog (gpt-tokenizer, o200k_base); recall@1/@5 of hub__search_tools on
//            realistic tasks; index build and search time.
// Prints a table with targets and writes test-results/bench.json.
//
// Usage: node scripts/bench.mjs [SECTION…] [--strict] [--keep] [--list]
//   SECTION   run only these sections (default: all), also BENCH_SECTIONS=latency,catalog
//   --strict  exit 1 when a target is missed (default: report only)
//   --keep    keep the temporary data dirs (their paths are printed)
// Tuning (env): BENCH_ROUNDS=10 BENCH_CALLS=500 BENCH_WARMUP=1000 BENCH_SERVERS=30 BENCH_TOOLS_EACH=200
//   BENCH_LIST_CALLS=200 BENCH_WARM_RUNS=3 BENCH_TIMEOUT_S=300
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalog } from '../bench/catalog.mjs';
import { CLI, ROOT, cleanup, killAllSync } from '../bench/harness.mjs';
import { latency } from '../bench/latency.mjs';
import { consent } from '../bench/consent.mjs';
import { timeline } from '../bench/timeline.mjs';
import { a2a } from '../bench/a2a.mjs';
import { cli } from '../bench/cli.mjs';
import { leak } from '../bench/leak.mjs';
import { tokens } from '../bench/tokens.mjs';

/**
 * ── SECTIONS HOOK ──────────────────────────────────────────────────────────────────────────────────
 * Each section is `async ({ env, log }) => result` (a JSON-able object) plus `checks(result)`, the
 * figures compared with targets. To add one (e.g. "consent": consent check overhead), write
 * bench/consent.mjs and add an entry here; it becomes selectable as `node scripts/bench.mjs consent`.
 */
const SECTIONS = {
  cli: {
    title: 'CLI start-up: one command, start to exit',
    run: cli,
    checks: (r) => [
      { name: 'agent-hub --version p50 (on the PATH)', value: r.versionMs.p50, unit: 'ms', max: 300 },
      { name: 'agent-hub server list p50', value: r.serverListMs.p50, unit: 'ms', max: 400 },
      { name: 'npx agent-hub --version p50', value: r.npxVersionMs.p50, unit: 'ms', note: 'what the link on the PATH saves' },
    ],
  },
  leak: {
    title: 'memory per tool call: V8 heap after GC every 10,000 calls (hub in a child process)',
    run: leak,
    checks: (r) => [
      { name: `heap growth per 10,000 calls (${r.calls} calls)`, value: r.growthMBPer10k, unit: 'MB', max: 0.5, note: `heap ${r.samples[0].heapMB.toFixed(1)} → ${r.samples.at(-1).heapMB.toFixed(1)} MB` },
      { name: 'RSS after the calls', value: r.rssMB, unit: 'MB' },
    ],
  },
  consent: {
    title: 'consent check with a rule in place (in the hub process)',
    run: consent,
    checks: (r) => [
      { name: 'consent check p50, one allow rule', value: r.oneRuleUs.p50, unit: 'µs', max: 20 },
      { name: 'consent check p99, one allow rule', value: r.oneRuleUs.p99, unit: 'µs' },
      { name: 'consent check p50, 200 rules', value: r.manyRulesUs.p50, unit: 'µs', max: 20 },
    ],
  },
  latency: {
    title: 'tools/call latency: hub (stdio upstream; 2025 and 2026-07-28 clients) vs direct Streamable HTTP',
    run: latency,
    checks: (r) => [
      { name: 'tools/call p50, direct', value: r.directUs.p50, unit: 'µs' },
      { name: 'tools/call p50, via hub', value: r.hubUs.p50, unit: 'µs' },
      { name: 'tools/call p99, direct', value: r.directUs.p99, unit: 'µs' },
      { name: 'tools/call p99, via hub', value: r.hubUs.p99, unit: 'µs' },
      { name: 'hub added latency p50', value: r.addedP50Us, unit: 'µs', max: 250 },
      { name: 'hub added latency p99', value: r.addedP99Us, unit: 'µs' },
      { name: 'added p50 per round (median)', value: r.perRoundAddedP50Us.median, unit: 'µs', note: `range ${fmt(r.perRoundAddedP50Us.min)}…${fmt(r.perRoundAddedP50Us.max)} µs` },
      { name: 'tools/call p50, via hub, 2026-07-28 client', value: r.modernUs.p50, unit: 'µs', note: `p99 ${fmt(r.modernUs.p99)} µs` },
      { name: 'hub added latency p50, 2026-07-28 client', value: r.modernAddedP50Us, unit: 'µs', max: 1000, note: `per round ${fmt(r.perRoundModernAddedP50Us.min)}…${fmt(r.perRoundModernAddedP50Us.max)} µs; no session, v2 SDK per request` },
    ],
  },
  catalog: {
    title: 'catalog: 30 upstreams × 200 tools',
    run: catalog,
    checks: (r) => [
      { name: `tools/list p50 (${r.config.expectedTools} tools)`, value: r.toolsList.ms.p50, unit: 'ms', max: 5, note: `p99 ${fmt(r.toolsList.ms.p99)} ms, ${(r.toolsList.toolsJsonBytes / 1e6).toFixed(2)} MB` },
      { name: 'cold start → first tools/list', value: r.cold.spawnToFirstListMs, unit: 'ms', note: `${r.cold.firstListTools} tools in it; all after ${fmt(r.cold.spawnToAllToolsMs)} ms` },
      { name: 'warm start → first tools/list (median)', value: r.warmMedian.spawnToFirstListMs, unit: 'ms', max: 500, note: `runs: ${r.warm.map((w) => fmt(w.spawnToFirstListMs)).join(', ')} ms` },
      { name: 'warm start: tools in first tools/list', value: r.warmMedian.firstListTools, unit: 'tools', min: r.config.expectedTools },
      { name: 'warm start → all tools listed (median)', value: r.warmMedian.spawnToAllToolsMs, unit: 'ms' },
      { name: 'hub RSS after tools/list runs', value: r.hubMemoryAfterList.rssMB, unit: 'MB', max: 150, note: `peak (VmHWM) ${fmt(r.hubMemoryAfterList.hwmMB)} MB` },
    ],
  },
  a2a: {
    title: 'A2A: a message through the hub (MCP tool, A2A front door) vs the agent direct (streaming echo agent)',
    run: a2a,
    checks: (r) => [
      { name: 'send_message p50, direct (SDK client)', value: r.directMs.p50, unit: 'ms', note: `p99 ${fmt(r.directMs.p99)} ms` },
      { name: 'send_message p50, via hub (MCP tool)', value: r.hubMs.p50, unit: 'ms', note: `p99 ${fmt(r.hubMs.p99)} ms` },
      { name: 'hub added latency p50, MCP tool (records included)', value: r.addedP50Ms, unit: 'ms', max: 1 },
      { name: 'SendStreamingMessage p50, via the A2A front door', value: r.frontMs.p50, unit: 'ms', note: `p99 ${fmt(r.frontMs.p99)} ms` },
      { name: 'hub added latency p50, A2A front door', value: r.frontAddedP50Ms, unit: 'ms', max: 1 },
      { name: 'tasks recorded', value: r.tasksRecorded, unit: 'tasks', min: r.calls, note: `${fmt(r.eventsPerTask)} events each` },
      { name: 'hub RSS after the calls', value: r.hubMemory.rssMB, unit: 'MB', max: 150 },
    ],
  },
  tokens: {
    title: 'tool list tokens per request, flat vs search mode (gpt-tokenizer o200k_base), and search recall on realistic tasks',
    run: tokens,
    checks: (r) => [
      ...r.sizes.flatMap((s) => {
        const largest = s.tools === Math.max(...r.sizes.map((x) => x.tools));
        const at = `${s.tools.toLocaleString('en-US')} tools`;
        return [
          { name: `${at}: tools/list, flat`, value: s.flatTokens, unit: 'tokens', note: `${s.servers} servers, ${(s.flatBytes / 1e6).toFixed(2)} MB` },
          { name: `${at}: tools/list, search mode`, value: s.searchTokens, unit: 'tokens' },
          { name: `${at}: cut, flat / search`, value: s.cut, unit: '×', ...(largest ? { min: 10 } : {}), note: `×${fmt(s.cutWithOneSearch)} with one search answer` },
          { name: `${at}: recall@1`, value: s.recallAt1, unit: '', note: `${s.queries} queries; dev ${fmt(s.dev.recallAt1)} (${s.devQueries}), held out ${fmt(s.holdout.recallAt1)} (${s.holdoutQueries})` },
          { name: `${at}: recall@5`, value: s.recallAt5, unit: '', ...(largest ? { min: 0.9 } : {}), note: `dev ${fmt(s.dev.recallAt5)}, held out ${fmt(s.holdout.recallAt5)}` },
          { name: `${at}: hub__search_tools answer (limit ${r.limit}), median`, value: s.answerTokens.median, unit: 'tokens', note: `max ${s.answerTokens.max}; p50 ${fmt(s.searchCallMs.p50)} ms over MCP` },
        ];
      }),
      { name: `index build at ${r.index.tools.toLocaleString('en-US')} tools`, value: r.index.buildMs.p50, unit: 'ms', note: 'in process, median of 5' },
      { name: `search at ${r.index.tools.toLocaleString('en-US')} tools, p50`, value: r.index.searchUs.p50 / 1000, unit: 'ms', note: `p99 ${fmt(r.index.searchUs.p99 / 1000)} ms` },
    ],
  },
  timeline: {
    title: 'Timeline page with 10,000 stored calls (Chromium, browser mode)',
    run: timeline,
    checks: (r) => [
      { name: 'listToolCalls p50, the first read (newest 300)', value: r.apiMs.p50, unit: 'ms', max: 250, note: `${(r.apiBytes / 1e6).toFixed(2)} MB` },
      { name: 'listToolCalls p50, on each hub event (what changed)', value: r.changedMs.p50, unit: 'ms', note: `${r.changedBytes} bytes` },
      { name: `listToolCalls p50, the whole history (${r.calls} rows; the page before issue 19 read this on every event)`, value: r.wholeMs.p50, unit: 'ms', note: `${(r.wholeBytes / 1e6).toFixed(2)} MB` },
      { name: 'click → first lanes on screen', value: r.firstLanesMs, unit: 'ms', max: 1000 },
      { name: 'lanes in the DOM', value: r.lanesInDom, unit: 'lanes', max: 100, note: r.listedLabel },
      { name: 'scroll frame time p50', value: r.frameMs.p50, unit: 'ms', max: 33, note: `${r.screens} screens` },
      { name: 'scroll frame time p99', value: r.frameMs.p99, unit: 'ms', note: `max ${fmt(r.frameMs.max)} ms` },
    ],
  },
};

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const log = (line) => console.log(line);

if (flags.has('--list') || flags.has('--help')) {
  for (const [name, s] of Object.entries(SECTIONS)) console.log(`${name.padEnd(10)} ${s.title}`);
  process.exit(0);
}
const wanted = [...args.filter((a) => !a.startsWith('--')), ...(process.env.BENCH_SECTIONS ?? '').split(',').filter(Boolean)];
const unknown = wanted.filter((w) => !(w in SECTIONS));
if (unknown.length) {
  log(`bench: unknown section(s) ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}
const selected = wanted.length ? Object.keys(SECTIONS).filter((s) => wanted.includes(s)) : Object.keys(SECTIONS);

if (!fs.existsSync(CLI)) {
  log(`bench: ${path.relative(ROOT, CLI)} is missing; run \`npm run build\` first.`);
  process.exit(2);
}
warnIfStale();

// Whatever happens, nothing we started outlives us.
process.on('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    log(`bench: ${sig}, stopping everything`);
    void cleanup().finally(() => process.exit(130));
  });
}
const watchdogS = Number(process.env.BENCH_TIMEOUT_S ?? 300);
const watchdog = setTimeout(() => {
  log(`bench: still running after ${watchdogS} s; giving up`);
  void cleanup().finally(() => process.exit(1));
}, watchdogS * 1000);

const report = {
  date: new Date().toISOString(),
  machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadavg: os.loadavg(), totalMemMB: Math.round(os.totalmem() / 2 ** 20) },
  sections: {},
  checks: [],
};

let failed = false;
try {
  for (const name of selected) {
    const section = SECTIONS[name];
    log(`▶ ${name}: ${section.title}`);
    const started = performance.now();
    const result = await section.run({ env: process.env, log });
    result.durationS = (performance.now() - started) / 1000;
    report.sections[name] = result;
    for (const c of section.checks(result)) report.checks.push({ section: name, ...c, pass: pass(c) });
    log(`  done in ${result.durationS.toFixed(1)} s`);
  }
} catch (e) {
  failed = true;
  log(`bench: FAILED: ${e.stack ?? e}`);
} finally {
  const strays = await cleanup({ keepDirs: flags.has('--keep') });
  if (strays) log(`bench: ${strays} fixture process(es) were still running at the end and were killed.`);
  clearTimeout(watchdog);
}

printTable(report.checks);
report.failed = failed;
const out = path.join(ROOT, 'test-results', 'bench.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
console.log(`\nresults: ${path.relative(process.cwd(), out)}`);
const missed = report.checks.filter((c) => c.pass === false).length;
process.exit(failed ? 1 : missed && flags.has('--strict') ? 1 : 0);

function pass(c) {
  if (c.max === undefined && c.min === undefined) return undefined;
  return (c.max === undefined || c.value <= c.max) && (c.min === undefined || c.value >= c.min);
}

function fmt(v) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function printTable(checks) {
  if (!checks.length) return;
  const rows = checks.map((c) => [
    c.section,
    c.name,
    `${fmt(c.value)} ${c.unit}`,
    c.max !== undefined ? `≤ ${c.max} ${c.unit}` : c.min !== undefined ? `≥ ${c.min} ${c.unit}` : '',
    c.pass === undefined ? '' : c.pass ? '✓' : '✗',
    c.note ?? '',
  ]);
  const head = ['section', 'metric', 'measured', 'target', '', 'notes'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(`\nAgent Hub benchmark — ${report.machine.cpus} CPU(s), Node ${report.machine.node}, load ${report.machine.loadavg.map((l) => l.toFixed(2)).join(' ')}`);
  console.log(line(head));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

function warnIfStale() {
  const built = fs.statSync(CLI).mtimeMs;
  const stack = ['main', 'shared'];
  while (stack.length) {
    const dir = path.join(ROOT, stack.pop());
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(path.relative(ROOT, p));
      else if (e.name.endsWith('.ts') && fs.statSync(p).mtimeMs > built) {
        log(`bench: warning: ${path.relative(ROOT, p)} is newer than dist/; run \`npm run build\` to measure the current code.`);
        return;
      }
    }
  }
}
