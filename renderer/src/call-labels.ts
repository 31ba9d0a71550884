import type { TaskState } from '../../shared/a2a.js';
import type { CallKind, CallStatus, ToolCallView } from '../../shared/timeline.js';
import type { Tone } from './kit/index.js';

/** How a call's status and kind read on the Timeline: a word, and a tone that is never the only sign. */
export const STATUS_BADGE: Record<CallStatus, { label: string; tone: Tone }> = {
  running: { label: 'running', tone: 'info' },
  ok: { label: 'ok', tone: 'success' },
  error: { label: 'error', tone: 'danger' },
  denied: { label: 'denied', tone: 'danger' },
  cancelled: { label: 'cancelled', tone: 'neutral' },
  interrupted: { label: 'interrupted', tone: 'warning' },
  'rate-limited': { label: 'rate-limited', tone: 'warning' },
};

export const TASK_BADGE: Record<TaskState, { label: string; tone: Tone }> = {
  submitted: { label: 'submitted', tone: 'info' },
  working: { label: 'working', tone: 'info' },
  'input-required': { label: 'input required', tone: 'warning' },
  'auth-required': { label: 'sign-in required', tone: 'warning' },
  completed: { label: 'completed', tone: 'success' },
  failed: { label: 'failed', tone: 'danger' },
  canceled: { label: 'canceled', tone: 'neutral' },
  rejected: { label: 'rejected', tone: 'danger' },
};

/** The noun of a call of each kind: "Tool call 12", "Resource read 3" … */
export const KIND_NOUN: Record<CallKind, string> = {
  tool: 'Tool call',
  resource: 'Resource read',
  prompt: 'Prompt',
  completion: 'Completion',
  a2a: 'A2A request',
};

/** The short word shown beside a call that is not a tool call. */
export const KIND_CHIP: Record<CallKind, string | undefined> = {
  tool: undefined,
  resource: 'resource',
  prompt: 'prompt',
  completion: 'completion',
  a2a: 'A2A',
};

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** The consent of a call in a few words, for its row. */
export function consentShort(call: Pick<ToolCallView, 'decision' | 'status' | 'kind'>): string {
  if (call.decision) return call.decision;
  if (call.status === 'running') return 'waiting…';
  if (call.status === 'rate-limited') return 'not asked (rate limit)';
  if (call.kind === 'resource' || call.kind === 'prompt' || call.kind === 'completion') return 'no consent needed';
  return '—';
}

export function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString();
}

export function dateTimeOf(iso: string): string {
  const d = new Date(iso);
  return `${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })}, ${d.toLocaleTimeString()}`;
}
