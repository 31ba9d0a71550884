// The A2A v1.0 objects the hub reads, in their JSON (ProtoJSON) form: what the agent sent, after the
// SDK's codecs (`Task.toJSON` …) turn its in-memory objects back into wire JSON. Only the fields the
// hub uses are typed; the rest passes through untouched into the stored records.
import { INTERRUPTED_STATES, TERMINAL_STATES, TaskStates, type TaskState } from '../../../shared/a2a.js';

export interface WirePart {
  text?: string;
  data?: unknown;
  /** A file by reference. */
  url?: string;
  /** A file's bytes, base64. */
  raw?: string;
  mediaType?: string;
  filename?: string;
}

export interface WireMessage {
  messageId: string;
  role?: string;
  parts?: WirePart[];
  contextId?: string;
  taskId?: string;
}

export interface WireTaskStatus {
  state?: string;
  message?: WireMessage;
  timestamp?: string;
}

export interface WireArtifact {
  artifactId: string;
  name?: string;
  description?: string;
  parts?: WirePart[];
}

export interface WireTask {
  id: string;
  contextId?: string;
  status?: WireTaskStatus;
  artifacts?: WireArtifact[];
  history?: WireMessage[];
}

export type WireStreamResponse =
  | { task: WireTask }
  | { message: WireMessage }
  | { statusUpdate: { taskId: string; contextId?: string; status?: WireTaskStatus } }
  | { artifactUpdate: { taskId: string; contextId?: string; artifact: WireArtifact; append?: boolean; lastChunk?: boolean } };

/** `TASK_STATE_INPUT_REQUIRED` (v1.0) and `input-required` (v0.3) both read as 'input-required'. */
export function taskState(raw: string | undefined): TaskState {
  const name = (raw ?? '').replace(/^TASK_STATE_/, '').toLowerCase().replace(/_/g, '-');
  if (name === 'cancelled') return 'canceled';
  return (TaskStates as readonly string[]).includes(name) ? (name as TaskState) : 'working';
}

export const isTerminal = (s: TaskState): boolean => TERMINAL_STATES.includes(s);
export const isInterrupted = (s: TaskState): boolean => INTERRUPTED_STATES.includes(s);

/** `ROLE_AGENT` / `agent` → 'agent'; everything else is the user's side. */
export function roleOf(message: WireMessage): 'user' | 'agent' {
  return /agent/i.test(message.role ?? '') ? 'agent' : 'user';
}

/** The readable text of some parts: text as is, data as JSON, files by name. */
export function partsText(parts: readonly WirePart[] | undefined): string {
  return (parts ?? [])
    .map((p) => {
      if (p.text !== undefined) return p.text;
      if (p.data !== undefined) return JSON.stringify(p.data);
      if (p.url !== undefined) return `[file ${p.filename ?? p.url}]`;
      if (p.raw !== undefined) return `[file ${p.filename ?? 'unnamed'}, ${Buffer.byteLength(p.raw, 'base64')} bytes]`;
      return '';
    })
    .filter(Boolean)
    .join('\n');
}

/** Each part as JSON, to compare artifacts part by part (the SDK's codecs write fields in one order). */
export function partKeys(parts: readonly WirePart[] | undefined): string[] {
  return (parts ?? []).map((p) => JSON.stringify(p));
}

/** Whether `list` begins with every item of `head`, in order. */
export function startsWith(list: readonly string[], head: readonly string[]): boolean {
  return head.length <= list.length && head.every((item, i) => list[i] === item);
}
