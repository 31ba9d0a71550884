import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { HubApi } from '../../../shared/hub-api.js';
import { UI_CLIENT, WorkbenchRequestSchema, type WorkbenchRequest, type WorkbenchRunView } from '../../../shared/workbench.js';
import { WITHDRAWN } from '../consent/consent-gate.js';
import type { ForwardedRequest, Session } from '../gateway/gateway.js';
import type { CallChannel } from '../gateway/in-flight.js';
import type { HubServices } from './hub-services.js';

type WorkbenchMethods = Pick<
  HubApi,
  'listPublishedTools' | 'listResources' | 'listResourceTemplates' | 'listPrompts' | 'startWorkbenchRun' | 'getWorkbenchRun' | 'listWorkbenchRuns' | 'cancelWorkbenchRun'
>;

/** Runs kept for the page to read back (the oldest finished ones go first). */
const KEPT_RUNS = 50;
/** Progress and log lines kept per run. */
const KEPT_LINES = 200;
/** workbench-changed is sent at most this often while runs report progress. */
const NOTIFY_MS = 150;

const RESOURCE_NOT_FOUND = -32002;

interface Run {
  view: WorkbenchRunView;
  abort: AbortController;
}

/**
 * The Workbench: the UI tries a tool, reads a resource, gets a prompt or a completion as its own
 * client, UI_CLIENT. Every request takes the gateway's own path (gateway.callTool, gateway.forward)
 * with a session of that client, so the published catalog (a hidden tool is an unknown tool), rate
 * limits, consent (rules, pins, prompts: never skipped) and the Timeline apply exactly as for any MCP
 * client. The session declares no capabilities: consent is asked in Agent Hub, a server asking it for
 * sampling or elicitation is refused, and it has no roots.
 *
 * A run starts at once and is read back (getWorkbenchRun) as it goes: progress, the record's id, then
 * the JSON-RPC response; `workbench-changed` says when to read. Cancelling aborts the request as a
 * client's notifications/cancelled does (a waiting prompt is withdrawn, the server is told).
 */
export function createWorkbenchApi(hub: Pick<HubServices, 'gateway' | 'notify'>): WorkbenchMethods {
  const { gateway } = hub;
  // One session for the life of the hub: "allow for this session" lasts until the hub stops.
  const session: Session = {
    id: `${UI_CLIENT}:${randomUUID()}`,
    client: UI_CLIENT,
    server: new Server({ name: 'agent-hub-ui', version: '1' }, { capabilities: {} }),
    subscriptions: new Set(),
    logLevel: undefined,
  };
  const runs = new Map<number, Run>();
  let nextId = 1;
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      hub.notify({ type: 'workbench-changed' });
    }, NOTIFY_MS);
    timer.unref();
  };

  const run = (id: number): Run => {
    const r = runs.get(id);
    if (!r) throw new HubError(ErrorCodes.notFound, `There is no Workbench run ${id} (runs are kept while the hub runs, the last ${KEPT_RUNS}).`);
    return r;
  };

  function keep(r: Run): void {
    runs.set(r.view.id, r);
    if (runs.size <= KEPT_RUNS) return;
    const old = [...runs.values()].find((x) => x.view.status !== 'running');
    if (old) runs.delete(old.view.id);
  }

  function start(input: WorkbenchRequest): WorkbenchRunView {
    const request = WorkbenchRequestSchema.parse(input);
    const id = nextId++;
    const abort = new AbortController();
    const { method, params } = rpcOf(request, id);
    const view: WorkbenchRunView = {
      id,
      request,
      rpcRequest: { jsonrpc: '2.0', id, method, params },
      rpcResponse: null,
      status: 'running',
      progress: [],
      logs: [],
      callId: null,
      startedAt: new Date().toISOString(),
      durationMs: null,
    };
    const started = performance.now();
    keep({ view, abort });
    const channel: CallChannel = {
      signal: abort.signal,
      requestId: id,
      sessionId: session.id,
      sendNotification: async (n) => {
        const p = (n.params ?? {}) as Record<string, unknown>;
        const at = new Date().toISOString();
        if (n.method === 'notifications/progress') {
          view.progress.push({
            at,
            progress: Number(p.progress),
            ...(typeof p.total === 'number' ? { total: p.total } : {}),
            ...(typeof p.message === 'string' ? { message: p.message } : {}),
          });
          if (view.progress.length > KEPT_LINES) view.progress.shift();
        } else if (n.method === 'notifications/message') {
          view.logs.push({ at, level: String(p.level), data: p.data });
          if (view.logs.length > KEPT_LINES) view.logs.shift();
        }
        changed();
      },
      // The UI answers no requests of a server (sampling, elicitation): the server hears so at once.
      sendRequest: async (r) => {
        throw new McpError(ErrorCode.MethodNotFound, `Agent Hub's Workbench cannot answer ${r.method}; call the tool from an MCP client that supports it.`);
      },
      recorded: (callId) => {
        view.callId = callId;
        changed();
      },
    };
    void send(request, params, channel).then(
      (result) => {
        view.durationMs = performance.now() - started;
        if (abort.signal.aborted) view.status = 'cancelled';
        else {
          view.status = 'done';
          view.rpcResponse = { jsonrpc: '2.0', id, result };
        }
        changed();
      },
      (e: unknown) => {
        view.durationMs = performance.now() - started;
        if (abort.signal.aborted) view.status = 'cancelled';
        else {
          view.status = 'failed';
          const err = e instanceof McpError ? e : new McpError(ErrorCode.InternalError, (e as Error).message);
          view.rpcResponse = { jsonrpc: '2.0', id, error: { code: err.code, message: err.message.replace(/^MCP error -?\d+: /, ''), ...(err.data === undefined ? {} : { data: err.data }) } };
        }
        changed();
      },
    );
    return structuredClone(view);
  }

  /** The request through the gateway, as mcp-session.ts routes a client's. */
  async function send(request: ReturnType<typeof WorkbenchRequestSchema.parse>, params: Record<string, unknown>, channel: CallChannel): Promise<Record<string, unknown>> {
    await gateway.firstListing();
    const forward = (server: string | undefined, method: string, forwarded: Record<string, unknown>, what: ForwardedRequest, notFound: () => McpError) =>
      gateway.forward(session, server, method, forwarded, channel, what, notFound);
    switch (request.kind) {
      case 'tool':
        return (await gateway.callTool(session, params as { name: string; arguments: Record<string, unknown> }, channel)) as Record<string, unknown>;
      case 'resource': {
        const notFound = () => new McpError(RESOURCE_NOT_FOUND, `Resource ${request.uri} not found`, { uri: request.uri });
        return forward(gateway.catalog.resourceServer(request.uri), 'resources/read', { uri: request.uri }, { kind: 'resource', name: request.uri }, notFound);
      }
      case 'prompt': {
        const route = gateway.catalog.prompt(request.name);
        const notFound = () => new McpError(ErrorCode.InvalidParams, `Prompt ${request.name} not found`);
        return forward(route?.server, 'prompts/get', { name: route?.original, arguments: request.arguments }, { kind: 'prompt', name: route?.original ?? request.name }, notFound);
      }
      case 'completion': {
        const { ref, argument, context } = request;
        const route = ref.type === 'ref/prompt' ? gateway.catalog.prompt(ref.name) : undefined;
        const server = ref.type === 'ref/prompt' ? route?.server : (gateway.catalog.templateServer(ref.uri) ?? gateway.catalog.resourceServer(ref.uri));
        const upstreamRef = ref.type === 'ref/prompt' ? { ...ref, name: route?.original } : ref;
        const notFound = () => new McpError(ErrorCode.InvalidParams, `Nothing to complete for ${ref.type === 'ref/prompt' ? ref.name : ref.uri}`);
        const name = `${ref.type === 'ref/prompt' ? (route?.original ?? ref.name) : ref.uri} ${argument.name}`;
        return forward(server, 'completion/complete', { ref: upstreamRef, argument, ...(context ? { context: { arguments: context } } : {}) }, { kind: 'completion', name }, notFound);
      }
    }
  }

  const listed = async () => {
    await gateway.firstListing();
    return gateway.catalog;
  };
  const completes = (server: string | undefined) => server !== undefined && gateway.upstreams.get(server)?.capabilities?.completions !== undefined;

  return {
    listPublishedTools: async () => {
      const catalog = await listed();
      return catalog.tools.flatMap((t) => {
        const route = catalog.tool(t.name);
        if (!route) return [];
        return [
          {
            name: t.name,
            server: route.server,
            tool: route.original,
            ...(t.title !== undefined ? { title: t.title } : {}),
            ...(t.description !== undefined ? { description: t.description } : {}),
            inputSchema: t.inputSchema as Record<string, unknown>,
            ...(t.annotations ? { annotations: t.annotations as Record<string, unknown> } : {}),
          },
        ];
      });
    },
    listResources: async () => {
      const catalog = await listed();
      return catalog.resources.map((r) => ({
        uri: r.uri,
        name: r.name,
        ...(r.title !== undefined ? { title: r.title } : {}),
        ...(r.description !== undefined ? { description: r.description } : {}),
        ...(r.mimeType !== undefined ? { mimeType: r.mimeType } : {}),
        server: catalog.resourceServer(r.uri) ?? '',
      }));
    },
    listResourceTemplates: async () => {
      const catalog = await listed();
      return catalog.resourceTemplates.map((t) => {
        const server = catalog.templateServer(t.uriTemplate) ?? '';
        return {
          uriTemplate: t.uriTemplate,
          name: t.name,
          ...(t.title !== undefined ? { title: t.title } : {}),
          ...(t.description !== undefined ? { description: t.description } : {}),
          ...(t.mimeType !== undefined ? { mimeType: t.mimeType } : {}),
          server,
          variables: templateVariables(t.uriTemplate),
          completions: completes(server),
        };
      });
    },
    listPrompts: async () => {
      const catalog = await listed();
      return catalog.prompts.map((p) => {
        const server = catalog.prompt(p.name)?.server ?? '';
        return {
          name: p.name,
          server,
          ...(p.title !== undefined ? { title: p.title } : {}),
          ...(p.description !== undefined ? { description: p.description } : {}),
          arguments: (p.arguments ?? []).map((a) => ({
            name: a.name,
            ...(a.description !== undefined ? { description: a.description } : {}),
            ...(a.required !== undefined ? { required: a.required } : {}),
          })),
          completions: completes(server),
        };
      });
    },
    startWorkbenchRun: async (request) => start(request),
    getWorkbenchRun: async (id) => structuredClone(run(id).view),
    listWorkbenchRuns: async () => [...runs.values()].map((r) => structuredClone(r.view)).reverse(),
    cancelWorkbenchRun: async (id) => {
      const r = run(id);
      if (r.view.status === 'running') r.abort.abort(WITHDRAWN.cancelled);
    },
  };
}

/** The JSON-RPC request a run makes (what an MCP client would send for it). */
function rpcOf(request: ReturnType<typeof WorkbenchRequestSchema.parse>, id: number): { method: string; params: Record<string, unknown> } {
  switch (request.kind) {
    case 'tool':
      return { method: 'tools/call', params: { name: request.name, arguments: request.arguments, _meta: { progressToken: `workbench-${id}` } } };
    case 'resource':
      return { method: 'resources/read', params: { uri: request.uri } };
    case 'prompt':
      return { method: 'prompts/get', params: { name: request.name, arguments: request.arguments } };
    case 'completion':
      return {
        method: 'completion/complete',
        params: { ref: request.ref, argument: request.argument, ...(request.context ? { context: { arguments: request.context } } : {}) },
      };
  }
}

/** The variable names of an RFC 6570 template, in order, each once. */
export function templateVariables(uriTemplate: string): string[] {
  try {
    return [...new Set(new UriTemplate(uriTemplate).variableNames)];
  } catch {
    return [...new Set([...uriTemplate.matchAll(/\{[+#./;?&]?([^}]+)\}/g)].flatMap((m) => m[1]!.split(',').map((v) => v.replace(/[*]|:\d+$/g, ''))))];
  }
}
