// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientApps, type ClientApp, type ClientAppSetup, type ClientView, type ConnectResult, type ConfigFormat } from '../../../shared/clients.js';
import type { HubApi } from '../../../shared/hub-api.js';
import { ClientsPage } from '../../../renderer/src/ClientsPage.js';
import type { ViewEvent } from '../../../renderer/src/event-stream.js';
import { GuideContext, type Guide } from '../../../renderer/src/guide.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';
import { renderWithHub } from './with-hub.js';
import { DEFAULT_PROFILE } from '../../../shared/client-profile.js';

afterEach(() => {
  cleanup();
  // Pages put where they are in the address: every test starts at the first page.
  history.replaceState(null, '', '/');
});

const LABELS: Record<ClientApp, string> = {
  claude: 'Claude Desktop',
  cursor: 'Cursor',
  vscode: 'VS Code',
  'vscode-insiders': 'VS Code Insiders',
  'claude-code': 'Claude Code',
  windsurf: 'Windsurf',
  zed: 'Zed',
  cline: 'Cline',
  'roo-code': 'Roo Code',
  continue: 'Continue',
  'gemini-cli': 'Gemini CLI',
  codex: 'Codex CLI',
  goose: 'Goose',
  'lm-studio': 'LM Studio',
  'amazon-q': 'Amazon Q',
  kiro: 'Kiro',
};

function setupOf(client: string, app: ClientApp, connected = false): ClientAppSetup {
  return {
    app,
    label: LABELS[app],
    configPath: `/home/u/${app}.json`,
    format: 'json',
    snippet: JSON.stringify({ mcpServers: { 'agent-hub': { command: 'node', args: ['cli.js', 'connect', '--client', client] } } }, null, 2),
    connected,
  };
}

/** A HubApi test double holding clients in memory. */
function fakeApi(names: string[] = [], overrides: Partial<HubApi> = {}): HubApi {
  const clients: ClientView[] = names.map((name) => ({ name, createdAt: '2026-11-22T10:00:00.000Z', consentIn: 'hub', profile: DEFAULT_PROFILE }));
  return fakeHubApi({
    // Fresh objects on every read, as the hub's JSON is.
    listClients: async () => clients.map((c) => ({ ...c })),
    addClient: async (name) => {
      clients.push({ name, createdAt: '2026-11-22T10:00:00.000Z', consentIn: 'hub', profile: DEFAULT_PROFILE });
      return { name, token: 'ahc_secret-token' };
    },
    removeClient: async (name) => {
      clients.splice(clients.findIndex((c) => c.name === name), 1);
    },
    clientSetup: async (name) => (['claude', 'cursor', 'vscode'] as const).map((app) => setupOf(name, app)),
    updateClient: async (name, patch) => {
      const client = clients.find((c) => c.name === name)!;
      Object.assign(client, patch);
      return { ...client };
    },
    ...overrides,
  });
}

const nameInput = () => screen.getByRole('textbox', { name: /New client name/ });

describe('Clients page', () => {
  it('says what to do when there are no clients', async () => {
    renderWithHub(<ClientsPage />, fakeApi());
    expect(await screen.findByText('No clients yet. Create one for each app you connect, e.g. claude.')).toBeTruthy();
  });

  it('shows a name error next to the field before submitting, and does not submit it', async () => {
    const addClient = vi.fn();
    renderWithHub(<ClientsPage />, fakeApi([], { addClient }));
    await screen.findByText(/No clients yet/);
    fireEvent.change(nameInput(), { target: { value: 'My Claude' } });
    expect(screen.getByText(/The name must be lower-case letters, digits and "-"/)).toBeTruthy();
    expect(nameInput().getAttribute('aria-invalid')).toBe('true');
    const create = screen.getByRole('button', { name: 'Create client' }) as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    fireEvent.submit(create.closest('form')!);
    expect(addClient).not.toHaveBeenCalled();

    fireEvent.change(nameInput(), { target: { value: 'claude' } });
    expect(screen.queryByText(/The name must/)).toBeNull();
    expect(create.disabled).toBe(false);
  });

  it('shows the token once after creating a client, with a Copy button', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderWithHub(<ClientsPage />, fakeApi());
    await screen.findByText(/No clients yet/);
    fireEvent.change(nameInput(), { target: { value: 'claude' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create client' }));

    const token = (await screen.findByRole('textbox', { name: 'Token of claude' })) as HTMLInputElement;
    expect(token.value).toBe('ahc_secret-token');
    expect(token.readOnly).toBe(true);
    expect(screen.getByText(/Its token is shown only this once/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Copy token' }));
    await screen.findByText('Copied.');
    expect(writeText).toHaveBeenCalledWith('ahc_secret-token');
    // The new client is listed and selected, with its apps.
    expect(await screen.findByRole('heading', { name: 'Connect apps as claude' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByDisplayValue('ahc_secret-token')).toBeNull();
    expect(document.body.textContent).not.toContain('ahc_secret-token');
  });

  it('removes a client only after confirming', async () => {
    const removeClient = vi.fn(async () => {});
    renderWithHub(<ClientsPage />, fakeApi(['claude'], { removeClient }));
    fireEvent.click(await screen.findByRole('button', { name: 'Remove claude' }));
    expect(removeClient).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, remove' }));
    await waitFor(() => expect(removeClient).toHaveBeenCalledWith('claude'));
  });

  it('connects an app, shows what it wrote, and Undo sends the undo id', async () => {
    const result: ConnectResult = { app: 'cursor', configPath: '/home/u/.cursor/mcp.json', backupPath: '/home/u/.cursor/mcp.json.agent-hub-backup-1', changed: true, undoId: 'u-123' };
    let finish: (r: ConnectResult) => void = () => {};
    const connectClientApp = vi.fn(() => new Promise<ConnectResult>((resolve) => (finish = resolve)));
    const undoConnectClientApp = vi.fn(async () => {});
    renderWithHub(<ClientsPage />, fakeApi(['cursor'], { connectClientApp, undoConnectClientApp }));

    const card = await screen.findByRole('article', { name: 'Cursor' });
    expect(card.querySelector('pre')!.textContent).toContain('"--client",\n');
    const connect = screen.getByRole('button', { name: 'Connect Cursor' }) as HTMLButtonElement;
    fireEvent.click(connect);
    await waitFor(() => expect(connectClientApp).toHaveBeenCalledWith('cursor', 'cursor'));
    await waitFor(() => expect(connect.textContent).toBe('Connecting…'));
    expect(connect.disabled).toBe(true);

    finish(result);
    expect(await screen.findByText(/Connected: wrote \/home\/u\/\.cursor\/mcp\.json \(backup: \/home\/u\/\.cursor\/mcp\.json\.agent-hub-backup-1\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Undo connecting Cursor' }));
    await waitFor(() => expect(undoConnectClientApp).toHaveBeenCalledWith('u-123'));
    expect(await screen.findByText(/Undone: .* is as it was before/)).toBeTruthy();
  });

  it('says so when the file already had the entry and nothing was written, with no Undo', async () => {
    const connectClientApp = vi.fn(async (): Promise<ConnectResult> => ({ app: 'cursor', configPath: '/home/u/.cursor/mcp.json', backupPath: null, changed: false, undoId: 'u-1' }));
    renderWithHub(<ClientsPage />, fakeApi(['cursor'], { connectClientApp }));
    fireEvent.click(await screen.findByRole('button', { name: 'Connect Cursor' }));
    expect((await screen.findByText(/Already connected — nothing was written/)).textContent).toContain('/home/u/.cursor/mcp.json');
    expect(screen.queryByRole('button', { name: 'Undo connecting Cursor' })).toBeNull();
    expect(screen.queryByText(/Connected: wrote/)).toBeNull();
  });

  it('shows an error from connect as one alert sentence', async () => {
    const connectClientApp = vi.fn(async () => {
      throw new Error('/home/u/.cursor/mcp.json is not valid JSON (Unexpected token); fix or move that file, then connect again.');
    });
    renderWithHub(<ClientsPage />, fakeApi(['cursor'], { connectClientApp }));
    fireEvent.click(await screen.findByRole('button', { name: 'Connect Cursor' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/is not valid JSON .*fix or move that file/);
    expect((screen.getByRole('button', { name: 'Connect Cursor' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('asks for consent where the user chooses, and explains what choosing the client app means', async () => {
    const api = fakeApi(['claude', 'cursor']);
    const updateClient = vi.spyOn(api, 'updateClient');
    renderWithHub(<ClientsPage />, api);
    const group = await screen.findByRole('group', { name: 'Ask for consent in' });
    expect(group.textContent).toMatch(/a client app that answers automatically would approve its own calls/);
    expect((screen.getByRole('radio', { name: 'Agent Hub' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: 'Both' }));
    await waitFor(() => expect(updateClient).toHaveBeenCalledWith('claude', { consentIn: 'both' }));
    await waitFor(() => expect((screen.getByRole('radio', { name: 'Both' }) as HTMLInputElement).checked).toBe(true));
    await waitFor(() => expect(screen.getByRole('row', { name: /claude/ }).textContent).toContain('Both'));
  });

  it('reads the clients again when the hub says they changed, instead of polling', async () => {
    const names: string[] = [];
    const api = fakeApi(names);
    const listClients = vi.spyOn(api, 'listClients');
    const listeners = new Set<(e: ViewEvent) => void>();
    renderWithHub(<ClientsPage />, api, { subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) });
    await screen.findByText(/No clients yet/);
    await api.addClient('cursor');
    await act(async () => listeners.forEach((l) => l({ type: 'clients-changed' })));
    expect(await screen.findByRole('cell', { name: 'cursor' })).toBeTruthy();
    expect(listClients).toHaveBeenCalledTimes(2);
  });
});

const FORMATS: Partial<Record<ClientApp, ConfigFormat>> = { vscode: 'jsonc', 'vscode-insiders': 'jsonc', zed: 'jsonc', 'gemini-cli': 'jsonc', continue: 'yaml', goose: 'yaml', codex: 'toml' };

describe('Clients page with all sixteen apps', () => {
  const connected = new Set<ClientApp>(['zed']);
  const all = (client: string): ClientAppSetup[] =>
    ClientApps.map((app) => ({ ...setupOf(client, app, connected.has(app)), format: FORMATS[app] ?? 'json', configPath: `/home/u/${app}/config` }));
  const guide: Guide = { endpoint: 'http://127.0.0.1:50123/mcp', progress: undefined, go: () => {}, refresh: vi.fn() };
  const renderPage = (api: HubApi) =>
    renderWithHub(
      <GuideContext.Provider value={guide}>
        <ClientsPage />
      </GuideContext.Provider>,
      api,
    );
  const rows = (list: string) => screen.getByRole('list', { name: list }).querySelectorAll('article');
  const labelsOf = (list: string) => [...rows(list)].map((a) => a.getAttribute('aria-label'));
  const sources = (apps: ClientApp[]) => async () => apps.map((app) => ({ app, label: LABELS[app], path: `/home/u/${app}/config`, servers: [], warnings: [] }));

  it('lists every app in one compact row each: connected first, then those found on this machine, then the rest', async () => {
    renderPage(fakeApi(['claude'], { clientSetup: async (n) => all(n), listImportSources: sources(['cursor', 'codex', 'zed']) }));
    await screen.findByRole('list', { name: 'Connected' });
    expect(labelsOf('Connected')).toEqual(['Zed']);
    expect(labelsOf('Found on this machine')).toEqual(['Cursor', 'Codex CLI']);
    expect(labelsOf('Other apps')).toHaveLength(13);
    expect(screen.getAllByRole('article')).toHaveLength(16);
    expect(screen.getByText('16 apps')).toBeTruthy();

    const codex = screen.getByRole('article', { name: 'Codex CLI' });
    expect(codex.textContent).toContain('/home/u/codex/config');
    expect(codex.textContent).toContain('TOML');
    expect(codex.textContent).toContain('not connected');
    expect(screen.getByRole('article', { name: 'Zed' }).textContent).toContain('connected');
    expect(screen.getByRole('article', { name: 'VS Code' }).textContent).toContain('JSON with comments');
    for (const label of Object.values(LABELS)) {
      expect(screen.getByRole('button', { name: `Copy snippet for ${label}` })).toBeTruthy();
      expect(screen.getByRole('button', { name: `Connect ${label}` })).toBeTruthy();
    }
  });

  it('filters the apps by name, id or format', async () => {
    renderPage(fakeApi(['claude'], { clientSetup: async (n) => all(n) }));
    const filter = await screen.findByRole('searchbox', { name: 'Filter apps' });
    fireEvent.change(filter, { target: { value: 'yaml' } });
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual(['Continue', 'Goose']);
    expect(screen.getByText('2 of 16 apps')).toBeTruthy();
    fireEvent.change(filter, { target: { value: 'insiders' } });
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual(['VS Code Insiders']);
    fireEvent.change(filter, { target: { value: 'nothing-like-it' } });
    expect(screen.queryAllByRole('article')).toHaveLength(0);
    expect(screen.getByText('No app matches “nothing-like-it”.')).toBeTruthy();
  });

  it('keeps a row where it was when its app gets connected, so its Undo stays at hand', async () => {
    const result: ConnectResult = { app: 'cursor', configPath: '/home/u/cursor/config', backupPath: null, changed: true, undoId: 'u-9' };
    const connectClientApp = vi.fn(async () => {
      connected.add('cursor');
      return result;
    });
    renderPage(fakeApi(['claude'], { clientSetup: async (n) => all(n), connectClientApp, listImportSources: sources(['cursor']) }));
    await screen.findByRole('list', { name: 'Found on this machine' });
    fireEvent.click(screen.getByRole('button', { name: 'Connect Cursor' }));
    expect(await screen.findByText(/Connected: wrote \/home\/u\/cursor\/config \(a new file, so no backup\)/)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('article', { name: 'Cursor' }).querySelector('.app-state')!.textContent).toBe('connected'));
    expect(labelsOf('Found on this machine')).toEqual(['Cursor']);
    expect(screen.getByRole('button', { name: 'Undo connecting Cursor' })).toBeTruthy();
    expect(guide.refresh).toHaveBeenCalled();
    connected.delete('cursor');
  });

  it('gives each app that takes a URL its HTTP entry: the real token right after creation, a placeholder after', async () => {
    renderPage(fakeApi([], { clientSetup: async (n) => all(n) }));
    await screen.findByText(/No clients yet/);
    expect(screen.getByText('http://127.0.0.1:50123/mcp')).toBeTruthy();
    fireEvent.change(nameInput(), { target: { value: 'work' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create client' }));

    const zed = await screen.findByRole('article', { name: 'Zed' });
    const toggle = within(zed).getByRole('button', { name: 'Zed snippets' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const http = () => JSON.parse(zed.querySelectorAll('pre')[1]!.textContent!) as unknown;
    expect(http()).toEqual({ context_servers: { 'agent-hub': { url: 'http://127.0.0.1:50123/mcp', headers: { Authorization: 'Bearer ahc_secret-token' } } } });
    expect(zed.textContent).toContain('This snippet holds work’s token, shown only this once');
    // Each app's own form of the entry.
    const entry = (label: string) => screen.getByRole('article', { name: label }).querySelectorAll('pre')[1]?.textContent;
    expect(JSON.parse(entry('VS Code')!)).toEqual({ servers: { 'agent-hub': { type: 'http', url: 'http://127.0.0.1:50123/mcp', headers: { Authorization: 'Bearer ahc_secret-token' } } } });
    expect(JSON.parse(entry('Windsurf')!).mcpServers['agent-hub'].serverUrl).toBe('http://127.0.0.1:50123/mcp');
    expect(JSON.parse(entry('Gemini CLI')!).mcpServers['agent-hub'].httpUrl).toBe('http://127.0.0.1:50123/mcp');
    expect(entry('Codex CLI')).toBe('[mcp_servers.agent-hub]\nurl = "http://127.0.0.1:50123/mcp"\nhttp_headers = { Authorization = "Bearer ahc_secret-token" }');
    expect(entry('Goose')).toContain('type: streamable_http');
    expect(entry('Continue')).toContain('type: streamable-http');
    // Claude Desktop's file takes only servers it starts.
    expect(entry('Claude Desktop')).toBeUndefined();
    expect(screen.getByRole('article', { name: 'Claude Desktop' }).textContent).toContain('takes only servers it starts itself');

    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(document.body.textContent).not.toContain('ahc_secret-token');
    expect(http()).toEqual({ context_servers: { 'agent-hub': { url: 'http://127.0.0.1:50123/mcp', headers: { Authorization: 'Bearer <token of work>' } } } });
    expect(zed.textContent).toContain('It was shown only once');
  });
});
