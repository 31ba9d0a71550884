import { createContext, useCallback, useContext, useEffect } from 'react';
import type { HubApi } from '../../shared/hub-api.js';
import type { ViewEvents } from './event-stream.js';
import { endpointUrl } from './http-snippet.js';
import { useHubData } from './use-hub-data.js';

/**
 * The way through the first minutes: add or import servers, create a client, connect an app. The App
 * reads how far the user got and the live endpoint, and every page can point to the next step.
 */

/** Where a step's button leads. */
export type GuideTarget = 'servers' | 'import' | 'clients';

export interface SetupProgress {
  servers: number;
  clients: string[];
  /** Labels of the apps whose config file has the hub's entry. */
  connected: string[];
}

export interface Guide {
  /** http://127.0.0.1:<the port the hub runs on now>/mcp, once known. */
  endpoint: string | undefined;
  progress: SetupProgress | undefined;
  go(to: GuideTarget): void;
  /** Reads the progress again (after a change the hub sends no event for, e.g. writing an app's file). */
  refresh(): void;
}

export const GuideContext = createContext<Guide>({ endpoint: undefined, progress: undefined, go: () => {}, refresh: () => {} });

export function useGuide(): Guide {
  return useContext(GuideContext);
}

export const stepsDone = (p: SetupProgress) => [p.servers > 0, p.clients.length > 0, p.connected.length > 0];

/**
 * The endpoint (from the port the hub runs on now, not the port setting) and the progress: read again
 * when servers or clients change, when the window gets the focus (an app may have been connected from
 * a terminal), or every few seconds on a host without events.
 */
export function useGuideData(api: HubApi, events: ViewEvents | undefined): { endpoint: string | undefined; progress: SetupProgress | undefined; refresh: () => void } {
  const fetchSettings = useCallback(() => api.getSettings(), [api]);
  const [settings] = useHubData(fetchSettings, events, [], 60_000);
  const fetchProgress = useCallback(async (): Promise<SetupProgress> => {
    const [servers, clients] = await Promise.all([api.listServers(), api.listClients()]);
    // The hub's entry in an app's file is the same for every client: one client's setup tells.
    const setups = clients.length > 0 ? await api.clientSetup(clients[0]!.name) : [];
    return { servers: servers.length, clients: clients.map((c) => c.name), connected: setups.filter((s) => s.connected).map((s) => s.label) };
  }, [api]);
  const [progress, refresh] = useHubData(fetchProgress, events, ['servers-changed', 'clients-changed'], 5000);

  useEffect(() => {
    window.addEventListener('focus', refresh);
    return () => window.removeEventListener('focus', refresh);
  }, [refresh]);

  return {
    endpoint: settings.status === 'ready' ? endpointUrl(settings.data.runningPort) : undefined,
    progress: progress.status === 'ready' ? progress.data : undefined,
    refresh,
  };
}
