// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskEventView, TaskFilter, TaskView } from '../../../shared/a2a.js';
import type { HubEvent } from '../../../shared/hub-events.js';
import type { ToolCallFilter, ToolCallPage, ToolCallView } from '../../../shared/timeline.js';
import { TimelinePage } from '../../../renderer/src/TimelinePage.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';
import { renderWithHub } from './with-hub.js';

afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
});

const call = (id: number, over: Partial<ToolCallView> = {}): ToolCallView => ({
  id,
  kind: 'tool',
  client: 'claude',
  server: 'git',
  tool: 'status',
  arguments: '{}',
  status: 'ok',
  startedAt: new Date(1_700_000_000_000 + id * 1000).toISOString(),
  durationMs: 12,
  error: null,
  decision: 'rule 1: allow',
  tasks: 0,
  ...over,
});
const page = (calls: ToolCallView[]): ToolCallPage => ({ calls, gone: [], version: calls.length, more: false, oldestId: 1 });

const at = (s: number) => new Date(1_700_000_000_000 + s * 1000).toISOString();
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

function fakeEvents() {
  const listeners = new Set<(e: HubEvent) => void>();
  return {
    events: { subscribe: (l: (e: HubEvent) => void) => (listeners.add(l), () => listeners.delete(l)) },
    emit: (type: HubEvent['type']) => act(async () => listeners.forEach((l) => l({ type }))),
  };
}

describe('timeline', () => {
  it('renders only the lanes in view, even with 10,000 calls', async () => {
    const calls = Array.from({ length: 10_000 }, (_, i) => call(10_000 - i));
    renderWithHub(<TimelinePage />, fakeHubApi({ listToolCalls: async () => page(calls) }));
    const list = await screen.findByRole('list', { name: '10000 tool calls' });
    const rendered = screen.getAllByRole('listitem').length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(60);
    expect(list.textContent).toContain('consent: rule 1: allow');
    expect(list.textContent).toContain('ok · 12 ms');
    await act(async () => {
      list.scrollTop = 30 * 5000;
      fireEvent.scroll(list);
    });
    expect(screen.getAllByRole('listitem').length).toBeLessThan(60);
    expect(screen.getAllByRole('listitem').some((l) => l.textContent?.includes(new Date(call(5000).startedAt).toLocaleTimeString()))).toBe(true);
  });

  it('passes the filters to the hub', async () => {
    const seen: ToolCallFilter[] = [];
    renderWithHub(<TimelinePage />, fakeHubApi({ listToolCalls: async (f) => (seen.push(f), page([call(1, { status: 'denied', decision: 'timeout after 120 s' })])) }));
    await screen.findByRole('list');
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'denied' } });
    });
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Server'), { target: { value: 'git' } });
    });
    expect(seen.at(-1)).toEqual({ status: 'denied', server: 'git', limit: 10_000 });
  });

  it('updates live when the hub reports new calls', async () => {
    const calls: ToolCallView[] = [];
    const listeners = new Set<(e: HubEvent) => void>();
    const events = { subscribe: (l: (e: HubEvent) => void) => (listeners.add(l), () => listeners.delete(l)) };
    renderWithHub(<TimelinePage />, fakeHubApi({ listToolCalls: async () => page([...calls]) }), events);
    expect(await screen.findByText(/No tool calls yet/)).toBeTruthy();
    calls.push(call(1, { status: 'running', durationMs: null, decision: null }));
    await act(async () => listeners.forEach((l) => l({ type: 'calls-changed' })));
    expect((await screen.findByRole('listitem')).textContent).toContain('consent: waiting…');
  });

  it('shows A2A tasks as lanes, newest first, with the states they went through and what was said', async () => {
    const tasks: TaskView[] = [
      task(1, {
        agent: 'ask',
        events: [
          st('submitted'),
          { at: at(1), kind: 'message', role: 'user', text: 'Hi' },
          st('working'),
          st('input-required', 'What is your name?'),
          { at: at(2), kind: 'message', role: 'user', text: 'Ada' },
          st('working'),
          st('working', 'thinking'),
          { at: at(3), kind: 'artifact', name: 'greeting', text: 'Hello, Ada' },
          st('completed', 'Hello, Ada'),
        ],
      }),
      task(2, { agent: 'slow', client: 'cursor', state: 'canceled', events: [st('submitted'), st('working'), st('working', 'progress 1'), st('canceled')] }),
    ];
    renderWithHub(<TimelinePage />, fakeHubApi({ listTasks: async () => tasks }));
    const list = await screen.findByRole('list', { name: '2 A2A tasks' });
    expect(screen.getByRole('heading', { name: 'A2A tasks' })).toBeTruthy();
    const lanes = within(list).getAllByRole('listitem', { name: /^(ask|slow) task/ });
    expect(lanes.map((l) => l.getAttribute('aria-label'))).toEqual(['slow task 0f3c9a2e… from cursor: canceled', 'ask task 0f3c9a2e… from claude: completed']);

    const ask = lanes[1]!;
    expect(ask.querySelector('.task-path')!.textContent).toBe('states: submitted → working → input-required → working → completed');
    expect(ask.querySelector('.badge.task-state')!.textContent).toBe('completed');
    expect(ask.querySelector('code')!.getAttribute('title')).toBe(tasks[0]!.taskId);
    const details = ask.querySelector('details')!;
    expect(details.open).toBe(false);
    const said = [...details.querySelectorAll('li')].map((l) => l.textContent);
    expect(said).toEqual([
      'user: Hi',
      'status input-required: What is your name?',
      'user: Ada',
      'status working: thinking',
      'artifact greeting: Hello, Ada',
      'status completed: Hello, Ada',
    ]);
    expect(lanes[0]!.querySelector('.task-path')!.textContent).toBe('states: submitted → working → canceled');
  });

  it('passes the client and server filters to the task list as client and agent', async () => {
    const seen: TaskFilter[] = [];
    renderWithHub(<TimelinePage />, fakeHubApi({ listTasks: async (f) => (seen.push(f), [task(1)]) }));
    await screen.findByRole('list', { name: '1 A2A tasks' });
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Client'), { target: { value: 'claude' } });
    });
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Server'), { target: { value: 'ask' } });
    });
    expect(seen.at(-1)).toEqual({ client: 'claude', agent: 'ask', limit: 200 });
  });

  it('shows no task section without tasks, and follows a task live on tasks-changed', async () => {
    const tasks: TaskView[] = [];
    const { events, emit } = fakeEvents();
    renderWithHub(<TimelinePage />, fakeHubApi({ listTasks: async () => structuredClone(tasks) }), events);
    expect(await screen.findByText(/No tool calls yet/)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'A2A tasks' })).toBeNull();

    tasks.push(task(7, { agent: 'slow', state: 'working', events: [st('submitted'), st('working')] }));
    await emit('calls-changed');
    expect(screen.queryByRole('heading', { name: 'A2A tasks' })).toBeNull();
    await emit('tasks-changed');
    const lane = await screen.findByRole('listitem', { name: /^slow task .*: working$/ });
    expect(lane.querySelector('.badge')!.className).toContain('working');

    tasks[0] = { ...tasks[0]!, state: 'canceled', events: [...tasks[0]!.events, st('canceled')] };
    await emit('tasks-changed');
    const done = await screen.findByRole('listitem', { name: /^slow task .*: canceled$/ });
    expect(done.querySelector('.task-path')!.textContent).toBe('states: submitted → working → canceled');
  });

  it('keeps a bare-message reply as a lane without a task id', async () => {
    renderWithHub(<TimelinePage />, fakeHubApi({ listTasks: async () => [task(3, { agent: 'echo', taskId: null, events: [st('completed'), { at: at(3), kind: 'message', role: 'agent', text: 'echo: hi' }] })] }));
    const lane = await screen.findByRole('listitem', { name: 'echo message from claude: completed' });
    expect(lane.textContent).toContain('echo: hi');
    expect(lane.querySelector('.task-path')!.textContent).toBe('states: completed');
  });
});
