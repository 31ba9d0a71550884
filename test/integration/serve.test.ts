import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { exitOf, repoRoot, runCli, startCli, tempDataDir } from '../helpers/cli.js';
import { eventually } from '../helpers/hub.js';

const READY = /running headless at http:\/\/127\.0\.0\.1:(\d+)\//;
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

function get(port: number, pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
  });
}

async function serve(dataDir: string) {
  const started = await startCli(['serve', '--port', '0', '--data-dir', dataDir], READY);
  children.push(started.child);
  return { ...started, port: Number(started.match[1]) };
}

describe('agent-hub serve', () => {
  it('listens on 127.0.0.1, answers /health, and says where', async () => {
    const dataDir = tempDataDir();
    const { port, output } = await serve(dataDir);
    expect(output()).toContain(`(data: ${dataDir})`);
    const health = await get(port, '/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });
    expect(fs.existsSync(path.join(dataDir, 'hub.db'))).toBe(true);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin with 403', async () => {
    const { port } = await serve(tempDataDir());
    expect((await get(port, '/health', { host: 'evil.example.com' })).status).toBe(403);
    expect((await get(port, '/health', { host: `127.0.0.1:${port + 1}` })).status).toBe(403);
    expect((await get(port, '/health', { origin: 'https://evil.example.com' })).status).toBe(403);
    expect((await get(port, '/health', { origin: 'null' })).status).toBe(403);
    expect((await get(port, '/health', { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('refuses a second hub on the same data folder', async () => {
    const dataDir = tempDataDir();
    const { port } = await serve(dataDir);
    const second = runCli(['serve', '--port', '0'], { dataDir });
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toBe(
      `agent-hub: Agent Hub is already running for ${dataDir} at http://127.0.0.1:${port} (pid ${children[0]!.pid}).`,
    );
  });

  it('explains a port that is taken', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = runCli(['serve', '--port', String(port)], { dataDir: tempDataDir() });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is in use`);
    } finally {
      blocker.close();
    }
  });

  it('stops cleanly on SIGTERM and forgets its runtime file', async () => {
    const dataDir = tempDataDir();
    const { child, output } = await serve(dataDir);
    expect(fs.existsSync(path.join(dataDir, 'hub.json'))).toBe(true);
    child.kill('SIGTERM');
    await exitOf(child);
    expect({ code: child.exitCode, signal: child.signalCode, output: output() }).toEqual({
      code: 0,
      signal: null,
      output: expect.stringContaining('Stopping Agent Hub (SIGTERM)'),
    });
    expect(fs.existsSync(path.join(dataDir, 'hub.json'))).toBe(false);
  });

  it('stops once and cleanly when Ctrl+C reaches both npm start\'s wrapper and the hub (SIGINT to the process group)', async () => {
    const dataDir = tempDataDir();
    // The wrapper npm start runs, in its own process group, as a terminal's foreground job would be.
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/start.mjs'), '--port', '0'], {
      env: { ...process.env, AGENT_HUB_DATA_DIR: dataDir },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await eventually(() => READY.test(output), 15_000, 'the hub to start');
    // A server in a real session, so the stop has work to do.
    expect(runCli(['server', 'add', 'mem', '--', process.execPath, path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js')], { dataDir }).code).toBe(0);
    await eventually(() => fs.readdirSync(path.join(dataDir, 'logs'), { withFileTypes: true }).some((f) => f.name === 'mem.log'), 15_000, 'the server to start');
    process.kill(-child.pid!, 'SIGINT');
    await exitOf(child);
    expect(child.exitCode).toBe(0);
    expect(output.match(/Stopping Agent Hub/g)).toEqual(['Stopping Agent Hub']);
    expect(fs.readdirSync(dataDir).filter((f) => /^hub\.(json|db-wal|db-shm)$/.test(f))).toEqual([]);
  });

  it('rejects a bad --port', () => {
    const r = runCli(['serve', '--port', 'eighty'], { dataDir: tempDataDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port must be a number from 0 to 65535/);
  });
});
