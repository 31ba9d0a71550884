import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient, type Query, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { HubApi, HubMethod } from '../../shared/hub-api.js';
import type { HubEventType } from '../../shared/hub-events.js';
import type { ViewEvents } from './event-stream.js';

/**
 * The page's data: one cache of the hub's answers, keyed by API method and arguments
 * (['hub', 'listServerTools', 'memory']). Every view reads through it (useHubQuery), so a page visited
 * again shows what it had at once while it reads again. The hub's events say what changed, and each
 * event type invalidates the queries of the methods listed for it below; a change made from this page
 * (useHubMutation) invalidates what its method changes. An invalidated query that is still reading
 * has that read cancelled: only the newest answer can land, never a slower older one.
 */

export type HubArgs<M extends HubMethod> = Parameters<HubApi[M]>;
export type HubResult<M extends HubMethod> = Awaited<ReturnType<HubApi[M]>>;

export const hubKey = <M extends HubMethod>(method: M, args: HubArgs<M> | readonly unknown[] = []) => ['hub', method, ...args] as const;

/** The methods whose answers each hub event makes out of date; an event missing here invalidates everything. */
export const QUERIES_OF_EVENT: Partial<Record<HubEventType, readonly HubMethod[]>> = {
  'prompts-changed': ['listPendingPrompts'],
  'rules-changed': ['listConsentRules', 'listChangedTools'],
  // Agents are upstreams too; a server's new tools can change what counts as changed, and which import names exist.
  'servers-changed': ['listServers', 'serverStatus', 'listServerTools', 'listAgents', 'listChangedTools', 'listImportSources', 'listPublishedTools', 'listResources', 'listResourceTemplates', 'listPrompts'],
  // listToolCalls reads only what changed (see use-call-list.ts); a call opened, totals and names are read again.
  'calls-changed': ['listToolCalls', 'getToolCall', 'toolCallTotals', 'timelineFacets'],
  'tasks-changed': ['listTasks', 'getTask', 'getToolCall', 'timelineFacets'],
  // Connect and Disconnect send it too: they change which apps are connected, and what can be undone.
  'clients-changed': ['listClients', 'clientSetup', 'listAppConnections', 'listAppChanges'],
  'limits-changed': ['listRateLimits'],
  'workbench-changed': ['getWorkbenchRun', 'listWorkbenchRuns'],
};

const of = (...events: HubEventType[]): HubMethod[] => [...new Set(events.flatMap((e) => QUERIES_OF_EVENT[e] ?? []))];

/**
 * What a change made from this page makes out of date (the hub sends its event too, which may come
 * later or, for changes it has no event for, not at all). A method missing here invalidates everything.
 */
export const QUERIES_OF_MUTATION: Partial<Record<HubMethod, readonly HubMethod[]>> = {
  restartServer: of('servers-changed'),
  setServerEnabled: of('servers-changed'),
  removeServer: of('servers-changed', 'rules-changed', 'limits-changed'),
  addServer: of('servers-changed'),
  updateServer: of('servers-changed'),
  setToolEnabled: of('servers-changed'),
  signIn: of('servers-changed'),
  signOut: of('servers-changed'),
  cancelSignIn: of('servers-changed'),
  addClient: of('clients-changed'),
  removeClient: of('clients-changed', 'rules-changed', 'limits-changed'),
  updateClient: of('clients-changed'),
  setClientProfile: of('clients-changed'),
  connectClientApp: of('clients-changed'),
  disconnectClientApp: of('clients-changed'),
  undoConnectClientApp: of('clients-changed'),
  importServers: of('servers-changed'),
  updateSettings: ['getSettings'],
  answerPrompt: of('prompts-changed', 'rules-changed'),
  addConsentRule: of('rules-changed'),
  revokeConsentRule: of('rules-changed'),
  setRateLimit: of('limits-changed'),
  removeRateLimit: of('limits-changed'),
  addAgent: of('servers-changed'),
  removeAgent: of('servers-changed', 'rules-changed', 'limits-changed', 'tasks-changed'),
  setAgentEnabled: of('servers-changed'),
  restartAgent: of('servers-changed'),
  acceptAgentCard: of('servers-changed'),
  setAgentCredential: of('servers-changed'),
  startWorkbenchRun: of('workbench-changed'),
  cancelWorkbenchRun: of('workbench-changed'),
};

/** How often queries read again on a host that sends no events. */
export const POLL_MS = 2000;

export function createHubQueryClient({ polling }: { polling: boolean }): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The hub's errors are sentences for the user; the event stream's resync covers a hub that was away.
        retry: false,
        // Events keep the cache current: a page shows what it has and reads again only when told, or
        // when it has not read for a while (a file an app changed has no event).
        staleTime: polling ? 0 : 10_000,
        refetchInterval: polling ? POLL_MS : false,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}

const isHubQuery = (methods: ReadonlySet<string> | undefined) => (q: Query) => q.queryKey[0] === 'hub' && (!methods || methods.has(q.queryKey[1] as string));

/**
 * Marks the queries of these methods (all when undefined) out of date: a read in progress is cancelled
 * (its answer, older than the change, is dropped), and the queries in view read again.
 */
export function invalidateHub(client: QueryClient, methods?: readonly HubMethod[]): Promise<void> {
  const predicate = isHubQuery(methods && new Set(methods));
  return client.cancelQueries({ predicate }).then(() => client.invalidateQueries({ predicate }));
}

/** The queries one hub event (or a resync: everything) makes out of date. */
export function invalidateForEvent(client: QueryClient, type: HubEventType | 'resync'): Promise<void> {
  return invalidateHub(client, type === 'resync' ? undefined : QUERIES_OF_EVENT[type]);
}

const HubContext = createContext<HubApi | undefined>(undefined);

/** The HubApi of the page, for views that call it directly (one-off reads, e.g. a sign-in link). */
export function useHubApi(): HubApi {
  const api = useContext(HubContext);
  if (!api) throw new Error('useHubApi needs a HubQueryProvider above it');
  return api;
}

/** Gives the views below the hub's API and the query cache, kept current by `events` (or by polling without them). */
export function HubQueryProvider({ api, events, client, children }: { api: HubApi; events: ViewEvents | undefined; client?: QueryClient; children: ReactNode }) {
  const [own] = useState(() => client ?? createHubQueryClient({ polling: !events }));
  useEffect(() => events?.subscribe((e) => void invalidateForEvent(own, e.type)), [events, own]);
  return (
    <QueryClientProvider client={own}>
      <HubContext.Provider value={api}>{children}</HubContext.Provider>
    </QueryClientProvider>
  );
}

type Call = (...args: readonly unknown[]) => Promise<unknown>;

/** One HubApi method's answer for these arguments, from the cache and kept current. */
export function useHubQuery<M extends HubMethod>(
  method: M,
  args: HubArgs<M>,
  options: { enabled?: boolean; refetchInterval?: number | false } = {},
): UseQueryResult<HubResult<M>, Error> {
  const api = useHubApi();
  return useQuery({
    queryKey: hubKey(method, args),
    queryFn: () => (api[method] as Call)(...args) as Promise<HubResult<M>>,
    ...(options.enabled !== undefined ? { enabled: options.enabled } : {}),
    ...(options.refetchInterval !== undefined ? { refetchInterval: options.refetchInterval } : {}),
  });
}

/**
 * A change through one HubApi method: `mutate([args])` or `mutateAsync([args])`. Once it is done the
 * queries it makes out of date read again (QUERIES_OF_MUTATION), and `mutate`'s own callbacks run
 * after that. `options.onSuccess` runs before the queries read again, and even when the component that
 * asked is gone by then (e.g. leave a page whose subject was just removed).
 */
export function useHubMutation<M extends HubMethod>(
  method: M,
  options: { onSuccess?: (data: HubResult<M>, args: HubArgs<M>) => void } = {},
): UseMutationResult<HubResult<M>, Error, HubArgs<M>> {
  const api = useHubApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: HubArgs<M>) => (api[method] as Call)(...args) as Promise<HubResult<M>>,
    ...(options.onSuccess ? { onSuccess: options.onSuccess } : {}),
    onSettled: () => invalidateHub(client, QUERIES_OF_MUTATION[method]),
  });
}

/** Invalidation by hand, for a change the page made some other way. */
export function useInvalidate(): (methods?: readonly HubMethod[]) => Promise<void> {
  const client = useQueryClient();
  return (methods) => invalidateHub(client, methods);
}

/** The message of a failed query or mutation, for an ErrorLine. */
export const messageOf = (e: unknown): string | undefined => (e ? ((e as Error).message ?? String(e)) : undefined);
