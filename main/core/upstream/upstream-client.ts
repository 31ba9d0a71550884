import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
  type Notification,
} from '@modelcontextprotocol/sdk/types.js';

/**
 * The hub's MCP client to one server: it declares what the hub can pass on to its own clients
 * (sampling, elicitation in both modes, roots with change notifications) and hands everything the
 * server sends to the Upstream that owns it.
 */
export function createUpstreamClient(
  version: string,
  hooks: {
    onClose(): void;
    /** A request from the server for one of the hub's clients (sampling, elicitation, roots). */
    onRequest(method: string, params: Record<string, unknown> | undefined, signal: AbortSignal): Promise<Record<string, unknown>>;
    onListChanged(kind: 'tools' | 'resources' | 'prompts'): void;
    onResourceUpdated(notification: Notification): void;
  },
): Client {
  const client = new Client({ name: 'agent-hub', version }, { capabilities: { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } } });
  client.onclose = () => hooks.onClose();
  const forward = (method: string) => async (request: { params?: Record<string, unknown> }, extra: { signal: AbortSignal }) =>
    hooks.onRequest(method, request.params, extra.signal);
  client.setRequestHandler(CreateMessageRequestSchema, forward('sampling/createMessage') as never);
  client.setRequestHandler(ElicitRequestSchema, forward('elicitation/create') as never);
  client.setRequestHandler(ListRootsRequestSchema, forward('roots/list') as never);
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => hooks.onListChanged('tools'));
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => hooks.onListChanged('resources'));
  client.setNotificationHandler(PromptListChangedNotificationSchema, () => hooks.onListChanged('prompts'));
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => hooks.onResourceUpdated(n));
  return client;
}
