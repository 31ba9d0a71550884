import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import type { CallQuery } from '../../shared/timeline.js';
import { hubKey, useHubApi } from './query.js';
import { appendOlder, applyChanges, firstPage, type CallList } from './timeline-list.js';

/** The first read: enough rows for the screen at once, the rest page by page as the list scrolls. */
export const FIRST_PAGE = 300;
/** Rows per later read (older pages, and what changed). */
export const PAGE = 2_000;

/**
 * The calls of one filter, kept in the query cache under listToolCalls and that filter, so the hub's
 * calls-changed event (which invalidates listToolCalls) reads them again; but a read again asks only
 * for what changed since the version the list holds, and merges it: the whole history is read once,
 * page by page as it is scrolled to, never again. `loadOlder` reads the next page down.
 */
export function useCallList(filter: CallQuery): { list: CallList | undefined; error: Error | null; stale: boolean; loadOlder: () => void } {
  const api = useHubApi();
  const client = useQueryClient();
  const key = hubKey('listToolCalls', [filter]);
  const query = useQuery({
    queryKey: key,
    queryFn: async (): Promise<CallList> => {
      const held = client.getQueryData<CallList>(key);
      if (held) {
        const changes = await api.listToolCalls({ ...filter, changedSince: held.version, limit: PAGE });
        // Older pages may have come in meanwhile: merge into what the cache holds now.
        const next = applyChanges(client.getQueryData<CallList>(key) ?? held, changes);
        if (next !== 'reload') return next;
      }
      return firstPage(await api.listToolCalls({ ...filter, limit: FIRST_PAGE }));
    },
    placeholderData: keepPreviousData,
    // Events keep it current; what changed is cheap to read, so a focus may read it too.
    staleTime: 5_000,
  });
  const loading = useRef<string | undefined>(undefined);
  const keyText = JSON.stringify(key);
  const loadOlder = useCallback(() => {
    const held = client.getQueryData<CallList>(key);
    const last = held?.calls.at(-1)?.id;
    if (!held?.more || last === undefined) return;
    const mark = `${keyText}:${last}`;
    if (loading.current === mark) return;
    loading.current = mark;
    api.listToolCalls({ ...filter, beforeId: last, limit: PAGE }).then(
      (page) => {
        const now = client.getQueryData<CallList>(key);
        if (now) client.setQueryData(key, appendOlder(now, page));
        loading.current = undefined;
      },
      () => (loading.current = undefined),
    );
    // The key is derived from the filter; keyText stands for both.
  }, [api, client, keyText]);
  // While another filter's first read is out, the previous list shows (marked stale).
  return { list: query.data, error: query.error, stale: query.isPlaceholderData, loadOlder };
}
