import type { Migration } from './migration.js';

/**
 * A call can be opened on the Timeline:
 * - what the server answered (`result`: JSON, capped like the arguments, see tool-calls-repo.ts);
 * - the rule that decided consent (`rule_id`; rule ids are never reused, so it names that rule even
 *   after it is revoked);
 * - where the time went: waiting for the server to start, waiting for consent, the upstream call (ms;
 *   NULL when the call never got that far, or was recorded before this migration);
 * - `version`: bumped on every write of the row (from the table's largest), so a UI reads only what
 *   changed since it last looked instead of the whole history again. Existing rows take their id.
 * Tasks are found by the call that started them, and a call's prompt by the call.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'call-details',
  up: `
    ALTER TABLE tool_calls ADD COLUMN result TEXT;
    ALTER TABLE tool_calls ADD COLUMN rule_id INTEGER;
    ALTER TABLE tool_calls ADD COLUMN wait_server_ms REAL;
    ALTER TABLE tool_calls ADD COLUMN wait_consent_ms REAL;
    ALTER TABLE tool_calls ADD COLUMN upstream_ms REAL;
    ALTER TABLE tool_calls ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
    UPDATE tool_calls SET version = id;
    CREATE INDEX tool_calls_version ON tool_calls (version);

    CREATE INDEX a2a_tasks_by_call ON a2a_tasks (tool_call) WHERE tool_call IS NOT NULL;
    CREATE INDEX consent_prompts_by_call ON consent_prompts (call_id) WHERE call_id IS NOT NULL;
  `,
};
