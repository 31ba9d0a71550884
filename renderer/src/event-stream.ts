import type { HubEvent } from '../../shared/hub-events.js';

/**
 * What the views hear: the hub's change events, plus `resync` each time the stream (re)opens, since
 * events sent while it was down are lost and every view must read the hub's state again.
 */
export type ViewEvent = HubEvent | { type: 'resync' };

export interface ViewEvents {
  subscribe(listener: (event: ViewEvent) => void): () => void;
}

/**
 * connecting: not open yet; open: events flow; down: the hub does not answer (retrying);
 * signed-out: the hub answers but refuses this page's session (it restarted, or the session expired).
 */
export type ConnectionState = 'connecting' | 'open' | 'down' | 'signed-out';

export interface Connection {
  state(): ConnectionState;
  /** Calls `listener` whenever state() changes (the shape useSyncExternalStore takes). */
  onStateChange(listener: () => void): () => void;
}

/** What a probe of the hub found, after the stream failed. */
export type Reachability = 'signed-in' | 'signed-out' | 'down';

export interface EventStream extends ViewEvents, Connection {
  /** Opens the stream now (again), with the backoff reset: at start, after a sign-in, when the tab shows. */
  connect(): void;
  /** Probes the hub after an API call was refused: a stream can stay open after its session ended. */
  check(): void;
  close(): void;
}

/** Waits between attempts: EventSource gives up for good after a refusal (403), so retries are ours. */
export const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 10_000] as const;

export interface EventStreamOptions {
  url: string;
  /** Tells a hub that is down from one that no longer knows this page's session. */
  probe: () => Promise<Reachability>;
  EventSource?: new (url: string) => Pick<EventSource, 'onopen' | 'onmessage' | 'onerror' | 'close'>;
}

/**
 * The page's one event stream, shared by every view: a browser allows six connections per host across
 * all tabs, so a stream per view would soon leave API calls (and prompts) waiting for a free one.
 */
export function createEventStream({ url, probe, EventSource: Source = EventSource }: EventStreamOptions): EventStream {
  const listeners = new Set<(event: ViewEvent) => void>();
  const stateListeners = new Set<() => void>();
  let state: ConnectionState = 'connecting';
  let source: InstanceType<typeof Source> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  /** Bumped by every attempt: callbacks of an older one find it changed and do nothing. */
  let attempt = 0;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const l of [...stateListeners]) l();
  };
  const emit = (event: ViewEvent) => {
    for (const l of [...listeners]) l(event);
  };

  function stop() {
    clearTimeout(timer);
    timer = undefined;
    source?.close();
    source = undefined;
  }

  function open() {
    stop();
    const mine = ++attempt;
    const s = new Source(url);
    source = s;
    s.onopen = () => {
      if (mine !== attempt) return;
      failures = 0;
      setState('open');
      emit({ type: 'resync' });
    };
    s.onmessage = (m: MessageEvent) => {
      if (mine !== attempt) return;
      const event = parse(m.data);
      if (event) emit(event);
    };
    s.onerror = () => {
      if (mine !== attempt) return;
      stop();
      void probe().then((found) => mine === attempt && retryLater(found));
    };
  }

  function retryLater(found: Reachability) {
    if (found !== 'signed-in') setState(found);
    const delay = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)];
    failures++;
    timer = setTimeout(open, delay);
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    state: () => state,
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    connect() {
      failures = 0;
      open();
    },
    check() {
      if (state !== 'open') return;
      const mine = attempt;
      void probe().then((found) => {
        if (mine !== attempt || found === 'signed-in') return;
        stop();
        retryLater(found);
      });
    },
    close() {
      attempt++;
      stop();
    },
  };
}

function parse(data: unknown): HubEvent | undefined {
  try {
    const event = JSON.parse(String(data)) as HubEvent;
    return typeof event?.type === 'string' ? event : undefined;
  } catch {
    return undefined;
  }
}
