import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { partKeys, partsText, roleOf, startsWith, type WireArtifact, type WirePart } from './a2a-wire.js';
import type { TaskContents, TaskTracker } from './task-tracker.js';

type Content = CallToolResult['content'][number];

/** Tasks whose results a hub remembers (the oldest are forgotten first; see ResultMemory.of). */
const REMEMBERED_TASKS = 1000;

/**
 * What the results of earlier calls returned, per task, so a result repeats none of it: a model that
 * sees an old question again may answer it again. Kept in memory: after a restart, what a task's record
 * held when the call began counts as returned.
 */
export class ResultMemory {
  private readonly byTask = new Map<string, TaskContents>();

  /** What earlier results returned for the tracker's task; from now on the task is remembered. */
  of(t: TaskTracker): TaskContents {
    if (t.taskId === undefined) return { messages: new Set(), artifacts: new Map() };
    const id = `${t.agent}/${t.taskId}`;
    let shown = this.byTask.get(id);
    if (!shown) {
      // A task this call started has shown nothing yet, even when the call fails.
      shown = t.openedNew ? { messages: new Set(), artifacts: new Map() } : { messages: new Set(t.storedAtStart.messages), artifacts: new Map(t.storedAtStart.artifacts) };
      this.byTask.set(id, shown);
      if (this.byTask.size > REMEMBERED_TASKS) this.byTask.delete(this.byTask.keys().next().value!);
    }
    return shown;
  }
}

/**
 * What a client gets back from a task: a first text that says where the task stands and what to do
 * next (answer an input-required task with a follow-up call), then what is new since the results of
 * earlier calls on the task (`shown`, which this updates): the agent's messages, then each artifact
 * part (text as text, data as JSON, files as resource links; inline bytes as an embedded resource,
 * since there is no URL to link to). structuredContent carries the same for programs.
 */
export function taskResult(agent: string, t: TaskTracker, shown: TaskContents = { messages: new Set(), artifacts: new Map() }): CallToolResult {
  const id = t.taskId;
  const asked = t.statusText ? ` "${t.statusText}"` : '';
  const reason = t.statusText ? `: ${t.statusText}` : '.';
  const follow = id ? `call ${agent}__send_message with taskId "${id}"${t.contextId ? ` and contextId "${t.contextId}"` : ''}` : `call ${agent}__send_message again`;
  const head: Record<typeof t.state, string> = {
    submitted: `Task ${id} was submitted and has not finished; check it with a2a__get_task (taskId "${id}").`,
    working: `Task ${id} is still working; check it with a2a__get_task (taskId "${id}").`,
    'input-required': `Agent "${agent}" needs more input for task ${id}:${asked}. To answer, ${follow} and the answer as text.`,
    'auth-required': `Agent "${agent}" needs you to authorize something for task ${id}:${asked}. Once that is done, ${follow}, or check it with a2a__get_task.`,
    completed: id ? `Task ${id} completed.` : `Agent "${agent}" answered.`,
    failed: `Task ${id} failed${reason}`,
    canceled: `Task ${id} was canceled.`,
    rejected: `Agent "${agent}" rejected task ${id}${reason}`,
  };
  // The head quotes the status message of these states; the content does not repeat it.
  const quoted = ['input-required', 'auth-required', 'failed', 'rejected'].includes(t.state) ? t.statusMessageId : undefined;
  const messages = t.agentMessages.filter((m) => !shown.messages.has(m.messageId));
  const artifacts = [...t.artifacts.values()].map((a) => newParts(a, shown.artifacts.get(a.artifactId))).filter((a) => a.parts.length > 0);
  for (const m of t.agentMessages) shown.messages.add(m.messageId);
  for (const a of t.artifacts.values()) shown.artifacts.set(a.artifactId, partKeys(a.parts));
  const content: Content[] = [
    { type: 'text', text: head[t.state] },
    ...messages.filter((m) => m.messageId !== quoted).flatMap((m): Content[] => (partsText(m.parts) ? [{ type: 'text', text: partsText(m.parts) }] : [])),
    ...artifacts.flatMap(({ artifact, parts, offset }) => parts.map((p, i) => partContent(agent, id, artifact, p, offset + i))),
  ];
  return {
    content,
    structuredContent: {
      agent,
      ...(id ? { taskId: id } : {}),
      ...(t.contextId ? { contextId: t.contextId } : {}),
      state: t.state,
      messages: messages.map((m) => ({ role: roleOf(m), text: partsText(m.parts) })),
      artifacts: artifacts.map(({ artifact: a, parts, offset }) => ({ artifactId: a.artifactId, ...(a.name ? { name: a.name } : {}), ...(offset ? { append: true } : {}), parts })),
    },
    isError: t.state === 'failed' || t.state === 'rejected',
  };
}

/** The parts of an artifact not returned before: those after the ones returned, or all when it was replaced. */
function newParts(artifact: WireArtifact, returned: string[] | undefined): { artifact: WireArtifact; parts: WirePart[]; offset: number } {
  const parts = artifact.parts ?? [];
  const offset = returned && startsWith(partKeys(parts), returned) ? returned.length : 0;
  return { artifact, parts: parts.slice(offset), offset };
}

function partContent(agent: string, taskId: string | undefined, artifact: WireArtifact, p: WirePart, index: number): Content {
  const label = artifact.name ?? artifact.artifactId;
  if (p.text !== undefined) return { type: 'text', text: p.text };
  if (p.data !== undefined) return { type: 'text', text: JSON.stringify(p.data, null, 2) };
  const name = p.filename ?? `${label}-${index + 1}`;
  const mimeType = p.mediaType ? { mimeType: p.mediaType } : {};
  if (p.url !== undefined) return { type: 'resource_link', uri: p.url, name, ...mimeType };
  if (p.raw !== undefined) {
    const uri = `a2a://${agent}/tasks/${encodeURIComponent(taskId ?? 'message')}/artifacts/${encodeURIComponent(artifact.artifactId)}/${encodeURIComponent(name)}`;
    return { type: 'resource', resource: { uri, blob: p.raw, ...mimeType } };
  }
  return { type: 'text', text: '' };
}
