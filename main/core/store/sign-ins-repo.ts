import type { Db } from './db.js';
import { guardWrite } from './sql-errors.js';

/** References to OAuth tokens kept in the keychain: server → the resource they were issued for. */
export class SignInsRepo {
  private readonly read;

  constructor(
    private readonly db: Db,
    private readonly file: string,
  ) {
    this.read = db.prepare('SELECT resource FROM sign_ins WHERE server = ?').pluck();
  }

  /** The resource the stored tokens are for, or undefined when the server has none. */
  resource(server: string): string | undefined {
    return this.read.get(server) as string | undefined;
  }

  set(server: string, resource: string): void {
    guardWrite(this.file, () =>
      this.db
        .prepare(
          `INSERT INTO sign_ins (server, resource, signed_in_at) VALUES (?, ?, ?)
           ON CONFLICT (server) DO UPDATE SET resource = excluded.resource, signed_in_at = excluded.signed_in_at`,
        )
        .run(server, resource, new Date().toISOString()),
    );
  }

  clear(server: string): void {
    guardWrite(this.file, () => this.db.prepare('DELETE FROM sign_ins WHERE server = ?').run(server));
  }
}
