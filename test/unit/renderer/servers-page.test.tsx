// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig, ServerConfigInput } from '../../../shared/config.js';
import type { HubApi } from '../../../shared/hub-api.js';
import { App } from '../../../renderer/src/App.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';

afterEach(() => {
  cleanup();
  // Pages put where they are in the address: every test starts at the first page.
  history.replaceState(null, '', '/');
});

function fakeApi(list: () => Promise<ServerConfig[]>): HubApi {
  return fakeHubApi({
    listServers: list,
    serverStatus: async () =>
      (await list().catch(() => [])).map((s) => ({
        name: s.name,
        enabled: s.enabled,
        state: s.enabled ? ('running' as const) : ('disabled' as const),
        lastError: null,
        toolCount: 3,
        logTail: ['[agent-hub] running (3 tools)'],
      })),
  });
}

const servers: ServerConfig[] = [
  { name: 'memory', transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: {}, secretEnv: [], enabled: true, tools: { deny: [] }, prefixTools: true },
  { name: 'docs', transport: 'http', url: 'https://docs.example.com/mcp', headers: {}, secretHeaders: [], args: [], env: {}, secretEnv: [], enabled: false, tools: { deny: [] }, prefixTools: true },
];

describe('Servers page', () => {
  it('lists the servers the hub reports', async () => {
    render(<App api={fakeApi(async () => servers)} />);
    expect(await screen.findByText('memory')).toBeTruthy();
    expect(screen.getByText('npx -y @modelcontextprotocol/server-memory')).toBeTruthy();
    expect(screen.getByText('https://docs.example.com/mcp')).toBeTruthy();
    expect(screen.getAllByRole('row')).toHaveLength(3);
    expect(screen.getAllByText('running')).toHaveLength(1);
    expect(screen.getByText('disabled')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Enable docs' })).toBeTruthy();
  });

  it('says what to do next when there are no servers', async () => {
    render(<App api={fakeApi(async () => [])} />);
    expect(await screen.findByText(/No servers yet/)).toBeTruthy();
  });

  it('shows the error sentence when the hub fails', async () => {
    render(<App api={fakeApi(async () => Promise.reject(new Error('The database is locked.')))} />);
    expect((await screen.findByRole('alert')).textContent).toBe('The database is locked.');
  });

  it('explains when no hub is connected', () => {
    render(<App api={undefined} />);
    expect(screen.getByRole('alert').textContent).toMatch(/not connected to a hub/);
  });

  it('validates the add form as you type, with the field named, and adds the server', async () => {
    const added: ServerConfigInput[] = [];
    let list = [...servers];
    render(<App api={{ ...fakeApi(async () => list), addServer: async (input) => {
            added.push(input as ServerConfigInput);
            list = [...list, input as ServerConfig];
          },
        }} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add server' }));
    const name = screen.getByLabelText('Name');
    fireEvent.change(name, { target: { value: 'Bad Name' } });
    expect(screen.getByText(/must be/).textContent).toMatch(/lower-case/);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(name, { target: { value: 'memory' } });
    expect(screen.getByText('a server with this name exists already')).toBeTruthy();
    fireEvent.change(name, { target: { value: 'files' } });
    fireEvent.change(screen.getByLabelText('Command'), { target: { value: 'npx' } });
    fireEvent.change(screen.getByLabelText('Arguments (one per line)'), { target: { value: '-y\n@modelcontextprotocol/server-filesystem\n/tmp' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    fireEvent.change(screen.getByLabelText('Variable 1 value'), { target: { value: 'debug' } });
    expect(screen.getByText('needs a name')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Variable 1 name'), { target: { value: 'LOG' } });
    expect(screen.queryByText('needs a name')).toBeNull();
    fireEvent.click(within(screen.getByRole('form', { name: 'Add a server' })).getByRole('button', { name: 'Add server' }));
    await waitFor(() => expect(added).toHaveLength(1));
    expect(added[0]).toMatchObject({ name: 'files', transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'], env: { LOG: 'debug' }, secretEnv: [] });
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Add a server' })).toBeNull());
  });

  it('does not send an invalid form, and shows the hub\'s refusal in one sentence', async () => {
    let calls = 0;
    render(
      <App
        api={{
          ...fakeApi(async () => servers),
          addServer: async () => {
            calls++;
            throw new Error('Server "web" is not valid: url: must be an http:// or https:// URL.');
          },
        }}
      />,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Add server' }));
    const form = screen.getByRole('form', { name: 'Add a server' });
    fireEvent.click(within(form).getByRole('button', { name: 'Add server' }));
    expect(calls).toBe(0);
    expect(screen.getByText('must not be empty')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'web' } });
    fireEvent.change(screen.getByLabelText('Transport'), { target: { value: 'http' } });
    fireEvent.change(screen.getByLabelText('URL'), { target: { value: 'https://example.com/mcp' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add server' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/is not valid: url/);
    expect(calls).toBe(1);
  });

  it('edits a server without renaming it, and removes one after a confirm', async () => {
    const updates: [string, ServerConfigInput][] = [];
    const removed: string[] = [];
    render(
      <App
        api={{
          ...fakeApi(async () => servers),
          updateServer: async (name, input) => void updates.push([name, input as ServerConfigInput]),
          removeServer: async (name) => void removed.push(name),
        }}
      />,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Edit memory' }));
    expect((screen.getByLabelText('Name') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText('Arguments (one per line)') as HTMLTextAreaElement).value).toBe('-y\n@modelcontextprotocol/server-memory');
    fireEvent.change(screen.getByLabelText('Working folder'), { target: { value: '/srv' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]).toEqual(['memory', expect.objectContaining({ name: 'memory', cwd: '/srv', command: 'npx' })]);

    fireEvent.click(screen.getByRole('button', { name: 'Remove docs' }));
    expect(removed).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, remove' }));
    await waitFor(() => expect(removed).toEqual(['docs']));
  });

  it('lists a server\'s tools on its page (its name in the list leads there), and switches one off', async () => {
    const switched: [string, string, boolean][] = [];
    let enabled = true;
    render(
      <App
        api={{
          ...fakeApi(async () => servers),
          listServerTools: async (name) => (name === 'memory' ? [{ name: 'read_graph', description: 'Reads the graph.', enabled }] : []),
          setToolEnabled: async (server, tool, on) => {
            switched.push([server, tool, on]);
            enabled = on;
          },
        }}
      />,
    );
    const link = await screen.findByRole('link', { name: 'memory' });
    expect(link.getAttribute('href')).toBe('#/servers/memory');
    expect(screen.queryByText('read_graph')).toBeNull();
    await act(async () => void (window.location.hash = '#/servers/memory'));
    expect(await screen.findByRole('heading', { level: 2, name: 'memory' })).toBeTruthy();
    const box = (await screen.findByRole('switch', { name: 'Publish read_graph' })) as HTMLInputElement;
    expect(screen.getByText('Reads the graph.')).toBeTruthy();
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    await waitFor(() => expect(switched).toEqual([['memory', 'read_graph', false]]));
    await waitFor(() => expect((screen.getByRole('switch', { name: 'Publish read_graph' }) as HTMLInputElement).checked).toBe(false));
  });

  it('offers Sign in for a server that needs it, opens the sign-in page, and shows the wait', async () => {
    const web: ServerConfig = { name: 'docs', transport: 'http', url: 'https://docs.example.com/mcp', headers: {}, secretHeaders: [], args: [], env: {}, secretEnv: [], enabled: true, tools: { deny: [] }, prefixTools: true };
    let signIn: 'needed' | 'in-progress' = 'needed';
    const opened: string[] = [];
    const original = window.open;
    window.open = (url?: string | URL) => {
      opened.push(String(url));
      return null;
    };
    try {
      render(
        <App
          api={fakeHubApi({
            listServers: async () => [web],
            serverStatus: async () => [{ name: 'docs', enabled: true, state: 'sign-in-needed', lastError: 'sign-in needed', toolCount: 0, logTail: [], signIn }],
            signIn: async () => {
              signIn = 'in-progress';
              return { authorizationUrl: 'https://auth.example.com/authorize?x=1' };
            },
          })}
        />,
      );
      expect((await screen.findAllByText(/sign-in needed/)).length).toBeGreaterThan(0);
      fireEvent.click(screen.getByRole('button', { name: 'Sign in to docs' }));
      await waitFor(() => expect(opened).toEqual(['https://auth.example.com/authorize?x=1']));
      expect(await screen.findByText(/Waiting for the browser/)).toBeTruthy();
    } finally {
      window.open = original;
    }
  });
});
