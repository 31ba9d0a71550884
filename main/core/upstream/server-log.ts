import fs from 'node:fs';
import path from 'node:path';

/**
 * A server's stderr: appended to logs/NAME.log (rotated to NAME.log.1 past a size cap) and the last
 * lines kept in memory for the UI. Never written to any client's stdout.
 */
export class ServerLog {
  private readonly lines: string[] = [];
  private partial = '';
  private fd: number | undefined;
  private size = 0;
  /** Once closed, late stderr (a server writing as it exits) stays in memory and never reopens the file. */
  private closed = false;

  constructor(
    private readonly file: string | undefined,
    private readonly maxBytes = 1024 * 1024,
    private readonly keepLines = 200,
  ) {}

  write(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    if (this.partial.length > 4096) {
      parts.push(this.partial);
      this.partial = '';
    }
    for (const line of parts) this.append(line);
  }

  /** Where the log is written (undefined when it is kept in memory only). */
  get path(): string | undefined {
    return this.file;
  }

  /** A line of the hub's own about this server (start, exit, restart). */
  note(line: string): void {
    this.append(`[agent-hub] ${line}`);
  }

  tail(n = this.keepLines): string[] {
    return this.lines.slice(-n);
  }

  close(): void {
    if (this.partial) this.append(this.partial);
    this.partial = '';
    this.closed = true;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private append(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.keepLines) this.lines.splice(0, this.lines.length - this.keepLines);
    if (!this.file || this.closed) return;
    try {
      this.open();
      const data = `${new Date().toISOString()} ${line}\n`;
      fs.writeSync(this.fd!, data);
      this.size += Buffer.byteLength(data);
      if (this.size > this.maxBytes) this.rotate();
    } catch {
      // A log that cannot be written (full disk) must never stop the server; the memory tail remains.
    }
  }

  private open(): void {
    if (this.fd !== undefined || !this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.fd = fs.openSync(this.file, 'a', 0o600);
    this.size = fs.fstatSync(this.fd).size;
  }

  private rotate(): void {
    fs.closeSync(this.fd!);
    this.fd = undefined;
    fs.renameSync(this.file!, `${this.file}.1`);
  }
}

/**
 * The last few lines one process of a server wrote (stderr, and stdout that is not MCP): what it said
 * before it exited is usually why it exited ("GITHUB_TOKEN environment variable is required").
 */
export class LastWords {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly keep = 3) {}

  write(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop()!.slice(-500);
    for (const line of parts) this.push(line);
  }

  /** The last lines, one long line each cut to 300 characters, or '' when the process said nothing. */
  toString(): string {
    const lines = this.partial.trim() ? [...this.lines, this.partial.trim()].slice(-this.keep) : this.lines;
    return lines.map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l)).join(' · ');
  }

  private push(line: string): void {
    const trimmed = line.trim();
    if (!trimmed) return;
    this.lines.push(trimmed);
    if (this.lines.length > this.keep) this.lines.shift();
  }
}
