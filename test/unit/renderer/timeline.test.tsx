// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TaskEventView, TaskFilter, TaskView } from '../../../shared/a2a.js';
import type { HubEventType } from '../../../shared/hub-events.js';
import type { CallQuery, TimelineFacets, ToolCallFilter, ToolCallPage, ToolCallTotals, ToolCallView } from '../../../shared/timeline.js';
import { ROW } from '../../../renderer/src/CallList.js';
import type { ViewEvent } from '../../../renderer/src/event-stream.js';
import { TimelinePage } from '../../../renderer/src/TimelinePage.js';
import { FIRST_PAGE, PAGE } from '../../../renderer/src/use-call-list.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';
import { renderWithHub } from './with-hub.js';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  history.replaceState(null, '', '/');
});

/** The page reads its filter from the address (#/timeline?…). */
const open = (query = '') => history.replaceState(null, '', `#/timeline${query ? `?${query}` : ''}`);

const at = (s: number) => new Date(1_700_000_000_000 + s * 1000).toISOString();

const call = (id: number, over: Partial<ToolCallView> = {}): ToolCallView => ({
  id,
  kind: 'tool',
  client: 'claude',
  server: 'git',
  tool: 'status',
  arguments: '{}',
  status: 'ok',
  startedAt: at(id),
  durationMs: 12,
  error: null,
  decision: 'rule 1: allow',
  tasks: 0,
  ...over,
});

/**
 * The hub's record of calls as tool-calls-repo.ts keeps it: each write bumps the record's version;
 * listToolCalls pages newest first (beforeId, afterId) or reads only what was written since a
 * version, with the ids written since that no longer match. Every request the page sends is kept.
 */
function fakeRecord(initial: ToolCallView[] = []) {
  const rows = new Map<number, { call: ToolCallView; version: number }>();
  let version = 0;
  const write = (c: ToolCallView) => rows.set(c.id, { call: c, version: ++version });
  for (const c of initial) write(c);
  const requests: ToolCallFilter[] = [];
  const totalsAsked: CallQuery[] = [];
  const matches = (c: ToolCallView, q: CallQuery) =>
    (!q.client || c.client === q.client) &&
    (!q.server || c.server === q.server) &&
    (!q.tool || c.tool === q.tool) &&
    (!q.kind || c.kind === q.kind) &&
    (!q.status || c.status === q.status) &&
    (!q.since || c.startedAt >= q.since) &&
    (!q.until || c.startedAt < q.until) &&
    (!q.search || [c.client, c.server, c.tool, c.arguments, c.error ?? ''].some((s) => s.toLowerCase().includes(q.search!.toLowerCase())));
  const queryOf = (f: ToolCallFilter): CallQuery => {
    const { afterId: _a, beforeId: _b, changedSince: _c, limit: _l, ...q } = f;
    return q;
  };
  const filtered = (q: CallQuery) => Object.values(q).some((v) => v !== undefined);

  const listToolCalls = async (f: ToolCallFilter): Promise<ToolCallPage> => {
    requests.push(f);
    const q = queryOf(f);
    const limit = f.limit ?? 1_000;
    const all = [...rows.values()].sort((a, b) => b.call.id - a.call.id);
    const hits = all.filter(
      (r) =>
        matches(r.call, q) &&
        (f.afterId === undefined || r.call.id > f.afterId) &&
        (f.beforeId === undefined || r.call.id < f.beforeId) &&
        (f.changedSince === undefined || r.version > f.changedSince),
    );
    const gone = f.changedSince !== undefined && filtered(q) ? all.filter((r) => r.version > f.changedSince! && !matches(r.call, q)).map((r) => r.call.id) : [];
    return {
      calls: hits.slice(0, limit).map((r) => r.call),
      gone,
      version,
      more: hits.length > limit,
      oldestId: all.at(-1)?.call.id ?? 0,
    };
  };
  const toolCallTotals = async (q: CallQuery): Promise<ToolCallTotals> => {
    totalsAsked.push(q);
    const totals: ToolCallTotals = { calls: 0, byStatus: {}, byKind: {} };
    for (const { call: c } of rows.values()) {
      if (!matches(c, q)) continue;
      totals.calls++;
      totals.byStatus[c.status] = (totals.byStatus[c.status] ?? 0) + 1;
      totals.byKind[c.kind] = (totals.byKind[c.kind] ?? 0) + 1;
    }
    return totals;
  };
  return { write, requests, totalsAsked, api: { listToolCalls, toolCallTotals } };
}

const st = (state: TaskEventView['state'], text = ''): TaskEventView => ({ at: at(0), kind: 'state', state, text });
const task = (id: number, over: Partial<TaskView> = {}): TaskView => ({
  id,
  agent: 'ask',
  taskId: `0f3c9a2e-41b7-4a8e-9d1c-${String(id).padStart(12, '0')}`,
  contextId: 'ctx-1',
  client: 'claude',
  state: 'completed',
  createdAt: at(id),
  updatedAt: at(id + 1),
  events: [],
  ...over,
});

/** The hub's events, sent by hand (and no polling: a page with events reads again only when told). */
function fakeEvents() {
  const listeners = new Set<(e: ViewEvent) => void>();
  return {
    events: { subscribe: (l: (e: ViewEvent) => void) => (listeners.add(l), () => void listeners.delete(l)) },
    emit: (type: HubEventType) => act(async () => listeners.forEach((l) => l({ type }))),
  };
}

const rowOf = (id: number) => document.querySelector<HTMLElement>(`li.call-row:has(a[href="#/timeline/calls/${id}"])`);
const select = (label: string) => screen.getByLabelText<HTMLSelectElement>(label);
const choose = (label: string, value: string) => act(async () => void fireEvent.change(select(label), { target: { value } }));
const optionsOf = (label: string) => [...select(label).options].map((o) => o.textContent);

describe('timeline: calls', () => {
  it('renders only the rows in view, even with 10,000 calls, and reads older ones page by page as they are scrolled to', async () => {
    const record = fakeRecord(Array.from({ length: 10_000 }, (_, i) => call(i + 1)));
    const { events } = fakeEvents();
    open();
    renderWithHub(<TimelinePage />, fakeHubApi(record.api), events);

    const list = await screen.findByRole('list', { name: '10,000 calls' });
    expect(await screen.findByRole('status')).toHaveProperty('textContent', '10,000 calls');
    const rows = within(list).getAllByRole('listitem');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    // Newest first, each row a link to the call's details with its status, timing and consent.
    const newest = rows[0]!;
    expect(newest.querySelector('a')!.getAttribute('href')).toBe('#/timeline/calls/10000');
    expect(newest.querySelector('.call-status')!.textContent).toBe('ok');
    expect(newest.querySelector('.call-duration')!.textContent).toBe('12 ms');
    expect(newest.querySelector('.call-consent')!.textContent).toBe('rule 1: allow');
    expect(newest.textContent).toContain('status on git · claude');
    // The list is as tall as all the calls (the page's scroll bar is right), though few rows exist.
    expect(list.style.height).toBe(`${10_000 * ROW}px`);
    // One small first read, not the whole history.
    expect(record.requests).toEqual([{ limit: FIRST_PAGE }]);

    // Scroll the window to row 5000: the list's top is then 5000 rows above the viewport.
    vi.spyOn(list, 'getBoundingClientRect').mockReturnValue({ top: -5000 * ROW, bottom: 5000 * ROW, left: 0, right: 800, width: 800, height: 10_000 * ROW, x: 0, y: -5000 * ROW, toJSON: () => ({}) });
    await act(async () => void fireEvent.scroll(window));
    // The call at index 5000 (id 5000) comes in once the pages down to it are read.
    await waitFor(() => expect(rowOf(5000)).not.toBeNull());
    expect(rowOf(10_000)).toBeNull();
    const inView = within(list).getAllByRole('listitem');
    expect(inView.length).toBeLessThan(60);
    expect(rowOf(5000)!.querySelector('time')!.getAttribute('datetime')).toBe(at(5000));
    // Older pages below the last loaded call, each read once; never a read of everything.
    expect(record.requests).toEqual([{ limit: FIRST_PAGE }, { beforeId: 10_001 - FIRST_PAGE, limit: PAGE }, { beforeId: 10_001 - FIRST_PAGE - PAGE, limit: PAGE }, { beforeId: 10_001 - FIRST_PAGE - 2 * PAGE, limit: PAGE }]);
  });

  it('offers the names the record holds, and passes the filters chosen to the hub (and keeps them in the address)', async () => {
    const record = fakeRecord([call(1), call(2, { status: 'denied', decision: 'timeout after 120 s', kind: 'resource', tool: 'git://log' }), call(3, { client: 'cursor', server: 'fs', tool: 'read' })]);
    const facets: TimelineFacets = {
      clients: ['claude', 'cursor'],
      servers: [
        {
          name: 'git',
          tools: [
            { name: 'status', kind: 'tool' },
            { name: 'git://log', kind: 'resource' },
          ],
        },
        { name: 'fs', tools: [{ name: 'read', kind: 'tool' }] },
      ],
      agents: ['ask'],
    };
    const { events } = fakeEvents();
    open();
    renderWithHub(<TimelinePage />, fakeHubApi({ ...record.api, timelineFacets: async () => facets }), events);
    await screen.findByRole('list', { name: '3 calls' });
    await waitFor(() => expect(optionsOf('Client')).toEqual(['any', 'claude', 'cursor']));
    expect(optionsOf('Server')).toEqual(['any', 'git', 'fs']);
    // A tool belongs to a server: pick the server first.
    expect(select('Tool').disabled).toBe(true);

    await choose('Server', 'git');
    expect(select('Tool').disabled).toBe(false);
    expect(optionsOf('Tool')).toEqual(['any', 'status', 'git://log (resource read)']);
    await choose('Tool', 'resource:git://log');
    expect(select('Kind').value).toBe('resource');
    await choose('Status', 'denied');

    const query = { server: 'git', tool: 'git://log', kind: 'resource', status: 'denied' };
    await waitFor(() => expect(record.requests.at(-1)).toEqual({ ...query, limit: FIRST_PAGE }));
    expect(record.totalsAsked).toContainEqual(query);
    const list = await screen.findByRole('list', { name: '1 call' });
    expect(within(list).getAllByRole('listitem').map((l) => l.querySelector('a')!.getAttribute('href'))).toEqual(['#/timeline/calls/2']);
    expect(list.querySelector('.call-consent')!.textContent).toBe('timeout after 120 s');
    expect(screen.getByRole('status').textContent).toBe('1 call · 1 denied — of 3 in all');
    expect(new URLSearchParams(location.hash.split('?')[1])).toEqual(new URLSearchParams(query));
  });

  it('passes the search and the time window from the address, and what is typed into the search', async () => {
    const record = fakeRecord([call(1, { arguments: '{"path":"Hello.txt"}' })]);
    const { events } = fakeEvents();
    open('q=hello&time=hour');
    const before = Date.now();
    renderWithHub(<TimelinePage />, fakeHubApi(record.api), events);
    await waitFor(() => expect(record.requests.length).toBeGreaterThan(0));
    const first = record.requests[0]!;
    expect(first).toEqual({ search: 'hello', since: expect.any(String), limit: FIRST_PAGE });
    // The last hour, to the minute.
    const since = Date.parse(first.since!);
    expect(since % 60_000).toBe(0);
    expect(since).toBeGreaterThan(before - 3_600_000 - 60_000);
    expect(since).toBeLessThanOrEqual(Date.now() - 3_600_000);

    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'world' } });
    // Typing reaches the address (and the hub) after a pause.
    await waitFor(() => expect(record.requests.at(-1)).toEqual({ search: 'world', since: first.since, limit: FIRST_PAGE }), { timeout: 3_000 });
    expect(location.hash).toContain('q=world');
  });

  it('updates live when the hub reports new and changed calls, reading only what changed', async () => {
    const record = fakeRecord([]);
    const { events, emit } = fakeEvents();
    open();
    renderWithHub(<TimelinePage />, fakeHubApi(record.api), events);
    expect(await screen.findByText('No calls yet.')).toBeTruthy();

    record.write(call(1, { status: 'running', durationMs: null, decision: null }));
    await emit('calls-changed');
    await waitFor(() => expect(rowOf(1)).not.toBeNull());
    expect(rowOf(1)!.querySelector('.call-status')!.textContent).toBe('running');
    expect(rowOf(1)!.querySelector('.call-consent')!.textContent).toBe('waiting…');

    record.write(call(1));
    record.write(call(2, { tool: 'diff', status: 'running', durationMs: null, decision: null }));
    await emit('calls-changed');
    await waitFor(() => expect(rowOf(1)!.querySelector('.call-status')!.textContent).toBe('ok'));
    expect(rowOf(1)!.querySelector('.call-consent')!.textContent).toBe('rule 1: allow');
    expect(screen.getAllByRole('listitem').map((l) => l.querySelector('a')!.getAttribute('href'))).toEqual(['#/timeline/calls/2', '#/timeline/calls/1']);

    // The first read from the top, then each event reads what was written since the version held.
    expect(record.requests).toEqual([{ limit: FIRST_PAGE }, { changedSince: 0, limit: PAGE }, { changedSince: 1, limit: PAGE }]);
  });

  it('drops a call that no longer matches the filter when it changes', async () => {
    const record = fakeRecord([call(1, { status: 'running', durationMs: null, decision: null }), call(2)]);
    const { events, emit } = fakeEvents();
    open('status=running');
    renderWithHub(<TimelinePage />, fakeHubApi(record.api), events);
    await screen.findByRole('list', { name: '1 call' });
    expect(rowOf(1)).not.toBeNull();

    record.write(call(1));
    await emit('calls-changed');
    expect(await screen.findByText('No calls match these filters.')).toBeTruthy();
    expect(record.requests).toEqual([
      { status: 'running', limit: FIRST_PAGE },
      { status: 'running', changedSince: 2, limit: PAGE },
    ]);
  });

  it('says that nothing matches a filter (not that there are no calls), and offers to clear it', async () => {
    const record = fakeRecord([call(1), call(2)]);
    const { events } = fakeEvents();
    open('server=nowhere&status=denied');
    renderWithHub(<TimelinePage />, fakeHubApi(record.api), events);
    expect(await screen.findByText('No calls match these filters.')).toBeTruthy();
    expect(screen.queryByText('No calls yet.')).toBeNull();
    const empty = document.querySelector<HTMLElement>('.empty-state')!;
    expect(empty.textContent).toContain('Nothing on the record matches server nowhere, status denied.');
    await waitFor(() => expect(empty.textContent).toContain('There are 2 calls in all.'));
    // The server the address names stays chosen though the record has no such server.
    expect(select('Server').value).toBe('nowhere');

    await act(async () => void fireEvent.click(within(empty).getByRole('button', { name: 'Clear filters' })));
    await screen.findByRole('list', { name: '2 calls' });
    expect(location.hash).toBe('#/timeline');
  });
});

describe('timeline: A2A tasks', () => {
  it('lists A2A tasks in the order the hub gives, with the states they went through and the last thing said', async () => {
    const tasks: TaskView[] = [
      task(2, { agent: 'slow', client: 'cursor', state: 'canceled', events: [st('submitted'), st('working'), st('working', 'progress 1'), st('canceled')] }),
      task(1, {
        agent: 'ask',
        toolCall: 41,
        events: [
          st('submitted'),
          { at: at(1), kind: 'message', role: 'user', text: 'Hi' },
          st('working'),
          st('input-required', 'What is your name?'),
          { at: at(2), kind: 'message', role: 'user', text: 'Ada' },
          st('working'),
          st('working', 'thinking'),
          { at: at(3), kind: 'artifact', name: 'greeting', text: 'Hello, Ada (artifact)' },
          st('completed', 'Hello, Ada'),
        ],
      }),
    ];
    const { events } = fakeEvents();
    open('view=tasks');
    renderWithHub(<TimelinePage />, fakeHubApi({ listTasks: async () => tasks }), events);
    const list = await screen.findByRole('list', { name: '2 A2A tasks' });
    expect(screen.getByRole('link', { name: 'A2A tasks' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('status').textContent).toBe('2 tasks');
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.querySelector('.task-link')!.textContent)).toEqual(['task 0f3c9a2e… of slow', 'task 0f3c9a2e… of ask']);
    expect(rows.map((r) => r.querySelector('.task-link')!.getAttribute('href'))).toEqual(['#/timeline/tasks/2', '#/timeline/tasks/1']);

    const [slow, ask] = rows as [HTMLElement, HTMLElement];
    expect(slow.querySelector('.call-status')!.textContent).toBe('canceled');
    expect(slow.textContent).toContain('· cursor');
    expect(slow.querySelector('.task-path')!.getAttribute('aria-label')).toBe('States: submitted, then working, then canceled');
    expect(slow.querySelector('.task-said')!.textContent).toBe('progress 1');
    expect(slow.querySelector('.task-call-link')).toBeNull();

    expect(ask.querySelector('.call-status')!.textContent).toBe('completed');
    expect(ask.querySelector('.task-path')!.textContent).toBe('submitted → working → input-required → working → completed');
    // The last thing said, not an artifact's summary.
    expect(ask.querySelector('.task-said')!.textContent).toBe('Hello, Ada');
    expect(within(ask).getByRole('link', { name: 'started by call 41' }).getAttribute('href')).toBe('#/timeline/calls/41');
  });

  it('passes the client and agent filters, chosen from the names the record holds, to the task list', async () => {
    const seen: TaskFilter[] = [];
    const facets: TimelineFacets = { clients: ['claude', 'cursor'], servers: [{ name: 'git', tools: [] }], agents: ['ask', 'slow'] };
    const { events } = fakeEvents();
    open('view=tasks');
    renderWithHub(<TimelinePage />, fakeHubApi({ listTasks: async (f) => (seen.push(f), [task(1)]), timelineFacets: async () => facets }), events);
    await screen.findByRole('list', { name: '1 A2A tasks' });
    // Tasks are filtered by agent, not server; search, tool and kind belong to calls.
    expect(screen.queryByLabelText('Server')).toBeNull();
    expect(screen.queryByLabelText('Tool')).toBeNull();
    expect(screen.queryByRole('searchbox')).toBeNull();
    await waitFor(() => expect(optionsOf('Agent')).toEqual(['any', 'ask', 'slow']));

    await choose('Client', 'claude');
    await choose('Agent', 'ask');
    await waitFor(() => expect(seen.at(-1)).toEqual({ client: 'claude', agent: 'ask', limit: 500 }));
    await choose('Status', 'cancelled');
    await waitFor(() => expect(seen.at(-1)).toEqual({ client: 'claude', agent: 'ask', states: ['canceled'], limit: 500 }));
    expect(new URLSearchParams(location.hash.split('?')[1])).toEqual(new URLSearchParams({ view: 'tasks', client: 'claude', server: 'ask', status: 'cancelled' }));
  });

  it('says when no task matches a filter, and follows a task live on tasks-changed', async () => {
    const tasks: TaskView[] = [];
    const { events, emit } = fakeEvents();
    open('view=tasks&client=cursor');
    renderWithHub(<TimelinePage />, fakeHubApi({ listTasks: async (f) => structuredClone(tasks.filter((t) => !f.client || t.client === f.client)) }), events);
    expect(await screen.findByText('No A2A tasks match these filters.')).toBeTruthy();
    await act(async () => void fireEvent.click(within(document.querySelector<HTMLElement>('.empty-state')!).getByRole('button', { name: 'Clear filters' })));
    expect(location.hash).toBe('#/timeline?view=tasks');
    expect(await screen.findByText('No A2A tasks yet.')).toBeTruthy();

    tasks.push(task(7, { agent: 'slow', state: 'working', events: [st('submitted'), st('working')] }));
    await emit('tasks-changed');
    const list = await screen.findByRole('list', { name: '1 A2A tasks' });
    const row = within(list).getByRole('listitem');
    expect(row.className).toContain('state-working');
    expect(row.querySelector('.call-status')!.textContent).toBe('working');

    tasks[0] = { ...tasks[0]!, state: 'canceled', events: [...tasks[0]!.events, st('canceled')] };
    await emit('tasks-changed');
    await waitFor(() => expect(within(list).getByRole('listitem').querySelector('.call-status')!.textContent).toBe('canceled'));
    expect(within(list).getByRole('listitem').querySelector('.task-path')!.textContent).toBe('submitted → working → canceled');
  });

  it('keeps a bare-message reply as a row without a task id', async () => {
    const { events } = fakeEvents();
    open('view=tasks');
    renderWithHub(
      <TimelinePage />,
      fakeHubApi({ listTasks: async () => [task(3, { agent: 'echo', taskId: null, events: [st('completed'), { at: at(3), kind: 'message', role: 'agent', text: 'echo: hi' }] })] }),
      events,
    );
    const list = await screen.findByRole('list', { name: '1 A2A tasks' });
    const row = within(list).getByRole('listitem');
    expect(row.querySelector('.task-link')!.textContent).toBe('message of echo');
    expect(row.querySelector('.task-said')!.textContent).toBe('echo: hi');
    expect(row.querySelector('.task-path')!.textContent).toBe('completed');
    expect(row.textContent).not.toMatch(/task [0-9a-f]{8}/);
  });
});
