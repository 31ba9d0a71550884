import { afterEach, describe, expect, it } from 'vitest';
import { ServerConfigSchema } from '../../../shared/config.js';
import { EraMemory, ERA_HORIZON_MS, eraKey, suggestsEraChange } from '../../../main/core/upstream/era.js';
import type { UpstreamConnection } from '../../../main/core/upstream/upstream-connection.js';
import { httpUpstream, legacyServer, memoryEras, modernServer, switchable } from './modern-fixture.js';
import type { Upstream } from '../../../main/core/upstream/upstream.js';

/*
 * A server's era is found once and remembered with its config: the next start sends no probe; a
 * remembered era that no longer holds is found again. Over in-memory HTTP servers of both eras.
 */

const running: Upstream[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((u) => u.stop()));
});

async function start(u: Upstream): Promise<void> {
  running.push(u);
  u.start();
  await u.whenReady(10_000);
}

const config = (over: object = {}) => ServerConfigSchema.parse({ name: 'srv', transport: 'stdio', command: 'node', args: ['server.js'], ...over });
const modernConnection = { era: 'modern', protocolVersion: '2026-07-28', discover: { supportedVersions: ['2026-07-28'], capabilities: {} } } as unknown as UpstreamConnection;
const legacyConnection = { era: 'legacy', protocolVersion: '2025-11-25' } as unknown as UpstreamConnection;

describe('EraMemory', () => {
  it('remembers what a probe found, with the config it holds for, and connects with it until the horizon', () => {
    const store = memoryEras();
    let now = Date.parse('2026-12-01T10:00:00Z');
    const memory = new EraMemory(store, config(), () => {}, () => now);
    expect(memory.prior(), 'nothing known: probe').toBeUndefined();
    memory.remember(modernConnection);
    expect(store.all.get('srv')).toEqual({ configKey: eraKey(config()), era: 'modern', protocolVersion: '2026-07-28', discover: { supportedVersions: ['2026-07-28'], capabilities: {} }, checkedAt: '2026-12-01T10:00:00.000Z' });
    expect(new EraMemory(store, config(), () => {}, () => now).prior()).toEqual({ kind: 'modern', discover: { supportedVersions: ['2026-07-28'], capabilities: {} } });
    now += ERA_HORIZON_MS + 1;
    expect(new EraMemory(store, config(), () => {}, () => now).prior(), 'older than the horizon: probe again').toBeUndefined();

    memory.remember(legacyConnection);
    expect(store.all.get('srv')).toMatchObject({ era: 'legacy', protocolVersion: '2025-11-25', discover: null });
    expect(new EraMemory(store, config(), () => {}, () => now).prior()).toEqual({ kind: 'legacy' });
  });

  it('another command, env or URL is another server: its verdict is not used', () => {
    const store = memoryEras();
    new EraMemory(store, config(), () => {}).remember(legacyConnection);
    expect(new EraMemory(store, config(), () => {}).prior()).toEqual({ kind: 'legacy' });
    expect(new EraMemory(store, config({ args: ['other.js'] }), () => {}).prior()).toBeUndefined();
    expect(new EraMemory(store, config({ env: { MODE: 'x' } }), () => {}).prior()).toBeUndefined();
    expect(eraKey(config({ tools: { deny: ['x'] } })), 'the tool filter does not change what answers').toBe(eraKey(config()));
  });

  it('forgets on request, and a store that fails costs only a probe', () => {
    const store = memoryEras();
    const memory = new EraMemory(store, config(), () => {});
    memory.remember(legacyConnection);
    memory.forget();
    expect(store.all.size).toBe(0);
    expect(memory.prior()).toBeUndefined();
    const failures: string[] = [];
    const broken = new EraMemory({ era: () => { throw new Error('disk I/O error'); }, saveEra: () => { throw new Error('disk full'); }, forgetEra: () => {} }, config(), (what) => failures.push(what));
    expect(broken.prior()).toBeUndefined();
    broken.remember(legacyConnection);
    expect(failures).toEqual(['reading the remembered protocol of', 'remembering the protocol of']);
  });

  it('tells failures that suggest another era from others', () => {
    expect(suggestsEraChange({ code: -32022, message: 'Unsupported protocol version: 2025-11-25' })).toBe(true);
    expect(suggestsEraChange({ code: 'INVALID_RESULT', message: 'Invalid result for tools/list: missing required resultType — …' })).toBe(true);
    expect(suggestsEraChange({ code: 400, message: 'Error POSTing to endpoint' })).toBe(true);
    expect(suggestsEraChange({ code: -32000, message: 'Connection closed' })).toBe(true);
    expect(suggestsEraChange(new Error('did not start within 10 s'))).toBe(false);
    expect(suggestsEraChange({ code: 401, name: 'UnauthorizedError', message: 'Unauthorized' })).toBe(false);
  });
});

describe('Upstream era memory over HTTP', () => {
  it('probes an unknown server once in the connection, remembers it, and the next start sends no probe', async () => {
    const eras = memoryEras();
    const server = switchable(modernServer());
    const first = httpUpstream(server.fetch, eras);
    await start(first.upstream);
    expect(server.count('server/discover'), 'one probe').toBe(1);
    expect(first.upstream.protocol).toBe('2026-07-28');
    expect(first.upstream.client?.era).toBe('modern');
    expect(eras.all.get('web')).toMatchObject({ era: 'modern', protocolVersion: '2026-07-28' });
    expect(first.upstream.catalog?.tools.map((t) => t.name)).toContain('ask_name');
    await first.upstream.stop();

    const second = httpUpstream(server.fetch, eras);
    expect(second.upstream.protocol, 'shown before it runs, as remembered').toBe('2026-07-28');
    await start(second.upstream);
    expect(server.count('server/discover'), 'no probe on the second start').toBe(1);
    expect(server.count('tools/list')).toBe(2);
    expect(second.upstream.client?.era).toBe('modern');
  });

  it('a legacy server is probed once (it answers the probe with an error), then started with initialize alone', async () => {
    const eras = memoryEras();
    const server = switchable(legacyServer());
    const first = httpUpstream(server.fetch, eras);
    await start(first.upstream);
    expect(first.upstream.client?.era).toBe('legacy');
    expect(first.upstream.protocol).toBe('2025-11-25');
    expect(eras.all.get('web')).toMatchObject({ era: 'legacy', protocolVersion: '2025-11-25', discover: null });
    await first.upstream.stop();

    const second = httpUpstream(server.fetch, eras);
    await start(second.upstream);
    expect(server.count('server/discover')).toBe(1);
    expect(server.count('initialize')).toBe(2);
  });

  it('a remembered modern server that is legacy now is checked again at its next start', async () => {
    const eras = memoryEras();
    const server = switchable(modernServer());
    const first = httpUpstream(server.fetch, eras);
    await start(first.upstream);
    await first.upstream.stop();

    server.target = legacyServer();
    const second = httpUpstream(server.fetch, eras);
    await start(second.upstream);
    expect(second.upstream.client?.era).toBe('legacy');
    expect(second.upstream.catalog?.tools.map((t) => t.name)).toEqual(['which']);
    expect(eras.all.get('web')).toMatchObject({ era: 'legacy' });
    expect(server.count('server/discover'), 'probed again').toBe(2);
    expect(second.upstream.log.tail(20).join('\n')).toMatch(/did not answer as a 2026-07-28 server .*; checking its protocol again/);
    expect(second.events.filter((e) => e === 'backoff'), 'no failed start').toEqual([]);
  });

  it('a remembered legacy server that is modern-only now (-32022 to initialize) is checked again', async () => {
    const eras = memoryEras();
    const server = switchable(legacyServer());
    const first = httpUpstream(server.fetch, eras);
    await start(first.upstream);
    await first.upstream.stop();

    server.target = modernServer();
    const second = httpUpstream(server.fetch, eras);
    await start(second.upstream);
    expect(second.upstream.client?.era).toBe('modern');
    expect(eras.all.get('web')).toMatchObject({ era: 'modern', protocolVersion: '2026-07-28' });
  });
});
