import fs from 'node:fs';
import path from 'node:path';

/** A line longer than this is cut in the log (a server may print a whole document on one line). */
const MAX_LINE_CHARS = 8192;
/** Lines wait this long (or until FLUSH_BYTES) and are then written in one go, off the event loop. */
const FLUSH_MS = 200;
const FLUSH_BYTES = 64 * 1024;
/** A server that writes more than this per second has the rest dropped (and counted) until the next second. */
const MAX_BYTES_PER_SECOND = 1024 * 1024;

/**
 * A log file of lines: a server's stderr (logs/NAME.log) or the hub's own (logs/hub.log), rotated to
 * FILE.1 past a size cap, with the last lines kept in memory for the UI. Never written to any client's
 * stdout.
 *
 * Writing is buffered and asynchronous, and rate-limited: a server flooding stderr costs the hub a
 * string append per line, not a synchronous disk write, so other clients' calls do not wait on it.
 */
export class ServerLog {
  private readonly lines: string[] = [];
  private partial = '';
  private fd: number | undefined;
  private size = 0;
  /** Once closed, late stderr (a server writing as it exits) stays in memory and never reopens the file. */
  private closed = false;
  private pending: string[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing = false;
  private window = { start: 0, bytes: 0, dropped: 0 };

  constructor(
    private readonly file: string | undefined,
    private readonly maxBytes = 1024 * 1024,
    private readonly keepLines = 200,
  ) {}

  /** Where the log is written (undefined when it is kept in memory only). */
  get path(): string | undefined {
    return this.file;
  }

  write(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    if (this.partial.length > MAX_LINE_CHARS) {
      parts.push(this.partial);
      this.partial = '';
    }
    for (const line of parts) this.append(line);
  }

  /** A line of the hub's own about this server (start, exit, restart). Never dropped by the rate limit. */
  note(line: string): void {
    this.append(`[agent-hub] ${line}`, true);
  }

  tail(n = this.keepLines): string[] {
    return this.lines.slice(-n);
  }

  /** Writes what is buffered, synchronously (the server stopped: nothing may be lost), and closes the file. */
  close(): void {
    if (this.partial) this.append(this.partial);
    this.partial = '';
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushSync();
    this.closed = true;
    if (this.fd !== undefined && !this.writing) fs.closeSync(this.fd);
    if (!this.writing) this.fd = undefined;
  }

  private append(raw: string, always = false): void {
    const line = raw.length > MAX_LINE_CHARS ? `${raw.slice(0, MAX_LINE_CHARS)}… (${raw.length} characters, cut)` : raw;
    this.lines.push(line);
    if (this.lines.length > this.keepLines) this.lines.splice(0, this.lines.length - this.keepLines);
    if (!this.file || this.closed) return;
    const now = Date.now();
    if (now - this.window.start >= 1000) {
      this.noteDropped();
      this.window = { start: now, bytes: 0, dropped: 0 };
    }
    if (!always && this.window.bytes > MAX_BYTES_PER_SECOND) {
      // Said once the second is over (also when the flood ends with it).
      if (this.window.dropped++ === 0) setTimeout(() => this.noteDropped(), 1000 - (now - this.window.start)).unref();
      return;
    }
    this.window.bytes += line.length;
    this.queue(line);
  }

  private noteDropped(): void {
    const dropped = this.window.dropped;
    this.window.dropped = 0;
    if (dropped && !this.closed) this.queue(`[agent-hub] ${dropped} lines dropped: the server wrote more than ${MAX_BYTES_PER_SECOND / 1024 / 1024} MB/s`);
  }

  private queue(line: string): void {
    const data = `${new Date().toISOString()} ${line}\n`;
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  /** One asynchronous write of everything buffered; a log that cannot be written (full disk) never stops the server. */
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing || this.pending.length === 0) return;
    const data = this.take();
    try {
      this.open();
    } catch {
      return;
    }
    this.writing = true;
    fs.write(this.fd!, data, (e) => {
      this.writing = false;
      if (!e) this.afterWrite(Buffer.byteLength(data));
      if (this.closed) {
        if (this.fd !== undefined) fs.close(this.fd, () => {});
        this.fd = undefined;
      } else if (this.pending.length) this.flush();
    });
  }

  private flushSync(): void {
    if (this.pending.length === 0) return;
    const data = this.take();
    try {
      this.open();
      fs.writeSync(this.fd!, data);
      this.afterWrite(Buffer.byteLength(data));
    } catch {
      // Full disk: the memory tail remains.
    }
  }

  private take(): string {
    const data = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    return data;
  }

  private afterWrite(bytes: number): void {
    this.size += bytes;
    if (this.size > this.maxBytes && !this.writing) this.rotate();
  }

  private open(): void {
    if (this.fd !== undefined || !this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.fd = fs.openSync(this.file, 'a', 0o600);
    this.size = fs.fstatSync(this.fd).size;
  }

  private rotate(): void {
    try {
      fs.closeSync(this.fd!);
      this.fd = undefined;
      fs.renameSync(this.file!, `${this.file}.1`);
    } catch {
      // Rotation is housekeeping: the next write reopens the file.
    }
  }
}
