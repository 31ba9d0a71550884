import { describe, expect, it } from 'vitest';
import type { ToolCallPage, ToolCallView } from '../../../shared/timeline.js';
import { appendOlder, applyChanges, firstPage } from '../../../renderer/src/timeline-list.js';

const call = (id: number, status: ToolCallView['status'] = 'ok'): ToolCallView => ({
  id,
  kind: 'tool',
  client: 'c',
  server: 's',
  tool: 't',
  arguments: '{}',
  status,
  startedAt: new Date(id * 1000).toISOString(),
  durationMs: 1,
  error: null,
  decision: null,
  tasks: 0,
});
const page = (calls: ToolCallView[], over: Partial<ToolCallPage> = {}): ToolCallPage => ({ calls, gone: [], version: 10, more: false, oldestId: 1, ...over });

describe('the calls the Timeline holds', () => {
  it('takes in what changed: new calls on top, changed ones in place, ones that no longer match out', () => {
    const list = firstPage(page([call(5, 'running'), call(4), call(3)], { more: true }));
    const next = applyChanges(list, page([call(7, 'running'), call(6), call(5)], { version: 14, gone: [4] }));
    expect(next).toEqual({ calls: [call(7, 'running'), call(6), call(5), call(3)], version: 14, more: true });
    // A change below what is loaded waits for its page.
    expect(applyChanges(list, page([call(1)], { version: 12 }))).toMatchObject({ calls: [call(5, 'running'), call(4), call(3)] });
    // More changes than one read: read again from the top.
    expect(applyChanges(list, page([], { more: true }))).toBe('reload');
    // Calls deleted with the history go.
    expect(applyChanges(firstPage(page([call(5), call(2)])), page([], { version: 11, oldestId: 3 }))).toMatchObject({ calls: [call(5)] });
  });

  it('adds older pages below, once each', () => {
    const list = firstPage(page([call(9), call(8)], { more: true }));
    const more = appendOlder(list, page([call(8), call(7), call(6)], { more: false }));
    expect(more).toEqual({ calls: [call(9), call(8), call(7), call(6)], version: 10, more: false });
  });
});
