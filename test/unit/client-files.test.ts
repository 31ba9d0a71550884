import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readClientConfig, writeClientConfig } from '../../main/core/config/client-files.js';
import { parseJsonc } from '../../main/core/config/jsonc.js';
import { HubError } from '../../shared/errors.js';
import { repoRoot } from '../helpers/cli.js';

const fixture = (name: string) => parseJsonc(fs.readFileSync(path.join(repoRoot, 'test/fixtures/imports', name), 'utf8'));

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HubError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('reading client config files', () => {
  it("reads Claude Desktop's mcpServers and renames invalid names", () => {
    const r = readClientConfig(fixture('claude_desktop_config.json'));
    expect(r.format).toBe('claude');
    expect(r.servers.map((s) => s.name)).toEqual(['filesystem', 'memory-server']);
    expect(r.renamed).toEqual([{ from: 'Memory Server', to: 'memory-server' }]);
    expect(r.servers[1]).toMatchObject({
      transport: 'stdio',
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-memory'],
      env: { MEMORY_FILE_PATH: '/Users/me/memory.json' },
      enabled: true,
    });
  });

  it("reads Cursor's url/headers entries and the disabled flag", () => {
    const r = readClientConfig(fixture('cursor-mcp.json'));
    expect(r.format).toBe('cursor');
    const byName = Object.fromEntries(r.servers.map((s) => [s.name, s]));
    expect(byName['remote-docs']).toMatchObject({ transport: 'http', url: 'https://docs.example.com/mcp', headers: { 'X-Team': 'platform' } });
    expect(byName['old-one']).toMatchObject({ transport: 'stdio', enabled: false });
    expect(r.renamed).toEqual([{ from: 'remote_docs', to: 'remote-docs' }]);
  });

  it("reads VS Code's servers with type, and reports what it did not import", () => {
    const r = readClientConfig(fixture('vscode-mcp.json'));
    expect(r.format).toBe('vscode');
    expect(r.servers.map((s) => s.name)).toEqual(['git-hub', 'memory']);
    expect(r.servers[0]).toMatchObject({ transport: 'http', url: 'https://api.example.com/mcp/' });
    expect(r.servers[1]).toMatchObject({ transport: 'stdio', cwd: '/tmp' });
    expect(r.warnings).toEqual([expect.stringContaining('servers.memory.envFile was not imported')]);
  });

  it('names the entry and the field of the first bad entry', () => {
    expect(errorOf(() => readClientConfig(fixture('broken-entry.json')))).toMatch(/^entry "bad", field "args.1": .*string/);
    expect(errorOf(() => readClientConfig({ mcpServers: { x: { command: '' } } }))).toMatch(/entry "x", field "command": must not be empty/);
    expect(errorOf(() => readClientConfig({ mcpServers: { x: { url: 'ftp://files' } } }))).toMatch(/entry "x", field "url": must be an http/);
    expect(errorOf(() => readClientConfig({ mcpServers: { x: 'npx thing' } }))).toMatch(/entry "x": must be an object/);
  });

  it('refuses files that are not MCP client configs', () => {
    expect(errorOf(() => readClientConfig([]))).toMatch(/not an MCP client config/);
    expect(errorOf(() => readClientConfig({ editor: {} }))).toMatch(/neither "mcpServers".*nor "servers"/);
    expect(errorOf(() => readClientConfig({ mcpServers: {} }, 'vscode'))).toMatch(/no "servers" object/);
  });

  it('keeps valid names and renames the one that collides', () => {
    const r = readClientConfig({ mcpServers: { 'My-Tool': { command: 'a' }, 'my-tool': { command: 'b' } } });
    expect(r.servers.map((s) => [s.name, s.transport === 'stdio' && s.command])).toEqual([
      ['my-tool-2', 'a'],
      ['my-tool', 'b'],
    ]);
  });

  it.each(['claude', 'cursor', 'vscode'] as const)('writes the %s format back so that it reads the same', (format) => {
    const servers = readClientConfig(fixture('cursor-mcp.json')).servers;
    const doc = writeClientConfig(servers, format);
    expect(readClientConfig(JSON.parse(JSON.stringify(doc)), format).servers).toEqual(servers);
  });
});
