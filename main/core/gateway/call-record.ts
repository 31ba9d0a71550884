import type { ToolCallsRepo, ToolCallStatus, RequestKind } from '../store/tool-calls-repo.js';

/**
 * The timeline record of one request (a tool call, a resource read, a prompt get, a completion):
 * written when the request is under way (or when a prompt needs its id) and completed after the
 * answer went out, so both SQLite writes overlap the server's work instead of adding to the latency.
 * A write that fails (full disk) never fails the request or crashes the hub: `note` says so in the
 * server's log.
 */
export class CallRecord {
  private id: number | undefined;
  /** How consent was decided, once known; a record written after that carries it from the start. */
  decision: string | undefined;

  constructor(
    private readonly repo: ToolCallsRepo,
    private readonly facts: { kind: RequestKind; client: string; server: string; name: string; arguments: unknown },
    private readonly changed: () => void,
    private readonly note: (line: string) => void,
  ) {}

  /** Writes the record now (if not yet written) and returns its id (-1 when it could not be written). */
  start(): number {
    if (this.id === undefined) {
      const f = this.facts;
      try {
        this.id = this.repo.start(f.client, f.server, f.name, f.arguments, this.decision, f.kind);
        this.changed();
      } catch (e) {
        this.id = -1;
        this.note(`could not record a call to ${f.name}: ${(e as Error).message}`);
      }
    }
    return this.id;
  }

  /** The decision is known; a record already written (a prompt put it on the timeline) shows it now. */
  decided(by: string): void {
    this.decision = by;
    const id = this.id;
    if (id === undefined || id === -1) return;
    setImmediate(() => {
      try {
        this.repo.decided(id, by);
        this.changed();
      } catch {
        // Only the timeline's "consent" column waits for the end of the call then.
      }
    });
  }

  finish(status: Exclude<ToolCallStatus, 'running'>, durationMs: number, error?: string): void {
    const id = this.start();
    if (id === -1) return;
    setImmediate(() => {
      try {
        this.repo.finish(id, status, durationMs, error, this.decision);
        this.changed();
      } catch (e) {
        this.note(`could not complete the record of call ${id}: ${(e as Error).message}`);
      }
    });
  }
}
