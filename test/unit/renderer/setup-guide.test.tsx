// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientAppSetup, ClientView } from '../../../shared/clients.js';
import type { ServerConfig } from '../../../shared/config.js';
import type { ImportSourceView } from '../../../shared/import.js';
import { App } from '../../../renderer/src/App.js';
import type { ViewEvent } from '../../../renderer/src/event-stream.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';
import { DEFAULT_PROFILE } from '../../../shared/client-profile.js';

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
});

const memory: ServerConfig = { name: 'memory', transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: {}, secretEnv: [], enabled: true, tools: { deny: [] }, prefixTools: true };

/** A hub whose servers, clients and connected apps the test changes, with an event stream it drives. */
function world() {
  const state = { servers: [] as ServerConfig[], clients: [] as ClientView[], connected: false };
  const listeners = new Set<(e: ViewEvent) => void>();
  const setup = (client: string): ClientAppSetup[] => [
    { app: 'claude', label: 'Claude Desktop', configPath: '/home/u/.config/Claude/claude_desktop_config.json', format: 'json', snippet: `{"mcpServers":{"agent-hub":{"args":["${client}"]}}}`, connected: false },
    { app: 'cursor', label: 'Cursor', configPath: '/home/u/.cursor/mcp.json', format: 'json', snippet: '{}', connected: state.connected },
  ];
  const api = fakeHubApi({
    getSettings: async () => ({ port: 47470, runningPort: 50123, consentTimeout: 50, historyDays: 30, dataDir: '/d' }),
    listServers: async () => [...state.servers],
    listClients: async () => [...state.clients],
    clientSetup: async (name) => setup(name),
    listAppConnections: async () =>
      setup('any').map((a) => ({ app: a.app, label: a.label, configPath: a.configPath, format: a.format, connected: a.connected, via: a.connected ? ('stdio' as const) : null, client: a.connected ? 'cursor' : null })),
    listImportSources: async (): Promise<ImportSourceView[]> => [
      {
        app: 'cursor',
        label: 'Cursor',
        path: '/home/u/.cursor/mcp.json',
        warnings: [],
        servers: [
          { name: 'memory', originalName: 'memory', transport: 'stdio', command: 'npx', args: [], envKeys: [], headerKeys: [], secretSuggested: [], exists: false },
          { name: 'odd', originalName: 'odd', transport: 'stdio', envKeys: [], headerKeys: [], secretSuggested: [], exists: false, problem: 'has no command.' },
        ],
      },
      { app: 'zed', label: 'Zed', path: '/home/u/.config/zed/settings.json', warnings: [], servers: [{ name: 'docs', originalName: 'docs', transport: 'http', url: 'https://d.example/mcp', envKeys: [], headerKeys: [], secretSuggested: [], exists: false }] },
      { app: 'codex', label: 'Codex CLI', path: '/home/u/.codex/config.toml', error: 'It is not valid TOML.', warnings: [], servers: [] },
    ],
  });
  const events = { subscribe: (l: (e: ViewEvent) => void) => (listeners.add(l), () => listeners.delete(l)) };
  const emit = (type: 'servers-changed' | 'clients-changed') => act(async () => listeners.forEach((l) => l({ type })));
  return { state, api, events, emit };
}

const checklist = () => screen.findByRole('region', { name: /Set up Agent Hub|Agent Hub is set up/ });

describe('the way through the first minutes', () => {
  it('an empty Servers page shows the three steps with the endpoint of the port the hub runs on, and an HTTP entry with a placeholder token', async () => {
    const { api } = world();
    render(<App api={api} />);
    const guide = await screen.findByRole('region', { name: 'No servers yet. Get started in three steps' });
    expect(within(guide).getAllByRole('heading', { level: 4 }).map((h) => h.textContent)).toEqual(['Add or import servers', 'Create a client', 'Connect an app', 'The hub’s MCP endpoint']);
    expect(within(guide).getAllByText('To do:')).toHaveLength(3);
    // The running port (50123), not the port setting (47470).
    expect(await within(guide).findByText('http://127.0.0.1:50123/mcp')).toBeTruthy();
    expect(guide.textContent).not.toContain('47470');
    const snippet = within(guide).getByLabelText('HTTP snippet');
    expect(JSON.parse(snippet.textContent!)).toEqual({ mcpServers: { 'agent-hub': { url: 'http://127.0.0.1:50123/mcp', headers: { Authorization: 'Bearer <client token>' } } } });
    expect(guide.textContent).toContain('create a client on the Clients page and its token is shown once');
    // What an import would offer: importable servers only (one of Cursor's has a problem; Codex's file cannot be read).
    expect(await within(guide).findByText(/Agent Hub found 2 servers in Cursor and Zed on this machine/)).toBeTruthy();
    // The full steps replace the checklist on this page.
    expect(screen.queryByRole('region', { name: 'Set up Agent Hub' })).toBeNull();
  });

  it('the checklist ticks each step as the hub reports it, leads to each step, and can be hidden once all are done', async () => {
    const { state, api, events, emit } = world();
    const { unmount } = render(<App api={api} events={events} />);
    await screen.findByRole('region', { name: 'No servers yet. Get started in three steps' });
    await act(async () => void (window.location.hash = '#/clients'));
    let list = await checklist();
    expect(list.textContent).toContain('0 of 3 done');
    expect(within(list).getByText('http://127.0.0.1:50123/mcp')).toBeTruthy();
    expect(within(list).queryByRole('button', { name: 'Hide this checklist' })).toBeNull();

    state.servers.push(memory);
    await emit('servers-changed');
    await waitFor(() => expect(list.textContent).toContain('1 of 3 done'));
    const items = () => within(list).getAllByRole('listitem');
    expect(items()[0]!.textContent).toBe('✓Done:Add or import a server1 server in the hub.');
    expect(items()[1]!.textContent).toMatch(/^2To do:Create a client/);

    state.clients.push({ name: 'cursor', createdAt: '2026-12-06T10:00:00.000Z', consentIn: 'hub', profile: DEFAULT_PROFILE });
    await emit('clients-changed');
    await waitFor(() => expect(list.textContent).toContain('2 of 3 done'));
    expect(items()[1]!.textContent).toContain('Clients: cursor.');

    // Connecting sends no event (it writes another app's file): the checklist reads again on focus.
    state.connected = true;
    await act(async () => window.dispatchEvent(new Event('focus')));
    list = await screen.findByRole('region', { name: 'Agent Hub is set up' });
    await waitFor(() => expect(list.textContent).toContain('3 of 3 done'));
    expect(items()[2]!.textContent).toContain('Cursor connected.');

    // Each step's button opens its page.
    fireEvent.click(within(list).getByRole('button', { name: 'Add or import a server' }));
    expect(await screen.findByRole('row', { name: /memory/ })).toBeTruthy();
    fireEvent.click(within(list).getByRole('button', { name: 'Create a client' }));
    expect(await screen.findByRole('heading', { name: 'Clients' })).toBeTruthy();

    fireEvent.click(within(list).getByRole('button', { name: 'Hide this checklist' }));
    expect(screen.queryByRole('region', { name: 'Agent Hub is set up' })).toBeNull();
    unmount();
    // As after a reload: the page is still the one in the address, and the checklist stays hidden.
    render(<App api={api} events={events} />);
    expect(await screen.findByRole('heading', { name: 'Clients' })).toBeTruthy();
    await act(async () => {});
    expect(screen.queryByRole('region', { name: /Set up Agent Hub|Agent Hub is set up/ })).toBeNull();
  });

  it('the empty state leads to the import view and to the add form', async () => {
    const { api } = world();
    render(<App api={api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Import from your apps' }));
    expect(await screen.findByRole('region', { name: 'Import servers from your apps' })).toBeTruthy();
    // The import view has an address of its own: a reload keeps it.
    expect(window.location.hash).toBe('#/servers?view=import');
    fireEvent.click(screen.getByRole('button', { name: 'Back to the server list' }));
    expect(window.location.hash).toBe('#/servers');
    fireEvent.click(await screen.findByRole('button', { name: 'Add server' }));
    // The form opens in a modal dialog over the page.
    const dialog = screen.getByRole('dialog', { name: 'Add a server' }) as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(within(dialog).getByRole('form', { name: 'Add a server' })).toBeTruthy();
  });

  it('the import view keeps the focus it took: the change of page does not move it to the title frames later', async () => {
    const { api } = world();
    render(<App api={api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Import from your apps' }));
    // The view takes the focus as it opens (its heading), before its data arrives.
    const heading = within(screen.getByRole('region', { name: 'Import servers from your apps' })).getByRole('heading', { name: 'Import servers from your apps' });
    expect(document.activeElement).toBe(heading);
    // Well past the frames the App's route focus waits for an opener before it falls back to the page's title.
    for (let i = 0; i < 30; i++) await act(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
    expect(document.activeElement).toBe(heading);
  });
});
