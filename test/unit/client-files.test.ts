import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appSpec } from '../../main/core/config/app-registry.js';
import { detectApp, readClientConfig, readServers, writeClientConfig } from '../../main/core/config/client-files.js';
import { parseConfig } from '../../main/core/config/config-document.js';
import { parseJsonc } from '../../main/core/config/jsonc.js';
import { ClientApps, type ClientApp } from '../../shared/clients.js';
import { looksSecret } from '../../shared/import.js';
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
    expect(errorOf(() => readClientConfig({ editor: {} }))).toMatch(/none of "mcpServers" .*"servers" .*"context_servers" .*"mcp_servers" .*"extensions"/);
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

/** The fixture of an app (test/fixtures/apps/<app>.<ext>), parsed the way import reads it. */
function appFixture(app: ClientApp): unknown {
  const dir = path.join(repoRoot, 'test/fixtures/apps');
  const name = fs.readdirSync(dir).find((f) => f.slice(0, f.lastIndexOf('.')) === app)!;
  const format = appSpec(app).format;
  return parseConfig(format === 'json' ? 'jsonc' : format, fs.readFileSync(path.join(dir, name), 'utf8'), name);
}

describe("reading each app's own file", () => {
  // hub name → transport (and disabled ones marked "off"), per app fixture.
  const expected: Record<ClientApp, Record<string, string>> = {
    claude: { github: 'stdio', 'remote-docs': 'http' },
    cursor: { memory: 'stdio', linear: 'http' },
    vscode: { github: 'stdio', docs: 'http' },
    'vscode-insiders': { github: 'stdio', docs: 'http' },
    'claude-code': { playwright: 'stdio', sentry: 'http' },
    windsurf: { github: 'stdio', zapier: 'http' },
    zed: { postgres: 'stdio', 'old-style': 'stdio off', 'remote-mcp-server': 'http' },
    cline: { 'brave-search': 'stdio', remote: 'http off' },
    'roo-code': { filesystem: 'stdio', 'remote-api': 'http' },
    continue: { sqlite: 'stdio', 'remote-search': 'http' },
    'gemini-cli': { git: 'stdio', github: 'http' },
    codex: { github: 'stdio', figma: 'http' },
    goose: { github: 'stdio', 'remote-tools': 'http off' },
    'lm-studio': { fetch: 'stdio', 'hf-mcp-server': 'http' },
    'amazon-q': { 'aws-docs': 'stdio', remote: 'http' },
    kiro: { fetch: 'stdio', 'api-server': 'http' },
  };

  it.each(ClientApps)('%s: stdio and remote entries, with a secret-looking value in each', (app) => {
    const read = readServers(app, appFixture(app));
    expect(read.entries.filter((e) => e.problem)).toEqual([]);
    const got = Object.fromEntries(read.entries.map((e) => [e.name, `${e.config!.transport}${e.config!.enabled ? '' : ' off'}`]));
    expect(got).toEqual(expected[app]);
    const configs = read.entries.map((e) => e.config!);
    expect(configs.some((c) => c.transport === 'stdio' && Object.entries(c.env).some(([k, v]) => looksSecret('env', k, v)))).toBe(true);
    expect(configs.some((c) => c.transport === 'http' && Object.entries(c.headers).some(([k, v]) => looksSecret('header', k, v)))).toBe(true);
  });

  it("maps each app's own field names", () => {
    const byName = (app: ClientApp) => Object.fromEntries(readServers(app, appFixture(app)).entries.map((e) => [e.name, e.config!]));
    expect(byName('goose').github).toMatchObject({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: expect.stringMatching(/^ghp_/) } });
    expect(byName('goose')['remote-tools']).toMatchObject({ url: 'https://tools.example.com/mcp', headers: { Authorization: 'Bearer goose-fixture-tools-token' }, enabled: false });
    expect(byName('codex').figma).toMatchObject({ url: 'https://mcp.figma.com/mcp', headers: { 'X-Figma-Token': 'codex-fixture-figma-token-0123' } });
    expect(byName('codex').github).toMatchObject({ env: { GITHUB_TOKEN: expect.stringMatching(/^ghp_/) } });
    expect(byName('zed')['old-style']).toMatchObject({ command: 'uvx', args: ['mcp-server-time'], env: {} });
    expect(byName('windsurf').zapier).toMatchObject({ url: 'https://actions.zapier.com/mcp/sse' });
    expect(byName('gemini-cli').github).toMatchObject({ url: 'https://api.githubcopilot.com/mcp/' });
    expect(byName('continue')['remote-search']).toMatchObject({ headers: { Authorization: 'Bearer continue-fixture-search-token' } });
    expect(byName('continue').sqlite).toMatchObject({ command: 'npx', args: ['-y', 'mcp-sqlite', '/home/me/data.db'] });
  });

  it('reports what it does not import, and leaves out what it cannot run', () => {
    const warnings = (app: ClientApp) => readServers(app, appFixture(app)).warnings;
    expect(warnings('goose')).toEqual(
      expect.arrayContaining([
        'extensions.developer is a Goose builtin extension, which only Goose can run, so it was not imported.',
        'extensions.github.timeout was not imported (Agent Hub has no such setting).',
      ]),
    );
    expect(warnings('zed')).toContain('context_servers.mcp-server-github is provided by a Zed extension, which Agent Hub cannot run, so it was not imported.');
    expect(warnings('codex')).toContain(
      'mcp_servers.figma takes its bearer token from the environment variable FIGMA_OAUTH_TOKEN, which was not imported: add an Authorization header after import.',
    );
    expect(warnings('cline')).toContain('mcpServers.brave-search.autoApprove was not imported (Agent Hub has no such setting).');
    expect(warnings('continue')).toEqual([]);
    expect(readServers('continue', appFixture('continue')).renamed).toEqual([{ from: 'SQLite', to: 'sqlite' }]);
  });

  it('never imports the hub itself', () => {
    const read = readServers('cursor', { mcpServers: { 'agent-hub': { command: 'node', args: ['cli.js', 'connect', '--client', 'cursor'] }, x: { command: 'x' } } });
    expect(read.entries.map((e) => e.name)).toEqual(['x']);
    expect(read.warnings).toEqual(['mcpServers.agent-hub is Agent Hub itself, so it was not imported.']);
  });

  it('gives each bad entry its own problem, in the app\'s own field names', () => {
    const read = readServers('goose', { extensions: { ok: { type: 'stdio', cmd: 'a' }, bad: { type: 'stdio', cmd: '' } } });
    expect(read.entries.map((e) => [e.name, e.problem])).toEqual([
      ['ok', undefined],
      ['bad', 'entry "bad", field "cmd": must not be empty'],
    ]);
    expect(errorOf(() => readClientConfig({ extensions: { bad: { type: 'stdio', cmd: '' } } }))).toBe('entry "bad", field "cmd": must not be empty');
  });

  it.each([
    ['codex', { mcp_servers: {} }],
    ['goose', { extensions: {} }],
    ['continue', { mcpServers: [] }],
    ['zed', { context_servers: {} }],
    ['vscode', { servers: {} }],
    ['windsurf', { mcpServers: { a: { serverUrl: 'https://x' } } }],
    ['gemini-cli', { mcpServers: { a: { httpUrl: 'https://x' } } }],
    ['cursor', { mcpServers: { a: { url: 'https://x' } } }],
    ['claude', { mcpServers: { a: { command: 'x' } } }],
  ] as const)('detects %s files', (app, doc) => {
    expect(detectApp(doc)).toBe(app);
  });
});
