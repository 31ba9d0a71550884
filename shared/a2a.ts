import { z } from 'zod';

/** A2A task states as the hub stores and shows them (v1.0's TASK_STATE_* and v0.3's names map here). */
export const TaskStates = ['submitted', 'working', 'input-required', 'auth-required', 'completed', 'failed', 'canceled', 'rejected'] as const;
export type TaskState = (typeof TaskStates)[number];

/** The task is over: nothing more will happen to it. */
export const TERMINAL_STATES: readonly TaskState[] = ['completed', 'failed', 'canceled', 'rejected'];
/** The agent waits for the caller (an answer, or a sign-in done out of band). */
export const INTERRUPTED_STATES: readonly TaskState[] = ['input-required', 'auth-required'];

/** One thing that happened to a task, in order: a state change, a message, an artifact. */
export interface TaskEventView {
  at: string;
  kind: 'state' | 'message' | 'artifact';
  /** For 'state'. */
  state?: TaskState;
  /** For 'message': who sent it. */
  role?: 'user' | 'agent';
  /** The artifact's name, for 'artifact'. */
  name?: string;
  /** The readable part: the text of a message or status, a summary of an artifact. */
  text: string;
}

/** An A2A task on the timeline (a bare-message reply is a task without an id). */
export interface TaskView {
  id: number;
  agent: string;
  taskId: string | null;
  contextId: string | null;
  client: string;
  state: TaskState;
  createdAt: string;
  updatedAt: string;
  /** The recorded call (tool call or A2A request) that started the task; null when none was recorded. */
  toolCall?: number | null;
  events: TaskEventView[];
}

/** One thing that happened to a task, with what the agent sent (capped; `{ truncated, size }` when it was too big). */
export interface TaskEventDetails extends TaskEventView {
  body?: unknown;
}

/** A task opened on the Timeline: every event with its body. */
export interface TaskDetails extends Omit<TaskView, 'events'> {
  events: TaskEventDetails[];
}

export const TaskFilterSchema = z
  .object({
    agent: z.string().max(64).optional(),
    client: z.string().max(64).optional(),
    /** Only tasks in one of these states. */
    states: z.array(z.enum(TaskStates)).max(TaskStates.length).optional(),
    /** ISO time: only tasks started at or after it. */
    since: z.iso.datetime().optional(),
    /** ISO time: only tasks started before it. */
    until: z.iso.datetime().optional(),
    /** ISO time: only tasks updated at or after it (what changed since the last read). */
    updatedSince: z.iso.datetime().optional(),
    /** Only the tasks this recorded call started. */
    toolCall: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(5_000).default(500),
  })
  .strict();
export type TaskFilter = z.input<typeof TaskFilterSchema>;

/**
 * Who signed an agent card: the key its valid signature verified with, and where the hub found it. A key
 * the card brings along itself (embedded in the signature's header, or in a key set on the card's own
 * host) is self-asserted: whoever can change the card can change the key too, so the signature shows
 * that the card is intact, not who wrote it.
 */
export interface CardSignerView {
  /** The `kid` of the signature's protected header. */
  keyId?: string;
  /** 'jku': the key set URL in the protected header; 'jwk': the key embedded in it; 'trusted': a key the user gave the hub. */
  source: 'jku' | 'jwk' | 'trusted';
  /** The key set URL (source 'jku'). */
  jku?: string;
  /** RFC 7638 SHA-256 thumbprint of the key; absent in records made before signers were pinned. */
  thumbprint?: string;
  selfAsserted: boolean;
}

/** Whether an agent card carries signatures and whether one of them verifies. */
export interface CardSignatureView {
  signed: boolean;
  valid: boolean;
  /** Why the card is unsigned or its signatures do not hold. */
  reason?: string;
  keyId?: string;
  /** Who signed it, when a signature verifies. */
  signer?: CardSignerView;
}

/** The four things a card's signature can be: never "valid" for a self-asserted key. */
export type SignatureState = 'valid' | 'self-asserted' | 'invalid' | 'unsigned';

export function signatureState(s: CardSignatureView): SignatureState {
  if (!s.signed) return 'unsigned';
  if (!s.valid) return 'invalid';
  return s.signer?.selfAsserted ? 'self-asserted' : 'valid';
}

/** `key "k1" at https://keys.example/jwks.json`, `key "k1" embedded in the card (self-asserted)` … */
export function describeSigner(s: CardSignerView): string {
  const key = s.keyId ? `key "${s.keyId}"` : 'a key without an id';
  if (s.source === 'jwk') return `${key} embedded in the card (self-asserted)`;
  if (s.source === 'trusted') return `${key} (one you trust)`;
  return `${key} at ${s.jku ?? 'an unknown URL'}${s.selfAsserted ? ' (self-asserted)' : ''}`;
}

/** Why a signer is or is not independent of the card, for the places that show it in full. */
export function signerTrust(s: CardSignerView): string {
  if (s.source === 'trusted') return 'a key you gave the hub';
  if (!s.selfAsserted) return 'its key set is on another host than the card';
  const where = s.source === 'jwk' ? 'the card carries its own key' : "its key set is on the card's own host";
  return `${where}: the signature shows the card is intact, not who wrote it`;
}

/** A configured agent as the UI and `agent list` show it. */
export interface AgentView {
  name: string;
  url: string;
  /** A local agent: what the hub runs. */
  command?: string;
  enabled: boolean;
  state: 'disabled' | 'stopped' | 'starting' | 'running' | 'backoff' | 'crashed' | 'sign-in-needed' | 'keychain-locked';
  lastError: string | null;
  /** Whether a credential (API key or token) for the agent is in the keychain. */
  credential: boolean;
  /** For an agent whose card asks for OAuth 2 or OpenID Connect: signed in, sign-in needed, or waiting for the browser. */
  signIn?: 'signed-in' | 'needed' | 'in-progress';
  /** Why the last sign-in failed, until the next one starts. */
  signInError?: string;
  card?: {
    name: string;
    description: string;
    version: string;
    protocolVersion: string;
    streaming: boolean;
    skills: { id: string; name: string; description: string }[];
    securitySchemes: string[];
    signature: CardSignatureView;
    approvedAt: string;
  };
  /** The card changed in ways consent rests on: what changed. Calls wait until the user accepts. */
  changes?: string[];
  /** The signature of the changed card (beside card.signature, the approved one's). */
  pendingSignature?: CardSignatureView;
}
