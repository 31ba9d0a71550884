import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { StreamableHTTPClientTransport, SdkHttpError, type JSONRPCMessage } from '@modelcontextprotocol/client';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
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
 *
 * Both protocol eras pass through, per message, as the hub's endpoint tells them apart: a 2025 client's
 * initialize opens a session that the transport keeps; a 2026-07-28 request (its _meta names the
 * version) goes out on its own POST with the MCP-Protocol-Version, Mcp-Method and Mcp-Name headers the
 * v2 transport derives from the body. On stdio a 2026 client cancels with notifications/cancelled; over
 * HTTP that is closing the request's stream, so the bridge aborts that POST (a subscriptions/listen
 * stream included).
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
  /** 2026-07-28 requests in flight, by id: notifications/cancelled aborts the POST carrying one. */
  const modern = new Map<string | number, AbortController>();

  let closing = false;
  const shutdown = async (code: number) => {
    if (closing) return;
    closing = true;
    await upstream.terminateSession().catch(() => {});
    await upstream.close().catch(() => {});
    revoke();
    process.exit(code);
  };

  local.onmessage = (message) => {
    const m = message as JSONRPCMessage & { id?: string | number; method?: string; params?: { requestId?: string | number; _meta?: Record<string, unknown> } };
    if (m.method === 'initialize' && m.id !== undefined) initializeIds.add(m.id);
    if (m.method === 'notifications/cancelled' && m.params?.requestId !== undefined && modern.has(m.params.requestId)) {
      modern.get(m.params.requestId)!.abort();
      modern.delete(m.params.requestId);
      return;
    }
    let abort: AbortController | undefined;
    if (m.method !== undefined && m.id !== undefined && m.params?._meta?.[PROTOCOL_VERSION_KEY] !== undefined) modern.set(m.id, (abort = new AbortController()));
    upstream.send(m, abort ? { requestSignal: abort.signal } : undefined).catch((e: Error) => {
      if (abort?.signal.aborted) return;
      if (m.id !== undefined) modern.delete(m.id);
      const status = e instanceof SdkHttpError ? e.status : undefined;
      if (status === 404 && !abort && upstream.sessionId) {
        // The hub restarted and forgot this session: exit, so the MCP client starts a fresh bridge.
        process.stderr.write(`agent-hub connect: the hub at ${hub.url} restarted; reconnect to start a new session.\n`);
        void shutdown(1);
        return;
      }
      if (m.method === undefined || m.id === undefined) {
        process.stderr.write(`agent-hub connect: the hub at ${hub.url} did not take a message (${e.message}).\n`);
        return;
      }
      // A 2026-07-28 refusal (404 for a method the revision removed, 405, 413) carries its JSON-RPC error: pass it on.
      const answer = e instanceof SdkHttpError ? rpcErrorIn(e.data.text as string | undefined, m.id) : undefined;
      if (!answer) process.stderr.write(`agent-hub connect: the hub at ${hub.url} did not take a message (${e.message}).\n`);
      void local.send((answer ?? { jsonrpc: '2.0', id: m.id, error: { code: -32603, message: `Agent Hub is not reachable: ${e.message}` } }) as never);
    });
  };
  upstream.onmessage = (message: JSONRPCMessage) => {
    const m = message as JSONRPCMessage & { id?: string | number; result?: { protocolVersion?: string }; error?: unknown };
    // The SDK transport sends MCP-Protocol-Version once it knows it; a relay must tell it.
    if (m.result && m.id !== undefined && initializeIds.delete(m.id) && m.result.protocolVersion) upstream.setProtocolVersion(m.result.protocolVersion);
    if ((m.result || m.error) && m.id !== undefined) modern.delete(m.id);
    void local.send(message as never);
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

const PROTOCOL_VERSION_KEY = 'io.modelcontextprotocol/protocolVersion';

/** The JSON-RPC error in a refused request's HTTP body, for the request `id`; undefined if there is none. */
function rpcErrorIn(text: string | null | undefined, id: string | number): { jsonrpc: '2.0'; id: string | number; error: unknown } | undefined {
  try {
    const body = JSON.parse(text ?? '') as { error?: { code?: unknown; message?: unknown } };
    return typeof body.error?.code === 'number' && typeof body.error.message === 'string' ? { jsonrpc: '2.0', id, error: body.error } : undefined;
  } catch {
    return undefined;
  }
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
