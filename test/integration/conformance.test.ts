import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDataDir } from '../helpers/cli.js';
import { eventually, startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';
// @ts-expect-error: a plain ES module without types (it also runs as a command)
import { pendingScenarios, requiredScenarios, runConformance } from '../conformance/run-conformance.mjs';

/**
 * The official MCP conformance suite, server side, run against the hub's endpoint with the suite's
 * fixture server (test/conformance/everything-server.mjs) behind it as a stdio server. Its tools keep
 * their own names (--no-prefix) because the scenarios call them by name. The suite cannot send an
 * Authorization header, so run-conformance.mjs puts a header-adding proxy in front of the hub.
 */
type Result = { scenario: string; passed: boolean; failures: string[] };
const scenarios: string[] = [...requiredScenarios, ...pendingScenarios];
let hub: RunningHub;
let results: Map<string, Result>;

beforeAll(async () => {
  const dataDir = tempDataDir();
  const fixture = path.join(repoRoot, 'test/conformance/everything-server.mjs');
  expect(runCli(['server', 'add', 'conformance', '--no-prefix', '--', process.execPath, fixture], { dataDir }).code).toBe(0);
  // The suite cannot answer consent prompts: a rule answers for it.
  expect(runCli(['consent', 'allow', '--server', 'conformance'], { dataDir }).code).toBe(0);
  hub = await startHub({ dataDir });
  const token = hub.addClient('conformance');
  const client = await hub.connect(token);
  await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'test_simple_text'), 30_000);
  await client.close();
  const list = (await runConformance({ url: `${hub.url}/mcp`, headers: { Authorization: `Bearer ${token}` }, scenarios })) as Result[];
  results = new Map(list.map((r) => [r.scenario, r]));
}, 300_000);

afterAll(stopAllHubs);

describe('MCP conformance suite (server scenarios) through the hub', () => {
  it.each(scenarios)('%s', (scenario) => {
    const r = results.get(scenario);
    expect(r, `no result for ${scenario}`).toBeDefined();
    expect(r!.failures).toEqual([]);
    expect(r!.passed).toBe(true);
  });
});
