import { vi } from 'vitest';
import { ServerConfigSchema } from '../../../shared/config.js';
import { ProcessRegistry } from '../../../main/core/upstream/process-registry.js';
import { Upstream, type UpstreamDeps } from '../../../main/core/upstream/upstream.js';
import { FakeServers } from '../../helpers/in-memory-servers.js';

/** Lets every promise chain of the in-memory connection run (and timers due now), without moving the clock. */
export const settle = () => vi.advanceTimersByTimeAsync(0);

/**
 * One Upstream named "srv" over in-memory servers, with its callbacks recorded in `events`
 * (each state change as its name, each catalog report as `catalog:tool,tool`).
 */
export function upstreamFixture(overrides: Partial<UpstreamDeps> = {}) {
  const fake = new FakeServers();
  const events: string[] = [];
  const deps: UpstreamDeps = {
    registry: new ProcessRegistry(),
    clientVersion: 'test',
    backoff: { baseMs: 1000, maxMs: 4000, maxAttempts: 5 },
    startTimeoutMs: 10_000,
    onServerRequest: async (_u, request) => {
      throw new Error(`unexpected server request ${request.method}`);
    },
    onNotification: () => {},
    onCatalog: (u) => events.push(`catalog:${u.catalog?.tools.map((t) => t.name).join(',')}`),
    onState: (u) => events.push(u.state),
    resolveSecrets: async () => ({ env: {}, headers: {} }),
    connect: fake.connect,
    ...overrides,
  };
  const upstream = new Upstream(ServerConfigSchema.parse({ name: 'srv', transport: 'stdio', command: 'not-run-in-unit-tests' }), deps);
  return { fake, events, upstream, deps };
}
