import { ServerConfigSchema, type ServerConfig, type ServerConfigInput } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { Db } from './db.js';
import { guardWrite } from './sql-errors.js';
import { formatZodIssue } from '../../../shared/zod-issue.js';
import { A2A_TOOLS_NAME, HUB_TOOLS_NAME } from '../../../shared/names.js';

interface Row {
  name: string;
  enabled: number;
  config: string;
}

/** All SQL for the `servers` table. Every config is validated on its way in and on its way out. */
export class ServersRepo {
  constructor(
    private readonly db: Db,
    private readonly file: string,
  ) {}

  list(): ServerConfig[] {
    const rows = this.db.prepare('SELECT name, enabled, config FROM servers ORDER BY name').all() as Row[];
    return rows.map((r) => this.fromRow(r));
  }

  get(name: string): ServerConfig | undefined {
    const row = this.db.prepare('SELECT name, enabled, config FROM servers WHERE name = ?').get(name) as Row | undefined;
    return row && this.fromRow(row);
  }

  require(name: string): ServerConfig {
    const server = this.get(name);
    if (!server) throw new HubError(ErrorCodes.notFound, `There is no server named "${name}" (see: agent-hub server list).`);
    return server;
  }

  /** Adds one server; a taken name is a conflict. */
  add(input: ServerConfigInput): ServerConfig {
    return this.addMany([input], { replace: false })[0]!;
  }

  /**
   * Adds several servers in one transaction: all of them or none. With `replace`, a server of the same
   * name is overwritten; without it, a taken name is a conflict and nothing is written.
   */
  addMany(inputs: readonly ServerConfigInput[], { replace }: { replace: boolean }): ServerConfig[] {
    const configs = inputs.map((i) => validate(i));
    const now = new Date().toISOString();
    const insert = this.db.prepare(
      `INSERT INTO servers (name, transport, enabled, config, created_at, updated_at)
       VALUES (@name, @transport, @enabled, @config, @now, @now)
       ON CONFLICT (name) DO UPDATE SET transport = excluded.transport, enabled = excluded.enabled,
         config = excluded.config, updated_at = excluded.updated_at`,
    );
    const exists = this.db.prepare('SELECT 1 FROM servers WHERE name = ?').pluck();
    const agent = this.db.prepare('SELECT 1 FROM agents WHERE name = ?').pluck();
    return guardWrite(this.file, () =>
      this.db.transaction(() => {
        for (const c of configs) {
          assertNameFree(c.name, 'server', () => agent.get(c.name) !== undefined);
          if (!replace && exists.get(c.name)) {
            throw new HubError(
              ErrorCodes.conflict,
              `A server named "${c.name}" already exists; remove it first or choose another name.`,
            );
          }
          insert.run({ name: c.name, transport: c.transport, enabled: c.enabled ? 1 : 0, config: toJson(c), now });
        }
        return configs;
      })(),
    );
  }

  /** Replaces an existing server's configuration. */
  update(input: ServerConfigInput): ServerConfig {
    const c = validate(input);
    this.require(c.name);
    guardWrite(this.file, () =>
      this.db
        .prepare('UPDATE servers SET transport = ?, enabled = ?, config = ?, updated_at = ? WHERE name = ?')
        .run(c.transport, c.enabled ? 1 : 0, toJson(c), new Date().toISOString(), c.name),
    );
    return c;
  }

  /** Marks a server changed without changing it (a running hub notices, e.g. a replaced secret). */
  touch(name: string): void {
    guardWrite(this.file, () => this.db.prepare('UPDATE servers SET updated_at = ? WHERE name = ?').run(new Date().toISOString(), name));
  }

  setEnabled(name: string, enabled: boolean): void {
    const server = this.require(name);
    this.update({ ...server, enabled });
  }

  remove(name: string): void {
    const { changes } = guardWrite(this.file, () => this.db.prepare('DELETE FROM servers WHERE name = ?').run(name));
    if (changes === 0) this.require(name);
  }

  private fromRow(row: Row): ServerConfig {
    let raw: unknown;
    try {
      raw = { ...(JSON.parse(row.config) as object), name: row.name, enabled: row.enabled === 1 };
    } catch {
      raw = undefined;
    }
    const parsed = ServerConfigSchema.safeParse(raw);
    if (!parsed.success) {
      throw new HubError(
        ErrorCodes.invalidConfig,
        `The stored configuration of server "${row.name}" in ${this.file} is invalid (${formatZodIssue(parsed.error)}); remove and add it again.`,
      );
    }
    return parsed.data;
  }
}

function validate(input: ServerConfigInput): ServerConfig {
  const parsed = ServerConfigSchema.safeParse(input);
  if (!parsed.success) {
    const label = typeof input?.name === 'string' ? `Server "${input.name}"` : 'The server';
    throw new HubError(ErrorCodes.invalidConfig, `${label} is not valid: ${formatZodIssue(parsed.error)}.`);
  }
  return parsed.data;
}

/** Name and enabled live in their own columns; the rest is the JSON config. */
function toJson(c: ServerConfig): string {
  const { name: _name, enabled: _enabled, ...rest } = c;
  return JSON.stringify(rest);
}

/**
 * Servers and agents share one namespace (both publish tools as `name__tool`), and `a2a` is the hub's
 * own: a name taken on the other side, or reserved, is refused with a sentence that says why.
 */
export function assertNameFree(name: string, kind: 'server' | 'agent', takenByOther: () => boolean): void {
  if (name === A2A_TOOLS_NAME) {
    throw new HubError(ErrorCodes.conflict, `The name "${A2A_TOOLS_NAME}" is reserved for the hub's own A2A tools (a2a__get_task, a2a__cancel_task); choose another name for the ${kind}.`);
  }
  if (name === HUB_TOOLS_NAME) {
    throw new HubError(ErrorCodes.conflict, `The name "${HUB_TOOLS_NAME}" is reserved for the hub's own tools (hub__search_tools, hub__call_tool); choose another name for the ${kind}.`);
  }
  if (takenByOther()) {
    const other = kind === 'server' ? 'an agent' : 'a server';
    throw new HubError(ErrorCodes.conflict, `The name "${name}" is taken by ${other} (servers and agents share names, since both publish tools as NAME__tool); choose another name.`);
  }
}
