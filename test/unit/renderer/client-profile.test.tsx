// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyProfilePatch, DEFAULT_PROFILE, type ClientProfile, type ClientProfilePatch } from '../../../shared/client-profile.js';
import type { ClientView } from '../../../shared/clients.js';
import type { ServerConfig } from '../../../shared/config.js';
import type { AgentView } from '../../../shared/a2a.js';
import type { HubApi } from '../../../shared/hub-api.js';
import type { PublishedToolView } from '../../../shared/workbench.js';
import { ClientsPage } from '../../../renderer/src/ClientsPage.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';
import { renderWithHub } from './with-hub.js';

afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
});

const tool = (server: string, name: string, description = `The ${name} tool.`): PublishedToolView => ({
  name: `${server}__${name}`,
  server,
  tool: name,
  description,
  inputSchema: { type: 'object' },
});

const TOOLS = [
  tool('memory', 'read_graph'),
  tool('memory', 'delete_entities', 'Deletes entities from the graph.'),
  tool('calc', 'add', 'Adds two numbers.'),
  tool('calc', 'pid'),
  tool('echo', 'send_message'),
];

/** A hub with servers memory and calc, agent echo, and one client whose profile setClientProfile changes. */
function fakeApi(profile: ClientProfile = DEFAULT_PROFILE, overrides: Partial<HubApi> = {}) {
  const client: ClientView = { name: 'claude', createdAt: '2026-11-22T10:00:00.000Z', consentIn: 'hub', profile };
  const setClientProfile = vi.fn(async (name: string, patch: ClientProfilePatch) => {
    client.profile = applyProfilePatch(client.profile!, patch);
    return { ...client, name };
  });
  const api = fakeHubApi({
    listClients: async () => [{ ...client }],
    listServers: async () => [{ name: 'memory' }, { name: 'calc' }] as ServerConfig[],
    listAgents: async () => [{ name: 'echo' }] as AgentView[],
    listPublishedTools: async () => TOOLS,
    setClientProfile,
    ...overrides,
  });
  return { api, setClientProfile };
}

const editor = async () => screen.findByRole('region', { name: 'What claude sees' });
const save = (region: HTMLElement) => fireEvent.click(within(region).getByRole('button', { name: 'Save' }));

describe('What a client sees (Clients page)', () => {
  it('shows the count, and sends the chosen servers and agents', async () => {
    const { api, setClientProfile } = fakeApi();
    renderWithHub(<ClientsPage />, api);
    const region = await editor();
    await within(region).findByText('claude sees 5 tools, all listed.');
    expect((within(region).getByRole('radio', { name: 'All (including ones added later)' }) as HTMLInputElement).checked).toBe(true);
    expect((within(region).getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(within(region).getByRole('radio', { name: 'Only the ones chosen here' }));
    // Every current one starts ticked: choosing "only" changes nothing until one is unticked.
    const memory = within(region).getByRole('checkbox', { name: /^memory/ }) as HTMLInputElement;
    expect(memory.checked).toBe(true);
    fireEvent.click(memory);
    expect(within(region).getByText(/After saving: claude sees 3 tools, all listed\./)).toBeTruthy();
    save(region);

    await waitFor(() => expect(setClientProfile).toHaveBeenCalledTimes(1));
    expect(setClientProfile).toHaveBeenCalledWith('claude', { servers: ['calc', 'echo'] });
    expect(await within(region).findByText(/^Saved: claude sees only calc, echo\. Its connected apps were told/)).toBeTruthy();
    expect(within(region).getByText('claude sees 3 tools, all listed.')).toBeTruthy();
    expect(screen.getByRole('row', { name: /^claude / }).textContent).toContain('2 chosen · flat');
  });

  it('goes back to every server and agent with servers: null', async () => {
    const { api, setClientProfile } = fakeApi({ ...DEFAULT_PROFILE, servers: ['calc'] });
    renderWithHub(<ClientsPage />, api);
    const region = await editor();
    fireEvent.click(within(region).getByRole('radio', { name: 'All (including ones added later)' }));
    save(region);
    await waitFor(() => expect(setClientProfile).toHaveBeenCalledWith('claude', { servers: null }));
  });

  it('hides a tool with its switch, found by the search box', async () => {
    const { api, setClientProfile } = fakeApi();
    renderWithHub(<ClientsPage />, api);
    const region = await editor();
    await within(region).findByText('claude sees 5 tools, all listed.');
    fireEvent.change(within(region).getByRole('searchbox', { name: 'Find a tool' }), { target: { value: 'delete' } });
    expect(within(region).getByText('1 matching tool.')).toBeTruthy();
    const show = within(region).getByRole('switch', { name: 'Show memory__delete_entities' }) as HTMLInputElement;
    expect(show.checked).toBe(true);
    fireEvent.click(show);
    expect(show.checked).toBe(false);
    expect(within(region).getByText('Not saved yet: hides memory__delete_entities.')).toBeTruthy();
    save(region);
    await waitFor(() => expect(setClientProfile).toHaveBeenCalledWith('claude', { hideTools: ['memory__delete_entities'] }));
    expect(await within(region).findByText(/^Saved: claude hides memory__delete_entities\./)).toBeTruthy();
    expect(within(region).getByText('claude sees 4 tools, all listed.')).toBeTruthy();
  });

  it('shows a hidden tool again, from its server’s list', async () => {
    const { api, setClientProfile } = fakeApi({ ...DEFAULT_PROFILE, hiddenTools: ['calc__pid'] });
    renderWithHub(<ClientsPage />, api);
    const region = await editor();
    fireEvent.click(await within(region).findByText('calc'));
    fireEvent.click(within(region).getByRole('switch', { name: 'Show calc__pid' }));
    save(region);
    await waitFor(() => expect(setClientProfile).toHaveBeenCalledWith('claude', { showTools: ['calc__pid'] }));
  });

  it('switches to search mode and pins a tool, in one call', async () => {
    const { api, setClientProfile } = fakeApi();
    renderWithHub(<ClientsPage />, api);
    const region = await editor();
    await within(region).findByText('claude sees 5 tools, all listed.');
    // Pins appear only where they mean something.
    fireEvent.click(within(region).getByText('calc'));
    expect(within(region).queryByRole('checkbox', { name: 'Pin calc__add' })).toBeNull();
    fireEvent.click(within(region).getByRole('radio', { name: 'Search' }));
    fireEvent.click(within(region).getByRole('checkbox', { name: 'Pin calc__add' }));
    expect(within(region).getByText(/After saving: claude may call 5 tools; its list has 3 tools: hub__search_tools, hub__call_tool and 1 pinned\./)).toBeTruthy();
    save(region);
    await waitFor(() => expect(setClientProfile).toHaveBeenCalledWith('claude', { mode: 'search', pin: ['calc__add'] }));
    expect(setClientProfile).toHaveBeenCalledTimes(1);
    expect(await within(region).findByText(/^Saved: claude uses search mode; pins calc__add\./)).toBeTruthy();
  });

  it('auto mode says when it searches, and unpinning sends unpin', async () => {
    const { api, setClientProfile } = fakeApi({ ...DEFAULT_PROFILE, mode: 'search', pins: ['calc__add'] });
    renderWithHub(<ClientsPage />, api);
    const region = await editor();
    const auto = within(region).getByRole('radio', { name: 'Auto' });
    expect(auto.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(auto.getAttribute('aria-describedby')!)!.textContent).toBe('search once more than 40 tools are visible, flat below.');
    fireEvent.click(auto);
    expect(within(region).getByText(/After saving: claude sees 5 tools, all listed \(auto: flat up to 40\)\./)).toBeTruthy();
    fireEvent.click(within(region).getByText('calc'));
    fireEvent.click(within(region).getByRole('checkbox', { name: 'Pin calc__add' }));
    save(region);
    await waitFor(() => expect(setClientProfile).toHaveBeenCalledWith('claude', { mode: 'auto', unpin: ['calc__add'] }));
  });

  it('shows the hub’s refusal, and keeps the edits', async () => {
    const { api } = fakeApi({ ...DEFAULT_PROFILE, servers: ['gone'] }, {
      setClientProfile: async () => {
        throw new Error('There is no server or agent named "gone"; nothing was changed (add --force to change it anyway).');
      },
    });
    renderWithHub(<ClientsPage />, api);
    const region = await editor();
    expect(within(region).getByRole('checkbox', { name: /^gone not on this hub/ })).toBeTruthy();
    fireEvent.click(await within(region).findByRole('checkbox', { name: /^calc/ }));
    save(region);
    expect((await within(region).findByRole('alert')).textContent).toMatch(/no server or agent named "gone"/);
    expect((within(region).getByRole('checkbox', { name: /^calc/ }) as HTMLInputElement).checked).toBe(true);
    // Discard goes back to what is saved.
    fireEvent.click(within(region).getByRole('button', { name: 'Discard changes' }));
    expect((within(region).getByRole('checkbox', { name: /^calc/ }) as HTMLInputElement).checked).toBe(false);
    expect(within(region).queryByRole('alert')).toBeNull();
  });
});
