import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKOFF_MS, createEventStream, type Reachability, type ViewEvent } from '../../../renderer/src/event-stream.js';

/** An EventSource double: the test decides when it opens, delivers a message or fails. */
class FakeSource {
  static made: FakeSource[] = [];
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  closed = false;
  constructor(public url: string) {
    FakeSource.made.push(this);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.(new Event('open'));
  }
  send(data: unknown) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(data) }));
  }
  fail() {
    this.onerror?.(new Event('error'));
  }
}

const latest = () => FakeSource.made.at(-1)!;

beforeEach(() => {
  FakeSource.made = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

function stream(found: Reachability = 'down') {
  const probe = vi.fn(async () => found);
  const s = createEventStream({ url: '/api/events', probe, EventSource: FakeSource });
  const states: string[] = [];
  s.onStateChange(() => states.push(s.state()));
  return { s, probe, states, setFound: (r: Reachability) => probe.mockImplementation(async () => r) };
}

describe('the page’s event stream', () => {
  it('is one EventSource however many views subscribe, and each view hears every event', () => {
    const { s } = stream();
    const heard: ViewEvent[][] = Array.from({ length: 6 }, () => []);
    const unsubscribe = heard.map((h) => s.subscribe((e) => h.push(e)));
    s.connect();
    expect(FakeSource.made).toHaveLength(1);
    expect(latest().url).toBe('/api/events');

    latest().open();
    latest().send({ type: 'prompts-changed' });
    unsubscribe[5]!();
    latest().send({ type: 'rules-changed' });
    latest().send('not an event');
    expect(heard[0]).toEqual([{ type: 'resync' }, { type: 'prompts-changed' }, { type: 'rules-changed' }]);
    expect(heard[5]).toEqual([{ type: 'resync' }, { type: 'prompts-changed' }]);
    expect(FakeSource.made).toHaveLength(1);
    expect(s.state()).toBe('open');
  });

  it('reconnects by itself with a growing wait (0.5 s, 1 s, 2 s … 10 s), and the reopened stream tells every view to read again', async () => {
    const { s, states } = stream('down');
    const heard: ViewEvent[] = [];
    s.subscribe((e) => heard.push(e));
    s.connect();
    latest().open();

    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const before = FakeSource.made.length;
      latest().fail();
      expect(latest().closed).toBe(true);
      await vi.advanceTimersByTimeAsync(0); // the probe answers
      let waited = 0;
      while (FakeSource.made.length === before) {
        await vi.advanceTimersByTimeAsync(50);
        waited += 50;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([...BACKOFF_MS, 10_000, 10_000]);
    expect(states).toEqual(['open', 'down']);

    latest().open();
    expect(states).toEqual(['open', 'down', 'open']);
    expect(heard.filter((e) => e.type === 'resync')).toHaveLength(2);
    // Once open again, the waits start over.
    const made = FakeSource.made.length;
    latest().fail();
    await vi.advanceTimersByTimeAsync(BACKOFF_MS[0] - 1);
    expect(FakeSource.made).toHaveLength(made);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSource.made).toHaveLength(made + 1);
  });

  it('tells a hub that refuses the session (403) from a hub that is down, and a new sign-in connects at once', async () => {
    const { s, states, setFound } = stream('down');
    s.connect();
    latest().fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state()).toBe('down');

    setFound('signed-out');
    await vi.advanceTimersByTimeAsync(BACKOFF_MS[0]);
    latest().fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state()).toBe('signed-out');

    const made = FakeSource.made.length;
    s.connect(); // the page traded a new link's code for a session
    expect(FakeSource.made).toHaveLength(made + 1);
    latest().open();
    expect(states).toEqual(['down', 'signed-out', 'open']);
  });

  it('checks the session when an API call was refused while the stream stayed open', async () => {
    const { s, probe, setFound } = stream('signed-in');
    s.connect();
    latest().open();
    s.check();
    await vi.advanceTimersByTimeAsync(0);
    expect(probe).toHaveBeenCalledTimes(1);
    expect(s.state()).toBe('open');

    setFound('signed-out');
    s.check();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state()).toBe('signed-out');
    expect(latest().closed).toBe(true);
  });

  it('ignores a failure of an attempt that a newer one replaced', async () => {
    const { s } = stream('down');
    s.connect();
    const first = latest();
    s.connect();
    first.fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.state()).toBe('connecting');
    expect(first.closed).toBe(true);
    expect(latest().closed).toBe(false);
  });
});
