import { useCallback, useEffect, useRef, useState } from 'react';
import type { HubEvent } from '../../shared/hub-events.js';
import type { ViewEvents } from './event-stream.js';

export type Loaded<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; message: string };

/**
 * Loads `fetch` now and again whenever the hub says one of `on` changed, and after the event stream
 * reopened (it may have missed events); a host without events gets a poll every `pollMs` instead.
 * Returns the state and a reload function for after the page's own changes.
 */
export function useHubData<T>(fetch: () => Promise<T>, events: ViewEvents | undefined, on: HubEvent['type'] | readonly HubEvent['type'][], pollMs = 2000): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  // Only the latest load may land: an older answer arriving late would show a state already replaced.
  const latest = useRef(0);
  const reload = useCallback(() => {
    const mine = ++latest.current;
    fetch().then(
      (data) => mine === latest.current && setState({ status: 'ready', data }),
      (e: unknown) => mine === latest.current && setState({ status: 'error', message: (e as Error).message }),
    );
  }, [fetch]);
  const types = typeof on === 'string' ? on : on.join(' ');

  useEffect(() => {
    reload();
    const wanted = types.split(' ');
    if (events) return events.subscribe((e) => (e.type === 'resync' || wanted.includes(e.type)) && reload());
    const timer = setInterval(reload, pollMs);
    return () => clearInterval(timer);
  }, [reload, events, types, pollMs]);

  return [state, reload];
}
