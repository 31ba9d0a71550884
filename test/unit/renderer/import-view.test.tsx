// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServerConfig } from '../../../shared/config.js';
import type { HubApi } from '../../../shared/hub-api.js';
import type { ImportResultView, ImportSelection, ImportServerPreview, ImportSourceView } from '../../../shared/import.js';
import { ServersPage } from '../../../renderer/src/ServersPage.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';
import { renderWithHub } from './with-hub.js';

afterEach(() => {
  cleanup();
  // Pages put where they are in the address: every test starts at the first page.
  history.replaceState(null, '', '/');
});

const server = (p: Partial<ImportServerPreview> & { name: string }): ImportServerPreview => ({
  originalName: p.name,
  transport: 'stdio',
  envKeys: [],
  headerKeys: [],
  secretSuggested: [],
  exists: false,
  ...p,
});

const SOURCES: ImportSourceView[] = [
  {
    app: 'claude',
    label: 'Claude Desktop',
    path: '/home/u/.config/Claude/claude_desktop_config.json',
    warnings: ['globalShortcut is a Claude Desktop setting, not a server; it was not imported.'],
    servers: [
      server({ name: 'github', command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], envKeys: ['GITHUB_PERSONAL_ACCESS_TOKEN', 'GITHUB_HOST'], secretSuggested: ['GITHUB_PERSONAL_ACCESS_TOKEN'] }),
      server({ name: 'remote-docs', originalName: 'Remote Docs', transport: 'http', url: 'https://docs.example.com/mcp', headerKeys: ['Authorization'], secretSuggested: ['Authorization'] }),
      server({ name: 'memory', command: 'node', args: ['memory.js'], exists: true }),
      server({ name: 'broken', problem: 'has no command or url, so Agent Hub cannot run it.' }),
    ],
  },
  { app: 'codex', label: 'Codex CLI', path: '/home/u/.codex/config.toml', error: '/home/u/.codex/config.toml is not valid TOML (line 3); fix that file to import from it.', warnings: [], servers: [] },
  { app: 'kiro', label: 'Kiro', path: '/home/u/.kiro/settings/mcp.json', warnings: [], servers: [] },
];

const existing: ServerConfig = { name: 'memory', transport: 'stdio', command: 'node', args: ['old.js'], env: {}, secretEnv: [], enabled: true, tools: { deny: [] }, prefixTools: true };

function api(overrides: Partial<HubApi> = {}, sources = SOURCES): HubApi {
  return fakeHubApi({ listServers: async () => [existing], listImportSources: async () => sources, ...overrides });
}

async function openImport(a: HubApi) {
  renderWithHub(<ServersPage />, a);
  fireEvent.click(await screen.findByRole('button', { name: 'Import from apps' }));
  return screen.findByRole('form', { name: 'Servers in Claude Desktop' });
}
const box = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;
const importButton = () => screen.getByRole('button', { name: /^(Import \d+ servers? from|Pick a server)/ }) as HTMLButtonElement;

describe('the Import view', () => {
  it('lists the apps found with their files, and previews exactly what each server adds', async () => {
    const form = await openImport(api());
    const apps = screen.getByRole('group', { name: 'Import from' });
    const options = within(apps).getAllByRole('radio') as HTMLInputElement[];
    expect(options.map((o) => o.closest('label')!.textContent)).toEqual([
      'Claude Desktop 4 servers (1 cannot be imported)/home/u/.config/Claude/claude_desktop_config.json',
      'Codex CLI cannot be read/home/u/.codex/config.toml',
      'Kiro no servers/home/u/.kiro/settings/mcp.json',
    ]);
    expect(options[0]!.checked).toBe(true);

    expect(within(form).getByRole('heading').textContent).toBe('Claude Desktop /home/u/.config/Claude/claude_desktop_config.json');
    const item = (name: string) => box(`Import ${name}`).closest('li')!;
    expect(item('github').textContent).toContain('Runs npx -y @modelcontextprotocol/server-github');
    expect(item('github').textContent).toContain('Environment variables');
    expect(item('remote-docs').textContent).toContain('URL https://docs.example.com/mcp');
    expect(item('remote-docs').textContent).toContain('“Remote Docs” in the file');
    expect(item('remote-docs').textContent).toContain('HTTP');
    // Secret-looking keys are pre-ticked for the keychain; the others are not.
    expect(box('Keep GITHUB_PERSONAL_ACCESS_TOKEN of github in the keychain').checked).toBe(true);
    expect(box('Keep GITHUB_HOST of github in the keychain').checked).toBe(false);
    expect(box('Keep Authorization of remote-docs in the keychain').checked).toBe(true);
    expect(form.textContent).toContain('has its value stored in your OS keychain, not in hub.db');
    // New servers are picked; one that exists is flagged and left out; one with a problem cannot be picked.
    expect([box('Import github').checked, box('Import remote-docs').checked, box('Import memory').checked]).toEqual([true, true, false]);
    expect(item('memory').textContent).toContain('A server named memory exists in Agent Hub.');
    expect(box('Import broken').disabled).toBe(true);
    expect(item('broken').textContent).toContain('Cannot be imported: has no command or url, so Agent Hub cannot run it.');
    expect(form.textContent).toContain('globalShortcut is a Claude Desktop setting');
    expect(importButton().textContent).toBe('Import 2 servers from Claude Desktop');

    // A file that cannot be read says why, in one sentence.
    fireEvent.click(options[1]!);
    const codex = await screen.findByRole('form', { name: 'Servers in Codex CLI' });
    expect(within(codex).getByRole('alert').textContent).toBe('/home/u/.codex/config.toml is not valid TOML (line 3); fix that file to import from it.');
    expect(within(codex).queryByRole('button')).toBeNull();
  });

  it('imports what is picked, with the values marked for the keychain, and shows the result on the Servers page', async () => {
    const result: ImportResultView = { imported: ['github'], renamed: [], warnings: ['github: cwd was not imported (Agent Hub starts servers in its data folder).'] };
    const importServers = vi.fn(async (_s: ImportSelection) => result);
    const listServers = vi.fn(async () => [existing]);
    await openImport(api({ importServers, listServers }));
    fireEvent.click(box('Import remote-docs'));
    fireEvent.click(box('Keep GITHUB_HOST of github in the keychain'));
    fireEvent.click(box('Keep GITHUB_PERSONAL_ACCESS_TOKEN of github in the keychain'));
    fireEvent.click(box('Keep GITHUB_PERSONAL_ACCESS_TOKEN of github in the keychain'));
    expect(importButton().textContent).toBe('Import 1 server from Claude Desktop');
    const before = listServers.mock.calls.length;
    fireEvent.click(importButton());
    await waitFor(() => expect(importServers).toHaveBeenCalledTimes(1));
    expect(importServers.mock.calls[0]![0]).toEqual({ app: 'claude', servers: ['github'], secret: { github: ['GITHUB_HOST', 'GITHUB_PERSONAL_ACCESS_TOKEN'] } });

    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('Imported github from Claude Desktop.');
    expect(status.textContent).toContain('cwd was not imported');
    expect(screen.queryByRole('region', { name: 'Import servers from your apps' })).toBeNull();
    expect(listServers.mock.calls.length).toBeGreaterThan(before);
  });

  it('shows renamed servers in the result', async () => {
    const importServers = vi.fn(async () => ({ imported: ['remote-docs'], renamed: [{ from: 'Remote Docs', to: 'remote-docs' }], warnings: [] }));
    await openImport(api({ importServers }));
    fireEvent.click(box('Import github'));
    fireEvent.click(importButton());
    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('“Remote Docs” → remote-docs');
    expect(importServers).toHaveBeenCalledWith({ app: 'claude', servers: ['remote-docs'], secret: { 'remote-docs': ['Authorization'] } });
  });

  it('a name the hub has needs Replace, which the import then sends', async () => {
    const importServers = vi.fn(async () => ({ imported: ['memory'], renamed: [], warnings: [] }));
    await openImport(api({ importServers }));
    fireEvent.click(box('Import github'));
    fireEvent.click(box('Import remote-docs'));
    expect(importButton().textContent).toBe('Pick a server to import');
    expect(importButton().disabled).toBe(true);
    fireEvent.click(box('Import memory'));
    expect(importButton().disabled).toBe(true);
    expect(screen.getByText('memory exists in Agent Hub already: tick “Replace” or leave it out.')).toBeTruthy();
    fireEvent.click(box('Replace the existing memory'));
    expect(importButton().disabled).toBe(false);
    fireEvent.click(importButton());
    await waitFor(() => expect(importServers).toHaveBeenCalledWith({ app: 'claude', servers: ['memory'], secret: {}, replace: true }));
  });

  it('an import that fails shows the hub’s sentence and keeps the choices', async () => {
    const importServers = vi.fn(async () => {
      throw new Error('The keychain is locked; unlock it and import again. Nothing was imported.');
    });
    const form = await openImport(api({ importServers }));
    fireEvent.click(importButton());
    expect((await within(form).findByRole('alert')).textContent).toBe('The keychain is locked; unlock it and import again. Nothing was imported.');
    expect(box('Import github').checked).toBe(true);
    expect(importButton().disabled).toBe(false);
  });

  it('says so when no app has a config file on this machine', async () => {
    renderWithHub(<ServersPage />, api({}, []));
    fireEvent.click(await screen.findByRole('button', { name: 'Import from apps' }));
    expect(await screen.findByText(/has an MCP config file on this machine/)).toBeTruthy();
  });
});
