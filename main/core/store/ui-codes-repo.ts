import crypto from 'node:crypto';
import type { Db } from './db.js';
import { guardWrite } from './sql-errors.js';

/** A sign-in code is good for this long, and for one use. */
export const UI_CODE_TTL_MS = 10 * 60 * 1000;

export class UiCodesRepo {
  constructor(
    private readonly db: Db,
    private readonly file: string,
  ) {}

  mint(): string {
    const code = crypto.randomBytes(24).toString('base64url');
    guardWrite(this.file, () =>
      this.db.prepare('INSERT INTO ui_codes (code_hash, expires_at) VALUES (?, ?)').run(hash(code), new Date(Date.now() + UI_CODE_TTL_MS).toISOString()),
    );
    return code;
  }

  /** True once for a valid code: it is deleted as it is used. Expired codes are swept at the same time. */
  consume(code: string): boolean {
    return guardWrite(this.file, () =>
      this.db.transaction(() => {
        const now = new Date().toISOString();
        this.db.prepare('DELETE FROM ui_codes WHERE expires_at < ?').run(now);
        return this.db.prepare('DELETE FROM ui_codes WHERE code_hash = ?').run(hash(code)).changes === 1;
      })(),
    );
  }
}

const hash = (code: string) => crypto.createHash('sha256').update(code).digest('hex');
