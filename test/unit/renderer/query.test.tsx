// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClientView } from '../../../shared/clients.js';
import type { ServerConfig } from '../../../shared/config.js';
import type { HubApi } from '../../../shared/hub-api.js';
import { hubEventTypes, type HubEventType } from '../../../shared/hub-events.js';
import { hubMethods } from '../../../shared/hub-methods.js';
import type { ViewEvent } from '../../../renderer/src/event-stream.js';
import { hubKey, HubQueryProvider, QUERIES_OF_EVENT, QUERIES_OF_MUTATION, useHubMutation, useHubQuery } from '../../../renderer/src/query.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';
import { DEFAULT_PROFILE } from '../../../shared/client-profile.js';

afterEach(cleanup);

/**
 * The query cache under every page: answers cached by method and arguments, each hub event making the
 * queries of its methods read again (and only those), a resync all of them, a change from the page
 * those of its method, and never a slower older answer over a newer one.
 */

function fakeEvents() {
  const listeners = new Set<(e: ViewEvent) => void>();
  return {
    events: { subscribe: (l: (e: ViewEvent) => void) => (listeners.add(l), () => listeners.delete(l)) },
    emit: (type: HubEventType | 'resync') => act(async () => listeners.forEach((l) => l({ type }))),
  };
}

const client = (name: string): ClientView => ({ name, createdAt: '2026-12-01T10:00:00.000Z', consentIn: 'hub', profile: DEFAULT_PROFILE });
const server = (name: string): ServerConfig => ({ name, transport: 'stdio', command: 'x', args: [], env: {}, secretEnv: [], enabled: true, tools: { deny: [] }, prefixTools: true });

function Names() {
  const clients = useHubQuery('listClients', []);
  const servers = useHubQuery('listServers', []);
  return (
    <p>
      clients: {clients.data?.map((c) => c.name).join(',') ?? '…'}; servers: {servers.data?.map((s) => s.name).join(',') ?? '…'}
    </p>
  );
}

const text = () => screen.getByText(/^clients:/).textContent;

describe('the query cache', () => {
  it('keys each query by method and arguments', () => {
    expect(hubKey('listServerTools', ['memory'])).toEqual(['hub', 'listServerTools', 'memory']);
    expect(hubKey('listTasks', [{ agent: 'echo', limit: 20 }])).toEqual(['hub', 'listTasks', { agent: 'echo', limit: 20 }]);
  });

  it('names only real methods, and every event type reads something again', () => {
    for (const [type, methods] of Object.entries(QUERIES_OF_EVENT)) {
      expect(Object.keys(hubEventTypes)).toContain(type);
      for (const m of methods ?? []) expect(hubMethods).toContain(m);
    }
    for (const [method, methods] of Object.entries(QUERIES_OF_MUTATION)) {
      expect(hubMethods).toContain(method);
      for (const m of methods ?? []) expect(hubMethods).toContain(m);
    }
    // The events the renderer knows at the time of writing; a new one invalidates everything until listed.
    for (const type of ['prompts-changed', 'rules-changed', 'servers-changed', 'calls-changed', 'tasks-changed', 'clients-changed', 'limits-changed'] as const) {
      expect(QUERIES_OF_EVENT[type]!.length).toBeGreaterThan(0);
    }
  });

  it('reads again only the queries an event names, every time it comes', async () => {
    let clients = [client('claude')];
    const servers = [server('memory')];
    const listClients = vi.fn(async () => clients.map((c) => ({ ...c })));
    const listServers = vi.fn(async () => servers.map((s) => ({ ...s })));
    const { events, emit } = fakeEvents();
    render(
      <HubQueryProvider api={fakeHubApi({ listClients, listServers })} events={events}>
        <Names />
      </HubQueryProvider>,
    );
    await waitFor(() => expect(text()).toBe('clients: claude; servers: memory'));
    expect([listClients.mock.calls.length, listServers.mock.calls.length]).toEqual([1, 1]);

    clients = [client('claude'), client('cursor')];
    await emit('clients-changed');
    await waitFor(() => expect(text()).toBe('clients: claude,cursor; servers: memory'));
    expect(listServers).toHaveBeenCalledTimes(1);

    clients = [client('cursor')];
    await emit('clients-changed');
    await waitFor(() => expect(text()).toBe('clients: cursor; servers: memory'));
    await emit('calls-changed');
    expect([listClients.mock.calls.length, listServers.mock.calls.length]).toEqual([3, 1]);

    // After the stream reopened, everything may have changed.
    await emit('resync');
    await waitFor(() => expect([listClients.mock.calls.length, listServers.mock.calls.length]).toEqual([4, 2]));
  });

  it('never lets a slower, older answer overwrite a newer one', async () => {
    const answers: { resolve: (c: ClientView[]) => void }[] = [];
    const listClients = vi.fn(() => new Promise<ClientView[]>((resolve) => answers.push({ resolve })));
    const { events, emit } = fakeEvents();
    render(
      <HubQueryProvider api={fakeHubApi({ listClients })} events={events}>
        <Names />
      </HubQueryProvider>,
    );
    await waitFor(() => expect(answers).toHaveLength(1));
    // A change while the first read is out: the first read's answer may be from before it.
    await emit('clients-changed');
    await waitFor(() => expect(answers).toHaveLength(2));
    await act(async () => answers[1]!.resolve([client('new')]));
    await act(async () => answers[0]!.resolve([client('old')]));
    await waitFor(() => expect(text()).toContain('clients: new;'));

    // The same once the page has data: a refetch overtaken by a newer one is dropped.
    await emit('clients-changed');
    await emit('clients-changed');
    await waitFor(() => expect(answers).toHaveLength(4));
    await act(async () => answers[3]!.resolve([client('newest')]));
    await act(async () => answers[2]!.resolve([client('stale')]));
    await waitFor(() => expect(text()).toContain('clients: newest;'));
    await act(async () => {});
    expect(text()).toContain('clients: newest;');
  });

  it('a change from the page reads again what its method changes', async () => {
    let clients = [client('claude')];
    const api: HubApi = fakeHubApi({
      listClients: async () => clients.map((c) => ({ ...c })),
      removeClient: async (name) => void (clients = clients.filter((c) => c.name !== name)),
    });
    const listServers = vi.spyOn(api, 'listServers');
    function Remove() {
      const remove = useHubMutation('removeClient');
      return (
        <button type="button" onClick={() => remove.mutate(['claude'])}>
          remove
        </button>
      );
    }
    render(
      <HubQueryProvider api={api} events={undefined}>
        <Names />
        <Remove />
      </HubQueryProvider>,
    );
    await waitFor(() => expect(text()).toBe('clients: claude; servers: '));
    const before = listServers.mock.calls.length;
    await act(async () => screen.getByRole('button', { name: 'remove' }).click());
    await waitFor(() => expect(text()).toBe('clients: ; servers: '));
    // Removing a client takes its rules and limits along, but leaves the servers as they were.
    expect(QUERIES_OF_MUTATION.removeClient).toEqual(expect.arrayContaining(['listClients', 'listConsentRules', 'listRateLimits']));
    expect(listServers.mock.calls.length).toBe(before);
  });

  it('shows what it has at once when a page comes back, while it reads again', async () => {
    let resolveSecond: ((c: ClientView[]) => void) | undefined;
    let calls = 0;
    const listClients = vi.fn(() => (++calls === 1 ? Promise.resolve([client('claude')]) : new Promise<ClientView[]>((r) => (resolveSecond = r))));
    const { events } = fakeEvents();
    const api = fakeHubApi({ listClients });
    function Page({ show }: { show: boolean }) {
      return show ? <Names /> : <p>elsewhere</p>;
    }
    const { rerender } = render(
      <HubQueryProvider api={api} events={events}>
        <Page show />
      </HubQueryProvider>,
    );
    await waitFor(() => expect(text()).toContain('clients: claude;'));
    rerender(
      <HubQueryProvider api={api} events={events}>
        <Page show={false} />
      </HubQueryProvider>,
    );
    rerender(
      <HubQueryProvider api={api} events={events}>
        <Page show />
      </HubQueryProvider>,
    );
    // No "Loading…": the cached answer shows at once.
    expect(text()).toContain('clients: claude;');
    resolveSecond?.([client('claude')]);
  });
});
