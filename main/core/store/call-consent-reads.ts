import type { ConsentRuleView } from '../../../shared/consent.js';
import type { CallPromptView } from '../../../shared/timeline.js';
import type { Db } from './db.js';

/**
 * The consent side of one recorded call, read for its details on the Timeline: the rule that decided
 * (if it still exists) and the surface that answered the prompt the rule came from, and the prompt the
 * user was asked for this call. Reads only.
 */
export function callConsent(db: Db, callId: number, ruleId: number | undefined): { rule?: ConsentRuleView; ruleOrigin?: string | null; prompt?: CallPromptView } {
  const rule =
    ruleId === undefined
      ? undefined
      : (db
          .prepare(
            `SELECT id, client, server, tool, effect, scope, session_id AS sessionId, created_by AS createdBy, created_at AS createdAt FROM consent_rules WHERE id = ?`,
          )
          .get(ruleId) as ConsentRuleView | undefined);
  const fromPrompt = rule ? /^prompt (\d+)$/.exec(rule.createdBy) : null;
  const ruleOrigin = fromPrompt ? (db.prepare('SELECT answered_by FROM consent_prompts WHERE id = ?').pluck().get(Number(fromPrompt[1])) as string | null | undefined) : undefined;
  const prompt = db
    .prepare(
      `SELECT id, status, reason, remember, answered_by AS answeredBy, created_at AS createdAt, answered_at AS answeredAt
       FROM consent_prompts WHERE call_id = ? ORDER BY id DESC LIMIT 1`,
    )
    .get(callId) as CallPromptView | undefined;
  return { ...(rule ? { rule } : {}), ...(ruleOrigin !== undefined ? { ruleOrigin } : {}), ...(prompt ? { prompt } : {}) };
}
