// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppChangeView, AppConnectionView, ClientApp, ClientAppSetup, ClientView, ConnectResult } from '../../../shared/clients.js';
import { ClientsPage } from '../../../renderer/src/ClientsPage.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';
import { renderWithHub } from './with-hub.js';
import { DEFAULT_PROFILE } from '../../../shared/client-profile.js';

afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
});

/**
 * Each app on the Clients page: whether its file connects, and as which client (read from the file by
 * the hub), Disconnect, and the changes that can still be undone, listed by the hub so they outlive the page.
 */
const LABELS: Partial<Record<ClientApp, string>> = { claude: 'Claude Desktop', cursor: 'Cursor', zed: 'Zed', vscode: 'VS Code' };
const APPS = Object.keys(LABELS) as ClientApp[];

function hub(connections: Partial<Record<ClientApp, Pick<AppConnectionView, 'via' | 'client'>>>) {
  const clients: ClientView[] = [
    { name: 'claude', createdAt: '2026-12-01T10:00:00.000Z', consentIn: 'hub', profile: DEFAULT_PROFILE },
    { name: 'cursor', createdAt: '2026-12-01T10:00:00.000Z', consentIn: 'hub', profile: DEFAULT_PROFILE },
  ];
  const state = { connections: { ...connections }, changes: [] as AppChangeView[] };
  const setup = (app: ClientApp): ClientAppSetup => ({ app, label: LABELS[app]!, configPath: `/home/u/${app}.json`, format: 'json', snippet: '{}', connected: app in state.connections });
  const change = (kind: AppChangeView['kind'], app: ClientApp, client: string | null): ConnectResult => {
    const undoId = `u-${state.changes.length + 1}`;
    state.changes = [{ undoId, kind, app, label: LABELS[app]!, client, configPath: `/home/u/${app}.json`, backupPath: `/home/u/${app}.json.agent-hub-backup-1`, at: '2026-12-03T14:02:00.000Z' }, ...state.changes];
    return { app, configPath: `/home/u/${app}.json`, backupPath: `/home/u/${app}.json.agent-hub-backup-1`, changed: true, undoId };
  };
  const api = fakeHubApi({
    listClients: async () => clients.map((c) => ({ ...c })),
    clientSetup: async () => APPS.map(setup),
    listAppConnections: async () =>
      APPS.map((app) => {
        const c = state.connections[app];
        return { app, label: LABELS[app]!, configPath: `/home/u/${app}.json`, format: 'json' as const, connected: c !== undefined, via: c?.via ?? null, client: c?.client ?? null };
      }),
    listAppChanges: async () => state.changes.map((c) => ({ ...c })),
    connectClientApp: vi.fn(async (client: string, app: ClientApp) => {
      state.connections[app] = { via: 'stdio', client };
      return change('connect', app, client);
    }),
    disconnectClientApp: vi.fn(async (app: ClientApp) => {
      const was = state.connections[app]?.client ?? null;
      delete state.connections[app];
      return change('disconnect', app, was);
    }),
    undoConnectClientApp: vi.fn(async (undoId: string) => {
      const c = state.changes.find((x) => x.undoId === undoId)!;
      if (c.kind === 'disconnect') state.connections[c.app] = { via: 'stdio', client: c.client };
      else delete state.connections[c.app];
      state.changes = state.changes.filter((x) => x.undoId !== undoId);
    }),
  });
  return { api, state };
}

const row = (label: string) => screen.getByRole('article', { name: label });
const status = (label: string) => row(label).querySelector('.app-state')!.textContent;

describe('apps on the Clients page', () => {
  it('says as which client each app connects, read from its file: by name (stdio) or by token (HTTP)', async () => {
    const { api } = hub({ claude: { via: 'stdio', client: 'claude' }, cursor: { via: 'http', client: 'cursor' }, zed: { via: 'stdio', client: null } });
    renderWithHub(<ClientsPage />, api);
    await screen.findByRole('article', { name: 'Zed' });
    expect(status('Claude Desktop')).toBe('connected as claude');
    expect(status('Cursor')).toBe('connected as cursor (HTTP)');
    expect(status('Zed')).toBe('connected, as a client that no longer exists');
    expect(status('VS Code')).toBe('not connected');
    // The clients table lists the apps each one connects.
    expect(screen.getByRole('row', { name: /^claude/ }).textContent).toContain('Claude Desktop');
    expect(screen.getByRole('row', { name: /^cursor/ }).textContent).toContain('Cursor');
    // Claude is selected: an app connected as another client can be connected as this one instead.
    expect(within(row('Cursor')).getByRole('button', { name: 'Connect Cursor' }).textContent).toBe('Connect as claude');
    expect(within(row('Claude Desktop')).getByRole('button', { name: 'Connect Claude Desktop' }).textContent).toBe('Connect again');
    expect(within(row('VS Code')).queryByRole('button', { name: 'Disconnect VS Code' })).toBeNull();
  });

  it('disconnects an app (a backup first), with Undo in its row and in the list of changes', async () => {
    const { api } = hub({ claude: { via: 'stdio', client: 'claude' } });
    renderWithHub(<ClientsPage />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Disconnect Claude Desktop' }));
    await waitFor(() => expect(api.disconnectClientApp).toHaveBeenCalledWith('claude'));
    expect((await within(row('Claude Desktop')).findByRole('status')).textContent).toMatch(/^Disconnected: wrote \/home\/u\/claude.json \(backup: .*agent-hub-backup-1\)/);
    await waitFor(() => expect(status('Claude Desktop')).toBe('not connected'));
    const changes = await screen.findByRole('list', { name: 'Changes you can undo' });
    expect(within(changes).getByRole('listitem').textContent).toMatch(/^Disconnected Claude Desktop \(was claude\) at .*: \/home\/u\/claude.json, backup/);

    fireEvent.click(within(row('Claude Desktop')).getByRole('button', { name: 'Undo disconnecting Claude Desktop' }));
    await waitFor(() => expect(api.undoConnectClientApp).toHaveBeenCalledWith('u-1'));
    await waitFor(() => expect(status('Claude Desktop')).toBe('connected as claude'));
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Changes you can undo' })).toBeNull());
  });

  it('keeps Undo after the page is left: the changes come from the hub', async () => {
    const { api, state } = hub({});
    const first = renderWithHub(<ClientsPage />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Connect Cursor' }));
    await waitFor(() => expect(state.connections.cursor).toEqual({ via: 'stdio', client: 'claude' }));
    first.unmount();

    // Another visit (or another tab): the row's own message is gone, the hub's list is not.
    renderWithHub(<ClientsPage />, api);
    const changes = await screen.findByRole('list', { name: 'Changes you can undo' });
    const item = within(changes).getByRole('listitem');
    expect(item.textContent).toMatch(/^Connected Cursor as claude at /);
    fireEvent.click(within(item).getByRole('button', { name: /^Undo: Connected Cursor as claude/ }));
    await waitFor(() => expect(api.undoConnectClientApp).toHaveBeenCalledWith('u-1'));
    await waitFor(() => expect(status('Cursor')).toBe('not connected'));
  });
});
