import { z } from 'zod';

/** Consent types shared by the hub, the CLI's JSON output and the UI. */

export const EffectSchema = z.enum(['allow', 'deny']);
export const RememberSchema = z.enum(['once', 'session', 'always']);
export type Remember = z.output<typeof RememberSchema>;

export interface ConsentRuleView {
  id: number;
  client: string;
  server: string;
  tool: string;
  effect: 'allow' | 'deny';
  scope: 'session' | 'always';
  sessionId: string | null;
  createdBy: string;
  createdAt: string;
}

/** What a prompt shows the user; annotations are the server's claims, not facts. */
export interface PromptDetails {
  title?: string;
  description?: string;
  annotations?: Record<string, unknown>;
  arguments: unknown;
  /** Fields of the definition that hold invisible or bidirectional-control characters. */
  hiddenCharacters: string[];
  /** For reason 'changed': a line diff of the approved definition against the current one. */
  diff?: string;
  /** The definition being approved, and its hash: an allow answer pins exactly this. */
  definition: { name: string; title?: string; description?: string; inputSchema: unknown; annotations?: unknown };
  definitionHash: string;
}

export interface ConsentPromptView {
  id: number;
  callId: number | null;
  client: string;
  sessionId: string;
  server: string;
  tool: string;
  reason: 'no-rule' | 'changed';
  details: PromptDetails;
  status: 'pending' | 'allowed' | 'denied' | 'timeout' | 'withdrawn';
  remember: Remember | null;
  answeredBy: string | null;
  createdAt: string;
  answeredAt: string | null;
  /**
   * Where the prompt is asked: Agent Hub's own surfaces (the dialog, notifications, the CLI), the client
   * app through an elicitation, or both (the first answer wins). Client-only prompts are not listed
   * for the hub's dialog.
   */
  askIn: 'hub' | 'client' | 'both';
  /** When an unanswered prompt counts as denied. */
  expiresAt?: string;
}

export interface ChangedToolView {
  server: string;
  tool: string;
  approvedAt: string;
  changedAt: string;
  diff: string;
}
