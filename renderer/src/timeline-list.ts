import type { ToolCallPage, ToolCallView } from '../../shared/timeline.js';

/**
 * The calls the Timeline holds for one filter: newest first, contiguous from the newest down to the
 * oldest loaded, with the record's version they are current to. New and changed calls come in as
 * changes since that version (never the whole history again); older ones as pages below the last.
 */
export interface CallList {
  calls: ToolCallView[];
  version: number;
  /** Older matching calls exist below the last loaded one. */
  more: boolean;
}

export function firstPage(page: ToolCallPage): CallList {
  return { calls: page.calls, version: page.version, more: page.more };
}

/**
 * The list with what changed since its version: changed calls replace theirs, new ones come in at
 * the top, calls that no longer match go, calls deleted with the history go. 'reload' when more
 * changed than one read returns (read the first page again).
 */
export function applyChanges(list: CallList, page: ToolCallPage): CallList | 'reload' {
  if (page.more) return 'reload';
  if (page.version <= list.version && page.calls.length === 0 && page.gone.length === 0) return list;
  const gone = new Set(page.gone);
  const byId = new Map(list.calls.map((c) => [c.id, c]));
  const lowest = list.calls.at(-1)?.id ?? 0;
  for (const c of page.calls) {
    // Below the loaded part, a changed call is read with its page.
    if (list.more && c.id < lowest && !byId.has(c.id)) continue;
    byId.set(c.id, c);
  }
  const calls = [...byId.values()].filter((c) => !gone.has(c.id) && c.id >= page.oldestId).sort((a, b) => b.id - a.id);
  return { calls, version: Math.max(list.version, page.version), more: list.more };
}

/** The next page down added below the loaded calls. */
export function appendOlder(list: CallList, page: ToolCallPage): CallList {
  const lowest = list.calls.at(-1)?.id ?? Number.POSITIVE_INFINITY;
  return { ...list, calls: [...list.calls, ...page.calls.filter((c) => c.id < lowest)], more: page.more };
}
