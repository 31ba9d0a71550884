import { useCallback, useEffect, useState } from 'react';
import type { HubEvent, HubEvents } from '../../shared/hub-events.js';

export type Loaded<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; message: string };

/**
 * Loads `fetch` now and again whenever the hub says `on` changed (or every `pollMs` without events).
 * Returns the state and a reload function for after the page's own changes.
 */
export function useHubData<T>(fetch: () => Promise<T>, events: HubEvents | undefined, on: HubEvent['type'], pollMs = 2000): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const reload = useCallback(() => {
    fetch().then(
      (data) => setState({ status: 'ready', data }),
      (e: unknown) => setState({ status: 'error', message: (e as Error).message }),
    );
  }, [fetch]);

  useEffect(() => {
    reload();
    if (events) return events.subscribe((e) => e.type === on && reload());
    const timer = setInterval(reload, pollMs);
    return () => clearInterval(timer);
  }, [reload, events, on, pollMs]);

  return [state, reload];
}
