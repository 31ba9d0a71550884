import type { ConsentPromptView, ConsentRuleView, PromptDetails, Remember, Rule, ToolDefinition } from '../../../shared/consent.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';

import type { Db } from './db.js';
import { guardWrite } from './sql-errors.js';

type PromptStatus = ConsentPromptView['status'];

interface PromptRow {
  id: number;
  call_id: number | null;
  client: string;
  session_id: string;
  server: string;
  tool: string;
  reason: 'no-rule' | 'changed';
  details: string;
  status: PromptStatus;
  remember: Remember | null;
  answered_by: string | null;
  created_at: string;
  answered_at: string | null;
  ask_in: 'hub' | 'client' | 'both';
}

/** All SQL for consent: rules, tool pins, prompts, and the decision recorded on each call. */
export class ConsentRepo {
  private readonly pinStmt;

  constructor(
    private readonly db: Db,
    private readonly file: string,
  ) {
    // On every tool call: prepared once.
    this.pinStmt = db.prepare('SELECT hash, definition FROM tool_pins WHERE server = ? AND tool = ?');
  }

  rules(): ConsentRuleView[] {
    return this.db
      .prepare(
        `SELECT id, client, server, tool, effect, scope, session_id AS sessionId, created_by AS createdBy, created_at AS createdAt
         FROM consent_rules ORDER BY id`,
      )
      .all() as ConsentRuleView[];
  }

  policyRules(): Rule[] {
    const rows = this.db
      .prepare('SELECT id, client, server, tool, effect, scope, session_id AS sessionId, definition_hash AS definitionHash FROM consent_rules')
      .all() as (Rule & { sessionId: string | null; definitionHash: string | null })[];
    return rows.map((r) => ({ ...r, sessionId: r.sessionId ?? undefined, definitionHash: r.definitionHash ?? undefined }));
  }

  /**
   * Adds a rule, or returns the id of the identical one that exists (same client, server, tool, effect
   * and scope, and for a session rule the same session): answering the same way twice makes one rule.
   * A session rule's definitionHash is replaced by the newer one.
   */
  addRule(rule: Omit<Rule, 'id'> & { createdBy: string }): number {
    const sessionId = rule.scope === 'session' ? (rule.sessionId ?? null) : null;
    return guardWrite(this.file, () =>
      this.db.transaction(() => {
        const existing = this.db
          .prepare('SELECT id FROM consent_rules WHERE client = ? AND server = ? AND tool = ? AND effect = ? AND scope = ? AND session_id IS ?')
          .pluck()
          .get(rule.client, rule.server, rule.tool, rule.effect, rule.scope, sessionId) as number | undefined;
        if (existing !== undefined) {
          if (rule.definitionHash !== undefined) this.db.prepare('UPDATE consent_rules SET definition_hash = ? WHERE id = ?').run(rule.definitionHash, existing);
          return existing;
        }
        return Number(
          this.db
            .prepare(
              `INSERT INTO consent_rules (client, server, tool, effect, scope, session_id, definition_hash, created_by, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(rule.client, rule.server, rule.tool, rule.effect, rule.scope, sessionId, rule.definitionHash ?? null, rule.createdBy, now()).lastInsertRowid,
        );
      })(),
    );
  }

  revokeRule(id: number): void {
    const { changes } = guardWrite(this.file, () => this.db.prepare('DELETE FROM consent_rules WHERE id = ?').run(id));
    if (changes === 0) throw new HubError(ErrorCodes.notFound, `There is no consent rule ${id} (see: agent-hub consent list).`);
  }

  /** Session rules do not outlive the hub that made them (its sessions are gone). */
  dropSessionRules(): void {
    guardWrite(this.file, () => this.db.prepare(`DELETE FROM consent_rules WHERE scope = 'session'`).run());
  }

  pin(server: string, tool: string): { hash: string; definition: ToolDefinition } | undefined {
    const row = this.pinStmt.get(server, tool) as
      | { hash: string; definition: string }
      | undefined;
    return row && { hash: row.hash, get definition() { return JSON.parse(row.definition) as ToolDefinition; } };
  }

  setPin(server: string, tool: string, hash: string, definition: ToolDefinition): void {
    guardWrite(this.file, () =>
      this.db
        .prepare(
          `INSERT INTO tool_pins (server, tool, hash, definition, approved_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (server, tool) DO UPDATE SET hash = excluded.hash, definition = excluded.definition,
             approved_at = excluded.approved_at, changed_hash = NULL, changed_definition = NULL, changed_at = NULL`,
        )
        .run(server, tool, hash, JSON.stringify(definition), now()),
    );
  }

  /** Records (or clears) that a server now publishes another definition than the approved one; true if that changed anything. */
  markChanged(server: string, tool: string, hash: string, definition: ToolDefinition): boolean {
    const pin = this.db.prepare('SELECT hash, changed_hash AS changed FROM tool_pins WHERE server = ? AND tool = ?').get(server, tool) as
      | { hash: string; changed: string | null }
      | undefined;
    if (!pin) return false;
    if (pin.hash === hash) {
      if (pin.changed === null) return false;
      this.db.prepare('UPDATE tool_pins SET changed_hash = NULL, changed_definition = NULL, changed_at = NULL WHERE server = ? AND tool = ?').run(server, tool);
      return true;
    }
    if (pin.changed === hash) return false;
    this.db
      .prepare('UPDATE tool_pins SET changed_hash = ?, changed_definition = ?, changed_at = ? WHERE server = ? AND tool = ?')
      .run(hash, JSON.stringify(definition), now(), server, tool);
    return true;
  }

  /** Approved tools whose server now publishes another definition: both definitions, for a diff. */
  changedTools(): { server: string; tool: string; approvedAt: string; changedAt: string; approved: ToolDefinition; now: ToolDefinition }[] {
    const rows = this.db
      .prepare(
        `SELECT server, tool, definition, changed_definition AS changed, approved_at AS approvedAt, changed_at AS changedAt
         FROM tool_pins WHERE changed_hash IS NOT NULL ORDER BY server, tool`,
      )
      .all() as { server: string; tool: string; definition: string; changed: string; approvedAt: string; changedAt: string }[];
    return rows.map((r) => ({
      server: r.server,
      tool: r.tool,
      approvedAt: r.approvedAt,
      changedAt: r.changedAt,
      approved: JSON.parse(r.definition) as ToolDefinition,
      now: JSON.parse(r.changed) as ToolDefinition,
    }));
  }

  createPrompt(p: {
    callId: number | null;
    client: string;
    sessionId: string;
    server: string;
    tool: string;
    reason: 'no-rule' | 'changed';
    details: PromptDetails;
    askIn: ConsentPromptView['askIn'];
  }): number {
    return guardWrite(this.file, () =>
      Number(
        this.db
          .prepare(
            `INSERT INTO consent_prompts (call_id, client, session_id, server, tool, reason, details, status, created_at, ask_in)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
          )
          .run(p.callId, p.client, p.sessionId, p.server, p.tool, p.reason, JSON.stringify(p.details), now(), p.askIn).lastInsertRowid,
      ),
    );
  }

  /** A prompt meant for the client app alone moves to the hub's surfaces when the client cannot be asked. */
  setAskIn(id: number, askIn: ConsentPromptView['askIn']): void {
    guardWrite(this.file, () => this.db.prepare(`UPDATE consent_prompts SET ask_in = ? WHERE id = ? AND status = 'pending'`).run(askIn, id));
  }

  prompt(id: number): ConsentPromptView | undefined {
    const row = this.db.prepare('SELECT * FROM consent_prompts WHERE id = ?').get(id) as PromptRow | undefined;
    return row && toView(row);
  }

  pendingPrompts(): ConsentPromptView[] {
    return (this.db.prepare(`SELECT * FROM consent_prompts WHERE status = 'pending' ORDER BY id`).all() as PromptRow[]).map(toView);
  }

  /** Settles a pending prompt; false if it was already settled (the first answer wins). */
  settlePrompt(id: number, status: Exclude<PromptStatus, 'pending'>, remember: Remember | null, answeredBy: string | null): boolean {
    const { changes } = guardWrite(this.file, () =>
      this.db
        .prepare(`UPDATE consent_prompts SET status = ?, remember = ?, answered_by = ?, answered_at = ? WHERE id = ? AND status = 'pending'`)
        .run(status, remember, answeredBy, now(), id),
    );
    return changes === 1;
  }

  /** Deletes answered (or expired, withdrawn) prompts created before `before` (ISO time); returns how many. */
  prunePromptsBefore(before: string): number {
    return this.db.prepare(`DELETE FROM consent_prompts WHERE created_at < ? AND status != 'pending'`).run(before).changes;
  }

  /** Prompts left pending by a hub that stopped: nobody is waiting for them any more. */
  withdrawStalePrompts(): void {
    guardWrite(this.file, () => this.db.prepare(`UPDATE consent_prompts SET status = 'withdrawn', answered_at = ? WHERE status = 'pending'`).run(now()));
  }

  transaction<T>(fn: () => T): T {
    return guardWrite(this.file, () => this.db.transaction(fn)());
  }
}

function toView(r: PromptRow): ConsentPromptView {
  return {
    id: r.id,
    callId: r.call_id,
    client: r.client,
    sessionId: r.session_id,
    server: r.server,
    tool: r.tool,
    reason: r.reason,
    details: JSON.parse(r.details) as PromptDetails,
    status: r.status,
    remember: r.remember,
    answeredBy: r.answered_by,
    createdAt: r.created_at,
    answeredAt: r.answered_at,
    askIn: r.ask_in,
  };
}

const now = () => new Date().toISOString();
