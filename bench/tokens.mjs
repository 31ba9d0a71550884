// Section "tokens": what a client reads per request for its tool list, flat versus search mode, at 40, 500
// and 6,000 tools of a realistic catalog (realistic-catalog.mjs), counted with a real tokenizer
// (gpt-tokenizer, o200k_base: the encoding of GPT-4o, GPT-4.1, the o-series and GPT-5); and the quality of
// hub__search_tools on realistic tasks (recall@1 and @5 of the tool each task needs).
//
// Per size: a fresh data dir, one catalog-file-server.mjs per server (imported from a generated config),
// two clients (flat, and search with --mode search), `agent-hub serve`, and once every tool is published:
//   - flat: the tokens of the tools array tools/list returns to the flat client (JSON, as received);
//   - search: the same for the search client (hub__search_tools, hub__call_tool);
//   - every query whose tool is in the catalog through hub__search_tools over MCP (limit 5): rank of the
//     tool needed, and the tokens of the answer's text (what the model reads).
// Then, in this process, the index itself at the largest size (dist/…/tool-search.js): build and search time.
// Misses (tool not first) go to test-results/bench-tokens-misses.json, with the tool's rank up to 25.
//
// Tuning (env): BENCH_TOKEN_SIZES=40,500,6000
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { ALL_QUERIES, catalogFor, queriesFor } from './realistic-catalog.mjs';
import { BENCH_DIR, ROOT, TAG, addClient, cli, connect, startHub, stopHub, summarize, tempDir, waitFor } from './harness.mjs';

export const ENCODING = 'o200k_base';
const SERVER = path.join(BENCH_DIR, 'catalog-file-server.mjs');
const SEARCH = 'hub__search_tools';
const LIMIT = 5;
export const MISSES_FILE = path.join(ROOT, 'test-results', 'bench-tokens-misses.json');

export async function tokens({ env, log }) {
  const sizes = (env.BENCH_TOKEN_SIZES ?? '40,500,6000').split(',').map(Number);
  const dev = ALL_QUERIES.filter((q) => q.set === 'dev').length;
  log(`  tokenizer: gpt-tokenizer, encoding ${ENCODING}; ${ALL_QUERIES.length} queries (${dev} dev, ${ALL_QUERIES.length - dev} held out)`);
  const results = [];
  const misses = {};
  for (const n of sizes) {
    const r = await measure(n, log);
    results.push(r.summary);
    misses[n] = r.misses;
  }
  const index = await indexTimes(Math.max(...sizes), log);
  fs.mkdirSync(path.dirname(MISSES_FILE), { recursive: true });
  fs.writeFileSync(MISSES_FILE, JSON.stringify({ date: new Date().toISOString(), encoding: ENCODING, limit: LIMIT, misses }, null, 2) + '\n');
  log(`  misses: ${path.relative(process.cwd(), MISSES_FILE)}`);
  return { encoding: ENCODING, tokenizer: 'gpt-tokenizer', limit: LIMIT, queries: ALL_QUERIES.length, sizes: results, index };
}

async function measure(n, log) {
  const servers = catalogFor(n);
  const queries = queriesFor(servers);
  const dataDir = tempDir(`tokens-${n}`);
  const dir = path.join(dataDir, 'bench-catalog');
  fs.mkdirSync(dir);
  const mcpServers = {};
  for (const s of servers) {
    const file = path.join(dir, `${s.name}.json`);
    fs.writeFileSync(file, JSON.stringify({ name: s.name, tools: s.tools }));
    mcpServers[s.name] = { command: process.execPath, args: [SERVER, file, TAG] };
  }
  const configFile = path.join(dataDir, 'bench-mcp.json');
  fs.writeFileSync(configFile, JSON.stringify({ mcpServers }, null, 2));
  await cli(['import', configFile, '--format', 'cursor', '--data-dir', dataDir], { timeoutMs: 60_000 });
  const flatToken = await addClient(dataDir, 'flat');
  const searchToken = await addClient(dataDir, 'search');
  await cli(['client', 'set', 'search', '--mode', 'search', '--data-dir', dataDir]);

  const hub = await startHub(dataDir);
  const clients = [];
  try {
    const flat = await connect(hub.mcpUrl, flatToken);
    const search = await connect(hub.mcpUrl, searchToken);
    clients.push(flat, search);
    const started = performance.now();
    const listed = await waitFor(`${n} tools in tools/list`, async () => {
      const r = await flat.request('tools/list');
      return r.tools.length >= n ? r : undefined;
    }, { timeoutMs: 240_000, everyMs: 250 });
    if (listed.tools.length !== n) throw new Error(`tools/list has ${listed.tools.length} tools, expected ${n}`);
    log(`  ${n} tools: ${servers.length} servers, all tools published ${((performance.now() - started) / 1000).toFixed(1)} s after the first list`);

    // What each client reads per request for its tool list: the tools array, as JSON.
    const flatJson = JSON.stringify(listed.tools);
    const searchList = await search.request('tools/list');
    const searchJson = JSON.stringify(searchList.tools);
    const flatTokens = countTokens(flatJson);
    const searchTokens = countTokens(searchJson);

    // Every query through hub__search_tools, as a model in search mode would call it.
    const ranks = [];
    const answerTokens = [];
    const answerWithStructuredTokens = [];
    const callMs = [];
    const missed = [];
    let firstMs;
    for (const q of queries) {
      const t0 = performance.now();
      const r = await search.request('tools/call', { name: SEARCH, arguments: { query: q.query, limit: LIMIT } });
      const ms = performance.now() - t0;
      if (firstMs === undefined) firstMs = ms;
      else callMs.push(ms);
      if (r.isError) throw new Error(`${SEARCH} failed for "${q.query}": ${r.content?.[0]?.text}`);
      const names = r.structuredContent.tools.map((t) => t.name);
      const rank = names.indexOf(q.tool);
      ranks.push({ rank, set: q.set });
      answerTokens.push(countTokens(r.content.map((c) => c.text ?? '').join('')));
      answerWithStructuredTokens.push(countTokens(JSON.stringify(r)));
      if (rank !== 0) {
        // Where it is, if anywhere in the first 25: for the next engineer.
        const wide = await search.request('tools/call', { name: SEARCH, arguments: { query: q.query, limit: 25 } });
        const at = wide.structuredContent.tools.map((t) => t.name).indexOf(q.tool);
        missed.push({ set: q.set, query: q.query, expected: q.tool, rank: rank >= 0 ? rank + 1 : null, rankIn25: at >= 0 ? at + 1 : null, top5: names });
      }
    }
    const at = (k, set) => {
      const of = ranks.filter((r) => !set || r.set === set);
      return of.filter((r) => r.rank >= 0 && r.rank < k).length / of.length;
    };
    const typical = median(answerTokens);
    const summary = {
      tools: n,
      servers: servers.length,
      queries: queries.length,
      devQueries: queries.filter((q) => q.set === 'dev').length,
      holdoutQueries: queries.filter((q) => q.set === 'holdout').length,
      flatTokens,
      flatBytes: Buffer.byteLength(flatJson),
      searchTokens,
      searchBytes: Buffer.byteLength(searchJson),
      cut: flatTokens / searchTokens,
      recallAt1: at(1),
      recallAt5: at(5),
      dev: { recallAt1: at(1, 'dev'), recallAt5: at(5, 'dev') },
      holdout: { recallAt1: at(1, 'holdout'), recallAt5: at(5, 'holdout') },
      answerTokens: { median: typical, max: Math.max(...answerTokens), min: Math.min(...answerTokens) },
      answerWithStructuredTokensMedian: median(answerWithStructuredTokens),
      // A task in search mode: the tool list plus one search answer, against the flat list.
      cutWithOneSearch: flatTokens / (searchTokens + typical),
      searchCallMs: { first: firstMs, ...summarize(callMs) },
    };
    log(`  ${n} tools: flat ${flatTokens} tokens, search ${searchTokens} (cut ×${summary.cut.toFixed(1)}); ` +
      `recall@1 ${summary.recallAt1.toFixed(2)}, @5 ${summary.recallAt5.toFixed(2)} over ${queries.length} queries ` +
      `(dev ${summary.dev.recallAt1.toFixed(2)}/${summary.dev.recallAt5.toFixed(2)}, held out ${summary.holdout.recallAt1.toFixed(2)}/${summary.holdout.recallAt5.toFixed(2)}); ` +
      `search answer ${typical} tokens (median); ${SEARCH} p50 ${summary.searchCallMs.p50.toFixed(2)} ms over MCP (first ${firstMs.toFixed(1)} ms)`);
    return { summary, misses: missed };
  } finally {
    for (const c of clients) c.close();
    await stopHub(hub);
  }
}

/** The index in this process, from dist/: build time (first search on a fresh ToolSearch) and search time. */
async function indexTimes(n, log) {
  const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist', p)).href);
  const [{ Catalog }, { ToolSearch }, { ServerConfigSchema }] = await Promise.all([
    dist('main/core/gateway/catalog.js'),
    dist('main/core/gateway/tool-search.js'),
    dist('shared/config.js'),
  ]);
  const servers = catalogFor(n);
  const catalog = new Catalog();
  catalog.rebuild(servers.map((s) => ({
    config: ServerConfigSchema.parse({ name: s.name, transport: 'stdio', command: 'x' }),
    catalog: { tools: s.tools, resources: [], resourceTemplates: [], prompts: [] },
  })));
  const queries = queriesFor(servers).map((q) => q.query);
  const all = () => true;
  const buildMs = [];
  for (let i = 0; i < 5; i++) {
    const search = new ToolSearch(catalog);
    const t0 = performance.now();
    search.search(queries[0], LIMIT, all);
    buildMs.push(performance.now() - t0);
  }
  const search = new ToolSearch(catalog);
  search.search(queries[0], LIMIT, all);
  const searchUs = [];
  for (let round = 0; round < 10; round++) {
    for (const q of queries) {
      const t0 = performance.now();
      search.search(q, LIMIT, all);
      searchUs.push((performance.now() - t0) * 1000);
    }
  }
  const result = { tools: catalog.tools.length, buildMs: summarize(buildMs), searchUs: summarize(searchUs) };
  log(`  index at ${result.tools} tools (in process): build ${result.buildMs.p50.toFixed(0)} ms (median of 5), ` +
    `search p50 ${(result.searchUs.p50 / 1000).toFixed(2)} ms, p99 ${(result.searchUs.p99 / 1000).toFixed(2)} ms`);
  return result;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}
