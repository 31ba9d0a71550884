import type { ChildProcess } from 'node:child_process';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { stopProcess } from './child-process.js';

/**
 * The largest message a server may send on stdout (one line). A tool result of images can be large,
 * but a server that writes past this without a newline would otherwise grow the hub's memory without
 * end: it is stopped with a sentence saying so, and restarted like a crashed server.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/**
 * MCP over a server process's stdin/stdout, one JSON message per line. Our own rather than the SDK's
 * StdioClientTransport because the hub must own the process: its process group, the reaper, the stop
 * sequence, and stderr going to the server's log. Lines that are not JSON-RPC are reported, not fatal.
 *
 * Reading is linear: each chunk is scanned once for newlines (a newline byte never occurs inside a
 * UTF-8 sequence, so bytes are split before decoding), and the part of a line not yet ended is kept
 * as a list of chunks, joined once when its newline comes.
 */
export class ChildStdioTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private closed = false;
  private started = false;

  /**
   * `onJunk`: a line that is not JSON-RPC (logged). `onTooLarge`: the server broke the size limit; the
   * owner stops it (the transport reads nothing more from it).
   */
  constructor(
    private readonly child: ChildProcess,
    private readonly onJunk: (line: string) => void,
    private readonly onTooLarge: (reason: string) => void,
    private readonly maxMessageBytes = MAX_MESSAGE_BYTES,
  ) {}

  /** The process id and its stderr: how the v2 client knows a stdio transport (it then probes the era on it, in place). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get stderr(): NodeJS.ReadableStream | null {
    return this.child.stderr;
  }

  /** Idempotent: after an era probe on this process, the client that speaks to it starts it again. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.child.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.once('exit', () => this.finish());
    this.child.stdin!.on('error', (e) => this.onerror?.(e));
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error('The server process has exited.');
    const stdin = this.child.stdin!;
    if (!stdin.write(JSON.stringify(message) + '\n')) {
      await new Promise<void>((resolve) => stdin.once('drain', resolve));
    }
  }

  async close(): Promise<void> {
    await stopProcess(this.child);
    this.finish();
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    let start = 0;
    let nl: number;
    while ((nl = chunk.indexOf(0x0a, start)) !== -1) {
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      if (this.partialBytes + piece.length > this.maxMessageBytes) return this.tooLarge();
      const bytes = this.partial.length ? Buffer.concat([...this.partial, piece]) : piece;
      this.partial = [];
      this.partialBytes = 0;
      const line = bytes.toString('utf8').replace(/\r$/, '');
      if (line.trim()) this.parse(line);
    }
    if (start < chunk.length) {
      this.partialBytes += chunk.length - start;
      if (this.partialBytes > this.maxMessageBytes) return this.tooLarge();
      this.partial.push(chunk.subarray(start));
    }
  }

  private tooLarge(): void {
    this.partial = [];
    this.partialBytes = 0;
    this.child.stdout!.removeAllListeners('data');
    this.child.stdout!.resume();
    const mib = Math.round(this.maxMessageBytes / 1024 / 1024);
    this.onTooLarge(`it wrote a message larger than ${mib} MiB on stdout (the most Agent Hub accepts from a server), so it was stopped`);
  }

  private parse(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return this.onJunk(line);
    }
    if (typeof message !== 'object' || message === null || (message as { jsonrpc?: unknown }).jsonrpc !== '2.0') {
      return this.onJunk(line);
    }
    this.onmessage?.(message as JSONRPCMessage);
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}
