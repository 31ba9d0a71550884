import type { CallKind, CallPhases, CallStatus, CallQuery, ToolCallPage, ToolCallTotals, ToolCallView, TimelineFacets } from '../../../shared/timeline.js';
import { PREVIEW_CHARS } from '../../../shared/timeline.js';
import { callWhere, FOLD_FUNCTION, foldCase, type CallListQuery } from './call-query.js';
import type { Db } from './db.js';

export type ToolCallStatus = CallStatus;

/** What was requested: a tool call, or a resource read, prompt get or completion (recorded alike). */
export type RequestKind = CallKind;

export type ToolCallRecord = ToolCallView;

/** Arguments are stored for the timeline, capped so one huge call cannot bloat hub.db. */
export const MAX_STORED_ARGUMENTS = 8 * 1024;
/** What a server answered, kept for the timeline; capped the same way, larger because answers are. */
export const MAX_STORED_RESULT = 64 * 1024;
/** A base64 payload (an image, a blob) longer than this is replaced by its size in a result too big to keep whole. */
const MAX_KEPT_PAYLOAD = 1024;

/** The rest of a call's outcome, written in the same statement as its status. */
export interface CallOutcomeDetails {
  /** The rule that decided consent (rule ids are never reused). */
  ruleId?: number | undefined;
  /** What the server answered, stored capped (see capResult). */
  result?: unknown;
  phases?: Partial<CallPhases> | undefined;
}

const NEXT_VERSION = '(SELECT ifnull(max(version), 0) + 1 FROM tool_calls)';

const LIST_COLUMNS = `id, kind, client, server, tool,
  CASE WHEN length(arguments) > ${PREVIEW_CHARS} THEN substr(arguments, 1, ${PREVIEW_CHARS}) || '…' ELSE arguments END AS arguments,
  status, started_at AS startedAt, duration_ms AS durationMs,
  CASE WHEN length(error) > ${PREVIEW_CHARS} THEN substr(error, 1, ${PREVIEW_CHARS}) || '…' ELSE error END AS error,
  decision, (SELECT count(*) FROM a2a_tasks t WHERE t.tool_call = tool_calls.id) AS tasks`;

/**
 * All SQL for the `tool_calls` table: a row when a call starts, completed when it ends, and the
 * Timeline's reads. Every write takes the next `version` (from the table's largest, through its index),
 * so a reader asks for what changed since the version it saw, never for the whole history again.
 */
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
      `INSERT INTO tool_calls (client, server, tool, arguments, status, started_at, decision, kind, version) VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ${NEXT_VERSION})`,
    );
    this.finishStmt = db.prepare(
      `UPDATE tool_calls SET status = ?, duration_ms = ?, error = ?, decision = ?, rule_id = ?, result = ?, wait_server_ms = ?, wait_consent_ms = ?, upstream_ms = ?,
       version = ${NEXT_VERSION} WHERE id = ?`,
    );
    this.decidedStmt = db.prepare(`UPDATE tool_calls SET decision = ?, rule_id = ?, wait_server_ms = ?, wait_consent_ms = ?, version = ${NEXT_VERSION} WHERE id = ?`);
    db.function(FOLD_FUNCTION, { deterministic: true }, foldCase);
  }

  /** `decision`: how consent was given, when it is known already (a long call shows it while it runs). */
  start(client: string, server: string, tool: string, args: unknown, decision?: string, kind: RequestKind = 'tool'): number {
    return Number(this.insert.run(client, server, tool, capArguments(args), new Date().toISOString(), decision ?? null, kind).lastInsertRowid);
  }

  /** The user answered a prompt for a call already on the timeline (with the time it took so far). */
  decided(id: number, decision: string, details: Omit<CallOutcomeDetails, 'result'> = {}): void {
    this.decidedStmt.run(decision, details.ruleId ?? null, details.phases?.serverMs ?? null, details.phases?.consentMs ?? null, id);
  }

  /**
   * `decision` says how consent was given or refused: "rule 3: allow", "user (cli): allow once", "timeout after 120 s" …
   * The result and the phases go in the same statement: one write per call.
   */
  finish(id: number, status: Exclude<ToolCallStatus, 'running'>, durationMs: number, error?: string, decision?: string, details: CallOutcomeDetails = {}): void {
    const p = details.phases ?? {};
    this.finishStmt.run(
      status,
      durationMs,
      error ?? null,
      decision ?? null,
      details.ruleId ?? null,
      details.result === undefined ? null : capResult(details.result),
      p.serverMs ?? null,
      p.consentMs ?? null,
      p.upstreamMs ?? null,
      id,
    );
  }

  /** Calls still 'running' after a restart never finished: the hub stopped under them. */
  markInterrupted(): void {
    this.db.prepare(`UPDATE tool_calls SET status = 'interrupted', version = ${NEXT_VERSION} WHERE status = 'running'`).run();
  }

  /** Deletes finished calls that started before `before` (ISO time); returns how many. */
  pruneBefore(before: string): number {
    return this.db.prepare(`DELETE FROM tool_calls WHERE started_at < ? AND status != 'running'`).run(before).changes;
  }

  /** Newest first, filtered; `limit` rows at most. */
  query(filter: CallListQuery): ToolCallRecord[] {
    return this.page(filter).calls;
  }

  /**
   * One read of the Timeline's list: a page newest first (below `beforeId`, above `afterId`), or with
   * `changedSince` only what was written since that version, and the ids written since that no
   * longer match the filter.
   */
  page(filter: CallListQuery): ToolCallPage {
    const version = this.version();
    const { sql, args } = callWhere(filter);
    const paging: string[] = [];
    const pagingArgs: unknown[] = [];
    const bound = (clause: string, value: number | undefined) => {
      if (value === undefined) return;
      paging.push(clause);
      pagingArgs.push(value);
    };
    bound('id > ?', filter.afterId);
    bound('id < ?', filter.beforeId);
    bound('version > ?', filter.changedSince);
    const where = [...(sql ? [sql] : []), ...paging];
    const rows = this.db
      .prepare(`SELECT ${LIST_COLUMNS} FROM tool_calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`)
      .all(...args, ...pagingArgs, filter.limit + 1) as ToolCallView[];
    const more = rows.length > filter.limit;
    if (more) rows.pop();
    const gone =
      filter.changedSince !== undefined && sql
        ? (this.db.prepare(`SELECT id FROM tool_calls WHERE version > ? AND NOT (${sql})`).pluck().all(filter.changedSince, ...args) as number[])
        : [];
    const oldestId = (this.db.prepare('SELECT ifnull(min(id), 0) FROM tool_calls').pluck().get() as number) ?? 0;
    return { calls: rows, gone, version, more, oldestId };
  }

  /** The record's version now (its latest write). */
  version(): number {
    return this.db.prepare('SELECT ifnull(max(version), 0) FROM tool_calls').pluck().get() as number;
  }

  /** How many calls match, by status and by kind. */
  totals(filter: CallQuery): ToolCallTotals {
    const { sql, args } = callWhere(filter);
    const rows = this.db.prepare(`SELECT status, kind, count(*) AS n FROM tool_calls ${sql ? `WHERE ${sql}` : ''} GROUP BY status, kind`).all(...args) as {
      status: CallStatus;
      kind: CallKind;
      n: number;
    }[];
    const totals: ToolCallTotals = { calls: 0, byStatus: {}, byKind: {} };
    for (const r of rows) {
      totals.calls += r.n;
      totals.byStatus[r.status] = (totals.byStatus[r.status] ?? 0) + r.n;
      totals.byKind[r.kind] = (totals.byKind[r.kind] ?? 0) + r.n;
    }
    return totals;
  }

  /** The clients, servers and what was called of each in the record, most called first per server (200 each at most). */
  facets(): TimelineFacets {
    const rows = this.db.prepare('SELECT client, server, tool, kind, count(*) AS n FROM tool_calls GROUP BY client, server, tool, kind').all() as {
      client: string;
      server: string;
      tool: string;
      kind: CallKind;
      n: number;
    }[];
    const clients = new Set<string>();
    const servers = new Map<string, Map<string, { name: string; kind: CallKind; n: number }>>();
    for (const r of rows) {
      clients.add(r.client);
      const tools = servers.get(r.server) ?? new Map<string, { name: string; kind: CallKind; n: number }>();
      servers.set(r.server, tools);
      const key = `${r.kind}\u0000${r.tool}`;
      const known = tools.get(key);
      if (known) known.n += r.n;
      else tools.set(key, { name: r.tool, kind: r.kind, n: r.n });
    }
    const agents = this.db.prepare('SELECT DISTINCT agent FROM a2a_tasks ORDER BY agent').pluck().all() as string[];
    return {
      clients: [...clients].sort(),
      servers: [...servers]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, tools]) => ({
          name,
          tools: [...tools.values()]
            .sort((a, b) => b.n - a.n || a.name.localeCompare(b.name))
            .slice(0, 200)
            .sort((a, b) => a.name.localeCompare(b.name))
            .map(({ name: tool, kind }) => ({ name: tool, kind })),
        })),
      agents,
    };
  }

  /** One call with everything its row holds (the details view adds consent and tasks, see call-details.ts). */
  get(id: number): (ToolCallView & { result: string | null; ruleId: number | null; phases: CallPhases }) | undefined {
    const row = this.db
      .prepare(
        `SELECT id, kind, client, server, tool, arguments, status, started_at AS startedAt, duration_ms AS durationMs, error, decision,
          (SELECT count(*) FROM a2a_tasks t WHERE t.tool_call = tool_calls.id) AS tasks,
          result, rule_id AS ruleId, wait_server_ms AS serverMs, wait_consent_ms AS consentMs, upstream_ms AS upstreamMs
         FROM tool_calls WHERE id = ?`,
      )
      .get(id) as (ToolCallView & { result: string | null; ruleId: number | null } & CallPhases) | undefined;
    if (!row) return undefined;
    const { serverMs, consentMs, upstreamMs, ...rest } = row;
    return { ...rest, phases: { serverMs, consentMs, upstreamMs } };
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

/**
 * What a server answered, as stored: whole up to MAX_STORED_RESULT; above it, base64 payloads (images,
 * audio, blobs) are replaced by a note of their size, and if that is still too big, the start of it is
 * kept as a preview. Stored as the server sent it, like the arguments: what a server returns is on the
 * record, except the server's own secret values, which the call's record removed before (secrets/redact.ts).
 */
export function capResult(result: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(result ?? null);
  } catch (e) {
    return JSON.stringify({ unrecordable: true, reason: (e as Error).message });
  }
  if (text.length <= MAX_STORED_RESULT) return text;
  const lighter = JSON.stringify(result, (key, value: unknown) =>
    (key === 'data' || key === 'blob') && typeof value === 'string' && value.length > MAX_KEPT_PAYLOAD ? `[${value.length} characters of base64, not kept]` : value,
  );
  if (lighter.length <= MAX_STORED_RESULT) return lighter;
  return JSON.stringify({ truncated: true, size: text.length, preview: lighter.slice(0, MAX_STORED_RESULT - 100) });
}
