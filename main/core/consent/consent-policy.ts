/**
 * The consent policy, as a pure function: given one tool call and the user's rules, allow, deny or ask.
 *
 * Matching is exact string equality on client, server and tool, with `*` as the only wildcard (for
 * client and tool, never for server). Nothing is normalized: a rule for `read_file` never matches
 * `Read_File`, `read\u200bfile`, a Cyrillic look-alike, or `x__read_file`.
 *
 * Order, documented for users:
 *   1. A matching deny wins over every allow, however specific the allow.
 *   2. An allow applies only while the tool's definition is the one the user approved: a standing rule
 *      follows the tool's pin, a session rule made from a prompt its own (the definition that prompt
 *      showed). When the server changed the tool, those rules stop applying and the user is asked again.
 *   3. Otherwise the most specific matching rule decides and is the one recorded: client and tool named
 *      > client named > tool named > neither; then a session rule before a standing one; then the newest.
 *   4. No matching rule: ask.
 */

export type { Effect, Rule, RuleScope } from '../../../shared/consent.js';
import type { Rule } from '../../../shared/consent.js';

export interface CallFacts {
  client: string;
  sessionId: string;
  server: string;
  tool: string;
  /** Hash of the tool's current definition. */
  toolHash: string;
  /** Hash of the definition the user approved, if any. */
  pinnedHash: string | undefined;
}

export type PolicyDecision =
  | { kind: 'allow'; rule: Rule }
  | { kind: 'deny'; rule: Rule }
  | { kind: 'ask'; reason: 'no-rule' | 'changed'; changedRule?: Rule };

export const WILDCARD = '*';

export function ruleMatches(rule: Rule, call: CallFacts): boolean {
  return (
    (rule.client === WILDCARD || rule.client === call.client) &&
    rule.server === call.server &&
    (rule.tool === WILDCARD || rule.tool === call.tool) &&
    (rule.scope !== 'session' || rule.sessionId === call.sessionId)
  );
}

function specificity(rule: Rule): number {
  return (rule.client === WILDCARD ? 0 : 2) + (rule.tool === WILDCARD ? 0 : 1);
}

/** Most specific first; then session rules; then the newest. */
export function compareRules(a: Rule, b: Rule): number {
  return specificity(b) - specificity(a) || Number(b.scope === 'session') - Number(a.scope === 'session') || b.id - a.id;
}

/** Whether an allow rule covers the tool's current definition (see rule 2 above). */
export function approvesDefinition(rule: Rule, call: CallFacts): boolean {
  const approved = rule.definitionHash ?? call.pinnedHash;
  return approved === undefined || approved === call.toolHash;
}

export function decide(call: CallFacts, rules: readonly Rule[]): PolicyDecision {
  const matching = rules.filter((r) => ruleMatches(r, call)).sort(compareRules);
  const deny = matching.find((r) => r.effect === 'deny');
  if (deny) return { kind: 'deny', rule: deny };
  const allows = matching.filter((r) => r.effect === 'allow');
  if (allows.length === 0) return { kind: 'ask', reason: 'no-rule' };
  const allow = allows.find((r) => approvesDefinition(r, call));
  if (!allow) return { kind: 'ask', reason: 'changed', changedRule: allows[0]! };
  return { kind: 'allow', rule: allow };
}

/**
 * A deny rule that refuses everything of a server for this client (tool `*`): it also covers the
 * server's resources, prompts and completions, which have no tool name.
 */
export function serverDenyRule(client: string, sessionId: string, server: string, rules: readonly Rule[]): Rule | undefined {
  return rules
    .filter((r) => r.effect === 'deny' && r.tool === WILDCARD && ruleMatches(r, { client, sessionId, server, tool: WILDCARD, toolHash: '', pinnedHash: undefined }))
    .sort(compareRules)[0];
}
