import type { CallKind, CallStatus } from '../../../shared/timeline.js';
import type { Db } from './db.js';

export type ToolCallStatus = CallStatus;

/** What was requested: a tool call, or a resource read, prompt get or completion (recorded alike). */
export type RequestKind = CallKind;

export interface ToolCallRecord {
  id: number;
  kind: RequestKind;
  client: string;
  server: string;
  /** The tool's own name; for other kinds the resource URI, the prompt's own name, or what was completed. */
  tool: string;
  arguments: string;
  status: ToolCallStatus;
  startedAt: string;
  durationMs: number | null;
  error: string | null;
  decision: string | null;
}

/** Arguments are stored for the timeline, capped so one huge call cannot bloat hub.db. */
export const MAX_STORED_ARGUMENTS = 8 * 1024;

/** All SQL for the `tool_calls` table: a row when a call starts, completed when it ends. */
export class ToolCallsRepo {
  private readonly insert;
  private readonly finishStmt;
  private readonly decidedStmt;

  constructor(
    private readonly db: Db,
    /** hub.db's path, for the sentences of failed writes. */
    readonly file: string,
  ) {
    this.insert = db.prepare(
      `INSERT INTO tool_calls (client, server, tool, arguments, status, started_at, decision, kind) VALUES (?, ?, ?, ?, 'running', ?, ?, ?)`,
    );
    this.finishStmt = db.prepare('UPDATE tool_calls SET status = ?, duration_ms = ?, error = ?, decision = ? WHERE id = ?');
    this.decidedStmt = db.prepare('UPDATE tool_calls SET decision = ? WHERE id = ?');
  }

  /** `decision`: how consent was given, when it is known already (a long call shows it while it runs). */
  start(client: string, server: string, tool: string, args: unknown, decision?: string, kind: RequestKind = 'tool'): number {
    return Number(this.insert.run(client, server, tool, capArguments(args), new Date().toISOString(), decision ?? null, kind).lastInsertRowid);
  }

  /** The user answered a prompt for a call already on the timeline. */
  decided(id: number, decision: string): void {
    this.decidedStmt.run(decision, id);
  }

  /** `decision` says how consent was given or refused: "rule 3: allow", "user (cli): allow once", "timeout after 120 s" … */
  finish(id: number, status: Exclude<ToolCallStatus, 'running'>, durationMs: number, error?: string, decision?: string): void {
    this.finishStmt.run(status, durationMs, error ?? null, decision ?? null, id);
  }

  /** Calls still 'running' after a restart never finished: the hub stopped under them. */
  markInterrupted(): void {
    this.db.prepare(`UPDATE tool_calls SET status = 'interrupted' WHERE status = 'running'`).run();
  }

  /** Deletes finished calls that started before `before` (ISO time); returns how many. */
  pruneBefore(before: string): number {
    return this.db.prepare(`DELETE FROM tool_calls WHERE started_at < ? AND status != 'running'`).run(before).changes;
  }

  /** Newest first, filtered; the timeline reads this. */
  query(filter: { client?: string; server?: string; status?: string; since?: string; limit: number }): ToolCallRecord[] {
    const where: string[] = [];
    const args: unknown[] = [];
    for (const key of ['client', 'server', 'status'] as const) {
      if (filter[key] !== undefined) {
        where.push(`${key} = ?`);
        args.push(filter[key]);
      }
    }
    if (filter.since !== undefined) {
      where.push('started_at >= ?');
      args.push(filter.since);
    }
    return this.db
      .prepare(
        `SELECT id, kind, client, server, tool, arguments, status, started_at AS startedAt, duration_ms AS durationMs, error, decision
         FROM tool_calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      )
      .all(...args, filter.limit) as ToolCallRecord[];
  }
}

export function capArguments(args: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(args ?? {});
  } catch (e) {
    // Nested too deeply for JSON.stringify (or a cycle): the attempt is recorded all the same.
    return JSON.stringify({ unrecordable: true, reason: (e as Error).message });
  }
  if (text.length <= MAX_STORED_ARGUMENTS) return text;
  return JSON.stringify({ truncated: true, size: text.length, preview: text.slice(0, MAX_STORED_ARGUMENTS - 100) });
}
