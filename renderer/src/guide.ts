import { createContext, useCallback, useContext, useEffect, useMemo } from 'react';
import { endpointUrl } from './http-snippet.js';
import { useHubQuery, useInvalidate } from './query.js';

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
 * The endpoint (from the port the hub runs on now, not the port setting) and the progress, from the
 * query cache (servers, clients, and which apps' files have the hub's entry); the apps are read again
 * when the window gets the focus (an app may have been connected from a terminal).
 */
export function useGuideData(): { endpoint: string | undefined; progress: SetupProgress | undefined; refresh: () => void } {
  const settings = useHubQuery('getSettings', []);
  const servers = useHubQuery('listServers', []);
  const clients = useHubQuery('listClients', []);
  const apps = useHubQuery('listAppConnections', []);
  const invalidate = useInvalidate();
  const refresh = useCallback(() => void invalidate(['listServers', 'listClients', 'listAppConnections']), [invalidate]);

  useEffect(() => {
    const onFocus = () => void invalidate(['listAppConnections']);
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [invalidate]);

  // The apps count once their files are read.
  const connected = (apps.data ?? []).filter((a) => a.connected).map((a) => a.label).join('\n');
  const progress = useMemo(
    () => (servers.data && clients.data ? { servers: servers.data.length, clients: clients.data.map((c) => c.name), connected: connected ? connected.split('\n') : [] } : undefined),
    [servers.data, clients.data, connected],
  );
  return { endpoint: settings.data ? endpointUrl(settings.data.runningPort) : undefined, progress, refresh };
}
