import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestVersion } from '../../main/core/store/db.js';
import { repoRoot, runCli, tempDataDir } from '../helpers/cli.js';

const fixture = (name: string) => path.join(repoRoot, 'test/fixtures/imports', name);
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const listJson = (dataDir: string) => JSON.parse(runCli(['server', 'list', '--json'], { dataDir }).stdout) as { name: string }[];

describe('agent-hub server add/list/remove/enable/disable', () => {
  it('adds a stdio server and lists it as a table and as JSON', () => {
    const dataDir = tempDataDir();
    const add = runCli(['server', 'add', 'memory', '--env', 'MEMORY_FILE_PATH=/tmp/m.json', '--', 'npx', '-y', '@modelcontextprotocol/server-memory'], { dataDir });
    expect(add).toMatchObject({ code: 0, stderr: '' });
    expect(add.stdout).toContain('Added stdio server "memory"');

    const table = runCli(['server', 'list'], { dataDir });
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+TRANSPORT\s+ENABLED\s+PROTOCOL\s+TARGET$/);
    // Never started: its protocol is not known yet (an empty cell).
    expect(table.stdout).toMatch(/memory\s+stdio\s+yes\s+npx -y @modelcontextprotocol\/server-memory/);
    expect(table.stdout).not.toContain('/tmp/m.json');

    expect(listJson(dataDir)).toEqual([
      {
        name: 'memory',
        enabled: true,
        tools: { deny: [] },
        prefixTools: true,
        transport: 'stdio',
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-memory'],
        env: { MEMORY_FILE_PATH: '/tmp/m.json' },
        secretEnv: [],
      },
    ]);
  });

  it('keeps arguments after -- verbatim, flags included', () => {
    const dataDir = tempDataDir();
    expect(runCli(['server', 'add', 'raw', '--', 'node', 'server.js', '--port', '3000', '--', 'x y'], { dataDir }).code).toBe(0);
    expect(listJson(dataDir)[0]).toMatchObject({ command: 'node', args: ['server.js', '--port', '3000', '--', 'x y'] });
  });

  it('adds an HTTP server with headers', () => {
    const dataDir = tempDataDir();
    const r = runCli(['server', 'add', 'docs', '--url', 'https://docs.example.com/mcp', '--header', 'X-Team: platform', '--header', 'X-Env:dev'], { dataDir });
    expect(r.code).toBe(0);
    expect(listJson(dataDir)[0]).toMatchObject({ transport: 'http', url: 'https://docs.example.com/mcp', headers: { 'X-Team': 'platform', 'X-Env': 'dev' } });
  });

  it('disables, enables and removes by name', () => {
    const dataDir = tempDataDir();
    runCli(['server', 'add', 'a', '--', 'x'], { dataDir });
    runCli(['server', 'add', 'b', '--', 'y'], { dataDir });
    expect(runCli(['server', 'disable', 'a'], { dataDir }).stdout).toContain('"a" is disabled');
    expect(listJson(dataDir)).toEqual([expect.objectContaining({ name: 'a', enabled: false }), expect.objectContaining({ name: 'b', enabled: true })]);
    expect(runCli(['server', 'enable', 'a'], { dataDir }).code).toBe(0);
    expect(listJson(dataDir)[0]).toMatchObject({ enabled: true });
    expect(runCli(['server', 'remove', 'a'], { dataDir }).code).toBe(0);
    expect(listJson(dataDir).map((s) => s.name)).toEqual(['b']);
  });

  it('says what to do when there are no servers', () => {
    const r = runCli(['server', 'list'], { dataDir: tempDataDir() });
    expect(r.stdout).toMatch(/No servers yet\. Add one with: agent-hub server add/);
    expect(runCli(['server', 'list', '--json'], { dataDir: tempDataDir() }).stdout.trim()).toBe('[]');
  });

  it('uses AGENT_HUB_DATA_DIR when --data-dir is not given', () => {
    const dataDir = tempDataDir();
    expect(runCli(['server', 'add', 'env-dir', '--', 'x'], { env: { AGENT_HUB_DATA_DIR: dataDir } }).code).toBe(0);
    expect(listJson(dataDir).map((s) => s.name)).toEqual(['env-dir']);
  });
});

describe('agent-hub errors', () => {
  it.each([
    [['server', 'add', 'Bad_Name', '--', 'x'], 1, /Server "Bad_Name" is not valid: name: must be lower-case letters/],
    [['server', 'add', 'x', '--url', 'ftp://host/mcp'], 1, /url: must be an http:\/\/ or https:\/\/ URL/],
    [['server', 'add', 'x', '--env', 'A=1', '--url', 'http://h/mcp'], 2, /--env and --cwd need a command to run/],
    [['server', 'add', 'x'], 2, /needs --url URL or -- COMMAND/],
    [['server', 'add', 'x', '--header', 'nocolon', '--url', 'http://h'], 2, /--header "nocolon" must look like KEY:VALUE/],
    [['server', 'remove', 'ghost'], 1, /There is no server named "ghost"/],
    [['server', 'list', '--bogus'], 2, /"server list" has no option --bogus/],
    [['server', 'frobnicate'], 2, /"server frobnicate" is not a command/],
    [['launch-missiles'], 2, /"launch-missiles" is not an agent-hub command/],
  ])('agent-hub %j exits %i with one clear line', (args, code, message) => {
    const dataDir = tempDataDir();
    const r = runCli(args as string[], { dataDir });
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^agent-hub: /);
    expect(lines[0]).toMatch(message);
    expect(lines.length).toBe(code === 2 ? 2 : 1);
  });

  it('refuses a second server with the same name and keeps the first', () => {
    const dataDir = tempDataDir();
    runCli(['server', 'add', 'dup', '--', 'first'], { dataDir });
    const r = runCli(['server', 'add', 'dup', '--', 'second'], { dataDir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/A server named "dup" already exists/);
    expect(listJson(dataDir)[0]).toMatchObject({ command: 'first' });
  });
});

describe('agent-hub import/export', () => {
  it.each([
    ['claude_desktop_config.json', 'claude', ['filesystem', 'memory-server']],
    ['cursor-mcp.json', 'cursor', ['everything', 'old-one', 'remote-docs']],
    ['vscode-mcp.json', 'vscode', ['git-hub', 'memory']],
  ])('imports %s (%s format)', (file, format, names) => {
    const dataDir = tempDataDir();
    const r = runCli(['import', fixture(file), '--json'], { dataDir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { format: string; imported: string[] };
    expect(out.format).toBe(format);
    expect(listJson(dataDir).map((s) => s.name)).toEqual(names);
  });

  it('reports renamed entries in plain output', () => {
    const r = runCli(['import', fixture('claude_desktop_config.json')], { dataDir: tempDataDir() });
    expect(r.stdout).toMatch(/^Imported 2 servers from .* \(claude format\): filesystem, memory-server\.$/m);
    expect(r.stderr).toContain('Renamed "Memory Server" to "memory-server"');
  });

  it('imports nothing when one entry is bad, and names the entry and the field', () => {
    const dataDir = tempDataDir();
    runCli(['server', 'add', 'existing', '--', 'x'], { dataDir });
    const db = path.join(dataDir, 'hub.db');
    const before = runCli(['export'], { dataDir }).stdout;
    const rowsBefore = new Database(db, { readonly: true }).prepare('SELECT * FROM servers').all();

    const r = runCli(['import', fixture('broken-entry.json')], { dataDir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^agent-hub: Cannot import .*broken-entry\.json: entry "bad", field "args\.1": .*; nothing was imported\.$/);
    expect(runCli(['export'], { dataDir }).stdout).toBe(before);
    expect(new Database(db, { readonly: true }).prepare('SELECT * FROM servers').all()).toEqual(rowsBefore);
  });

  it('imports nothing when a name is taken, unless --replace', () => {
    const dataDir = tempDataDir();
    runCli(['server', 'add', 'filesystem', '--', 'mine'], { dataDir });
    const r = runCli(['import', fixture('claude_desktop_config.json')], { dataDir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/A server named "filesystem" already exists.*nothing was imported/);
    expect(listJson(dataDir).map((s) => s.name)).toEqual(['filesystem']);
    expect(runCli(['import', fixture('claude_desktop_config.json'), '--replace'], { dataDir }).code).toBe(0);
    expect(listJson(dataDir)).toEqual([expect.objectContaining({ name: 'filesystem', command: 'npx' }), expect.objectContaining({ name: 'memory-server' })]);
  });

  it('explains a missing file and a file that is not JSON', () => {
    const dataDir = tempDataDir();
    expect(runCli(['import', '/nonexistent/mcp.json'], { dataDir }).stderr).toMatch(/Cannot import \/nonexistent\/mcp\.json: no such file; nothing was imported\./);
    const junk = path.join(dataDir, 'junk.json');
    fs.writeFileSync(junk, '{"mcpServers": {');
    expect(runCli(['import', junk], { dataDir }).stderr).toMatch(/it is not valid JSON/);
  });

  it('exports the same JSON back, in each format, and to a file', () => {
    const dataDir = tempDataDir();
    runCli(['import', fixture('cursor-mcp.json')], { dataDir });
    const exported = JSON.parse(runCli(['export'], { dataDir }).stdout) as { mcpServers: Record<string, unknown> };
    const original = JSON.parse(fs.readFileSync(fixture('cursor-mcp.json'), 'utf8')) as { mcpServers: Record<string, { env?: object }> };
    expect(exported.mcpServers.everything).toEqual({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] });
    expect(exported.mcpServers['remote-docs']).toEqual(original.mcpServers.remote_docs);
    expect(exported.mcpServers['old-one']).toEqual(original.mcpServers['old-one']);

    const out = path.join(dataDir, 'export.vscode.json');
    const w = runCli(['export', '--format', 'vscode', '--out', out], { dataDir });
    expect(w.code).toBe(0);
    const vscode = JSON.parse(fs.readFileSync(out, 'utf8')) as { servers: Record<string, { type: string }> };
    expect(Object.keys(vscode.servers)).toEqual(['everything', 'old-one', 'remote-docs']);
    expect(vscode.servers['remote-docs']!.type).toBe('http');

    // And the exported file imports into a fresh hub as the same servers.
    const again = tempDataDir();
    expect(runCli(['import', out], { dataDir: again }).code).toBe(0);
    expect(listJson(again)).toEqual(listJson(dataDir));
  });
});

describe('the database on disk', () => {
  it('refuses a database from a newer Agent Hub and leaves it untouched', () => {
    const dataDir = tempDataDir();
    const file = path.join(dataDir, 'hub.db');
    const db = new Database(file);
    db.pragma('user_version = 42');
    db.close();
    const before = sha(file);
    for (const args of [['server', 'list'], ['server', 'add', 'x', '--', 'y'], ['import', fixture('cursor-mcp.json')]]) {
      const r = runCli(args, { dataDir });
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        `agent-hub: The database ${file} was written by a newer Agent Hub (schema 42; this version knows up to ${latestVersion}). Update Agent Hub, or point --data-dir at another folder.`,
      );
    }
    expect(sha(file)).toBe(before);
  });

  it('names a corrupt database file and leaves it untouched', () => {
    const dataDir = tempDataDir();
    const file = path.join(dataDir, 'hub.db');
    fs.writeFileSync(file, crypto.randomBytes(8192));
    const before = sha(file);
    const r = runCli(['server', 'list'], { dataDir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`The database ${file} is not a readable SQLite database`);
    expect(sha(file)).toBe(before);
  });
});
