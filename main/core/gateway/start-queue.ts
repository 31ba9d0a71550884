import type { Upstream } from '../upstream/upstream.js';

/** Servers booting at the same time; more only slow each other (and the hub) down on a laptop. */
export const START_CONCURRENCY = 4;

/**
 * Starts servers one per turn of the event loop, at most START_CONCURRENCY booting at once: spawning
 * is synchronous, and thirty at once would keep the endpoint from answering (from the saved catalog)
 * while they start. Right after the hub starts, servers wait a moment (clients connect and list tools
 * then) unless a request needs one sooner (startNow).
 */
export class StartQueue {
  private queue: Upstream[] = [];
  /** A server was started this turn: drains scheduled for the same turn (one per add, per finished start) wait for the next. */
  private startedThisTurn = false;

  constructor(
    private readonly startAfter: number,
    /** How many servers are booting now, and whether this one is still the current one for its name. */
    private readonly booting: () => number,
    private readonly isCurrent: (u: Upstream) => boolean,
  ) {}

  get length(): number {
    return this.queue.length;
  }

  add(upstream: Upstream): void {
    this.queue.push(upstream);
    const wait = Math.max(0, this.startAfter - Date.now());
    if (wait > 0) setTimeout(() => this.drain(), wait).unref();
    else setImmediate(() => this.drain());
  }

  /** A request for a server still queued starts it now, ahead of the others. */
  startNow(upstream: Upstream): void {
    const i = this.queue.indexOf(upstream);
    if (i === -1) return;
    this.queue.splice(i, 1);
    upstream.start();
  }

  drain(): void {
    if (this.startedThisTurn || this.booting() >= START_CONCURRENCY) return;
    const next = this.queue.shift();
    if (!next) return;
    if (this.isCurrent(next)) next.start();
    this.startedThisTurn = true;
    setImmediate(() => {
      this.startedThisTurn = false;
      if (this.queue.length) this.drain();
    });
  }
}
