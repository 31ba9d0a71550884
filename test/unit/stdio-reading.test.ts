import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ChildStdioTransport } from '../../main/core/upstream/stdio-transport.js';

function fakeChild(): ChildProcess & { stdout: PassThrough } {
  const child = new EventEmitter() as ChildProcess & { stdout: PassThrough };
  Object.assign(child, { stdout: new PassThrough(), stdin: new PassThrough() });
  return child;
}

describe('reading a server\'s stdout', () => {
  it('splits messages across and within chunks, including a multi-byte character cut in two', async () => {
    const child = fakeChild();
    const got: unknown[] = [];
    const junk: string[] = [];
    const t = new ChildStdioTransport(child, (l) => junk.push(l), () => {});
    t.onmessage = (m) => got.push(m);
    await t.start();
    const msg = (id: number, s: string) => JSON.stringify({ jsonrpc: '2.0', id, result: { s } });
    const bytes = Buffer.from(`${msg(1, 'ä€')}\n${msg(2, 'b')}\nnot json\n${msg(3, 'c')}\r\n`);
    // Cut inside '€' (3 bytes) and everywhere else, one byte at a time.
    for (let i = 0; i < bytes.length; i++) child.stdout.write(bytes.subarray(i, i + 1));
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual([1, 2, 3].map((id) => ({ jsonrpc: '2.0', id, result: { s: ['ä€', 'b', 'c'][id - 1] } })));
    expect(junk).toEqual(['not json']);
  });

  it('stops reading and says why when a line grows past the limit', async () => {
    const child = fakeChild();
    const reasons: string[] = [];
    const t = new ChildStdioTransport(child, () => {}, (r) => reasons.push(r), 1024);
    const got: unknown[] = [];
    t.onmessage = (m) => got.push(m);
    await t.start();
    for (let i = 0; i < 10; i++) child.stdout.write(Buffer.alloc(200, 0x79));
    await new Promise((r) => setImmediate(r));
    expect(reasons).toEqual(['it wrote a message larger than 0 MiB on stdout (the most Agent Hub accepts from a server), so it was stopped']);
    child.stdout.write('{"jsonrpc":"2.0","id":1,"result":{}}\n');
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual([]);
  });

  it('reads a long unended line in linear time (no rescans from the start)', async () => {
    const child = fakeChild();
    const t = new ChildStdioTransport(child, () => {}, () => {});
    let n = 0;
    t.onmessage = () => void n++;
    await t.start();
    const text = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { s: 'x'.repeat(8 * 1024 * 1024) } });
    // 64 KiB chunks, as a pipe delivers them: a quadratic reader would scan ~8 GB here.
    const buf = Buffer.from(`${text}\n`);
    for (let i = 0; i < buf.length; i += 65536) child.stdout.write(buf.subarray(i, i + 65536));
    await new Promise((r) => setImmediate(r));
    expect(n).toBe(1);
  });
});
