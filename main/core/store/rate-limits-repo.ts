import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { RateLimitView } from '../../../shared/limits.js';
import type { Db } from './db.js';
import { guardWrite } from './sql-errors.js';

const COLUMNS = 'id, client, server, tool, per_minute AS perMinute, created_at AS createdAt';

/**
 * All SQL for the `rate_limits` table (migration 0009). A scope (client, server, tool; null for every
 * one) has at most one limit: setting it again replaces the number and keeps the id, so a limit's id
 * stays what `limit list` showed.
 */
export class RateLimitsRepo {
  constructor(
    private readonly db: Db,
    private readonly file: string,
  ) {}

  list(): RateLimitView[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM rate_limits ORDER BY id`).all() as RateLimitView[];
  }

  get(id: number): RateLimitView | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM rate_limits WHERE id = ?`).get(id) as RateLimitView | undefined;
  }

  /** Sets the limit of a scope (a new row, or the existing one's number). */
  set(scope: { client: string | null; server: string | null; tool: string | null }, perMinute: number): RateLimitView {
    const id = guardWrite(this.file, () =>
      this.db.transaction(() => {
        const existing = this.db
          .prepare('SELECT id FROM rate_limits WHERE client IS ? AND server IS ? AND tool IS ?')
          .pluck()
          .get(scope.client, scope.server, scope.tool) as number | undefined;
        if (existing !== undefined) {
          this.db.prepare('UPDATE rate_limits SET per_minute = ? WHERE id = ?').run(perMinute, existing);
          return existing;
        }
        const insert = 'INSERT INTO rate_limits (client, server, tool, per_minute, created_at) VALUES (?, ?, ?, ?, ?)';
        return Number(this.db.prepare(insert).run(scope.client, scope.server, scope.tool, perMinute, new Date().toISOString()).lastInsertRowid);
      })(),
    );
    return this.get(id)!;
  }

  remove(id: number): void {
    const { changes } = guardWrite(this.file, () => this.db.prepare('DELETE FROM rate_limits WHERE id = ?').run(id));
    if (changes === 0) throw new HubError(ErrorCodes.notFound, `There is no rate limit ${id} (see: agent-hub limit list).`);
  }
}
