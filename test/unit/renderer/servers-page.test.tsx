// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../../shared/config.js';
import type { HubApi } from '../../../shared/hub-api.js';
import { App } from '../../../renderer/src/App.js';
import { fakeHubApi } from '../../helpers/fake-hub-api.js';

afterEach(cleanup);

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
  { name: 'memory', transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: {}, enabled: true, tools: { deny: [] }, prefixTools: true },
  { name: 'docs', transport: 'http', url: 'https://docs.example.com/mcp', headers: {}, args: [], env: {}, enabled: false, tools: { deny: [] }, prefixTools: true },
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
});
