import type { HubEvent, HubEventType } from '../../shared/hub-events.js';

/** Event types sent at most once per THROTTLE_MS however often they happen (the timeline under load). */
const THROTTLED: ReadonlySet<HubEventType> = new Set(['calls-changed', 'tasks-changed']);
const THROTTLE_MS = 200;

/**
 * The one place hub events are sent from (shared/hub-events.ts lists them): every open UI listens
 * here (browser mode's server-sent events, the desktop window's IPC).
 */
export class EventBus {
  private readonly listeners = new Set<(event: HubEvent) => void>();
  private readonly waiting = new Set<HubEventType>();

  listen(listener: (event: HubEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(type: HubEventType): void {
    if (!THROTTLED.has(type)) return this.send(type);
    if (this.waiting.has(type)) return;
    this.waiting.add(type);
    setTimeout(() => {
      this.waiting.delete(type);
      this.send(type);
    }, THROTTLE_MS).unref();
  }

  private send(type: HubEventType): void {
    const event = { type };
    this.listeners.forEach((l) => l(event));
  }
}
