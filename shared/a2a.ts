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
  events: TaskEventView[];
}

export const TaskFilterSchema = z
  .object({
    agent: z.string().max(64).optional(),
    client: z.string().max(64).optional(),
    limit: z.number().int().min(1).max(5_000).default(500),
  })
  .strict();
export type TaskFilter = z.input<typeof TaskFilterSchema>;

/** Whether an agent card carries signatures and whether one of them verifies. */
export interface CardSignatureView {
  signed: boolean;
  valid: boolean;
  /** Why the card is unsigned or its signatures do not hold. */
  reason?: string;
  keyId?: string;
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
}
