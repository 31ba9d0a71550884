import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { START_CONCURRENCY, StartQueue } from '../../../main/core/gateway/start-queue.js';
import type { Upstream } from '../../../main/core/upstream/upstream.js';

/*
 * The start queue alone, over stand-in upstreams: start() marks one as booting until the test says it
 * finished. "A turn" is one run of the timers due now (vi.runOnlyPendingTimers runs those and not the
 * ones they schedule), as the event loop runs the immediates queued before its check phase.
 */

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function queueOf(names: string[], { delayMs = 0, current = (_: Upstream): boolean => true } = {}) {
  const started: string[] = [];
  const booting = new Set<string>();
  const upstreams = new Map(
    names.map((name) => [
      name,
      {
        name,
        start: () => {
          started.push(name);
          booting.add(name);
        },
      } as unknown as Upstream,
    ]),
  );
  const queue = new StartQueue(Date.now() + delayMs, () => booting.size, current);
  const u = (name: string) => upstreams.get(name)!;
  /** A server finished booting (running or failed); the gateway drains the queue on the next turn. */
  const finished = (name: string) => {
    booting.delete(name);
    setImmediate(() => queue.drain());
  };
  return { queue, started, booting, u, finished, addAll: () => names.forEach((n) => queue.add(u(n))) };
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `s${i + 1}`);

describe('StartQueue', () => {
  it(`boots at most START_CONCURRENCY (${START_CONCURRENCY}) servers at once, and the next one when one finishes`, () => {
    const q = queueOf(names(START_CONCURRENCY + 2));
    q.addAll();
    for (let turn = 0; turn < 10; turn++) vi.runOnlyPendingTimers();
    expect(q.started).toEqual(names(START_CONCURRENCY));
    expect(q.queue.length, 'the rest wait').toBe(2);

    q.finished('s2');
    for (let turn = 0; turn < 10; turn++) vi.runOnlyPendingTimers();
    expect(q.started, 'one more once one finished booting').toEqual([...names(START_CONCURRENCY), `s${START_CONCURRENCY + 1}`]);
    q.finished('s1');
    q.finished('s3');
    for (let turn = 0; turn < 10; turn++) vi.runOnlyPendingTimers();
    expect(q.started).toHaveLength(START_CONCURRENCY + 2);
    expect(q.queue.length).toBe(0);
  });

  it('starts one server per turn of the event loop, even when many were queued in one turn', () => {
    const q = queueOf(names(3));
    q.addAll();
    expect(q.started, 'nothing synchronously').toEqual([]);
    vi.runOnlyPendingTimers();
    expect(q.started, 'after one turn').toEqual(['s1']);
    vi.runOnlyPendingTimers();
    expect(q.started, 'after two turns').toEqual(['s1', 's2']);
    vi.runOnlyPendingTimers();
    expect(q.started, 'after three turns').toEqual(['s1', 's2', 's3']);
  });

  it('starts one per turn when the start delay ends, however many waited for it', () => {
    const q = queueOf(names(3), { delayMs: 1000 });
    q.addAll();
    vi.advanceTimersByTime(1000);
    expect(q.started, 'the turn the delay ended in').toEqual(['s1']);
    vi.runOnlyPendingTimers();
    expect(q.started).toEqual(['s1', 's2']);
  });

  it('several servers finishing in one turn still start one per turn', () => {
    const q = queueOf(names(START_CONCURRENCY + 3));
    q.addAll();
    for (let turn = 0; turn < 10; turn++) vi.runOnlyPendingTimers();
    q.finished('s1');
    q.finished('s2');
    q.finished('s3');
    vi.runOnlyPendingTimers();
    expect(q.started.slice(START_CONCURRENCY), 'started in the turn after three finished').toEqual([`s${START_CONCURRENCY + 1}`]);
    for (let turn = 0; turn < 10; turn++) vi.runOnlyPendingTimers();
    expect(q.started).toHaveLength(START_CONCURRENCY + 3);
  });

  it('waits for the start delay before starting anything', () => {
    const q = queueOf(['a', 'b'], { delayMs: 1000 });
    q.addAll();
    vi.advanceTimersByTime(999);
    expect(q.started, 'before the delay is over').toEqual([]);
    vi.advanceTimersByTime(1);
    for (let turn = 0; turn < 5; turn++) vi.runOnlyPendingTimers();
    expect(q.started).toEqual(['a', 'b']);
  });

  it('a server added after the delay is over starts on the next turn', () => {
    const q = queueOf(['a'], { delayMs: 1000 });
    vi.advanceTimersByTime(5000);
    q.addAll();
    expect(q.started).toEqual([]);
    vi.runOnlyPendingTimers();
    expect(q.started).toEqual(['a']);
  });

  it('startNow jumps the queue (and the delay), and the queued entry is not started twice', () => {
    const q = queueOf(['a', 'b', 'c'], { delayMs: 1000 });
    q.addAll();
    q.queue.startNow(q.u('c'));
    expect(q.started, 'synchronously, before the delay').toEqual(['c']);
    expect(q.queue.length).toBe(2);
    vi.advanceTimersByTime(1000);
    for (let turn = 0; turn < 5; turn++) vi.runOnlyPendingTimers();
    expect(q.started).toEqual(['c', 'a', 'b']);
  });

  it('startNow of a server that is not queued (already started, or never added) does nothing', () => {
    const q = queueOf(['a', 'b']);
    q.queue.add(q.u('a'));
    vi.runOnlyPendingTimers();
    q.queue.startNow(q.u('a'));
    q.queue.startNow(q.u('b'));
    expect(q.started).toEqual(['a']);
  });

  it('skips a server that is no longer the current one for its name (reconciled away while queued)', () => {
    const gone = new Set(['b']);
    const q = queueOf(['a', 'b', 'c'], { current: (u) => !gone.has(u.name) });
    q.addAll();
    for (let turn = 0; turn < 5; turn++) vi.runOnlyPendingTimers();
    expect(q.started).toEqual(['a', 'c']);
    expect(q.queue.length).toBe(0);
  });
});
