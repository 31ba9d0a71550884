import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { Protocol } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  RootsListChangedNotificationSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';
import type { Gateway, Session } from './gateway.js';

const RESOURCE_NOT_FOUND = -32002;

// One JSON Schema validator for all sessions, made on first use (elicitation results): by default the
// SDK builds an Ajv instance per Server, ~9 ms of every session's initialize.
let ajv: AjvJsonSchemaValidator | undefined;
const sharedValidator: jsonSchemaValidator = { getValidator: (schema) => (ajv ??= new AjvJsonSchemaValidator()).getValidator(schema) };

/**
 * The MCP server one client session talks to. Everything it answers comes from the gateway: lists from
 * the published catalog, everything else routed to the server that owns the name or URI.
 */
export function createSessionServer(gateway: Gateway, client: string, version: string): { server: Server; session: Session } {
  const server = new Server(
    { name: 'agent-hub', title: 'Agent Hub', version },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { listChanged: true, subscribe: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
      jsonSchemaValidator: sharedValidator,
      instructions: 'Agent Hub publishes the tools of several MCP servers; a tool named "server__tool" belongs to that server.',
    },
  );
  const session: Session = { id: '', client, server, subscriptions: new Set(), logLevel: undefined };
  type AnyExtra = Parameters<Gateway['callTool']>[2];

  // Every list and name is the client's view of the catalog (its profile): the same for each of its
  // sessions, and what it cannot see is an unknown name.
  const view = () => gateway.views.of(client);
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    await gateway.firstListing();
    return { tools: view().tools };
  });
  // Registered on Protocol directly: Server's own wrapper re-validates every tools/call request and
  // result with zod, which costs latency on the hot path and adds nothing to a verbatim pass-through.
  Protocol.prototype.setRequestHandler.call(server, CallToolRequestSchema, (req, extra) =>
    gateway.callTool(session, req.params, extra as unknown as AnyExtra),
  );

  // Replaces the SDK's own handler: the level also goes to the servers (the most recent request wins).
  server.setRequestHandler(SetLevelRequestSchema, async (req) => {
    session.logLevel = req.params.level;
    await gateway.setLogLevel(req.params.level);
    return {};
  });

  server.setRequestHandler(ListPromptsRequestSchema, async () => {
    await gateway.firstListing();
    return { prompts: view().prompts };
  });
  server.setRequestHandler(GetPromptRequestSchema, async (req, extra) => {
    await gateway.firstListing();
    const route = visiblePrompt(req.params.name);
    const notFound = () => new McpError(ErrorCode.InvalidParams, `Prompt ${req.params.name} not found`);
    const what = { kind: 'prompt', name: route?.original ?? req.params.name } as const;
    return gateway.forward(session, route?.server, 'prompts/get', { ...req.params, name: route?.original }, extra as unknown as AnyExtra, what, notFound) as never;
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    await gateway.firstListing();
    return { resources: view().resources };
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => {
    await gateway.firstListing();
    return { resourceTemplates: view().resourceTemplates };
  });
  server.setRequestHandler(ReadResourceRequestSchema, async (req, extra) => {
    await gateway.firstListing();
    const notFound = () => new McpError(RESOURCE_NOT_FOUND, `Resource ${req.params.uri} not found`, { uri: req.params.uri });
    const what = { kind: 'resource', name: req.params.uri } as const;
    return gateway.forward(session, visible(gateway.catalog.resourceServer(req.params.uri)), 'resources/read', req.params, extra as unknown as AnyExtra, what, notFound) as never;
  });
  server.setRequestHandler(SubscribeRequestSchema, async (req, extra) => {
    await gateway.subscribe(session, req.params.uri, extra as unknown as AnyExtra);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (req) => {
    await gateway.unsubscribe(session, req.params.uri);
    return {};
  });

  server.setRequestHandler(CompleteRequestSchema, async (req, extra) => {
    const ref = req.params.ref;
    let target: string | undefined;
    let params: Record<string, unknown> = req.params;
    if (ref.type === 'ref/prompt') {
      const route = visiblePrompt(ref.name);
      target = route?.server;
      params = { ...req.params, ref: { ...ref, name: route?.original } };
    } else {
      target = visible(gateway.catalog.templateServer(ref.uri) ?? gateway.catalog.resourceServer(ref.uri));
    }
    const notFound = () => new McpError(ErrorCode.InvalidParams, `Nothing to complete for ${ref.type === 'ref/prompt' ? ref.name : ref.uri}`);
    const what = { kind: 'completion', name: `${ref.type === 'ref/prompt' ? (params.ref as { name?: string }).name : ref.uri} ${req.params.argument.name}` } as const;
    return gateway.forward(session, target, 'completion/complete', params, extra as unknown as AnyExtra, what, notFound) as never;
  });

  function visible(server: string | undefined): string | undefined {
    return server !== undefined && view().sees(server) ? server : undefined;
  }
  function visiblePrompt(name: string) {
    const route = gateway.catalog.prompt(name);
    return route && view().sees(route.server) ? route : undefined;
  }

  // The client's roots changed (another folder opened): the servers holding its roots must ask again.
  server.setNotificationHandler(RootsListChangedNotificationSchema, () => gateway.clientRootsChanged(session));

  return { server, session };
}
