import { z } from 'zod';

/**
 * The client the hub's own UI calls as (the Workbench): a reserved name no MCP client can take, so a
 * rule made for it never covers an app, and an app can never pass for it. Its calls go through the
 * gateway like any client's: the Timeline, rate limits and consent apply; rules match it by this name,
 * and a rule for any client (`*`) matches it too.
 */
export const UI_CLIENT = 'agent-hub-ui';

/** A published tool, as the Workbench lists it: its published name, and whose it is. */
export interface PublishedToolView {
  /** The name clients call it by (`server__tool`, or bare). */
  name: string;
  server: string;
  /** The server's own name for it. */
  tool: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export interface ResourceView {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  server: string;
}

export interface ResourceTemplateView {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  server: string;
  /** The variables of the template (RFC 6570), in order. */
  variables: string[];
  /** Its server answers completion/complete (values for a variable as you type). */
  completions: boolean;
}

export interface PromptArgumentView {
  name: string;
  description?: string;
  required?: boolean;
}

export interface PromptView {
  /** The name clients get it by (`server__prompt`, or bare). */
  name: string;
  server: string;
  title?: string;
  description?: string;
  arguments: PromptArgumentView[];
  /** Its server answers completion/complete (values for an argument as you type). */
  completions: boolean;
}

const ArgumentsSchema = z.record(z.string(), z.unknown());
const PromptArgumentsSchema = z.record(z.string().max(256), z.string().max(65_536));

/** One request from the Workbench. */
export const WorkbenchRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tool'), name: z.string().min(1).max(512), arguments: ArgumentsSchema.default({}) }).strict(),
  z.object({ kind: z.literal('resource'), uri: z.string().min(1).max(8_192) }).strict(),
  z.object({ kind: z.literal('prompt'), name: z.string().min(1).max(512), arguments: PromptArgumentsSchema.default({}) }).strict(),
  z
    .object({
      kind: z.literal('completion'),
      ref: z.discriminatedUnion('type', [
        z.object({ type: z.literal('ref/prompt'), name: z.string().min(1).max(512) }).strict(),
        z.object({ type: z.literal('ref/resource'), uri: z.string().min(1).max(8_192) }).strict(),
      ]),
      argument: z.object({ name: z.string().min(1).max(256), value: z.string().max(4_096) }).strict(),
      /** Values of the other arguments already filled in. */
      context: PromptArgumentsSchema.optional(),
    })
    .strict(),
]);
export type WorkbenchRequest = z.input<typeof WorkbenchRequestSchema>;

export interface WorkbenchProgress {
  at: string;
  progress: number;
  total?: number;
  message?: string;
}

/** A request the Workbench made, as it runs and after: the JSON-RPC request and response, as on the wire. */
export interface WorkbenchRunView {
  id: number;
  request: z.output<typeof WorkbenchRequestSchema>;
  /** The MCP request the hub made as the UI's client (with its published names). */
  rpcRequest: { jsonrpc: '2.0'; id: number; method: string; params: Record<string, unknown> };
  /** The answer: its result, or its JSON-RPC error; null while it runs (and after a cancel: none comes). */
  rpcResponse: { jsonrpc: '2.0'; id: number; result: Record<string, unknown> } | { jsonrpc: '2.0'; id: number; error: { code: number; message: string; data?: unknown } } | null;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  /** Progress notifications, the hub's own "waiting for approval" notice among them. */
  progress: WorkbenchProgress[];
  /** Log messages the server sent during the call. */
  logs: { at: string; level: string; data: unknown }[];
  /** The call's record on the Timeline, once written. */
  callId: number | null;
  startedAt: string;
  durationMs: number | null;
}
