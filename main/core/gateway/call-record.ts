import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { diskFullOrIo, locked } from '../store/db.js';
import { isBusy, writeWithRetry } from '../store/retrying-writes.js';
import type { CallPhases } from '../../../shared/timeline.js';
import { ruleIdOf } from '../../../shared/timeline.js';
import type { ToolCallsRepo, ToolCallStatus, RequestKind } from '../store/tool-calls-repo.js';
import { redactSecrets } from '../secrets/redact.js';

/** A call still running this long after its decision shows the decision on the timeline. */
const DECISION_SHOWN_MS = 200;

/**
 * The timeline record of one request (a tool call, a resource read, a prompt get, a completion). The
 * audit trail fails closed: a request is forwarded only once its record exists (open), and a request
 * whose record cannot be written (a full disk, a lock held past the retries) is refused with a
 * sentence. The outcome is written after the answer went out; a write that still fails there is noted
 * in the server's log (the record then reads "interrupted" after the next start), never fatal.
 *
 * What the server answered and where the time went (phase) are kept in memory and written with the
 * outcome, in the same statement: nothing more is written on the answer's path.
 */
export class CallRecord {
  private id: number | undefined;
  /** How consent was decided, once known. */
  decision: string | undefined;
  private finished = false;
  private decisionTimer: NodeJS.Timeout | undefined;
  private readonly phases: Partial<CallPhases> = {};

  constructor(
    private readonly repo: ToolCallsRepo,
    /** `secrets`: the server's secret values (secretNeedles), removed from what is written. */
    private readonly facts: { kind: RequestKind; client: string; server: string; name: string; arguments: unknown; secrets?: readonly string[] },
    private readonly changed: () => void,
    private readonly note: (line: string) => void,
  ) {}

  /** Writes the record (retrying under a lock); throws a HubError with the reason when it cannot. */
  async open(): Promise<number> {
    if (this.id !== undefined) return this.id;
    const f = this.facts;
    try {
      this.id = await writeWithRetry(() => this.repo.start(f.client, f.server, f.name, redactSecrets(f.arguments, f.secrets ?? []), this.decision, f.kind));
    } catch (e) {
      throw e instanceof HubError ? e : isBusy(e) ? locked(this.repo.file) : diskFullOrIo(this.repo.file, e);
    }
    this.changed();
    return this.id;
  }

  /** The record's id (after open). */
  get recordId(): number {
    if (this.id === undefined) throw new HubError(ErrorCodes.io, 'The call record was not opened.');
    return this.id;
  }

  /**
   * The decision is known; the timeline shows it while the call runs. Most calls end sooner than
   * DECISION_SHOWN_MS, and their outcome carries the decision: one write per call instead of two.
   */
  decided(by: string): void {
    this.decision = by;
    const id = this.id;
    if (id === undefined || this.finished) return;
    clearTimeout(this.decisionTimer);
    this.decisionTimer = setTimeout(() => this.later(() => this.repo.decided(id, by, { ruleId: ruleIdOf(by), phases: this.phases }), 'the decision on'), DECISION_SHOWN_MS);
    this.decisionTimer.unref();
  }

  /** How long one phase of the call took (ms): waiting for the server, for consent, the upstream call. */
  phase(name: keyof CallPhases, ms: number): void {
    this.phases[name] = ms;
  }

  /** `result`: what the server answered (kept capped, written with the outcome). */
  finish(status: Exclude<ToolCallStatus, 'running'>, durationMs: number, error?: string, result?: unknown): void {
    const id = this.id;
    if (id === undefined) return;
    this.finished = true;
    clearTimeout(this.decisionTimer);
    const decision = this.decision;
    const secrets = this.facts.secrets ?? [];
    this.later(
      () => this.repo.finish(id, status, durationMs, redactSecrets(error, secrets), decision, { ruleId: ruleIdOf(decision), result: redactSecrets(result, secrets), phases: this.phases }),
      'the outcome of',
    );
  }

  private later(write: () => void, what: string): void {
    setImmediate(() => {
      writeWithRetry(write).then(
        () => this.changed(),
        (e: Error) => this.note(`could not record ${what} call ${this.id}: ${e.message}`),
      );
    });
  }
}
