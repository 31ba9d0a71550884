import type { HubApi } from '../../shared/hub-api.js';
import type { HubEvent, HubEvents } from '../../shared/hub-events.js';
import { hubMethods } from '../../shared/hub-methods.js';

/**
 * Browser mode: the same HubApi over HTTP (POST /api/hub/METHOD with the arguments as a JSON array)
 * and its events over server-sent events. The session cookie is HttpOnly; the page never sees it.
 */
export function createHttpHubApi(): HubApi {
  return Object.fromEntries(
    hubMethods.map((method) => [
      method,
      async (...args: unknown[]) => {
        const res = await fetch(`/api/hub/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
        const body = (await res.json().catch(() => ({}))) as { result?: unknown; error?: string };
        if (!res.ok) throw new Error(body.error ?? `The hub answered ${res.status}.`);
        return body.result ?? undefined;
      },
    ]),
  ) as HubApi;
}

export function createHttpHubEvents(): HubEvents {
  return {
    subscribe(listener) {
      const source = new EventSource('/api/events');
      source.onmessage = (m) => listener(JSON.parse(m.data as string) as HubEvent);
      return () => source.close();
    },
  };
}

/** Trades the one-time code in the link (#code=…) for a session cookie, then drops it from the address. */
export async function signInFromLink(): Promise<string | undefined> {
  const code = new URLSearchParams(location.hash.slice(1)).get('code');
  if (!code) return undefined;
  history.replaceState(null, '', location.pathname);
  const res = await fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  if (res.ok) return undefined;
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  return body.error ?? 'Sign-in failed.';
}
