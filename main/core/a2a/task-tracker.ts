import type { TaskState } from '../../../shared/a2a.js';
import type { A2ATasksRepo, TaskRecord } from '../store/a2a-tasks-repo.js';
import {
  isInterrupted,
  isTerminal,
  partKeys,
  partsText,
  roleOf,
  startsWith,
  taskState,
  type WireArtifact,
  type WireMessage,
  type WireStreamResponse,
  type WireTask,
  type WireTaskStatus,
} from './a2a-wire.js';

export interface TrackerDeps {
  tasks: A2ATasksRepo;
  agent: string;
  client: string;
  toolCall?: number | undefined;
  /** Told after each stored change (the timeline refreshes). */
  onChange(): void;
  /** A record that could not be written (full disk): the call goes on, the server log says so. */
  onWriteError(e: Error): void;
}

/** What a task's record held: message ids, and each artifact as the JSON of its parts. */
export interface TaskContents {
  messages: Set<string>;
  artifacts: Map<string, string[]>;
}

/**
 * Follows one task through what the agent reports in one call, and keeps its record. Two kinds of
 * report: stream events (a status update, an artifact chunk: each one is news) and snapshots (the
 * Task a stream starts with, SendMessage's answer, GetTask), which repeat what was seen before, and
 * right after a follow-up message may still show the task as it was before it.
 */
export class TaskTracker {
  /** The task's row once written (right after the turn that first saw the task; see write). */
  record: TaskRecord | undefined;
  get agent(): string {
    return this.deps.agent;
  }

  /** Whether the task has (or is about to have) a row: events are stored from then on. */
  private opened = false;
  taskId: string | undefined;
  contextId: string | undefined;
  state: TaskState = 'submitted';
  /** The text of the current status message ('' when it has none): what an input-required task asks. */
  statusText = '';
  statusMessageId: string | undefined;
  /** The agent's messages seen in this call, each once, in order. */
  readonly agentMessages: WireMessage[] = [];
  /** Each artifact as it stands (chunks joined), as seen in this call. */
  readonly artifacts = new Map<string, WireArtifact>();
  /** Whether this call made the task's record (a task the hub had not seen). */
  openedNew = false;
  /** What the task's record held when this call began. */
  readonly storedAtStart: TaskContents;

  /** What the record holds now, so a snapshot stores only what is new. */
  private readonly stored: TaskContents;
  private readonly seenAgentMessages = new Set<string>();
  private readonly pending: (() => void)[] = [];
  private flushing = false;
  /** What went to the client as progress in this call: the last state, and every message (old ones count). */
  private reportedState: TaskState;
  private readonly reported: Set<string>;
  /**
   * false while a follow-up to an interrupted task has had no answer yet: the agent's first snapshot
   * is then often the task as it was (the question being answered), which must not end the call.
   */
  private moved: boolean;
  private readonly startState: TaskState;
  /** The timestamp of a message-less snapshot taken for the old state (see isStale). */
  private staleStamp: string | undefined;

  /** `sent`: the message this call sends (none for get/cancel); `existing`: the task's record, if it has one. */
  constructor(
    private readonly deps: TrackerDeps,
    private readonly sent: WireMessage | undefined,
    existing?: TaskRecord,
  ) {
    this.stored = existing ? deps.tasks.stored(existing) : { messages: new Set(), artifacts: new Map() };
    this.storedAtStart = { messages: new Set(this.stored.messages), artifacts: new Map(this.stored.artifacts) };
    this.reported = new Set(this.stored.messages);
    if (existing) {
      this.record = existing;
      this.opened = true;
      this.taskId = existing.taskId ?? undefined;
      this.contextId = existing.contextId ?? undefined;
      this.state = existing.state;
      if (sent) this.storeMessage(sent);
    }
    this.startState = this.state;
    this.reportedState = this.state;
    this.moved = !(sent && existing && isInterrupted(existing.state));
  }

  /** Over, or waiting for the caller (an interrupted state reached after this call's message). */
  get done(): boolean {
    return isTerminal(this.state) || (isInterrupted(this.state) && this.moved);
  }

  /** Applies one report; returns a line for a progress notification when it brought news. */
  apply(event: WireStreamResponse): string | undefined {
    if ('task' in event) return this.applySnapshot(event.task);
    this.moved = true;
    if ('message' in event) {
      const m = event.message;
      this.open(m.taskId ?? null, m.contextId, m.taskId ? this.state : 'completed');
      if (!m.taskId) this.setState('completed', '');
      this.addMessage(m);
      return undefined;
    }
    if ('statusUpdate' in event) {
      const u = event.statusUpdate;
      this.open(u.taskId, u.contextId, taskState(u.status?.state));
      return this.applyStatus(u.status);
    }
    const u = event.artifactUpdate;
    this.open(u.taskId, u.contextId, this.state);
    this.addChunk(u.artifact, u.append === true, u.lastChunk === true);
    return `artifact ${u.artifact.name ?? u.artifact.artifactId}`;
  }

  private applySnapshot(task: WireTask): string | undefined {
    const stale = this.isStale(task.status);
    if (!stale) this.moved = true;
    this.open(task.id, task.contextId, taskState(task.status?.state));
    // The SDK lists the current status message in history too: it is taken as the status, below.
    const statusId = task.status?.message?.messageId;
    for (const m of task.history ?? []) if (m.messageId !== statusId) this.addMessage(m);
    let grown: string | undefined;
    for (const a of task.artifacts ?? []) if (this.addWhole(a)) grown ??= a.name ?? a.artifactId;
    if (stale) return undefined;
    return this.applyStatus(task.status) ?? (grown ? `artifact ${grown}` : undefined);
  }

  /** A snapshot that still shows the interrupted state this call's message answers. */
  private isStale(status: WireTaskStatus | undefined): boolean {
    if (this.moved || taskState(status?.state) !== this.startState) return false;
    const id = status?.message?.messageId;
    if (id !== undefined) return this.storedAtStart.messages.has(id);
    // No message to tell by: the first such snapshot is the old state; one with another timestamp is news.
    this.staleStamp ??= status?.timestamp ?? '';
    return (status?.timestamp ?? '') === this.staleStamp;
  }

  private applyStatus(status: WireTaskStatus | undefined): string | undefined {
    const state = taskState(status?.state);
    const message = status?.message;
    const text = message ? partsText(message.parts) : '';
    this.statusText = text;
    this.statusMessageId = message?.messageId;
    if (message) this.noteAgentMessage(message);
    // The record: a status message is stored once, with its state change.
    const unstored = message !== undefined && !this.stored.messages.has(message.messageId);
    if (message) this.stored.messages.add(message.messageId);
    if (state !== this.state || unstored) this.setState(state, unstored ? text : '', unstored ? message : undefined);
    // The client: one line per new state or new message in this call.
    const unreported = message !== undefined && !this.reported.has(message.messageId);
    if (message) this.reported.add(message.messageId);
    if (state === this.reportedState && !unreported) return undefined;
    this.reportedState = state;
    return text ? `${state}: ${text}` : state;
  }

  private setState(state: TaskState, text: string, message?: WireMessage): void {
    this.state = state;
    if (this.opened) this.write((record) => this.deps.tasks.setState(record, state, text, message));
  }

  private addMessage(m: WireMessage): void {
    this.noteAgentMessage(m);
    this.storeMessage(m);
  }

  private noteAgentMessage(m: WireMessage): void {
    if (roleOf(m) !== 'agent' || this.seenAgentMessages.has(m.messageId)) return;
    this.seenAgentMessages.add(m.messageId);
    this.agentMessages.push(m);
  }

  private storeMessage(m: WireMessage): void {
    if (!this.opened || this.stored.messages.has(m.messageId)) return;
    this.stored.messages.add(m.messageId);
    this.write((record) => this.deps.tasks.addMessage(record, roleOf(m), partsText(m.parts), m));
  }

  /** A stream's artifact chunk: always stored, since two identical chunks in a row are two chunks. */
  private addChunk(chunk: WireArtifact, append: boolean, lastChunk: boolean): void {
    const id = chunk.artifactId;
    const stored = this.stored.artifacts.get(id);
    const before = this.artifacts.get(id)?.parts ?? stored?.map((p) => JSON.parse(p) as NonNullable<WireArtifact['parts']>[number]);
    const parts = append ? [...(before ?? []), ...(chunk.parts ?? [])] : (chunk.parts ?? []);
    this.artifacts.set(id, { ...this.artifacts.get(id), ...chunk, parts });
    this.stored.artifacts.set(id, append && stored ? [...stored, ...partKeys(chunk.parts)] : partKeys(chunk.parts));
    this.storeArtifact(chunk, append, lastChunk);
  }

  /**
   * A snapshot's artifact, whole: stores only what the record lacks (the parts after those it holds,
   * or the whole artifact when it was replaced). Returns whether there was anything new.
   */
  private addWhole(artifact: WireArtifact): boolean {
    const id = artifact.artifactId;
    this.artifacts.set(id, artifact);
    const keys = partKeys(artifact.parts);
    const stored = this.stored.artifacts.get(id);
    if (stored && stored.length === keys.length && startsWith(keys, stored)) return false;
    this.stored.artifacts.set(id, keys);
    if (stored && startsWith(keys, stored)) this.storeArtifact({ ...artifact, parts: (artifact.parts ?? []).slice(stored.length) }, true, false);
    else this.storeArtifact(artifact, false, false);
    return true;
  }

  private storeArtifact(artifact: WireArtifact, append: boolean, lastChunk: boolean): void {
    if (!this.opened) return;
    const body = { artifact, ...(append ? { append } : {}), ...(lastChunk ? { lastChunk } : {}) };
    this.write((record) => this.deps.tasks.addArtifact(record, artifact.name ?? artifact.artifactId, partsText(artifact.parts), body));
  }

  /** The task's record, made at its first sighting together with the message that started it. */
  private open(taskId: string | null, contextId: string | undefined, state: TaskState): void {
    if (this.opened) return;
    this.opened = true;
    this.openedNew = true;
    this.taskId = taskId ?? undefined;
    this.contextId = contextId;
    this.state = state;
    const { tasks, agent, client, toolCall } = this.deps;
    this.pending.push(() => (this.record = tasks.open({ agent, taskId, contextId: contextId ?? null, client, toolCall, state })));
    this.flushSoon();
    if (this.sent) this.storeMessage(this.sent);
  }

  /**
   * The task's row and events are written together, in one transaction, right after the turn of the
   * event loop that saw them: the answer to the client never waits for the disk, and a call that
   * reports several events commits once. (A follow-up call cannot come before: it needs a round trip.)
   */
  private write(fn: (record: TaskRecord) => void): void {
    this.pending.push(() => {
      if (this.record) fn(this.record);
    });
    this.flushSoon();
  }

  private flushSoon(): void {
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => this.flush());
  }

  /** Writes what waits to be written now (the next turn does it anyway; tests read the record at once). */
  flush(): void {
    this.flushing = false;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    try {
      this.deps.tasks.inTransaction(() => batch.forEach((f) => f()));
      this.deps.onChange();
    } catch (e) {
      this.deps.onWriteError(e as Error);
    }
  }
}
