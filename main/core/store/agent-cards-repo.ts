import type { CardSignatureView } from '../../../shared/a2a.js';
import type { Db } from './db.js';
import { guardWrite } from './sql-errors.js';

/** The card the user approved for an agent, and a changed one waiting for approval. */
export interface StoredAgentCard {
  /** The approved card document, as the agent served it. */
  card: unknown;
  pinHash: string;
  signature: CardSignatureView;
  approvedAt: string;
  checkedAt: string;
  pending?: { card: unknown; signature: CardSignatureView; changes: string[] };
}

interface Row {
  card: string;
  pin_hash: string;
  signature: string;
  approved_at: string;
  checked_at: string;
  pending_card: string | null;
  pending_signature: string | null;
  pending_changes: string | null;
}

/** All SQL for `agent_cards`: the pins that consent to an agent rests on (see a2a/card-pin.ts). */
export class AgentCardsRepo {
  private readonly pinStmt;

  constructor(
    private readonly db: Db,
    private readonly file: string,
  ) {
    this.pinStmt = db.prepare('SELECT pin_hash, pending_changes FROM agent_cards WHERE agent = ?');
  }

  get(agent: string): StoredAgentCard | undefined {
    const row = this.db.prepare('SELECT * FROM agent_cards WHERE agent = ?').get(agent) as Row | undefined;
    if (!row) return undefined;
    return {
      card: JSON.parse(row.card),
      pinHash: row.pin_hash,
      signature: JSON.parse(row.signature) as CardSignatureView,
      approvedAt: row.approved_at,
      checkedAt: row.checked_at,
      ...(row.pending_card
        ? { pending: { card: JSON.parse(row.pending_card), signature: JSON.parse(row.pending_signature ?? '{}') as CardSignatureView, changes: JSON.parse(row.pending_changes ?? '[]') as string[] } }
        : {}),
    };
  }

  /**
   * The approved pin and the changes waiting, without parsing the cards: read on every call to an
   * agent (see A2AService.blocked), where the card documents themselves are not needed.
   */
  pin(agent: string): { pinHash: string; changes?: string[] } | undefined {
    const row = this.pinStmt.get(agent) as { pin_hash: string; pending_changes: string | null } | undefined;
    if (!row) return undefined;
    return { pinHash: row.pin_hash, ...(row.pending_changes ? { changes: JSON.parse(row.pending_changes) as string[] } : {}) };
  }

  /** The user approved this card (adding the agent, or accepting a change): it replaces any pending one. */
  approve(agent: string, card: unknown, pinHash: string, signature: CardSignatureView): void {
    const now = new Date().toISOString();
    guardWrite(this.file, () =>
      this.db
        .prepare(
          `INSERT INTO agent_cards (agent, card, pin_hash, signature, approved_at, checked_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (agent) DO UPDATE SET card = excluded.card, pin_hash = excluded.pin_hash, signature = excluded.signature,
             approved_at = excluded.approved_at, checked_at = excluded.checked_at,
             pending_card = NULL, pending_signature = NULL, pending_changes = NULL`,
        )
        .run(agent, JSON.stringify(card), pinHash, JSON.stringify(signature), now, now),
    );
  }

  /**
   * The agent serves a card with the same pin: keep its current form (description, version and
   * signature may differ) and drop a pending change that has since been reverted. A pin hash given
   * replaces the stored one: a record from before signers were pinned takes the hash that holds its signer.
   */
  refresh(agent: string, card: unknown, signature: CardSignatureView, pinHash?: string): void {
    guardWrite(this.file, () =>
      this.db
        .prepare(
          `UPDATE agent_cards SET card = ?, signature = ?, pin_hash = COALESCE(?, pin_hash), checked_at = ?, pending_card = NULL, pending_signature = NULL, pending_changes = NULL WHERE agent = ?`,
        )
        .run(JSON.stringify(card), JSON.stringify(signature), pinHash ?? null, new Date().toISOString(), agent),
    );
  }

  /** The approved card's pin, recomputed (its signer pinned too); the card itself stays. */
  repin(agent: string, pinHash: string, signature: CardSignatureView): void {
    guardWrite(this.file, () => this.db.prepare('UPDATE agent_cards SET pin_hash = ?, signature = ? WHERE agent = ?').run(pinHash, JSON.stringify(signature), agent));
  }

  /** A card that differs from the approved one waits here until the user accepts it. */
  setPending(agent: string, card: unknown, signature: CardSignatureView, changes: string[]): void {
    guardWrite(this.file, () =>
      this.db
        .prepare('UPDATE agent_cards SET pending_card = ?, pending_signature = ?, pending_changes = ?, checked_at = ? WHERE agent = ?')
        .run(JSON.stringify(card), JSON.stringify(signature), JSON.stringify(changes), new Date().toISOString(), agent),
    );
  }
}
