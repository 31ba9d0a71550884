import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { partsText, roleOf, type WireArtifact, type WirePart } from './a2a-wire.js';
import type { TaskTracker } from './task-tracker.js';

type Content = CallToolResult['content'][number];

/**
 * What a client gets back from a task: a first text that says where the task stands and what to do
 * next (answer an input-required task with a follow-up call), the agent's messages, then each artifact
 * part (text as text, data as JSON, files as resource links; inline bytes as an embedded resource,
 * since there is no URL to link to). structuredContent carries the same for programs.
 */
export function taskResult(agent: string, t: TaskTracker): CallToolResult {
  const id = t.taskId;
  const asked = t.statusText ? ` "${t.statusText}"` : '';
  const follow = id ? `call ${agent}__send_message with taskId "${id}"${t.contextId ? ` and contextId "${t.contextId}"` : ''}` : `call ${agent}__send_message again`;
  const head: Record<typeof t.state, string> = {
    submitted: `Task ${id} was submitted and has not finished; check it with a2a__get_task (taskId "${id}").`,
    working: `Task ${id} is still working; check it with a2a__get_task (taskId "${id}").`,
    'input-required': `Agent "${agent}" needs more input for task ${id}:${asked}. To answer, ${follow} and the answer as text.`,
    'auth-required': `Agent "${agent}" needs you to authorize something for task ${id}:${asked}. Once that is done, ${follow}, or check it with a2a__get_task.`,
    completed: id ? `Task ${id} completed.` : `Agent "${agent}" answered.`,
    failed: `Task ${id} failed${t.statusText ? `: ${t.statusText}` : '.'}`,
    canceled: `Task ${id} was canceled.`,
    rejected: `Agent "${agent}" rejected task ${id}${t.statusText ? `: ${t.statusText}` : '.'}`,
  };
  const messages = t.agentMessages.map((m) => ({ role: roleOf(m), text: partsText(m.parts) }));
  const artifacts = [...t.artifacts.values()];
  const content: Content[] = [
    { type: 'text', text: head[t.state] },
    ...messages.filter((m) => m.text && m.text !== t.statusText).map((m): Content => ({ type: 'text', text: m.text })),
    ...artifacts.flatMap((a) => (a.parts ?? []).map((p, i) => partContent(agent, id, a, p, i))),
  ];
  return {
    content,
    structuredContent: {
      agent,
      ...(id ? { taskId: id } : {}),
      ...(t.contextId ? { contextId: t.contextId } : {}),
      state: t.state,
      messages,
      artifacts: artifacts.map((a) => ({ artifactId: a.artifactId, ...(a.name ? { name: a.name } : {}), parts: a.parts ?? [] })),
    },
    isError: t.state === 'failed' || t.state === 'rejected',
  };
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
