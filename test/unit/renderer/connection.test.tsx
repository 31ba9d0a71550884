// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/App.js';
import type { Connection, ConnectionState, ViewEvent } from '../../../renderer/src/event-stream.js';
import { createHttpHubApi } from '../../../renderer/src/http-hub.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** A connection and event double the test drives, as browser mode's event stream would. */
function fakeStream(initial: ConnectionState = 'open') {
  let state = initial;
  const stateListeners = new Set<() => void>();
  const listeners = new Set<(e: ViewEvent) => void>();
  const connection: Connection = { state: () => state, onStateChange: (l) => (stateListeners.add(l), () => stateListeners.delete(l)) };
  return {
    connection,
    events: { subscribe: (l: (e: ViewEvent) => void) => (listeners.add(l), () => listeners.delete(l)) },
    set: (next: ConnectionState) =>
      act(() => {
        state = next;
        stateListeners.forEach((l) => l());
      }),
    emit: (e: ViewEvent) => act(async () => listeners.forEach((l) => l(e))),
  };
}

describe('the connection to the hub, in browser mode', () => {
  it('says so while the stream is down, then every view reads again once it is back', async () => {
    const listServers = vi.fn(async () => []);
    const s = fakeStream();
    render(<App api={fakeHubApi({ listServers })} events={s.events} connection={s.connection} />);
    expect(await screen.findByText(/No servers yet/)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('');

    s.set('down');
    expect(screen.getByRole('status').textContent).toMatch(/^Disconnected from Agent Hub — reconnecting…/);
    const before = listServers.mock.calls.length;
    s.set('open');
    await s.emit({ type: 'resync' });
    expect(screen.getByRole('status').textContent).toBe('');
    // Once: the Servers page and the setup checklist's progress share one query in the cache.
    await waitFor(() => expect(listServers.mock.calls.length).toBe(before + 1));
  });

  it('shows that the session ended when the hub refuses it, and the pages again once a new link signed it in', async () => {
    const s = fakeStream();
    render(<App api={fakeHubApi()} events={s.events} connection={s.connection} />);
    await screen.findByText(/No servers yet/);
    s.set('signed-out');
    expect(screen.getByRole('alert').textContent).toMatch(/^Session ended — open a new sign-in link \(agent-hub open\)/);
    expect(screen.queryByRole('navigation')).toBeNull();
    s.set('open');
    expect(await screen.findByText(/No servers yet/)).toBeTruthy();
  });

  it('says "not signed in" to a page that never had a session', () => {
    const s = fakeStream('signed-out');
    render(<App api={fakeHubApi()} events={s.events} connection={s.connection} notice="This sign-in link was already used or has expired." />);
    const alerts = screen.getAllByRole('alert');
    expect(alerts[0]!.textContent).toMatch(/already used/);
    expect(alerts[1]!.textContent).toMatch(/^Not signed in — open a new sign-in link/);
  });
});

describe('the HubApi over HTTP', () => {
  it('gives up on a call the hub does not answer, with a sentence', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn((_url: string, init: RequestInit) => new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))),
    );
    const api = createHttpHubApi({ timeoutMs: 20 });
    await expect(api.listServers()).rejects.toThrow('Agent Hub did not answer within 0.02 s; it may still finish. Check again in a moment.');
  });

  it('says when the hub cannot be reached, and reports a refused session', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(createHttpHubApi().listServers()).rejects.toThrow('Cannot reach Agent Hub: is it still running?');

    const onRefused = vi.fn();
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: 'Sign in first.' }), { status: 403 })));
    await expect(createHttpHubApi({ onRefused }).listServers()).rejects.toThrow('Sign in first.');
    expect(onRefused).toHaveBeenCalledTimes(1);
  });

  it('leaves out optional arguments not given (JSON has no undefined)', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ result: null })));
    vi.stubGlobal('fetch', fetch);
    await createHttpHubApi().addServer({ name: 'x' }, undefined);
    expect(JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string)).toEqual([{ name: 'x' }]);
  });
});
