import { z } from 'zod';
import type { TaskView } from './a2a.js';
import type { ConsentRuleView } from './consent.js';

export const CallStatuses = ['running', 'ok', 'error', 'denied', 'cancelled', 'interrupted', 'rate-limited'] as const;
export type CallStatus = (typeof CallStatuses)[number];
export const CallKinds = ['tool', 'resource', 'prompt', 'completion', 'a2a'] as const;
export type CallKind = (typeof CallKinds)[number];

/** How much of the arguments and the error a row of the list carries (the details have them whole). */
export const PREVIEW_CHARS = 240;

/** One call on the timeline: requested → consent → upstream → result. */
export interface ToolCallView {
  id: number;
  /**
   * A tool call, or a resource read, prompt get or completion (their name/URI is in `tool`), or a
   * request to an agent through the hub's A2A front door (the agent in `server`, the method in `tool`).
   */
  kind: CallKind;
  client: string;
  server: string;
  tool: string;
  /** The arguments as stored (JSON, capped); in a list, their first PREVIEW_CHARS characters and '…'. */
  arguments: string;
  status: CallStatus;
  startedAt: string;
  durationMs: number | null;
  /** The error; in a list, its first PREVIEW_CHARS characters and '…'. */
  error: string | null;
  decision: string | null;
  /** How many A2A tasks this call started. */
  tasks: number;
}

/** Where a call's time went, in ms; null for a phase it never reached (or a record from before they were kept). */
export interface CallPhases {
  /** Waiting for the server (or agent) to start, or to answer its first request. */
  serverMs: number | null;
  /** Waiting for consent: a rule answers at once, a prompt waits for the user. */
  consentMs: number | null;
  /** The request to the server, until its answer. */
  upstreamMs: number | null;
}

/** The prompt the user was asked for a call, and how it ended. */
export interface CallPromptView {
  id: number;
  status: 'pending' | 'allowed' | 'denied' | 'timeout' | 'withdrawn';
  reason: 'no-rule' | 'changed';
  remember: 'once' | 'session' | 'always' | null;
  /** The surface that answered: 'browser', 'desktop', 'cli', 'client' (the client app) … */
  answeredBy: string | null;
  createdAt: string;
  answeredAt: string | null;
}

/** How consent went for one call, for people: `summary` is the sentence, the rest what it was made from. */
export interface ConsentAccount {
  outcome: 'allowed' | 'denied' | 'waiting' | 'not-asked' | 'unknown';
  summary: string;
  /** The rule that decided; `gone` when it was revoked since (rule ids are never reused). */
  rule?: (ConsentRuleView & { gone?: false }) | { id: number; gone: true };
  prompt?: CallPromptView;
}

/** A call opened on the Timeline: everything the record holds, with its consent in words and its tasks. */
export interface ToolCallDetails extends ToolCallView {
  /** What the server answered (JSON, capped like the arguments); null when nothing was answered. */
  result: string | null;
  phases: CallPhases;
  consent: ConsentAccount;
  /** The A2A tasks the call started (without their events: open a task for those). */
  linkedTasks: TaskView[];
}

/** What filters the list and the totals. Names are matched exactly (they are picked from lists). */
export const CallQuerySchema = z
  .object({
    client: z.string().max(64).optional(),
    server: z.string().max(64).optional(),
    /** The server's own tool name (or a resource URI, a prompt's name …); needs nothing else. */
    tool: z.string().max(2048).optional(),
    kind: z.enum(CallKinds).optional(),
    status: z.enum(CallStatuses).optional(),
    /** ISO time: only calls started at or after it. */
    since: z.iso.datetime().optional(),
    /** ISO time: only calls started before it. */
    until: z.iso.datetime().optional(),
    /** Case-insensitive text anywhere in the client, server, tool, arguments or error. */
    search: z.string().max(200).optional(),
  })
  .strict();
export type CallQuery = z.input<typeof CallQuerySchema>;

export const ToolCallFilterSchema = CallQuerySchema.extend({
  /** Only calls newer than this id. */
  afterId: z.number().int().min(0).optional(),
  /** Only calls older than this id: the next page down. */
  beforeId: z.number().int().min(1).optional(),
  /** Only calls written since this version (a page's `version`): what changed, not the whole history. */
  changedSince: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(50_000).default(1_000),
}).strict();
export type ToolCallFilter = z.input<typeof ToolCallFilterSchema>;

/** One read of the list. */
export interface ToolCallPage {
  /** Newest first. */
  calls: ToolCallView[];
  /** With changedSince: calls that changed since then and no longer match the filter (drop them). */
  gone: number[];
  /** The record's version now: pass it as changedSince to read only what changes after this read. */
  version: number;
  /**
   * More matching calls than the limit: older ones beyond the last (read them with beforeId); with
   * changedSince, more changed than the limit (read the list again from the top).
   */
  more: boolean;
  /** The oldest call still kept (older ones were deleted with the history); 0 when there is none. */
  oldestId: number;
}

export interface ToolCallTotals {
  calls: number;
  byStatus: Partial<Record<CallStatus, number>>;
  byKind: Partial<Record<CallKind, number>>;
}

/** The names the record holds, to filter by: clients, servers (and agents) with what was called of each. */
export interface TimelineFacets {
  clients: string[];
  servers: { name: string; tools: { name: string; kind: CallKind }[] }[];
  /** Agents that ran A2A tasks. */
  agents: string[];
}

/** "1,234 calls · 12 denied · 3 errors" (the parts that are not zero). */
export function describeTotals(t: ToolCallTotals, locale?: string): string {
  const n = (x: number) => x.toLocaleString(locale ?? 'en-US');
  const parts = [`${n(t.calls)} ${t.calls === 1 ? 'call' : 'calls'}`];
  const words: [CallStatus, string, string][] = [
    ['running', 'running', 'running'],
    ['denied', 'denied', 'denied'],
    ['error', 'error', 'errors'],
    ['cancelled', 'cancelled', 'cancelled'],
    ['rate-limited', 'rate-limited', 'rate-limited'],
    ['interrupted', 'interrupted', 'interrupted'],
  ];
  for (const [status, one, many] of words) {
    const count = t.byStatus[status] ?? 0;
    if (count > 0) parts.push(`${n(count)} ${count === 1 ? one : many}`);
  }
  return parts.join(' · ');
}

const RULE_DECISION = /^rule (\d+): (allow|deny)$/;

/** The id of the rule a recorded decision names ("rule 3: allow"), if it names one. */
export function ruleIdOf(decision: string | null | undefined): number | undefined {
  const m = decision ? RULE_DECISION.exec(decision) : null;
  return m ? Number(m[1]) : undefined;
}

const SURFACES: Record<string, string> = {
  browser: 'in the browser',
  desktop: 'in the desktop app',
  ui: 'in Agent Hub',
  cli: 'with agent-hub consent answer',
  client: 'in the client app',
};

/** `allow cursor → github, every tool, always, made with the CLI` */
export function describeRule(rule: ConsentRuleView, promptAnsweredBy?: string | null): string {
  const who = rule.client === '*' ? 'any client' : rule.client;
  const what = rule.tool === '*' ? 'every tool' : rule.tool;
  const scope = rule.scope === 'always' ? 'always' : 'for one session';
  const made = /^prompt (\d+)$/.exec(rule.createdBy);
  const origin =
    rule.createdBy === 'cli'
      ? 'made with the CLI'
      : made
        ? `made when prompt ${made[1]} was answered${promptAnsweredBy && SURFACES[promptAnsweredBy] ? ` ${SURFACES[promptAnsweredBy]}` : ''}`
        : `made by ${rule.createdBy}`;
  return `${rule.effect} ${who} → ${rule.server}, ${what}, ${scope}, ${origin}`;
}

const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/**
 * The consent of a call in words, from its record: the decision, the rule that matched (if it still
 * exists) and the prompt the user answered.
 */
export function describeConsent(
  call: Pick<ToolCallView, 'status' | 'decision' | 'kind'> & { consentMs?: number | null },
  rule: ConsentAccount['rule'] | undefined,
  prompt: CallPromptView | undefined,
  ruleOrigin?: string | null,
): Pick<ConsentAccount, 'outcome' | 'summary'> {
  const d = call.decision;
  if (rule) {
    const allow = d?.endsWith('allow') ?? !rule.gone;
    const verb = allow ? 'Allowed' : 'Denied';
    if (rule.gone) return { outcome: allow ? 'allowed' : 'denied', summary: `${verb} by rule ${rule.id} (that rule no longer exists: it was revoked, or went with its server or client).` };
    return { outcome: rule.effect === 'allow' ? 'allowed' : 'denied', summary: `${verb} by rule ${rule.id}: ${describeRule(rule, ruleOrigin)}.` };
  }
  if (d) {
    const user = /^user \(([^)]+)\): (allow|deny) (once|session|always)$/.exec(d);
    if (user) {
      const [, by, effect, remember] = user;
      const where = SURFACES[by!] ?? `(${by})`;
      const how = remember === 'once' ? 'for this call only' : remember === 'session' ? 'for the rest of that session' : 'always (a rule was made)';
      const waited = call.consentMs !== null && call.consentMs !== undefined ? `, after ${seconds(call.consentMs)}` : prompt?.answeredAt ? `, after ${seconds(Date.parse(prompt.answeredAt) - Date.parse(prompt.createdAt))}` : '';
      const why = prompt?.reason === 'changed' ? ' The tool had changed since it was approved, so the user was asked again.' : '';
      return { outcome: effect === 'allow' ? 'allowed' : 'denied', summary: `${effect === 'allow' ? 'Allowed' : 'Denied'} by the user ${where}, ${how}${waited}.${why}` };
    }
    const timeout = /^timeout after (\d+) s$/.exec(d);
    if (timeout) return { outcome: 'denied', summary: `Denied: nobody answered the prompt within ${timeout[1]} s.` };
    const withdrawn = /^withdrawn \((.+)\)$/.exec(d);
    if (withdrawn) return { outcome: 'denied', summary: `Not made: the prompt was withdrawn (${withdrawn[1]}).` };
    const notAsked = /^not asked \((.+)\)$/.exec(d);
    if (notAsked) return { outcome: 'not-asked', summary: `Not made, and nobody was asked: ${notAsked[1]}.` };
    const byRule = RULE_DECISION.exec(d);
    if (byRule) return { outcome: byRule[2] === 'allow' ? 'allowed' : 'denied', summary: `${byRule[2] === 'allow' ? 'Allowed' : 'Denied'} by rule ${byRule[1]}.` };
    return { outcome: 'unknown', summary: d };
  }
  if (call.status === 'rate-limited') return { outcome: 'not-asked', summary: 'Nobody was asked: a rate limit refused the call first.' };
  if (call.status === 'running') return { outcome: 'waiting', summary: prompt?.status === 'pending' ? 'Waiting for the user to answer the prompt.' : 'Not decided yet.' };
  if (call.kind !== 'tool' && call.kind !== 'a2a') return { outcome: 'not-asked', summary: 'Not asked: resource reads, prompts and completions need no consent unless a rule denies the whole server.' };
  return { outcome: 'unknown', summary: 'No consent was recorded: the call ended before consent was asked (the server could not be reached, or the call was refused first).' };
}
