import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCodes, HubError } from '../../shared/errors.js';
import { appFiles } from '../core/app-files.js';
import { readRuntimeInfo, type RuntimeInfo } from '../core/runtime-file.js';
import { withStore } from './with-store.js';
import { expectPositionals, parse, UsageError } from './args.js';
import { printLine } from './output.js';

export const connectUsage = `Usage:
  agent-hub connect --client NAME [--port N]    bridge stdio to the running hub (starting it if needed),
                                                for MCP clients that launch a command`;

/**
 * `agent-hub connect`: what Claude Desktop and other command-launching clients run. It speaks MCP on
 * stdin/stdout and relays every message to the hub's endpoint with a token minted for this process,
 * so no token is ever pasted into a client's config. Only MCP messages go to stdout; notes go to stderr.
 */
export async function connectCommand(argv: string[]): Promise<void> {
  const { values, positionals, dataDir } = parse('connect', argv, { client: { type: 'string' }, port: { type: 'string' } });
  if (values.help) return printLine(connectUsage);
  expectPositionals('connect', positionals, []);
  if (!values.client) throw new UsageError('"connect" needs --client NAME (create one with: agent-hub client add NAME).');
  const port = values.port;

  const token = withStore(dataDir, (store) => store.clients.mintConnectToken(values.client!, process.pid));
  const revoke = () => {
    try {
      withStore(dataDir, (store) => store.clients.revokeToken(token));
    } catch {
      // The hub prunes tokens of dead bridges at its next start.
    }
  };

  let hub: RuntimeInfo;
  try {
    hub = readRuntimeInfo(dataDir) ?? (await startHubInBackground(dataDir, port));
  } catch (e) {
    revoke();
    throw e;
  }

  const upstream = new StreamableHTTPClientTransport(new URL('/mcp', hub.url), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const local = new StdioServerTransport();
  const initializeIds = new Set<string | number>();

  let closing = false;
  const shutdown = async (code: number) => {
    if (closing) return;
    closing = true;
    await upstream.terminateSession().catch(() => {});
    await upstream.close().catch(() => {});
    revoke();
    process.exit(code);
  };

  local.onmessage = (message: JSONRPCMessage) => {
    if ('method' in message && message.method === 'initialize' && 'id' in message) initializeIds.add(message.id);
    upstream.send(message).catch((e: Error & { code?: number }) => {
      if (e.code === 404) {
        // The hub restarted and forgot this session: exit, so the MCP client starts a fresh bridge.
        process.stderr.write(`agent-hub connect: the hub at ${hub.url} restarted; reconnect to start a new session.\n`);
        void shutdown(1);
        return;
      }
      process.stderr.write(`agent-hub connect: the hub at ${hub.url} did not take a message (${e.message}).\n`);
      if ('id' in message && 'method' in message) {
        void local.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: `Agent Hub is not reachable: ${e.message}` } });
      }
    });
  };
  upstream.onmessage = (message: JSONRPCMessage) => {
    // The SDK transport sends MCP-Protocol-Version once it knows it; a relay must tell it.
    if ('result' in message && initializeIds.delete(message.id)) {
      const version = (message.result as { protocolVersion?: string }).protocolVersion;
      if (version) upstream.setProtocolVersion(version);
    }
    void local.send(message);
  };
  upstream.onerror = (e) => process.stderr.write(`agent-hub connect: ${e.message}\n`);
  local.onclose = () => void shutdown(0);
  process.stdin.on('end', () => void shutdown(0));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void shutdown(0));

  await upstream.start();
  await local.start();
  process.stderr.write(`agent-hub connect: client "${values.client}" connected to ${hub.url}/mcp\n`);
  await new Promise<never>(() => {});
}

/** Starts `agent-hub serve` detached, logging to logs/hub.log, and waits until it answers. */
async function startHubInBackground(dataDir: string, port: string | undefined): Promise<RuntimeInfo> {
  const logDir = path.join(dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'hub.log');
  const log = fs.openSync(logFile, 'a');
  const from = fs.fstatSync(log).size;
  const child = spawn(process.execPath, [appFiles.cli, 'serve', '--data-dir', dataDir, ...(port === undefined ? [] : ['--port', port])], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  fs.closeSync(log);
  process.stderr.write(`agent-hub connect: the hub was not running; starting it (log: ${logFile})…\n`);

  let exited = false;
  child.once('exit', () => (exited = true));
  for (let waited = 0; waited < 15_000; waited += 100) {
    const info = readRuntimeInfo(dataDir);
    if (info) {
      const ok = await fetch(new URL('/health', info.url)).then((r) => r.ok, () => false);
      if (ok) return info;
    }
    if (exited) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // The client app shows only "server disconnected": the reason goes on stderr, which it logs.
  const said = startFailure(logFile, from);
  throw new HubError(ErrorCodes.io, `The hub did not start${exited ? '' : ' within 15 s'}${said ? `: ${said.replace(/\.$/, '')}` : ''} (log: ${logFile}).`);
}

/** What the hub said when it failed to start: its error line (`agent-hub: …`) in what it wrote to the log since `from`. */
function startFailure(logFile: string, from: number): string | undefined {
  try {
    const lines = fs.readFileSync(logFile).subarray(from).toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    const error = lines.findLast((l) => l.startsWith('agent-hub: '));
    return (error ?? lines.at(-1))?.replace(/^agent-hub: /, '');
  } catch {
    return undefined;
  }
}
