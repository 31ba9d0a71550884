import type { TaskFilter, TaskState } from '../../shared/a2a.js';
import { CallKinds, CallStatuses, type CallKind, type CallQuery, type CallStatus } from '../../shared/timeline.js';

/**
 * The Timeline's filter, kept in the page's address (#/timeline?client=cursor&status=denied&q=hello),
 * so a filtered view survives a reload, Back returns to it, and a link can carry it.
 */
export interface TimelineFilter {
  view: 'calls' | 'tasks';
  client?: string;
  /** A server, or an agent. */
  server?: string;
  tool?: string;
  kind?: CallKind;
  status?: CallStatus;
  time?: TimeWindow;
  q?: string;
}

export const TIME_WINDOWS = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;
export type TimeWindow = keyof typeof TIME_WINDOWS;

export const TIME_LABELS: Record<TimeWindow, string> = { hour: 'the last hour', day: 'the last 24 hours', week: 'the last 7 days' };

export const KIND_LABELS: Record<CallKind, string> = {
  tool: 'tool call',
  resource: 'resource read',
  prompt: 'prompt',
  completion: 'completion',
  a2a: 'A2A request',
};

export const STATUS_LABELS: Record<CallStatus, string> = {
  running: 'running',
  ok: 'ok',
  error: 'error',
  denied: 'denied',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
  'rate-limited': 'rate-limited',
};

/** A call's status for tasks: the states a task in that status can be in (none for the ones tasks never have). */
export const TASK_STATES_OF: Record<CallStatus, TaskState[]> = {
  running: ['submitted', 'working', 'input-required', 'auth-required'],
  ok: ['completed'],
  error: ['failed'],
  denied: ['rejected'],
  cancelled: ['canceled'],
  interrupted: [],
  'rate-limited': [],
};

export function filterFromQuery(query: URLSearchParams): TimelineFilter {
  const get = (k: string) => query.get(k)?.slice(0, 2048) || undefined;
  const kind = get('kind');
  const status = get('status');
  const time = get('time');
  return {
    view: query.get('view') === 'tasks' ? 'tasks' : 'calls',
    ...(get('client') ? { client: get('client')! } : {}),
    ...(get('server') ? { server: get('server')! } : {}),
    ...(get('tool') ? { tool: get('tool')! } : {}),
    ...(kind && (CallKinds as readonly string[]).includes(kind) ? { kind: kind as CallKind } : {}),
    ...(status && (CallStatuses as readonly string[]).includes(status) ? { status: status as CallStatus } : {}),
    ...(time && time in TIME_WINDOWS ? { time: time as TimeWindow } : {}),
    ...(get('q') ? { q: get('q')!.slice(0, 200) } : {}),
  };
}

export function queryOfFilter(f: TimelineFilter): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.view === 'tasks') q.view = 'tasks';
  for (const key of ['client', 'server', 'tool', 'kind', 'status', 'time', 'q'] as const) {
    const v = f[key];
    if (v) q[key] = v;
  }
  return q;
}

/** Whether anything narrows the view (the empty state then says so, and offers to clear it). */
export function isFiltered(f: TimelineFilter): boolean {
  return Boolean(f.client || f.server || f.tool || f.kind || f.status || f.time || f.q);
}

/** The start of a time window, to the minute: the same choice within a minute reads from the cache. */
export function sinceOf(time: TimeWindow | undefined, now = Date.now()): string | undefined {
  if (!time) return undefined;
  return new Date(Math.floor((now - TIME_WINDOWS[time]) / 60_000) * 60_000).toISOString();
}

export function callQueryOf(f: TimelineFilter, since: string | undefined): CallQuery {
  return {
    ...(f.client ? { client: f.client } : {}),
    ...(f.server ? { server: f.server } : {}),
    ...(f.tool ? { tool: f.tool } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(since ? { since } : {}),
    ...(f.q?.trim() ? { search: f.q.trim() } : {}),
  };
}

/** The same filter for tasks: an agent is the server of its calls; a call's status maps to task states. */
export function taskFilterOf(f: TimelineFilter, since: string | undefined, limit: number): TaskFilter {
  return {
    ...(f.client ? { client: f.client } : {}),
    ...(f.server ? { agent: f.server } : {}),
    ...(f.status ? { states: TASK_STATES_OF[f.status] } : {}),
    ...(since ? { since } : {}),
    limit,
  };
}

/** The filter in words, read after "has" in the empty state ("client cursor, status denied, in the last hour, the text “x”"). */
export function describeFilter(f: TimelineFilter): string {
  const parts: string[] = [];
  if (f.client) parts.push(`client ${f.client}`);
  if (f.server) parts.push(f.view === 'tasks' ? `agent ${f.server}` : `server ${f.server}`);
  if (f.tool && f.view === 'calls') parts.push(`${f.kind && f.kind !== 'tool' ? KIND_LABELS[f.kind] : 'tool'} ${f.tool}`);
  else if (f.kind && f.view === 'calls') parts.push(`${KIND_LABELS[f.kind]}s only`);
  if (f.status) parts.push(`status ${STATUS_LABELS[f.status]}`);
  if (f.time) parts.push(`in ${TIME_LABELS[f.time]}`);
  if (f.q && f.view === 'calls') parts.push(`the text “${f.q}”`);
  return parts.join(', ');
}
