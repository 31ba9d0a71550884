import { AgentConfigSchema, type AgentConfig, type AgentConfigInput } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { formatZodIssue } from '../../../shared/zod-issue.js';
import type { Db } from './db.js';
import { assertNameFree } from './servers-repo.js';
import { guardWrite } from './sql-errors.js';

interface Row {
  name: string;
  enabled: number;
  config: string;
}

/** All SQL for the `agents` table (A2A agents). Every config is validated on its way in and out. */
export class AgentsRepo {
  constructor(
    private readonly db: Db,
    private readonly file: string,
  ) {}

  list(): AgentConfig[] {
    const rows = this.db.prepare('SELECT name, enabled, config FROM agents ORDER BY name').all() as Row[];
    return rows.map((r) => this.fromRow(r));
  }

  get(name: string): AgentConfig | undefined {
    const row = this.db.prepare('SELECT name, enabled, config FROM agents WHERE name = ?').get(name) as Row | undefined;
    return row && this.fromRow(row);
  }

  require(name: string): AgentConfig {
    const agent = this.get(name);
    if (!agent) throw new HubError(ErrorCodes.notFound, `There is no agent named "${name}" (see: agent-hub agent list).`);
    return agent;
  }

  /** Adds an agent; `before` runs in the same transaction (the CLI stores the approved card there). */
  add(input: AgentConfigInput, before?: (config: AgentConfig) => void): AgentConfig {
    const a = validate(input);
    const { name, enabled, ...rest } = a;
    const now = new Date().toISOString();
    guardWrite(this.file, () =>
      this.db.transaction(() => {
        assertNameFree(name, 'agent', () => this.db.prepare('SELECT 1 FROM servers WHERE name = ?').get(name) !== undefined);
        const taken = this.db.prepare('SELECT 1 FROM agents WHERE name = ?').get(name);
        if (taken) throw new HubError(ErrorCodes.conflict, `An agent named "${name}" already exists; remove it first or choose another name.`);
        this.db
          .prepare('INSERT INTO agents (name, enabled, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
          .run(name, enabled ? 1 : 0, JSON.stringify(rest), now, now);
        before?.(a);
      })(),
    );
    return a;
  }

  /** Replaces an existing agent's configuration (the name stays: it is how clients call its tools). */
  update(input: AgentConfigInput): AgentConfig {
    const a = validate(input);
    this.require(a.name);
    const { name, enabled, ...rest } = a;
    guardWrite(this.file, () =>
      this.db.prepare('UPDATE agents SET enabled = ?, config = ?, updated_at = ? WHERE name = ?').run(enabled ? 1 : 0, JSON.stringify(rest), new Date().toISOString(), name),
    );
    return a;
  }

  setEnabled(name: string, enabled: boolean): void {
    const { changes } = guardWrite(this.file, () => this.db.prepare('UPDATE agents SET enabled = ?, updated_at = ? WHERE name = ?').run(enabled ? 1 : 0, new Date().toISOString(), name));
    if (changes === 0) this.require(name);
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

function validate(input: AgentConfigInput): AgentConfig {
  const parsed = AgentConfigSchema.safeParse(input);
  if (!parsed.success) throw new HubError(ErrorCodes.invalidConfig, `Agent "${String(input.name)}" is not valid: ${formatZodIssue(parsed.error)}.`);
  return parsed.data;
}

function safeJson(text: string): object {
  try {
    return JSON.parse(text) as object;
  } catch {
    return {};
  }
}
