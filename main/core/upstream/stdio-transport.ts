import type { ChildProcess } from 'node:child_process';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { stopProcess } from './child-process.js';

/**
 * MCP over a server process's stdin/stdout, one JSON message per line. Our own rather than the SDK's
 * StdioClientTransport because the hub must own the process: its process group, the reaper, the stop
 * sequence, and stderr going to the server's log. Lines that are not JSON-RPC are reported, not fatal.
 */
export class ChildStdioTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private buffer = '';
  private closed = false;

  constructor(
    private readonly child: ChildProcess,
    private readonly onJunk: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => this.receive(chunk));
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

  private receive(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line.trim()) this.parse(line);
    }
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
