// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubEvent } from '../../../shared/hub-events.js';
import type { ToolCallFilter, ToolCallView } from '../../../shared/timeline.js';
import { TimelinePage } from '../../../renderer/src/TimelinePage.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';

afterEach(cleanup);

const call = (id: number, over: Partial<ToolCallView> = {}): ToolCallView => ({
  id,
  client: 'claude',
  server: 'git',
  tool: 'status',
  arguments: '{}',
  status: 'ok',
  startedAt: new Date(1_700_000_000_000 + id * 1000).toISOString(),
  durationMs: 12,
  error: null,
  decision: 'rule 1: allow',
  ...over,
});

describe('timeline', () => {
  it('renders only the lanes in view, even with 10,000 calls', async () => {
    const calls = Array.from({ length: 10_000 }, (_, i) => call(10_000 - i));
    render(<TimelinePage api={fakeHubApi({ listToolCalls: async () => calls })} />);
    const list = await screen.findByRole('list', { name: '10000 tool calls' });
    const rendered = screen.getAllByRole('listitem').length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(60);
    expect(list.textContent).toContain('consent: rule 1: allow');
    expect(list.textContent).toContain('ok · 12 ms');
    await act(async () => {
      list.scrollTop = 30 * 5000;
      fireEvent.scroll(list);
    });
    expect(screen.getAllByRole('listitem').length).toBeLessThan(60);
    expect(screen.getAllByRole('listitem').some((l) => l.textContent?.includes(new Date(call(5000).startedAt).toLocaleTimeString()))).toBe(true);
  });

  it('passes the filters to the hub', async () => {
    const seen: ToolCallFilter[] = [];
    render(<TimelinePage api={fakeHubApi({ listToolCalls: async (f) => (seen.push(f), [call(1, { status: 'denied', decision: 'timeout after 120 s' })]) })} />);
    await screen.findByRole('list');
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'denied' } });
    });
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Server'), { target: { value: 'git' } });
    });
    expect(seen.at(-1)).toEqual({ status: 'denied', server: 'git', limit: 10_000 });
  });

  it('updates live when the hub reports new calls', async () => {
    const calls: ToolCallView[] = [];
    const listeners = new Set<(e: HubEvent) => void>();
    const events = { subscribe: (l: (e: HubEvent) => void) => (listeners.add(l), () => listeners.delete(l)) };
    render(<TimelinePage api={fakeHubApi({ listToolCalls: async () => [...calls] })} events={events} />);
    expect(await screen.findByText(/No tool calls yet/)).toBeTruthy();
    calls.push(call(1, { status: 'running', durationMs: null, decision: null }));
    await act(async () => listeners.forEach((l) => l({ type: 'calls-changed' })));
    expect((await screen.findByRole('listitem')).textContent).toContain('consent: waiting…');
  });
});
