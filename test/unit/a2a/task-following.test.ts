import { describe, expect, it } from 'vitest';
import { TaskTracker } from '../../../main/core/a2a/task-tracker.js';
import { ResultMemory, taskResult } from '../../../main/core/a2a/task-result.js';
import type { WireArtifact, WireMessage, WireTask } from '../../../main/core/a2a/a2a-wire.js';
import { openStore, type Store } from '../../../main/core/store/store.js';
import type { TaskRecord } from '../../../main/core/store/a2a-tasks-repo.js';
import { tempDataDir } from '../../helpers/cli.js';

// The tracker against what @a2a-js/sdk agents send (see test/integration/a2a-following.test.ts for the
// same through the hub): snapshots list the current status message in history too, stream chunks may
// repeat, and a follow-up's first snapshot still shows the question being answered.

const user = (id: string, text: string): WireMessage => ({ messageId: id, role: 'ROLE_USER', parts: [{ text }] });
const agentSays = (id: string, text: string): WireMessage => ({ messageId: id, role: 'ROLE_AGENT', parts: [{ text }] });
const status = (state: string, message?: WireMessage, timestamp?: string) => ({ state: `TASK_STATE_${state}`, ...(message ? { message } : {}), ...(timestamp ? { timestamp } : {}) });
const chunk = (parts: string[], append = false) => ({ artifactUpdate: { taskId: 't', contextId: 'c', append, artifact: { artifactId: 'a', name: 'clock', parts: parts.map((text) => ({ text })) } } });
const whole = (parts: string[]): WireArtifact => ({ artifactId: 'a', name: 'clock', parts: parts.map((text) => ({ text })) });

function tracker(store: Store, sent: WireMessage | undefined, existing?: TaskRecord) {
  const t = new TaskTracker({ tasks: store.tasks, agent: 'helper', client: 'tester', onChange: () => {}, onWriteError: (e) => { throw e; } }, sent, existing);
  t.flush();
  return writingAtOnce(t);
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


const events = (store: Store) => store.tasks.list({ limit: 1 })[0]!.events.map((e) => `${e.kind}:${e.state ?? e.role ?? e.name}:${e.text}`);
const contentTexts = (r: ReturnType<typeof taskResult>) => r.content.map((c) => (c.type === 'text' ? c.text : c.type));

describe('polled snapshots', () => {
  it('report each new status message once, though the snapshot lists it in history first', () => {
    const store = openStore(tempDataDir());
    const t = tracker(store, user('u1', 'go'));
    const snapshot = (state: string, ...said: WireMessage[]): WireTask => ({ id: 't', contextId: 'c', status: status(state, said.at(-1)), history: [user('u1', 'go'), ...said] });
    const s1 = agentSays('s1', 'step 1');
    const s2 = agentSays('s2', 'step 2');
    const lines = [
      t.apply({ task: snapshot('SUBMITTED') }),
      t.apply({ task: snapshot('WORKING', s1) }),
      t.apply({ task: snapshot('WORKING', s1) }),
      t.apply({ task: snapshot('WORKING', s1, s2) }),
      t.apply({ task: { ...snapshot('WORKING', s1, s2), status: status('COMPLETED') } }),
    ];
    expect(lines).toEqual([undefined, 'working: step 1', undefined, 'working: step 2', 'completed']);
    expect(events(store)).toEqual(['state:submitted:', 'message:user:go', 'state:working:step 1', 'state:working:step 2', 'state:completed:']);
    store.close();
  });

  it('a follow-up\'s first snapshot that still shows the old question neither ends the call nor reports it', () => {
    const store = openStore(tempDataDir());
    const q1 = agentSays('q1', 'Topic?');
    const first = tracker(store, user('u1', 'essay'));
    first.apply({ task: { id: 't', contextId: 'c', status: status('INPUT_REQUIRED', q1), history: [user('u1', 'essay'), q1] } });
    expect(first.done).toBe(true);

    const answer = user('u2', 'rivers');
    const second = tracker(store, answer, store.tasks.find('helper', 't'));
    const old = { id: 't', contextId: 'c', status: status('INPUT_REQUIRED', q1), history: [user('u1', 'essay'), q1, answer] };
    expect(second.apply({ task: old })).toBeUndefined();
    expect(second.done).toBe(false);
    expect(second.apply({ task: old })).toBeUndefined();
    expect(second.done).toBe(false);
    const q2 = agentSays('q2', 'Length?');
    expect(second.apply({ task: { ...old, status: status('INPUT_REQUIRED', q2), history: [...old.history, q2] } })).toBe('input-required: Length?');
    expect(second.done).toBe(true);
    expect(events(store)).toEqual(['state:input-required:', 'message:user:essay', 'state:input-required:Topic?', 'message:user:rivers', 'state:input-required:Length?']);
    store.close();
  });

  it('without a status message, tells the old state from a new one by its timestamp', () => {
    const store = openStore(tempDataDir());
    tracker(store, user('u1', 'hi')).apply({ task: { id: 't', status: status('AUTH_REQUIRED', undefined, '2026-01-01T00:00:00Z') } });
    const next = tracker(store, user('u2', 'done it'), store.tasks.find('helper', 't'));
    next.apply({ task: { id: 't', status: status('AUTH_REQUIRED', undefined, '2026-01-01T00:00:00Z') } });
    expect(next.done).toBe(false);
    next.apply({ task: { id: 't', status: status('AUTH_REQUIRED', undefined, '2026-01-01T00:00:05Z') } });
    expect(next.done).toBe(true);
    store.close();
  });
});

describe('artifact chunks', () => {
  it('records identical chunks as they come; a snapshot adds only what the record lacks, even in a later call', () => {
    const store = openStore(tempDataDir());
    const t = tracker(store, user('u1', 'count'));
    t.apply({ task: { id: 't', contextId: 'c', status: status('WORKING') } });
    expect([t.apply(chunk(['tick '])), t.apply(chunk(['tick '], true)), t.apply(chunk(['tock'], true))]).toEqual(['artifact clock', 'artifact clock', 'artifact clock']);
    expect(t.apply({ task: { id: 't', status: status('WORKING'), artifacts: [whole(['tick ', 'tick ', 'tock'])] } })).toBeUndefined();
    expect(t.artifacts.get('a')!.parts).toEqual(whole(['tick ', 'tick ', 'tock']).parts);

    // A later call reads what the record holds: the same whole adds nothing, one more part adds that part.
    const later = tracker(store, undefined, store.tasks.find('helper', 't'));
    later.apply({ task: { id: 't', status: status('WORKING'), artifacts: [whole(['tick ', 'tick ', 'tock'])] } });
    expect(later.apply({ task: { id: 't', status: status('COMPLETED'), artifacts: [whole(['tick ', 'tick ', 'tock', 'tick '])] } })).toBe('completed');
    // Replaced, not grown: stored whole.
    later.apply({ task: { id: 't', status: status('COMPLETED'), artifacts: [whole(['new'])] } });
    expect(events(store).filter((e) => e.startsWith('artifact'))).toEqual(['artifact:clock:tick ', 'artifact:clock:tick ', 'artifact:clock:tock', 'artifact:clock:tick ', 'artifact:clock:new']);
    store.close();
  });
});

describe('results', () => {
  it('hold only what earlier results did not return; after a restart, what the record held counts as returned', () => {
    const store = openStore(tempDataDir());
    const memory = new ResultMemory();
    const q = agentSays('q', 'Topic?');
    const one = tracker(store, user('u1', 'essay'));
    one.apply({ task: { id: 't', contextId: 'c', status: status('WORKING') } });
    one.apply({ statusUpdate: { taskId: 't', status: status('WORKING', agentSays('w', 'thinking')) } });
    one.apply(chunk(['part 1']));
    one.apply({ statusUpdate: { taskId: 't', status: status('INPUT_REQUIRED', q) } });
    expect(contentTexts(taskResult('helper', one, memory.of(one))).slice(1)).toEqual(['thinking', 'part 1']);

    const answer = user('u2', 'rivers');
    const two = tracker(store, answer, store.tasks.find('helper', 't'));
    const done = agentSays('d', 'Plan ready');
    two.apply({ task: { id: 't', contextId: 'c', status: status('INPUT_REQUIRED', q), history: [user('u1', 'essay'), agentSays('w', 'thinking'), q, answer], artifacts: [whole(['part 1'])] } });
    two.apply(chunk(['part 2'], true));
    two.apply({ statusUpdate: { taskId: 't', status: status('COMPLETED', done) } });
    const result = taskResult('helper', two, memory.of(two));
    expect(contentTexts(result)).toEqual(['Task t completed.', 'Plan ready', 'part 2']);
    expect(result.structuredContent).toMatchObject({ messages: [{ role: 'agent', text: 'Plan ready' }], artifacts: [{ artifactId: 'a', append: true, parts: [{ text: 'part 2' }] }] });

    // Asked again: nothing new. A new memory (a restarted hub) takes the record as returned.
    const again = tracker(store, undefined, store.tasks.find('helper', 't'));
    again.apply({ task: { id: 't', contextId: 'c', status: status('COMPLETED', done), history: [q, done], artifacts: [whole(['part 1', 'part 2'])] } });
    expect(contentTexts(taskResult('helper', again, memory.of(again)))).toEqual(['Task t completed.']);
    const restarted = tracker(store, undefined, store.tasks.find('helper', 't'));
    restarted.apply({ task: { id: 't', contextId: 'c', status: status('COMPLETED', done), history: [q, done], artifacts: [whole(['part 1', 'part 2'])] } });
    expect(contentTexts(taskResult('helper', restarted, new ResultMemory().of(restarted)))).toEqual(['Task t completed.']);
    store.close();
  });

  it('a task whose first call failed shows everything to the next call', () => {
    const store = openStore(tempDataDir());
    const memory = new ResultMemory();
    const failed = tracker(store, user('u1', 'go'));
    failed.apply({ task: { id: 't', contextId: 'c', status: status('WORKING', agentSays('w', 'halfway')) } });
    failed.apply(chunk(['draft']));
    memory.of(failed); // the call failed here: no result went out
    const next = tracker(store, undefined, store.tasks.find('helper', 't'));
    next.apply({ task: { id: 't', contextId: 'c', status: status('COMPLETED'), history: [agentSays('w', 'halfway')], artifacts: [whole(['draft'])] } });
    expect(contentTexts(taskResult('helper', next, memory.of(next)))).toEqual(['Task t completed.', 'halfway', 'draft']);
    store.close();
  });
});
