import { describe, expect, it } from 'vitest';
import { TaskTracker } from '../../../main/core/a2a/task-tracker.js';
import { taskResult } from '../../../main/core/a2a/task-result.js';
import { taskState } from '../../../main/core/a2a/a2a-wire.js';
import { openStore, type Store } from '../../../main/core/store/store.js';
import { tempDataDir } from '../../helpers/cli.js';

const sent = { messageId: 'u1', role: 'ROLE_USER', parts: [{ text: 'hello' }] };
const agentMsg = (id: string, text: string) => ({ messageId: id, role: 'ROLE_AGENT', parts: [{ text }] });
const status = (state: string, message?: ReturnType<typeof agentMsg>) => ({ state: `TASK_STATE_${state}`, ...(message ? { message } : {}) });

function tracker(store: Store, existing?: Parameters<typeof store.tasks.find>[0] extends string ? ReturnType<typeof store.tasks.find> : never, message: typeof sent | undefined = sent) {
  const changes: number[] = [];
  const errors: string[] = [];
  const t = new TaskTracker(
    { tasks: store.tasks, agent: 'helper', client: 'tester', toolCall: 7, onChange: () => changes.push(1), onWriteError: (e) => errors.push(e.message) },
    message,
    existing,
  );
  t.flush();
  return { t: writingAtOnce(t), changes, errors };
}

/** The tracker writes its record on the next turn of the event loop; these tests read it after each report. */
function writingAtOnce(t: TaskTracker): TaskTracker {
  const apply = t.apply.bind(t);
  t.apply = (event) => {
    const line = apply(event);
    t.flush();
    return line;
  };
  return t;
}


describe('taskState', () => {
  it('reads v1.0 and v0.3 names alike', () => {
    expect(taskState('TASK_STATE_INPUT_REQUIRED')).toBe('input-required');
    expect(taskState('input-required')).toBe('input-required');
    expect(taskState('TASK_STATE_CANCELED')).toBe('canceled');
    expect(taskState('cancelled')).toBe('canceled');
    expect(taskState(undefined)).toBe('working');
  });
});

describe('TaskTracker', () => {
  it('records a streamed task in order: states with their messages, artifact chunks, and reports progress lines', () => {
    const store = openStore(tempDataDir());
    const { t } = tracker(store);
    const lines = [
      t.apply({ task: { id: 't1', contextId: 'c1', status: status('SUBMITTED'), history: [sent] } }),
      t.apply({ statusUpdate: { taskId: 't1', contextId: 'c1', status: status('WORKING', agentMsg('a1', 'thinking')) } }),
      t.apply({ artifactUpdate: { taskId: 't1', artifact: { artifactId: 'r', name: 'report', parts: [{ text: 'part one' }] } } }),
      t.apply({ artifactUpdate: { taskId: 't1', append: true, artifact: { artifactId: 'r', name: 'report', parts: [{ data: { n: 2 } }] } } }),
      t.apply({ statusUpdate: { taskId: 't1', contextId: 'c1', status: status('COMPLETED', agentMsg('a2', 'done')) } }),
    ];
    expect(lines).toEqual([undefined, 'working: thinking', 'artifact report', 'artifact report', 'completed: done']);
    expect(t.state).toBe('completed');
    expect(t.artifacts.get('r')!.parts).toEqual([{ text: 'part one' }, { data: { n: 2 } }]);

    const [view] = store.tasks.list({ limit: 10 });
    expect(view).toMatchObject({ agent: 'helper', taskId: 't1', contextId: 'c1', client: 'tester', state: 'completed' });
    expect(view!.events.map((e) => [e.kind, e.state ?? e.role ?? e.name, e.text])).toEqual([
      ['state', 'submitted', ''],
      ['message', 'user', 'hello'],
      ['state', 'working', 'thinking'],
      ['artifact', 'report', 'part one'],
      ['artifact', 'report', '{"n":2}'],
      ['state', 'completed', 'done'],
    ]);
    expect(store.db.prepare('SELECT tool_call FROM a2a_tasks').pluck().get()).toBe(7);

    const result = taskResult('helper', t);
    expect(result.isError).toBe(false);
    expect(result.content).toEqual([
      { type: 'text', text: 'Task t1 completed.' },
      { type: 'text', text: 'thinking' },
      { type: 'text', text: 'done' },
      { type: 'text', text: 'part one' },
      { type: 'text', text: '{\n  "n": 2\n}' },
    ]);
    store.close();
  });

  it('stores what repeated snapshots (polling) and a follow-up repeat only once', () => {
    const store = openStore(tempDataDir());
    const first = tracker(store).t;
    const asked = { id: 't2', contextId: 'c2', status: status('INPUT_REQUIRED', agentMsg('q', 'Your name?')), history: [sent] };
    first.apply({ task: { id: 't2', contextId: 'c2', status: status('WORKING'), history: [sent] } });
    first.apply({ task: asked });
    first.apply({ task: asked });
    expect(taskResult('helper', first).content[0]).toEqual({
      type: 'text',
      text: 'Agent "helper" needs more input for task t2: "Your name?". To answer, call helper__send_message with taskId "t2" and contextId "c2" and the answer as text.',
    });

    const record = store.tasks.find('helper', 't2')!;
    const answer = { messageId: 'u2', role: 'ROLE_USER', parts: [{ text: 'Bob' }], taskId: 't2' };
    const second = tracker(store, record, answer).t;
    second.apply({ task: { ...asked, status: status('COMPLETED', agentMsg('f', 'Hi Bob')), history: [sent, agentMsg('q', 'Your name?'), answer], artifacts: [{ artifactId: 'g', parts: [{ text: 'Hi Bob' }] }] } });
    second.apply({ task: { ...asked, status: status('COMPLETED', agentMsg('f', 'Hi Bob')), artifacts: [{ artifactId: 'g', parts: [{ text: 'Hi Bob' }] }] } });
    const events = store.tasks.list({ limit: 1 })[0]!.events.map((e) => `${e.kind}:${e.state ?? e.role ?? e.name}:${e.text}`);
    expect(events).toEqual(['state:working:', 'message:user:hello', 'state:input-required:Your name?', 'message:user:Bob', 'artifact:g:Hi Bob', 'state:completed:Hi Bob']);
    store.close();
  });

  it('keeps a bare message reply as a completed task without an id', () => {
    const store = openStore(tempDataDir());
    const { t } = tracker(store);
    t.apply({ message: agentMsg('m', 'just an answer') });
    expect(t.state).toBe('completed');
    expect(store.tasks.list({ limit: 1 })[0]).toMatchObject({ taskId: null, state: 'completed', events: [{ kind: 'state' }, { kind: 'message', role: 'user' }, { kind: 'message', role: 'agent', text: 'just an answer' }] });
    expect(taskResult('helper', t).content).toEqual([
      { type: 'text', text: 'Agent "helper" answered.' },
      { type: 'text', text: 'just an answer' },
    ]);
    store.close();
  });

  it('goes on when a record cannot be written (a full disk), and says so', () => {
    const store = openStore(tempDataDir());
    store.close();
    const { t, errors } = tracker(store);
    expect(t.apply({ statusUpdate: { taskId: 't3', status: status('FAILED', agentMsg('x', 'no')) } })).toBe('failed: no');
    expect(t.state).toBe('failed');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/database connection is not open/);
    expect(taskResult('helper', t)).toMatchObject({ isError: true, content: [{ text: 'Task t3 failed: no' }] });
  });

  it('links files as resources and embeds inline bytes', () => {
    const store = openStore(tempDataDir());
    const { t } = tracker(store);
    t.apply({ task: { id: 't4', status: status('COMPLETED'), artifacts: [{ artifactId: 'f', name: 'files', parts: [{ url: 'https://x.example/r.pdf', mediaType: 'application/pdf', filename: 'r.pdf' }, { raw: 'aGk=', filename: 'hi.txt' }] }] } });
    expect(taskResult('helper', t).content.slice(1)).toEqual([
      { type: 'resource_link', uri: 'https://x.example/r.pdf', name: 'r.pdf', mimeType: 'application/pdf' },
      { type: 'resource', resource: { uri: 'a2a://helper/tasks/t4/artifacts/f/hi.txt', blob: 'aGk=' } },
    ]);
    store.close();
  });

  it('writes the record right after the turn that saw the reports, in one transaction, and says once that it changed', async () => {
    const store = openStore(tempDataDir());
    const changes: number[] = [];
    const t = new TaskTracker({ tasks: store.tasks, agent: 'helper', client: 'tester', onChange: () => changes.push(1), onWriteError: (e) => { throw e; } }, sent);
    t.apply({ task: { id: 't9', contextId: 'c9', status: status('SUBMITTED'), history: [sent] } });
    t.apply({ statusUpdate: { taskId: 't9', contextId: 'c9', status: status('COMPLETED', agentMsg('a9', 'done')) } });
    // The answer to the client does not wait for the disk: nothing is written yet.
    expect(store.tasks.find('helper', 't9')).toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.tasks.list({ limit: 1 })[0]).toMatchObject({ taskId: 't9', state: 'completed', events: [{ state: 'submitted' }, { role: 'user' }, { state: 'completed', text: 'done' }] });
    expect(changes).toEqual([1]);
    store.close();
  });
});
