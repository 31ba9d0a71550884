import crypto from 'node:crypto';
import type { ClientPatch, ClientView, ConsentIn } from '../../../shared/clients.js';
import { DEFAULT_PROFILE, parseProfile, type ClientProfile } from '../../../shared/client-profile.js';
import { NameSchema } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { formatZodIssue } from '../../../shared/zod-issue.js';
import { UI_CLIENT } from '../../../shared/workbench.js';
import type { Db } from './db.js';
import { guardWrite } from './sql-errors.js';

/**
 * MCP clients of the hub and their bearer tokens. A token is shown once, when it is made; only its
 * SHA-256 is stored, so a copy of hub.db does not let anyone act as a client.
 */
export class ClientsRepo {
  private readonly byHash;
  private readonly consentInStmt;
  private readonly profileStmt;

  constructor(
    private readonly db: Db,
    private readonly file: string,
  ) {
    // Prepared once: these run on every request to the endpoint, and on every prompt.
    this.byHash = db.prepare('SELECT client FROM client_tokens WHERE token_hash = ?').pluck();
    this.consentInStmt = db.prepare('SELECT consent_in FROM clients WHERE name = ?').pluck();
    this.profileStmt = db.prepare('SELECT profile FROM clients WHERE name = ?').pluck();
  }

  list(): ClientView[] {
    const rows = this.db.prepare('SELECT name, created_at AS createdAt, consent_in AS consentIn, profile FROM clients ORDER BY name').all() as (Omit<ClientView, 'profile'> & { profile: string })[];
    return rows.map((r) => ({ ...r, profile: parseProfile(r.profile) }));
  }

  /** What the client sees (the default for a client that no longer exists: it has no sessions left). */
  profile(name: string): ClientProfile {
    const json = this.profileStmt.get(name) as string | undefined;
    return json === undefined ? DEFAULT_PROFILE : parseProfile(json);
  }

  /** Stores a whole profile (client-profile-admin.ts validates and merges the change first). */
  setProfile(name: string, profile: ClientProfile): void {
    const { changes } = guardWrite(this.file, () => this.db.prepare('UPDATE clients SET profile = ? WHERE name = ?').run(JSON.stringify(profile), name));
    if (changes === 0) throw new HubError(ErrorCodes.notFound, `There is no client named "${name}" (see: agent-hub client list).`);
  }

  /** Where this client's calls ask for consent ('hub' for a client that no longer exists). */
  consentIn(name: string): ConsentIn {
    return (this.consentInStmt.get(name) as ConsentIn | undefined) ?? 'hub';
  }

  /** Changes a client's settings; the one path for `client set` and the Clients page. */
  update(name: string, patch: ClientPatch): ClientView {
    guardWrite(this.file, () =>
      this.db.transaction(() => {
        if (!this.exists(name)) throw new HubError(ErrorCodes.notFound, `There is no client named "${name}" (see: agent-hub client list).`);
        if (patch.consentIn !== undefined) this.db.prepare('UPDATE clients SET consent_in = ? WHERE name = ?').run(patch.consentIn, name);
      })(),
    );
    return this.list().find((c) => c.name === name)!;
  }

  exists(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM clients WHERE name = ?').get(name) !== undefined;
  }

  /** Creates a client and returns its token, the only time the token exists outside the caller. */
  add(name: string): { client: ClientView; token: string } {
    const parsed = NameSchema.safeParse(name);
    if (!parsed.success) throw new HubError(ErrorCodes.invalidArgument, `"${name}" is not a valid client name: ${formatZodIssue(parsed.error)}.`);
    if (name === UI_CLIENT) throw new HubError(ErrorCodes.conflict, `The name "${UI_CLIENT}" is reserved for Agent Hub's own UI (the Workbench calls tools as it); choose another name.`);
    const token = newToken();
    const now = new Date().toISOString();
    guardWrite(this.file, () =>
      this.db.transaction(() => {
        if (this.exists(name)) throw new HubError(ErrorCodes.conflict, `A client named "${name}" already exists; remove it first or choose another name.`);
        this.db.prepare('INSERT INTO clients (name, created_at) VALUES (?, ?)').run(name, now);
        this.db
          .prepare(`INSERT INTO client_tokens (client, token_hash, kind, created_at) VALUES (?, ?, 'static', ?)`)
          .run(name, hashToken(token), now);
      })(),
    );
    return { client: { name, createdAt: now, consentIn: 'hub', profile: DEFAULT_PROFILE }, token };
  }

  /** Its tokens and its consent rules go with it (foreign key and trigger). */
  remove(name: string): void {
    const { changes } = guardWrite(this.file, () => this.db.prepare('DELETE FROM clients WHERE name = ?').run(name));
    if (changes === 0) throw new HubError(ErrorCodes.notFound, `There is no client named "${name}" (see: agent-hub client list).`);
  }

  /** A token for a running `agent-hub connect` process; removed when it exits (or found dead later). */
  mintConnectToken(name: string, pid: number): string {
    if (!this.exists(name)) {
      throw new HubError(ErrorCodes.notFound, `There is no client named "${name}"; create it first with: agent-hub client add ${name}`);
    }
    const token = newToken();
    guardWrite(this.file, () =>
      this.db
        .prepare(`INSERT INTO client_tokens (client, token_hash, kind, pid, created_at) VALUES (?, ?, 'connect', ?, ?)`)
        .run(name, hashToken(token), pid, new Date().toISOString()),
    );
    return token;
  }

  revokeToken(token: string): void {
    guardWrite(this.file, () => this.db.prepare('DELETE FROM client_tokens WHERE token_hash = ?').run(hashToken(token)));
  }

  /** Removes connect tokens whose process is gone (a killed bridge cannot clean up after itself). */
  pruneConnectTokens(isAlive: (pid: number) => boolean): void {
    const rows = this.db.prepare(`SELECT id, pid FROM client_tokens WHERE kind = 'connect'`).all() as { id: number; pid: number }[];
    const dead = rows.filter((r) => !isAlive(r.pid));
    if (dead.length === 0) return;
    const del = this.db.prepare('DELETE FROM client_tokens WHERE id = ?');
    guardWrite(this.file, () => this.db.transaction(() => dead.forEach((r) => del.run(r.id)))());
  }

  /** The client a bearer token belongs to, or undefined. */
  authenticate(token: string): string | undefined {
    return this.byHash.get(hashToken(token)) as string | undefined;
  }
}

function newToken(): string {
  return `ahc_${crypto.randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
