import { useEffect, useMemo, useState } from 'react';
import { CallKinds, CallStatuses, describeTotals, type TimelineFacets } from '../../shared/timeline.js';
import { CallList } from './CallList.js';
import { Button, EmptyState, ErrorLine, Loading, PageHeader } from './kit/index.js';
import { paths } from './paths.js';
import { useHubQuery } from './query.js';
import { hrefOf, navigate, useLocation } from './router.js';
import { TaskList } from './TaskList.js';
import {
  callQueryOf,
  describeFilter,
  filterFromQuery,
  isFiltered,
  KIND_LABELS,
  queryOfFilter,
  sinceOf,
  STATUS_LABELS,
  taskFilterOf,
  TIME_LABELS,
  TIME_WINDOWS,
  type TimelineFilter,
  type TimeWindow,
} from './timeline-filter.js';
import { useCallList } from './use-call-list.js';
import './timeline.css';

const TASK_LIMIT = 500;

/** The Timeline's address as last seen, so a call's details lead back to the same filtered view. */
let lastQuery: Record<string, string> = {};
export const timelineHref = () => hrefOf(paths.timeline(), lastQuery);
export const backToTimeline = () => navigate(paths.timeline(), { query: lastQuery });

/**
 * Every call the hub made for a client (tool calls, resource reads, prompts, completions, requests
 * through the A2A front door), newest first, and every A2A task: filters picked from what the record
 * holds, a search that ignores case, totals, and one list in the page's own scroll. Live: new and
 * changed calls come in as the hub records them, without reading the whole history again.
 */
export function TimelinePage() {
  const location = useLocation();
  const filter = useMemo(() => filterFromQuery(location.query), [location.query]);
  // The start of a time window is fixed when it is chosen (a key that moved every render would never be cached).
  const since = useMemo(() => sinceOf(filter.time), [filter.time]);
  const facets = useHubQuery('timelineFacets', []);
  useEffect(() => {
    lastQuery = queryOfFilter(filter);
  }, [filter]);

  const set = (change: Partial<TimelineFilter>) => {
    const next = { ...filter, ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined || v === '') delete next[k as keyof TimelineFilter];
    navigate(paths.timeline(), { query: queryOfFilter(next), replace: true });
  };
  const clear = () => navigate(paths.timeline(), { query: filter.view === 'tasks' ? { view: 'tasks' } : {}, replace: true });

  return (
    <section className="timeline-page">
      <PageHeader title="Timeline" description="Every call your clients made through Agent Hub and every A2A task, newest first. Open one to see what was sent, what came back, and who allowed it." />
      <div className="timeline-toolbar">
        <nav className="timeline-views" aria-label="Timeline views">
          <a href={hrefOf(paths.timeline(), queryOfFilter({ ...filter, view: 'calls' }))} aria-current={filter.view === 'calls' ? 'page' : undefined}>
            Calls
          </a>
          <a href={hrefOf(paths.timeline(), queryOfFilter({ ...filter, view: 'tasks' }))} aria-current={filter.view === 'tasks' ? 'page' : undefined}>
            A2A tasks
          </a>
        </nav>
        <Filters filter={filter} facets={facets.data} set={set} clear={clear} />
      </div>
      <ErrorLine error={facets.error?.message} />
      {filter.view === 'calls' ? <Calls filter={filter} since={since} clear={clear} /> : <Tasks filter={filter} since={since} clear={clear} />}
    </section>
  );
}

function Filters({ filter, facets, set, clear }: { filter: TimelineFilter; facets: TimelineFacets | undefined; set: (c: Partial<TimelineFilter>) => void; clear: () => void }) {
  const calls = filter.view === 'calls';
  const [text, setText] = useState(filter.q ?? '');
  // The address is the truth (Back, a link); typing reaches it after a pause.
  useEffect(() => setText(filter.q ?? ''), [filter.q]);
  useEffect(() => {
    if (text === (filter.q ?? '')) return;
    const timer = setTimeout(() => set({ q: text }), 250);
    return () => clearTimeout(timer);
  });
  const clients = withCurrent(facets?.clients ?? [], filter.client);
  const upstreams = withCurrent(calls ? (facets?.servers.map((s) => s.name) ?? []) : (facets?.agents ?? []), filter.server);
  const tools = facets?.servers.find((s) => s.name === filter.server)?.tools ?? [];
  const toolValue = filter.tool ? `${filter.kind ?? 'tool'}:${filter.tool}` : '';
  const toolOptions = filter.tool && !tools.some((t) => `${t.kind}:${t.name}` === toolValue) ? [...tools, { name: filter.tool, kind: filter.kind ?? 'tool' }] : tools;
  return (
    <form className="timeline-filters" role="search" aria-label="Filter the timeline" onSubmit={(e) => e.preventDefault()}>
      {calls && (
        <label className="filter-search">
          <span className="visually-hidden">Search</span>
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Search tools, servers, clients, arguments…" maxLength={200} />
        </label>
      )}
      <label>
        Client
        <select value={filter.client ?? ''} onChange={(e) => set({ client: e.target.value })}>
          <option value="">any</option>
          {clients.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        {calls ? 'Server' : 'Agent'}
        <select value={filter.server ?? ''} onChange={(e) => set({ server: e.target.value, tool: undefined })}>
          <option value="">any</option>
          {upstreams.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {calls && (
        <label>
          Tool
          <select
            value={toolValue}
            disabled={!filter.server}
            title={filter.server ? undefined : 'Pick a server first'}
            onChange={(e) => {
              const v = e.target.value;
              if (!v) return set({ tool: undefined });
              const at = v.indexOf(':');
              set({ kind: v.slice(0, at) as TimelineFilter['kind'], tool: v.slice(at + 1) });
            }}
          >
            <option value="">{filter.server ? 'any' : 'pick a server'}</option>
            {toolOptions.map((t) => (
              <option key={`${t.kind}:${t.name}`} value={`${t.kind}:${t.name}`}>
                {t.kind === 'tool' ? t.name : `${t.name} (${KIND_LABELS[t.kind]})`}
              </option>
            ))}
          </select>
        </label>
      )}
      {calls && (
        <label>
          Kind
          <select value={filter.kind ?? ''} onChange={(e) => set({ kind: (e.target.value || undefined) as TimelineFilter['kind'], tool: undefined })}>
            <option value="">any</option>
            {CallKinds.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}s
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Status
        <select value={filter.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as TimelineFilter['status'] })}>
          <option value="">any</option>
          {CallStatuses.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Time
        <select value={filter.time ?? ''} onChange={(e) => set({ time: (e.target.value || undefined) as TimeWindow | undefined })}>
          <option value="">any time</option>
          {(Object.keys(TIME_WINDOWS) as TimeWindow[]).map((t) => (
            <option key={t} value={t}>
              {TIME_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      {isFiltered(filter) && (
        <Button size="sm" variant="ghost" onClick={clear}>
          Clear filters
        </Button>
      )}
    </form>
  );
}

/** A value in the address that the record no longer holds still shows as chosen. */
const withCurrent = (names: string[], current: string | undefined) => (current && !names.includes(current) ? [...names, current].sort() : names);

function Calls({ filter, since, clear }: { filter: TimelineFilter; since: string | undefined; clear: () => void }) {
  const query = useMemo(() => callQueryOf(filter, since), [filter, since]);
  const { list, error, stale, loadOlder } = useCallList(query);
  const totals = useHubQuery('toolCallTotals', [query]);
  const filtered = isFiltered(filter);
  const all = useHubQuery('toolCallTotals', [{}], { enabled: filtered });
  const memoryKey = JSON.stringify(query);

  if (error) return <ErrorLine error={error.message} />;
  if (!list) return <Loading>Loading calls…</Loading>;
  const total = Math.max(totals.data?.calls ?? 0, list.calls.length);
  const summary = totals.data ? describeTotals(totals.data) : `${list.calls.length.toLocaleString('en-US')}${list.more ? '+' : ''} calls`;
  const none = list.calls.length === 0 && !stale;
  return (
    <>
      <p className="timeline-totals" role="status">
        {summary}
        {filtered && all.data ? <span className="muted"> — of {all.data.calls.toLocaleString('en-US')} in all</span> : null}
      </p>
      {none && filtered && (
        <EmptyState
          title="No calls match these filters."
          actions={
            <Button size="sm" onClick={clear}>
              Clear filters
            </Button>
          }
        >
          Nothing on the record matches {describeFilter(filter)}.
          {all.data && all.data.calls > 0 ? ` There are ${all.data.calls.toLocaleString('en-US')} calls in all.` : ''}
        </EmptyState>
      )}
      {none && !filtered && (
        <EmptyState title="No calls yet.">
          Calls appear here as your MCP clients make them, and those you make in the <a href={hrefOf(paths.workbench())}>Workbench</a>.
        </EmptyState>
      )}
      {!none && (
        <div className={stale ? 'call-list-wrap stale' : 'call-list-wrap'} aria-busy={stale || undefined}>
          <CallList calls={list.calls} total={total} more={list.more} loadOlder={loadOlder} memoryKey={memoryKey} label={`${total.toLocaleString('en-US')} ${total === 1 ? 'call' : 'calls'}`} />
        </div>
      )}
    </>
  );
}

function Tasks({ filter, since, clear }: { filter: TimelineFilter; since: string | undefined; clear: () => void }) {
  const tasks = useHubQuery('listTasks', [taskFilterOf(filter, since, TASK_LIMIT)]);
  const filtered = Boolean(filter.client || filter.server || filter.status || filter.time);
  if (tasks.error) return <ErrorLine error={tasks.error.message} />;
  if (!tasks.data) return <Loading>Loading A2A tasks…</Loading>;
  const n = tasks.data.length;
  return (
    <>
      <p className="timeline-totals" role="status">
        {n === TASK_LIMIT ? `The ${TASK_LIMIT} most recent tasks` : `${n.toLocaleString('en-US')} ${n === 1 ? 'task' : 'tasks'}`}
        {filter.q || filter.tool || filter.kind ? <span className="muted"> (search, tool and kind apply to calls only)</span> : null}
      </p>
      {n === 0 && filtered && (
        <EmptyState
          title="No A2A tasks match these filters."
          actions={
            <Button size="sm" onClick={clear}>
              Clear filters
            </Button>
          }
        >
          No task has {describeFilter({ ...filter, tool: undefined, kind: undefined, q: undefined })}.
          {filter.status === 'rate-limited' || filter.status === 'interrupted' ? ` Tasks are never ${filter.status}: that status belongs to calls.` : ''}
        </EmptyState>
      )}
      {n === 0 && !filtered && <EmptyState title="No A2A tasks yet.">Tasks appear here when a client sends a message to one of your agents.</EmptyState>}
      {n > 0 && <TaskList tasks={tasks.data} label={`${n} A2A tasks`} />}
    </>
  );
}
