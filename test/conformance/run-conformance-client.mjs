// Runs the official MCP conformance suite (@modelcontextprotocol/conformance 0.2.0-alpha.12) in CLIENT
// mode with the hub's OAuth client (test/conformance/hub-auth-client.mjs) under test, one scenario per CLI
// process, each at the wire of the revision it is run for (`--spec-version`); same verdicts as the server
// runs of run-conformance.mjs, whose helpers (the CLI, Node 22, checks.json) this uses.
//
//   import { authClientScenarios, runConformanceClient } from './run-conformance-client.mjs';
//   const results = await runConformanceClient({ command: 'node hub-auth-client.mjs', scenarios: authClientScenarios['2026-07-28'], specVersion: '2026-07-28' });

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultNode22, resolveCli, runCli, summarize } from './run-conformance.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The authorization scenarios both revisions require (0.2.0-alpha.12's names). */
const authScenarios2025 = [
  'auth/metadata-default',
  'auth/metadata-var1',
  'auth/metadata-var2',
  'auth/metadata-var3',
  'auth/basic-cimd',
  'auth/scope-from-www-authenticate',
  'auth/scope-from-scopes-supported',
  'auth/scope-omitted-when-undefined',
  'auth/scope-step-up',
  'auth/scope-retry-limit',
  'auth/token-endpoint-auth-basic',
  'auth/token-endpoint-auth-post',
  'auth/token-endpoint-auth-none',
  'auth/pre-registration'
];

/**
 * Client scenarios that concern the hub's OAuth client, per revision, each run at that revision's wire
 * (`--spec-version`): every `auth/*` scenario the revision requires, and for 2026-07-28 also
 * request-metadata (per-request _meta, which the harness's modern connection carries). The rest of the
 * required client scenarios test an MCP client's own protocol handling (tools_call, sse-retry,
 * elicitation defaults, SEP-2322 request state, HTTP headers, JSON Schema), not sign-in: see
 * notRunClientScenarios.
 */
export const authClientScenarios = Object.freeze({
  '2025-11-25': Object.freeze([...authScenarios2025]),
  '2026-07-28': Object.freeze([
    ...authScenarios2025,
    'auth/resource-mismatch',
    'auth/offline-access-scope',
    'auth/offline-access-not-supported',
    'auth/authorization-server-migration',
    'auth/iss-supported',
    'auth/iss-not-advertised',
    'auth/iss-supported-missing',
    'auth/iss-wrong-issuer',
    'auth/iss-unexpected',
    'auth/iss-normalized',
    'auth/metadata-issuer-mismatch',
    'request-metadata'
  ])
});

/**
 * The client scenarios a revision requires (the package's frozen requirements/<revision>.yaml), so a
 * test can prove that every `auth/*` one is in authClientScenarios.
 */
export async function requiredClientScenarios(revision, cwd = REPO_ROOT) {
  const { parse } = await import('yaml');
  const require = createRequire(path.join(cwd, 'package.json'));
  const dir = path.dirname(require.resolve('@modelcontextprotocol/conformance/package.json'));
  const doc = parse(await readFile(path.join(dir, 'requirements', `${revision}.yaml`), 'utf8'));
  return doc.client ?? [];
}

/**
 * Runs the suite in CLIENT mode: for each scenario it starts its own authorization and MCP servers and
 * runs `command` (with the server URL appended), at the wire of `specVersion` (`--spec-version`). Same
 * verdict shape as runConformance; a scenario the CLI skipped (not applicable at that revision) is a
 * failure that says so, never a silent pass. Up to `concurrency` scenarios run at once (each has its
 * own servers on free ports); results come back in the order of `scenarios`.
 */
export async function runConformanceClient({
  command,
  scenarios,
  specVersion,
  node22,
  cwd = REPO_ROOT,
  timeoutMs = 90_000,
  concurrency = 4,
  log = () => {}
}) {
  if (!specVersion) throw new Error('runConformanceClient: specVersion is required (the revision whose wire the scenarios run at)');
  const cli = resolveCli(cwd);
  const node = node22 ?? defaultNode22(cwd);
  const outRoot = await mkdtemp(path.join(tmpdir(), 'mcp-conformance-client-'));
  const results = new Array(scenarios.length);
  let next = 0;
  const worker = async () => {
    while (next < scenarios.length) {
      const index = next++;
      const scenario = scenarios[index];
      const outDir = path.join(outRoot, scenario.replace(/\//g, '_'));
      log(`conformance client (${specVersion}): ${scenario}`);
      const args = [cli, 'client', '--command', command, '--scenario', scenario, '--spec-version', specVersion, '-o', outDir];
      const run = await runCli(node, args, { cwd, timeoutMs });
      const skipped = /^SKIPPED: .*$/m.exec(run.stdout)?.[0];
      results[index] = skipped
        ? { scenario, passed: false, failures: [`the CLI skipped it: ${skipped}`], warnings: [] }
        : await summarize(scenario, outDir, run);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, scenarios.length) }, worker));
  } finally {
    await rm(outRoot, { recursive: true, force: true });
  }
  return results;
}
