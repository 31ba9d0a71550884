import type { TaskDetails, TaskEventView, TaskFilter, TaskState, TaskView } from '../../../shared/a2a.js';
import { isoTime } from './call-query.js';
import type { Db } from './db.js';

/** Message and artifact bodies are kept for the audit trail, capped so one big file cannot bloat hub.db. */
export const MAX_STORED_BODY = 64 * 1024;

export interface TaskRecord {
  id: number;
  agent: string;
  taskId: string | null;
  contextId: string | null;
  client: string;
  state: TaskState;
}

/** A filter of the task list (shared/a2a.ts's TaskFilterSchema, parsed). */
export type TaskListFilter = Omit<TaskFilter, 'limit'> & { limit: number };

const TASK_COLUMNS = 'id, agent, task_id AS taskId, context_id AS contextId, client, state, created_at AS createdAt, updated_at AS updatedAt, tool_call AS toolCall';

interface EventRow extends TaskEventView {
  task: number;
}

/**
 * All SQL for the A2A task records: one row per task (or bare-message reply) and its events in order.
 * Written as the task streams, so the timeline shows it live and a crash loses nothing already seen.
 */
export class A2ATasksRepo {
  private readonly insertEvent;
  private readonly insertTask;
  private readonly findTask;
  private readonly updateState;
  private readonly touch;
  /** Removes an agent's secret values from what its task events keep (the hub's; see secrets/redact.ts). */
  private redact: <T>(agent: string, value: T) => T = (_agent, value) => value;

  constructor(private readonly db: Db) {
    this.insertEvent = db.prepare('INSERT INTO a2a_task_events (task, at, kind, state, role, name, text, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.insertTask = db.prepare('INSERT INTO a2a_tasks (agent, task_id, context_id, client, tool_call, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.findTask = db.prepare('SELECT id, agent, task_id AS taskId, context_id AS contextId, client, state FROM a2a_tasks WHERE agent = ? AND task_id = ?');
    this.updateState = db.prepare('UPDATE a2a_tasks SET state = ?, updated_at = ? WHERE id = ?');
    this.touch = db.prepare('UPDATE a2a_tasks SET updated_at = ? WHERE id = ?');
  }

  redactWith(redact: <T>(agent: string, value: T) => T): void {
    this.redact = redact;
  }

  /** Runs several writes as one transaction (one commit for a call's events). */
  inTransaction(fn: () => void): void {
    this.db.transaction(fn)();
  }

  /** The record of a task, made on first sight; a task seen before keeps its row (and its client). */
  open(input: { agent: string; taskId: string | null; contextId: string | null; client: string; toolCall?: number | undefined; state: TaskState }): TaskRecord {
    if (input.taskId !== null) {
      const known = this.find(input.agent, input.taskId);
      if (known) return known;
    }
    const now = new Date().toISOString();
    const id = this.db.transaction(() => {
      const row = Number(this.insertTask.run(input.agent, input.taskId, input.contextId, input.client, input.toolCall ?? null, input.state, now, now).lastInsertRowid);
      this.insertEvent.run(row, now, 'state', input.state, null, null, '', null);
      return row;
    })();
    return { id, agent: input.agent, taskId: input.taskId, contextId: input.contextId, client: input.client, state: input.state };
  }

  find(agent: string, taskId: string): TaskRecord | undefined {
    return this.findTask.get(agent, taskId) as TaskRecord | undefined;
  }

  /** Tasks with this A2A id that `client` started (ids are only unique per agent). */
  byTaskId(taskId: string, client: string): TaskRecord[] {
    return this.db
      .prepare('SELECT id, agent, task_id AS taskId, context_id AS contextId, client, state FROM a2a_tasks WHERE task_id = ? AND client = ? ORDER BY id DESC')
      .all(taskId, client) as TaskRecord[];
  }

  /**
   * What a task's record holds already: the ids of its messages (status messages included), and each
   * artifact as its recorded chunks add up, as the JSON of each part in order.
   */
  stored(record: TaskRecord): { messages: Set<string>; artifacts: Map<string, string[]> } {
    // Message ids come out of SQLite; only artifact bodies are read whole.
    const rows = this.db
      .prepare(
        `SELECT kind, json_extract(body, '$.messageId') AS messageId, CASE kind WHEN 'artifact' THEN body END AS body
         FROM a2a_task_events WHERE task = ? AND body IS NOT NULL ORDER BY id`,
      )
      .all(record.id) as { kind: string; messageId: string | null; body: string | null }[];
    const messages = new Set<string>();
    const artifacts = new Map<string, string[]>();
    for (const r of rows) {
      if (r.kind !== 'artifact' && r.messageId) messages.add(r.messageId);
      const chunk = r.kind === 'artifact' && r.body ? artifactChunk(JSON.parse(r.body) as unknown) : undefined;
      if (!chunk) continue;
      const parts = chunk.parts.map((p) => JSON.stringify(p));
      artifacts.set(chunk.artifactId, chunk.append ? [...(artifacts.get(chunk.artifactId) ?? []), ...parts] : parts);
    }
    return { messages, artifacts };
  }

  /** Records a state change (and the status message's text); the same state again is not a change. */
  setState(record: TaskRecord, state: TaskState, text = '', message?: unknown): void {
    if (record.state === state && !text) return;
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.updateState.run(state, now, record.id);
      this.insertEvent.run(record.id, now, 'state', state, null, null, this.redact(record.agent, text), capBody(this.redact(record.agent, message)));
    })();
    record.state = state;
  }

  addMessage(record: TaskRecord, role: 'user' | 'agent', text: string, body: unknown): void {
    this.addEvent(record, 'message', { role, text, body });
  }

  addArtifact(record: TaskRecord, name: string, text: string, body: unknown): void {
    this.addEvent(record, 'artifact', { name, text, body });
  }

  /** Newest first, each with its events; the timeline and `agent-hub tasks` read this. */
  list(filter: TaskListFilter): TaskView[] {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      where.push(clause);
      args.push(value);
    };
    if (filter.agent !== undefined) add('agent = ?', filter.agent);
    if (filter.client !== undefined) add('client = ?', filter.client);
    if (filter.states !== undefined) add('state IN (SELECT value FROM json_each(?))', JSON.stringify(filter.states));
    if (filter.since !== undefined) add('created_at >= ?', isoTime(filter.since));
    if (filter.until !== undefined) add('created_at < ?', isoTime(filter.until));
    if (filter.updatedSince !== undefined) add('updated_at >= ?', isoTime(filter.updatedSince));
    if (filter.toolCall !== undefined) add('tool_call = ?', filter.toolCall);
    const tasks = this.db
      .prepare(
        `SELECT ${TASK_COLUMNS} FROM a2a_tasks ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at DESC, id DESC LIMIT ?`,
      )
      .all(...args, filter.limit) as Omit<TaskView, 'events'>[];
    if (tasks.length === 0) return [];
    const events = this.db
      .prepare(
        `SELECT task, at, kind, state, role, name, text FROM a2a_task_events
         WHERE task IN (SELECT value FROM json_each(?)) ORDER BY id`,
      )
      .all(JSON.stringify(tasks.map((t) => t.id))) as EventRow[];
    const byTask = new Map<number, TaskEventView[]>();
    for (const { task, ...e } of events) {
      const list = byTask.get(task) ?? [];
      list.push(dropNulls(e));
      byTask.set(task, list);
    }
    return tasks.map((t) => ({ ...t, events: byTask.get(t.id) ?? [] }));
  }

  /** One task with every event and what the agent sent in it (the Timeline's task details). */
  details(id: number): TaskDetails | undefined {
    const task = this.db.prepare(`SELECT ${TASK_COLUMNS} FROM a2a_tasks WHERE id = ?`).get(id) as Omit<TaskView, 'events'> | undefined;
    if (!task) return undefined;
    const rows = this.db.prepare('SELECT at, kind, state, role, name, text, body FROM a2a_task_events WHERE task = ? ORDER BY id').all(id) as (TaskEventView & {
      body: string | null;
    })[];
    const events = rows.map(({ body, ...e }) => ({ ...dropNulls(e), ...(body === null ? {} : { body: JSON.parse(body) as unknown }) }));
    return { ...task, events };
  }

  /** Deletes tasks last updated before `before` (ISO time) that are over; returns how many. */
  pruneBefore(before: string): number {
    return this.db.prepare(`DELETE FROM a2a_tasks WHERE updated_at < ? AND state IN ('completed', 'failed', 'canceled', 'rejected')`).run(before).changes;
  }

  private addEvent(record: TaskRecord, kind: 'message' | 'artifact', e: { role?: string; name?: string; text: string; body: unknown }): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.insertEvent.run(record.id, now, kind, null, e.role ?? null, e.name ?? null, this.redact(record.agent, e.text), capBody(this.redact(record.agent, e.body)));
      this.touch.run(now, record.id);
    })();
  }
}

/**
 * An artifact event's body: `{ artifact, append?, lastChunk? }` (a chunk, or a snapshot's whole artifact),
 * or, in records written before chunks were told apart, the bare artifact (read as a whole).
 */
function artifactChunk(body: unknown): { artifactId: string; parts: unknown[]; append: boolean } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { artifact, append } = body as { artifact?: unknown; append?: unknown };
  const a = (artifact ?? body) as { artifactId?: unknown; parts?: unknown };
  if (typeof a !== 'object' || a === null || typeof a.artifactId !== 'string') return undefined;
  return { artifactId: a.artifactId, parts: Array.isArray(a.parts) ? (a.parts as unknown[]) : [], append: artifact !== undefined && append === true };
}

function capBody(body: unknown): string | null {
  if (body === undefined) return null;
  const text = JSON.stringify(body);
  return text.length <= MAX_STORED_BODY ? text : JSON.stringify({ truncated: true, size: text.length });
}

function dropNulls(e: TaskEventView): TaskEventView {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== null)) as unknown as TaskEventView;
}
