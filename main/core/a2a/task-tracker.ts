import type { TaskState } from '../../../shared/a2a.js';
import type { A2ATasksRepo, TaskRecord } from '../store/a2a-tasks-repo.js';
import { isInterrupted, isTerminal, partsText, roleOf, taskState, type WireArtifact, type WireMessage, type WireStreamResponse, type WireTask } from './a2a-wire.js';

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

/**
 * Follows one task through what the agent reports (stream events or GetTask snapshots, which repeat
 * what was seen before) and keeps: its current state, the agent's messages and the artifacts, each
 * stored once, in order, as it arrives.
 */
export class TaskTracker {
  record: TaskRecord | undefined;
  taskId: string | undefined;
  contextId: string | undefined;
  state: TaskState = 'submitted';
  /** The text of the latest status message (what an input-required task asks). */
  statusText = '';
  /** The agent's messages seen in this call (snapshots repeat earlier ones; the result shows them once). */
  readonly agentMessages: WireMessage[] = [];
  readonly artifacts = new Map<string, WireArtifact>();
  private readonly shownMessages = new Set<string>();
  /** What the task's record already holds, so a snapshot or a follow-up stores only what is new. */
  private readonly storedMessages: Set<string>;
  private readonly storedArtifacts: Map<string, string>;

  /** `sent`: the message this call sends (none for get/cancel); `existing`: the task's record, if it has one. */
  constructor(
    private readonly deps: TrackerDeps,
    private readonly sent: WireMessage | undefined,
    existing?: TaskRecord,
  ) {
    const stored = existing ? deps.tasks.stored(existing) : { messages: new Set<string>(), artifacts: new Map<string, string>() };
    this.storedMessages = stored.messages;
    this.storedArtifacts = stored.artifacts;
    if (sent) this.shownMessages.add(sent.messageId);
    if (existing) {
      this.record = existing;
      this.taskId = existing.taskId ?? undefined;
      this.contextId = existing.contextId ?? undefined;
      this.state = existing.state;
      if (sent) this.storeMessage(sent);
    }
  }

  get done(): boolean {
    return isTerminal(this.state) || isInterrupted(this.state);
  }

  /** Applies one report; returns a line for a progress notification when the state or status changed. */
  apply(event: WireStreamResponse): string | undefined {
    if ('task' in event) return this.applyTask(event.task);
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
    const known = this.artifacts.get(u.artifact.artifactId);
    const merged = u.append && known ? { ...known, parts: [...(known.parts ?? []), ...(u.artifact.parts ?? [])] } : u.artifact;
    this.artifacts.set(merged.artifactId, merged);
    this.storeArtifact(u.artifact);
    return `artifact ${u.artifact.name ?? u.artifact.artifactId}`;
  }

  private applyTask(task: WireTask): string | undefined {
    this.open(task.id, task.contextId, taskState(task.status?.state));
    for (const m of task.history ?? []) if (roleOf(m) === 'agent') this.addMessage(m);
    for (const a of task.artifacts ?? []) {
      this.artifacts.set(a.artifactId, a);
      this.storeArtifact(a);
    }
    return this.applyStatus(task.status);
  }

  private applyStatus(status: WireTask['status']): string | undefined {
    const state = taskState(status?.state);
    const text = status?.message ? partsText(status.message.parts) : '';
    const message = status?.message;
    if (message && !this.shownMessages.has(message.messageId)) {
      this.shownMessages.add(message.messageId);
      this.agentMessages.push(message);
    }
    if (message) this.statusText = text;
    // A status message is stored with its state change, not again as a message.
    const fresh = message !== undefined && !this.storedMessages.has(message.messageId);
    if (message) this.storedMessages.add(message.messageId);
    if (state === this.state && !fresh) return undefined;
    this.setState(state, fresh ? text : '', fresh ? message : undefined);
    return text ? `${state}: ${text}` : state;
  }

  private setState(state: TaskState, text: string, message?: WireMessage): void {
    this.state = state;
    const record = this.record;
    if (record) this.write(() => this.deps.tasks.setState(record, state, text, message));
  }

  private addMessage(m: WireMessage): void {
    if (roleOf(m) === 'agent' && !this.shownMessages.has(m.messageId)) {
      this.shownMessages.add(m.messageId);
      this.agentMessages.push(m);
    }
    this.storeMessage(m);
  }

  private storeMessage(m: WireMessage): void {
    const record = this.record;
    if (!record || this.storedMessages.has(m.messageId)) return;
    this.storedMessages.add(m.messageId);
    this.write(() => this.deps.tasks.addMessage(record, roleOf(m), partsText(m.parts), m));
  }

  /** Stores an artifact (or a chunk of one) unless this exact content was stored already. */
  private storeArtifact(a: WireArtifact): void {
    const json = JSON.stringify(a);
    const record = this.record;
    if (!record || this.storedArtifacts.get(a.artifactId) === json) return;
    this.storedArtifacts.set(a.artifactId, json);
    this.write(() => this.deps.tasks.addArtifact(record, a.name ?? a.artifactId, partsText(a.parts), a));
  }

  /** The task's record, made at its first sighting together with the message that started it. */
  private open(taskId: string | null, contextId: string | undefined, state: TaskState): void {
    if (this.record) return;
    this.taskId = taskId ?? undefined;
    this.contextId = contextId;
    this.state = state;
    this.write(() => {
      const { tasks, agent, client, toolCall } = this.deps;
      this.record = tasks.open({ agent, taskId, contextId: contextId ?? null, client, toolCall, state });
    });
    if (this.sent) this.storeMessage(this.sent);
  }

  private write(fn: () => void): void {
    try {
      fn();
      this.deps.onChange();
    } catch (e) {
      this.deps.onWriteError(e as Error);
    }
  }
}
