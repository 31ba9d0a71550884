import { useCallback, useState } from 'react';
import type { HubApi } from '../../shared/hub-api.js';
import type { HubEvents } from '../../shared/hub-events.js';
import type { ToolCallView } from '../../shared/timeline.js';
import { useHubData } from './use-hub-data.js';

const ROW = 30;
const VIEW = 600;
const STATUSES = ['', 'running', 'ok', 'error', 'denied', 'cancelled', 'interrupted'] as const;

/**
 * Every tool call, newest first, as a lane: requested → consent → upstream → result. Live: the hub's
 * calls-changed event reloads it. Only the rows in view are rendered, so 10,000 calls scroll smoothly.
 */
export function TimelinePage({ api, events }: { api: HubApi; events?: HubEvents | undefined }) {
  const [client, setClient] = useState('');
  const [server, setServer] = useState('');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const [hours, setHours] = useState(0);
  const fetch = useCallback(
    () =>
      api.listToolCalls({
        ...(client ? { client } : {}),
        ...(server ? { server } : {}),
        ...(status ? { status } : {}),
        ...(hours ? { since: new Date(Date.now() - hours * 3_600_000).toISOString() } : {}),
        limit: 10_000,
      }),
    [api, client, server, status, hours],
  );
  const [state] = useHubData(fetch, events, 'calls-changed', 3000);
  const [scrollTop, setScrollTop] = useState(0);

  const calls = state.status === 'ready' ? state.data : [];
  const first = Math.max(0, Math.floor(scrollTop / ROW) - 10);
  const last = Math.min(calls.length, Math.ceil((scrollTop + VIEW) / ROW) + 10);

  return (
    <section>
      <h2>Timeline</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Client <input value={client} onChange={(e) => setClient(e.target.value)} placeholder="any" />
        </label>
        <label>
          Server <input value={server} onChange={(e) => setServer(e.target.value)} placeholder="any" />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as (typeof STATUSES)[number])}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s || 'any'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Time
          <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            <option value={0}>all</option>
            <option value={1}>last hour</option>
            <option value={24}>last day</option>
          </select>
        </label>
      </form>
      {state.status === 'loading' && <p aria-busy="true">Loading calls…</p>}
      {state.status === 'error' && <p role="alert" className="error">{state.message}</p>}
      {state.status === 'ready' && calls.length === 0 && <p className="empty">No tool calls yet. They appear here as your MCP clients make them.</p>}
      {calls.length > 0 && (
        <div className="timeline" role="list" aria-label={`${calls.length} tool calls`} style={{ height: VIEW }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
          <div style={{ height: calls.length * ROW, position: 'relative' }}>
            {calls.slice(first, last).map((c, i) => (
              <Lane key={c.id} call={c} top={(first + i) * ROW} />
            ))}
          </div>
        </div>
      )}
    </section>
  );
}

function Lane({ call, top }: { call: ToolCallView; top: number }) {
  const consent = call.decision ?? (call.status === 'running' ? 'waiting…' : '—');
  return (
    <div role="listitem" className={`lane ${call.status}`} style={{ top, height: ROW }} title={call.error ?? call.arguments}>
      <span className="time">{new Date(call.startedAt).toLocaleTimeString()}</span>
      <span className="who">
        {call.client} → {call.server} <code>{call.tool}</code>
      </span>
      <span className="stage consent">consent: {consent}</span>
      <span className="stage result">
        {call.status}
        {call.durationMs !== null && ` · ${call.durationMs < 1000 ? `${Math.round(call.durationMs)} ms` : `${(call.durationMs / 1000).toFixed(1)} s`}`}
      </span>
    </div>
  );
}
