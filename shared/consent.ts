import { z } from 'zod';
import { NameSchema } from './config.js';

/** Consent types shared by the hub, the CLI's JSON output and the UI. */

export const EffectSchema = z.enum(['allow', 'deny']);
export type Effect = 'allow' | 'deny';
export type RuleScope = 'session' | 'always';

/** A consent rule as the policy reads it (consent/consent-policy.ts). */
export interface Rule {
  id: number;
  /** A client name or '*'. */
  client: string;
  server: string;
  /** The server's own tool name or '*'. */
  tool: string;
  effect: Effect;
  scope: RuleScope;
  /** For scope 'session': the client session the rule was made in. */
  sessionId?: string;
  /** A session rule's own pin: the definition hash of the prompt it was made from. */
  definitionHash?: string;
}

/** The parts of a tool the user approves: what the model is told it does and how it is called. */
export interface ToolDefinition {
  name: string;
  /** Shown instead of the name by many clients, so a changed title misleads as a changed description does. */
  title?: string;
  description?: string;
  inputSchema: unknown;
  annotations?: unknown;
}
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

/**
 * A standing rule made up front (the Consent page's form, as `agent-hub consent allow|deny`): a client
 * name or "*", a server or agent name, the server's own tool name or "*". A name that does not exist is
 * refused by the hub unless `force`.
 */
export const ConsentRuleInputSchema = z
  .object({
    client: z.union([z.literal('*'), NameSchema]),
    server: NameSchema,
    tool: z.string().trim().min(1, 'must not be empty (use "*" for every tool)').max(256),
    effect: EffectSchema,
    force: z.boolean().optional(),
  })
  .strict();
export type ConsentRuleInput = z.input<typeof ConsentRuleInputSchema>;
