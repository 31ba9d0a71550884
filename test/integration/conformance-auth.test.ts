import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
// @ts-expect-error: a plain ES module without types (it also runs as a command)
import { authClientScenarios, requiredClientScenarios, runConformanceClient } from '../conformance/run-conformance-client.mjs';

/**
 * The official MCP conformance suite (0.2.0-alpha.12) in client mode (run-conformance-client.mjs), with
 * the hub's OAuth client (dist/main/core/auth, driven by test/conformance/hub-auth-client.mjs) under
 * test: the authorization scenarios of 2025-11-25 and of 2026-07-28 (RFC 9207 `iss`, metadata issuer,
 * authorization-server migration, resource mismatch, offline_access), each at its revision's wire, and
 * request-metadata. The suite runs its own authorization and MCP servers for each scenario. A scenario the CLI skips, one
 * that gives a warning, and a required `auth/*` scenario left out of the list all fail.
 */
type Result = { scenario: string; passed: boolean; failures: string[]; warnings: string[] };
const revisions = authClientScenarios as Record<string, readonly string[]>;
const results = new Map<string, Result>();

beforeAll(async () => {
  const command = `${process.execPath} ${path.join(repoRoot, 'test/conformance/hub-auth-client.mjs')}`;
  for (const [specVersion, scenarios] of Object.entries(revisions)) {
    const list = (await runConformanceClient({ command, scenarios, specVersion })) as Result[];
    for (const r of list) results.set(`${specVersion} ${r.scenario}`, r);
  }
}, 900_000);

describe('MCP conformance suite (client scenarios) with the hub\'s OAuth client', () => {
  it.each(Object.keys(revisions))('runs every auth scenario %s requires', async (revision) => {
    const required = ((await requiredClientScenarios(revision)) as string[]).filter((s) => s.startsWith('auth/'));
    expect(required.length).toBeGreaterThanOrEqual(14);
    expect(required.filter((s) => !revisions[revision]!.includes(s))).toEqual([]);
  });

  const cases = Object.entries(revisions).flatMap(([revision, scenarios]) => scenarios.map((s) => `${revision} ${s}`));
  it.each(cases)('%s', (name) => {
    const r = results.get(name);
    expect(r, `no result for ${name}`).toBeDefined();
    expect(r!.failures).toEqual([]);
    expect(r!.warnings).toEqual([]);
    expect(r!.passed).toBe(true);
  });
});
