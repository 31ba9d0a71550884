import { useState } from 'react';
import type { TaskState, TaskView } from '../../shared/a2a.js';
import { CallStatuses, type ToolCallView } from '../../shared/timeline.js';
import { revealHidden } from '../../shared/visible-text.js';
import { Badge, EmptyState, ErrorLine, Loading, PageHeader, type Tone } from './kit/index.js';
import { useHubQuery } from './query.js';
import { Revealed } from './Revealed.js';

const ROW = 30;
const VIEW = 600;
const TASK_LIMIT = 200;
const STATUSES = ['', ...CallStatuses] as const;

/**
 * Every tool call, newest first, as a lane: requested → consent → upstream → result. Live: the hub's
 * calls-changed event reloads it. Only the rows in view are rendered, so 10,000 calls scroll smoothly.
 * Above them, the A2A tasks the agents ran (live on tasks-changed), each with the states it went through.
 */
export function TimelinePage() {
  const [client, setClient] = useState('');
  const [server, setServer] = useState('');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const [hours, setHours] = useState(0);
  // The start of the time window, fixed when it is chosen (a key that changed every render would never be cached).
  const [since, setSince] = useState<string | undefined>();
  const state = useHubQuery('listToolCalls', [
    {
      ...(client ? { client } : {}),
      ...(server ? { server } : {}),
      ...(status ? { status } : {}),
      ...(since ? { since } : {}),
      limit: 10_000,
    },
  ]);
  // An agent is an upstream like a server: the Server filter picks its tasks too.
  const tasks = useHubQuery('listTasks', [{ ...(client ? { client } : {}), ...(server ? { agent: server } : {}), limit: TASK_LIMIT }]);
  const [scrollTop, setScrollTop] = useState(0);

  const calls = state.data?.calls ?? [];
  const first = Math.max(0, Math.floor(scrollTop / ROW) - 10);
  const last = Math.min(calls.length, Math.ceil((scrollTop + VIEW) / ROW) + 10);

  return (
    <section className="timeline-page">
      <PageHeader title="Timeline" />
      <form className="filters filter-bar" onSubmit={(e) => e.preventDefault()}>
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
          <select
            value={hours}
            onChange={(e) => {
              const h = Number(e.target.value);
              setHours(h);
              setSince(h ? new Date(Date.now() - h * 3_600_000).toISOString() : undefined);
            }}
          >
            <option value={0}>all</option>
            <option value={1}>last hour</option>
            <option value={24}>last day</option>
          </select>
        </label>
      </form>
      <TaskLanes tasks={tasks.data} error={tasks.error?.message} />
      {state.isPending && <Loading>Loading calls…</Loading>}
      <ErrorLine error={state.error?.message} />
      {state.data && calls.length === 0 && <EmptyState>No tool calls yet. They appear here as your MCP clients make them.</EmptyState>}
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
  // A rate-limited call was refused before consent: nobody was asked.
  const consent = call.decision ?? (call.status === 'running' ? 'waiting…' : call.status === 'rate-limited' ? 'not asked (rate limit)' : '—');
  return (
    <div role="listitem" className={`lane ${call.status}`} style={{ top, height: ROW }} title={revealHidden(call.error ?? call.arguments)}>
      <span className="time">{new Date(call.startedAt).toLocaleTimeString()}</span>
      <span className="who">
        {call.client} → {call.server}{' '}
        <code>
          <Revealed text={call.tool} />
        </code>
      </span>
      <span className="stage consent">consent: {consent}</span>
      <span className="stage result">
        {call.status}
        {call.durationMs !== null && ` · ${call.durationMs < 1000 ? `${Math.round(call.durationMs)} ms` : `${(call.durationMs / 1000).toFixed(1)} s`}`}
      </span>
    </div>
  );
}

/** The A2A tasks, newest first; nothing at all while there are none (most hubs run no agents). */
function TaskLanes({ tasks: data, error }: { tasks: TaskView[] | undefined; error: string | undefined }) {
  if (error) return <ErrorLine error={error} />;
  if (!data || data.length === 0) return null;
  const tasks = [...data].sort((a, b) => b.id - a.id);
  return (
    <section className="tasks" aria-labelledby="a2a-tasks-title">
      <h3 id="a2a-tasks-title">A2A tasks</h3>
      <ul className="task-lanes" aria-label={`${tasks.length} A2A tasks`}>
        {tasks.map((t) => (
          <TaskLane key={t.id} task={t} />
        ))}
      </ul>
    </section>
  );
}

/** The states a task went through, from its state events, the same state twice in a row shown once. */
function statePath(task: TaskView): TaskState[] {
  const path: TaskState[] = [];
  for (const e of task.events) if (e.kind === 'state' && e.state && path.at(-1) !== e.state) path.push(e.state);
  if (path.at(-1) !== task.state) path.push(task.state);
  return path;
}

const TASK_TONE: Record<TaskState, Tone> = {
  submitted: 'info',
  working: 'info',
  'input-required': 'warning',
  'auth-required': 'warning',
  completed: 'success',
  failed: 'danger',
  rejected: 'danger',
  canceled: 'neutral',
};

const shortId = (id: string) => (id.length > 8 ? `${id.slice(0, 8)}…` : id);

function TaskLane({ task: t }: { task: TaskView }) {
  const path = statePath(t);
  // Status messages (a state change's text, e.g. the question of an input-required task), messages, artifacts.
  const said = t.events.filter((e) => e.text);
  const last = [...said].reverse().find((e) => e.kind !== 'artifact')?.text;
  const id = t.taskId ? `task ${shortId(t.taskId)}` : 'message';
  return (
    <li className={`task-lane ${t.state}`} aria-label={`${t.agent} ${id} from ${t.client}: ${t.state}`}>
      <div className="task-head">
        <span className="time">{new Date(t.createdAt).toLocaleTimeString()}</span>
        <span className="who">
          {t.client} → <strong>{t.agent}</strong>
        </span>
        <code className="task-id" title={t.taskId ?? 'a reply without a task'}>
          {id}
        </code>
        <Badge tone={TASK_TONE[t.state]} className={`task-state ${t.state}`}>
          {t.state}
        </Badge>
      </div>
      <div className="task-path">
        <span className="label">states: </span>
        {path.map((s, i) => (
          <span key={i}>
            {i > 0 && <span className="arrow"> → </span>}
            <span className={`path-state ${s}`}>{s}</span>
          </span>
        ))}
      </div>
      {last && <div className="task-last">{last}</div>}
      {said.length > 0 && (
        <details className="task-events">
          <summary>Messages and artifacts ({said.length})</summary>
          <ol>
            {said.map((e, i) => (
              <li key={i} className={`task-event ${e.kind}`}>
                <span className="event-who">{e.kind === 'message' ? (e.role ?? 'agent') : e.kind === 'artifact' ? `artifact ${e.name ?? ''}` : `status ${e.state ?? ''}`}:</span>{' '}
                <span className="event-text">{e.text}</span>
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}
