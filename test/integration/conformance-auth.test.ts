import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
// @ts-expect-error: a plain ES module without types (it also runs as a command)
import { authClientScenarios, runConformanceClient } from '../conformance/run-conformance.mjs';

/**
 * The official MCP conformance suite's client auth scenarios (2025-11-25), with the hub's OAuth client
 * (dist/main/core/auth, driven by test/conformance/hub-auth-client.mjs) as the client under test. The
 * suite runs its own authorization and MCP servers for each scenario.
 */
type Result = { scenario: string; passed: boolean; failures: string[] };
const scenarios = authClientScenarios as string[];
let results: Map<string, Result>;

beforeAll(async () => {
  const command = `${process.execPath} ${path.join(repoRoot, 'test/conformance/hub-auth-client.mjs')}`;
  const list = (await runConformanceClient({ command, scenarios })) as Result[];
  results = new Map(list.map((r) => [r.scenario, r]));
}, 600_000);

describe('MCP conformance suite (client auth scenarios) with the hub as the client', () => {
  it.each(scenarios)('%s', (scenario) => {
    const r = results.get(scenario);
    expect(r, `no result for ${scenario}`).toBeDefined();
    expect(r!.failures).toEqual([]);
    expect(r!.passed).toBe(true);
  });
});
