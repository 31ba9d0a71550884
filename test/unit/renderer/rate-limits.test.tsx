// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../../shared/config.js';
import type { AgentView } from '../../../shared/a2a.js';
import type { RateLimitInput, RateLimitView } from '../../../shared/limits.js';
import { HubApiError } from '../../../shared/hub-errors.js';
import { ConsentPage } from '../../../renderer/src/ConsentPage.js';
import type { ViewEvent } from '../../../renderer/src/event-stream.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';
import { renderWithHub } from './with-hub.js';
import { DEFAULT_PROFILE } from '../../../shared/client-profile.js';

afterEach(() => {
  cleanup();
  // Pages put where they are in the address: every test starts at the first page.
  history.replaceState(null, '', '/');
});

/** A HubApi double holding limits in memory, with one client, one server (two tools) and one agent. */
function fakeApi(limits: RateLimitView[] = []) {
  const sets: RateLimitInput[] = [];
  const removed: number[] = [];
  let refusal: string | undefined;
  const api = fakeHubApi({
    listClients: async () => [{ name: 'cursor', createdAt: 'now', consentIn: 'hub', profile: DEFAULT_PROFILE }],
    listServers: async () => [{ name: 'github' } as ServerConfig],
    listAgents: async () => [{ name: 'helper' } as AgentView],
    listServerTools: async (name) => (name === 'github' ? [{ name: 'search', description: '', enabled: true }, { name: 'issues', description: '', enabled: true }] : []),
    listRateLimits: async () => [...limits],
    setRateLimit: async (input) => {
      if (refusal) throw new HubApiError('not_found', refusal);
      sets.push(input);
      const limit: RateLimitView = { id: limits.length + 1, client: input.client ?? null, server: input.server ?? null, tool: input.tool ?? null, perMinute: input.perMinute, createdAt: 'now' };
      limits.push(limit);
      return limit;
    },
    removeRateLimit: async (id) => {
      removed.push(id);
      limits.splice(0, limits.length, ...limits.filter((l) => l.id !== id));
    },
  });
  return { api, sets, removed, refuse: (message: string) => (refusal = message) };
}

function fakeEvents() {
  const listeners = new Set<(e: ViewEvent) => void>();
  return { events: { subscribe: (l: (e: ViewEvent) => void) => (listeners.add(l), () => listeners.delete(l)) }, emit: (e: ViewEvent) => listeners.forEach((l) => l(e)) };
}

const limit = (id: number, scope: Partial<RateLimitView>): RateLimitView => ({ id, client: null, server: null, tool: null, perMinute: 5, createdAt: 'now', ...scope });

const renderPage = (api: ReturnType<typeof fakeApi>['api'], events?: ReturnType<typeof fakeEvents>['events']) =>
  renderWithHub(<ConsentPage />, api, events);

const table = () => screen.getByRole('table', { name: 'Rate limits' });
const rows = () =>
  within(table())
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell').slice(0, 4).map((c) => c.textContent));

describe('Rate limits on the Consent page', () => {
  it('lists the limits, an empty scope reading as all of them', async () => {
    const { api } = fakeApi([limit(1, { client: 'cursor', server: 'github', perMinute: 3 }), limit(2, { server: 'helper', tool: 'send_message', perMinute: 1 })]);
    renderPage(api);
    await screen.findByRole('table', { name: 'Rate limits' });
    expect(rows()).toEqual([
      ['cursor', 'github', 'all', '3'],
      ['all clients together', 'helper', 'send_message', '1'],
    ]);
    expect(screen.getByRole('button', { name: 'Remove limit 2: all clients together may make 1 call a minute to "send_message" of "helper"' })).toBeTruthy();
  });

  it('says when there are none', async () => {
    renderPage(fakeApi().api);
    expect(await screen.findByText('No rate limits: calls are not limited.')).toBeTruthy();
  });

  it("sets a limit from the form, offering the chosen server's tools, and says what it set", async () => {
    const { api, sets } = fakeApi();
    renderPage(api);
    const form = await screen.findByRole('form', { name: 'Set a rate limit' });
    const tool = within(form).getByLabelText('Tool') as HTMLSelectElement;
    expect(tool.disabled).toBe(true);
    // Servers, agents, and the hub's own a2a tools (there is an agent).
    const servers = within(form).getByLabelText('Server or agent') as HTMLSelectElement;
    expect([...servers.options].map((o) => o.text)).toEqual(['all', 'github', 'helper', 'a2a']);

    fireEvent.change(servers, { target: { value: 'helper' } });
    expect([...tool.options].map((o) => o.value)).toEqual(['', 'send_message']);
    fireEvent.change(servers, { target: { value: 'github' } });
    await waitFor(() => expect([...tool.options].map((o) => o.value)).toEqual(['', 'search', 'issues']));
    expect(tool.disabled).toBe(false);

    fireEvent.change(within(form).getByLabelText('Client'), { target: { value: 'cursor' } });
    fireEvent.change(tool, { target: { value: 'search' } });
    fireEvent.change(within(form).getByLabelText('Calls a minute'), { target: { value: '3' } });
    fireEvent.submit(form);
    await waitFor(() => expect(sets).toEqual([{ client: 'cursor', server: 'github', tool: 'search', perMinute: 3 }]));
    expect((await screen.findByRole('status')).textContent).toBe('Limit 1: client "cursor" may make 3 calls a minute to "search" of "github".');
    await waitFor(() => expect(rows()).toEqual([['cursor', 'github', 'search', '3']]));
  });

  it("offers a server's tools once it reports them (a server still starting has none yet)", async () => {
    let started = false;
    const api = fakeHubApi({
      listClients: async () => [],
      listServers: async () => [{ name: 'github' } as ServerConfig],
      listServerTools: async () => (started ? [{ name: 'search', description: '', enabled: true }] : []),
    });
    const { events, emit } = fakeEvents();
    renderPage(api, events);
    const form = await screen.findByRole('form', { name: 'Set a rate limit' });
    fireEvent.change(within(form).getByLabelText('Server or agent'), { target: { value: 'github' } });
    const tool = within(form).getByLabelText('Tool') as HTMLSelectElement;
    await waitFor(() => expect(tool.disabled).toBe(false));
    expect([...tool.options].map((o) => o.value)).toEqual(['']);
    started = true;
    await act(async () => emit({ type: 'servers-changed' }));
    await waitFor(() => expect([...tool.options].map((o) => o.value)).toEqual(['', 'search']));
  });

  it('flags a number it cannot take and does not send it', async () => {
    const { api, sets } = fakeApi();
    renderPage(api);
    const form = await screen.findByRole('form', { name: 'Set a rate limit' });
    const button = within(form).getByRole('button', { name: 'Set limit' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    for (const bad of ['0', '2.5', 'ten', '100001']) {
      fireEvent.change(within(form).getByLabelText('Calls a minute'), { target: { value: bad } });
      expect(within(form).getByText('a whole number from 1 to 100000')).toBeTruthy();
      expect(within(form).getByLabelText('Calls a minute').getAttribute('aria-invalid')).toBe('true');
      fireEvent.submit(form);
    }
    expect(button.disabled).toBe(true);
    expect(sets).toEqual([]);
  });

  it("shows the hub's sentence when it refuses", async () => {
    const { api, refuse } = fakeApi();
    refuse('There is no client named "gone" (see: agent-hub client list); nothing was changed (add --force to set the limit anyway).');
    renderPage(api);
    const form = await screen.findByRole('form', { name: 'Set a rate limit' });
    fireEvent.change(within(form).getByLabelText('Calls a minute'), { target: { value: '3' } });
    fireEvent.submit(form);
    expect((await screen.findByRole('alert')).textContent).toContain('There is no client named "gone"');
  });

  it('removes a limit and keeps the focus in the section', async () => {
    const { api, removed } = fakeApi([limit(4, { server: 'github', perMinute: 2 })]);
    renderPage(api);
    fireEvent.click(await screen.findByRole('button', { name: /^Remove limit 4/ }));
    await waitFor(() => expect(removed).toEqual([4]));
    expect((await screen.findByRole('status')).textContent).toBe('Removed limit 4.');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Rate limits' }));
    expect(await screen.findByText('No rate limits: calls are not limited.')).toBeTruthy();
  });

  it('shows a limit set elsewhere (the CLI) when the hub says limits changed', async () => {
    const limits: RateLimitView[] = [];
    const { api } = fakeApi(limits);
    const { events, emit } = fakeEvents();
    renderPage(api, events);
    await screen.findByText('No rate limits: calls are not limited.');
    limits.push(limit(7, { client: 'cursor', perMinute: 9 }));
    await act(async () => emit({ type: 'limits-changed' }));
    await waitFor(() => expect(rows()).toEqual([['cursor', 'all', 'all', '9']]));
  });
});
