import type { CallQuery } from '../../../shared/timeline.js';

/** A filter of the record of calls, with the paging of one read of the list. */
export type CallListQuery = CallQuery & { afterId?: number | undefined; beforeId?: number | undefined; changedSince?: number | undefined; limit: number };

/**
 * SQLite's own lower() and LIKE fold ASCII only; this folds every script, so searching "ÉTÉ" finds
 * "été". Registered on the hub's connection by ToolCallsRepo.
 */
export const FOLD_FUNCTION = 'hub_fold';

export function foldCase(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/**
 * The WHERE clause of a filter (without the word WHERE; '' for none) and its arguments. Names match
 * exactly (the UI picks them from lists of what the record holds); `search` is a case-insensitive
 * substring of the client, server, tool, arguments or error (instr, so `%` and `_` are plain text).
 * It never yields NULL, so `NOT (clause)` picks exactly the rows it does not match.
 */
export function callWhere(filter: CallQuery): { sql: string; args: unknown[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  for (const key of ['client', 'server', 'tool', 'kind', 'status'] as const) {
    if (filter[key] === undefined) continue;
    where.push(`${key} = ?`);
    args.push(filter[key]);
  }
  if (filter.since !== undefined) {
    where.push('started_at >= ?');
    args.push(isoTime(filter.since));
  }
  if (filter.until !== undefined) {
    where.push('started_at < ?');
    args.push(isoTime(filter.until));
  }
  const needle = filter.search?.trim();
  if (needle) {
    where.push(`instr(${FOLD_FUNCTION}(client || char(10) || server || char(10) || tool || char(10) || arguments || char(10) || ifnull(error, '')), ?) > 0`);
    args.push(foldCase(needle));
  }
  return { sql: where.join(' AND '), args };
}

/** Times are stored as Date.toISOString() writes them; a filter's time is compared in the same form. */
export function isoTime(time: string): string {
  return new Date(time).toISOString();
}
