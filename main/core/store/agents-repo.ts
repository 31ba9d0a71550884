import { AgentConfigSchema, type AgentConfig, type AgentConfigInput } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { formatZodIssue } from '../config/validation.js';
import type { Db } from './db.js';
import { guardWrite } from './sql-errors.js';

interface Row {
  name: string;
  enabled: number;
  config: string;
}

/** All SQL for the `agents` table (A2A agents). */
export class AgentsRepo {
  constructor(
    private readonly db: Db,
    private readonly file: string,
  ) {}

  list(): AgentConfig[] {
    const rows = this.db.prepare('SELECT name, enabled, config FROM agents ORDER BY name').all() as Row[];
    return rows.map((r) => this.fromRow(r));
  }

  add(input: AgentConfigInput): AgentConfig {
    const parsed = AgentConfigSchema.safeParse(input);
    if (!parsed.success) {
      throw new HubError(ErrorCodes.invalidConfig, `Agent "${String(input.name)}" is not valid: ${formatZodIssue(parsed.error)}.`);
    }
    const a = parsed.data;
    const { name, enabled, ...rest } = a;
    const now = new Date().toISOString();
    guardWrite(this.file, () => {
      const taken = this.db.prepare('SELECT 1 FROM agents WHERE name = ?').get(name);
      if (taken) throw new HubError(ErrorCodes.conflict, `An agent named "${name}" already exists; remove it first or choose another name.`);
      this.db
        .prepare('INSERT INTO agents (name, enabled, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(name, enabled ? 1 : 0, JSON.stringify(rest), now, now);
    });
    return a;
  }

  remove(name: string): void {
    const { changes } = guardWrite(this.file, () => this.db.prepare('DELETE FROM agents WHERE name = ?').run(name));
    if (changes === 0) throw new HubError(ErrorCodes.notFound, `There is no agent named "${name}" (see: agent-hub agent list).`);
  }

  private fromRow(row: Row): AgentConfig {
    const parsed = AgentConfigSchema.safeParse({ ...safeJson(row.config), name: row.name, enabled: row.enabled === 1 });
    if (!parsed.success) {
      throw new HubError(
        ErrorCodes.invalidConfig,
        `The stored configuration of agent "${row.name}" in ${this.file} is invalid (${formatZodIssue(parsed.error)}); remove and add it again.`,
      );
    }
    return parsed.data;
  }
}

function safeJson(text: string): object {
  try {
    return JSON.parse(text) as object;
  } catch {
    return {};
  }
}
