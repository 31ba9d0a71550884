import type { Db } from './db.js';
import { guardWrite } from './sql-errors.js';

/** The two tables that note sign-ins: servers' (0005) and agents' (0007), each keyed by its owner's name. */
const tables = {
  server: { table: 'sign_ins', key: 'server' },
  agent: { table: 'agent_sign_ins', key: 'agent' },
} as const;

export type SignInOwner = keyof typeof tables;

/** References to OAuth tokens kept in the keychain: server (or agent) → the resource they were issued for. */
export class SignInsRepo {
  private readonly read;
  private readonly table: string;
  private readonly key: string;

  constructor(
    private readonly db: Db,
    private readonly file: string,
    owner: SignInOwner = 'server',
  ) {
    ({ table: this.table, key: this.key } = tables[owner]);
    this.read = db.prepare(`SELECT resource FROM ${this.table} WHERE ${this.key} = ?`).pluck();
  }

  /** The resource the stored tokens are for, or undefined when the owner has none. */
  resource(name: string): string | undefined {
    return this.read.get(name) as string | undefined;
  }

  set(name: string, resource: string): void {
    guardWrite(this.file, () =>
      this.db
        .prepare(
          `INSERT INTO ${this.table} (${this.key}, resource, signed_in_at) VALUES (?, ?, ?)
           ON CONFLICT (${this.key}) DO UPDATE SET resource = excluded.resource, signed_in_at = excluded.signed_in_at`,
        )
        .run(name, resource, new Date().toISOString()),
    );
  }

  clear(name: string): void {
    guardWrite(this.file, () => this.db.prepare(`DELETE FROM ${this.table} WHERE ${this.key} = ?`).run(name));
  }
}
