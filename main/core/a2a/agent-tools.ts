// Agents as MCP tools: each agent is an in-process MCP server with one tool, `send_message` (published
// as NAME__send_message), and the hub adds one more server, `a2a`, with get_task and cancel_task. The
// gateway reaches them like any upstream, so consent, the call timeline, progress and cancellation
// work for them exactly as for MCP servers.
import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { formatZodIssue } from '../../../shared/zod-issue.js';
import type { TaskRecord } from '../store/a2a-tasks-repo.js';
import { isTerminal, type WireMessage, type WirePart, type WireStreamResponse } from './a2a-wire.js';
import type { AgentConnection, AgentToolsHost } from './agent-connection.js';
import { ResultMemory, taskResult } from './task-result.js';
import { sendTool } from './agent-tool-definition.js';
import { CALLER_META, CALL_ID_META } from './call-meta.js';
import { TaskTracker } from './task-tracker.js';


const SERVER_INFO = { name: 'agent-hub-a2a', version: '1' };

/**
 * Following a task with GetTask: first after this, then slower, up to POLL_MAX_MS. Each look that finds
 * news is progress, which keeps the call alive (the gateway ends a call with neither answer nor progress
 * for its call timeout): the slowest look must come well within that.
 */
const POLL_FIRST_MS = 200;
const POLL_MAX_MS = 1000;

/** Per hub (its A2A service): what the results of earlier calls returned for each task. */
const memories = new WeakMap<AgentToolsHost, ResultMemory>();
const memoryOf = (service: AgentToolsHost): ResultMemory => {
  let memory = memories.get(service);
  if (!memory) memories.set(service, (memory = new ResultMemory()));
  return memory;
};

const FileSchema = z
  .object({
    url: z.url().optional(),
    bytes: z.base64().optional(),
    name: z.string().min(1).optional(),
    mimeType: z.string().min(1).optional(),
  })
  .strict()
  .refine((f) => (f.url === undefined) !== (f.bytes === undefined), 'needs exactly one of url and bytes');

const SendArgs = z
  .object({
    text: z.string().min(1, 'must not be empty'),
    data: z.record(z.string(), z.unknown()).optional(),
    files: z.array(FileSchema).max(20).optional(),
    contextId: z.string().min(1).optional(),
    taskId: z.string().min(1).optional(),
  })
  .strict();

const TaskArgs = z.object({ taskId: z.string().min(1) }).strict();

const TASK_TOOLS: Tool[] = [
  {
    name: 'get_task',
    title: 'Get an A2A task',
    description: 'The current state, messages and artifacts of an A2A task that one of your earlier calls to an agent started.',
    inputSchema: { type: 'object', properties: { taskId: { type: 'string' } }, required: ['taskId'], additionalProperties: false },
    annotations: { readOnlyHint: true, openWorldHint: true },
  },
  {
    name: 'cancel_task',
    title: 'Cancel an A2A task',
    description: 'Asks the agent to cancel an A2A task that one of your earlier calls started.',
    inputSchema: { type: 'object', properties: { taskId: { type: 'string' } }, required: ['taskId'], additionalProperties: false },
    annotations: { destructiveHint: true, openWorldHint: true },
  },
];

type Extra = { signal: AbortSignal; sendNotification: (n: { method: 'notifications/progress'; params: Record<string, unknown> }) => Promise<void> };

interface Caller {
  client: string;
  toolCall: number | undefined;
  progressToken: string | number | undefined;
}

function callerOf(meta: Record<string, unknown> | undefined): Caller {
  const client = meta?.[CALLER_META];
  const call = meta?.[CALL_ID_META];
  const token = meta?.progressToken;
  return {
    client: typeof client === 'string' ? client : 'unknown',
    toolCall: typeof call === 'number' && call > 0 ? call : undefined,
    progressToken: typeof token === 'string' || typeof token === 'number' ? token : undefined,
  };
}

const toolError = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });

export function agentServer(service: AgentToolsHost, connection: AgentConnection): Server {
  const server = new Server(SERVER_INFO, { capabilities: { tools: {} } });
  // Described by the approved card, not the live one: a changed card changes nothing a model sees
  // until the user accepts it (and then the consent pin moves with it, see agent-admin.ts).
  server.setRequestHandler(ListToolsRequestSchema, () => {
    const approved = service.approvedCard(connection.name);
    connection.listedPin = approved?.pinHash;
    return { tools: [sendTool(approved?.card ?? connection.card)] };
  });
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    if (request.params.name !== 'send_message') throw new McpError(ErrorCode.InvalidParams, `Tool ${request.params.name} not found`);
    const caller = callerOf(request.params._meta);
    const parsed = SendArgs.safeParse(request.params.arguments ?? {});
    if (!parsed.success) return toolError(`The arguments are not valid: ${formatZodIssue(parsed.error)}.`);
    const args = parsed.data;
    await service.recheck(connection);
    const blocked = await service.blocked(connection).catch((e: Error) => e.message);
    if (blocked) return toolError(blocked);
    let existing: TaskRecord | undefined;
    if (args.taskId) {
      existing = service.deps.tasks.find(connection.name, args.taskId);
      // Another client's task is as unknown as a made-up id: one client never continues another's work.
      if (!existing || existing.client !== caller.client) return toolError(`Agent "${connection.name}" has no task "${args.taskId}" that you started.`);
      if (isTerminal(existing.state)) {
        return toolError(`Task ${args.taskId} is already ${existing.state}; start a new task (leave out taskId; pass contextId "${existing.contextId ?? ''}" to stay in the conversation).`);
      }
    }
    const message: WireMessage & { role: string; parts: WirePart[] } = {
      messageId: randomUUID(),
      role: 'ROLE_USER',
      parts: [{ text: args.text }, ...(args.data ? [{ data: args.data }] : []), ...(args.files ?? []).map(filePart)],
      ...(args.contextId || existing?.contextId ? { contextId: args.contextId ?? existing!.contextId! } : {}),
      ...(args.taskId ? { taskId: args.taskId } : {}),
    };
    const tracker = newTracker(service, connection.name, caller, message, existing);
    return follow(connection, tracker, memoryOf(service), (signal) => connection.client.send(message, signal), extra as Extra, caller.progressToken);
  });
  return server;
}

export function tasksServer(service: AgentToolsHost): Server {
  const server = new Server(SERVER_INFO, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: TASK_TOOLS }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const name = request.params.name;
    if (name !== 'get_task' && name !== 'cancel_task') throw new McpError(ErrorCode.InvalidParams, `Tool ${name} not found`);
    const caller = callerOf(request.params._meta);
    const parsed = TaskArgs.safeParse(request.params.arguments ?? {});
    if (!parsed.success) return toolError(`The arguments are not valid: ${formatZodIssue(parsed.error)}.`);
    const { taskId } = parsed.data;
    const record = service.deps.tasks.byTaskId(taskId, caller.client)[0];
    if (!record) return toolError(`There is no task "${taskId}" that you started (a task is visible only to the client that started it).`);
    const connection = service.connections.get(record.agent);
    if (!connection) return toolError(`Agent "${record.agent}" is not connected now; the last known state of task ${taskId} is ${record.state}.`);
    const blocked = await service.blocked(connection).catch((e: Error) => e.message);
    if (blocked) return toolError(blocked);
    const tracker = newTracker(service, connection.name, caller, undefined, record);
    const once = async function* (signal: AbortSignal): AsyncGenerator<WireStreamResponse> {
      yield { task: await (name === 'get_task' ? connection.client.getTask(taskId, signal) : connection.client.cancelTask(taskId, signal)) };
    };
    return follow(connection, tracker, memoryOf(service), once, extra as Extra, undefined, { poll: false });
  });
  return server;
}

function newTracker(service: AgentToolsHost, agent: string, caller: Caller, sent: WireMessage | undefined, existing: TaskRecord | undefined): TaskTracker {
  return new TaskTracker(
    {
      tasks: service.deps.tasks,
      agent,
      client: caller.client,
      toolCall: caller.toolCall,
      onChange: () => service.deps.onTasksChanged(),
      onWriteError: (e) => service.deps.note(agent, `could not record a task event: ${e.message}`),
    },
    sent,
    existing,
  );
}

/**
 * Follows the agent's reports into the tracker (news goes to the client as progress) until the task is
 * over or waits for the caller, and stops reading there: an agent may hold its stream open after an
 * interrupted state (the SDK does after auth-required). SendMessage's answer, or a stream that ends
 * before that, is followed up with GetTask. A client that cancels the call cancels the task.
 */
async function follow(
  connection: AgentConnection,
  tracker: TaskTracker,
  memory: ResultMemory,
  events: (signal: AbortSignal) => AsyncIterable<WireStreamResponse>,
  extra: Extra,
  progressToken: string | number | undefined,
  { poll = true } = {},
): Promise<CallToolResult> {
  let step = 0;
  const report = (line: string | undefined) => {
    if (line === undefined || progressToken === undefined) return;
    void extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: ++step, message: line } }).catch(() => {});
  };
  try {
    // Leaving the loop closes the stream's request (see AgentClient.send).
    for await (const event of events(extra.signal)) {
      report(tracker.apply(event));
      if (tracker.done) break;
    }
    for (let wait = POLL_FIRST_MS; poll && tracker.taskId && !tracker.done; wait = Math.min(POLL_MAX_MS, Math.round(wait * 1.5))) {
      await sleep(wait, extra.signal);
      report(tracker.apply({ task: await connection.client.getTask(tracker.taskId, extra.signal) }));
    }
  } catch (e) {
    // Remembered even so: a later get_task then returns what this call could not.
    memory.of(tracker);
    if (extra.signal.aborted) {
      await cancelTask(connection, tracker);
      throw e;
    }
    return toolError(agentFailure(connection, e as Error, tracker));
  }
  return taskResult(connection.name, tracker, memory.of(tracker));
}

/** The client gave up on the call: the task goes too, so the agent stops working for nobody. */
async function cancelTask(connection: AgentConnection, tracker: TaskTracker): Promise<void> {
  if (!tracker.taskId || tracker.done) return;
  try {
    tracker.apply({ task: await connection.client.cancelTask(tracker.taskId, AbortSignal.timeout(10_000)) });
  } catch {
    // The agent may have finished meanwhile or be gone; the record keeps the last state it reported.
  }
}

function agentFailure(connection: AgentConnection, e: Error, tracker: TaskTracker): string {
  const where = tracker.taskId ? ` (task ${tracker.taskId} was last ${tracker.state})` : '';
  if (/\b(401|403)\b/.test(e.message) && connection.signIn) {
    // The Agents page then asks for a sign-in again.
    connection.signIn.requireSignIn();
    return `Agent "${connection.name}" refused the sign-in${where}: ${e.message.replace(/\.$/, '')}. The user must sign in again (Agents page, or "agent-hub login ${connection.name}").`;
  }
  if (/\b(401|403)\b/.test(e.message)) {
    return `Agent "${connection.name}" refused the credentials${where}: ${e.message.replace(/\.$/, '')}. The user can set new ones with "agent-hub agent set-secret ${connection.name}".`;
  }
  const later = tracker.taskId && !tracker.done ? ` The task may still run: check it later with a2a__get_task (taskId "${tracker.taskId}").` : '';
  return `Agent "${connection.name}" failed during the call${where}: ${networkCause(e).replace(/\.$/, '')}.${later}`;
}

/** fetch's "fetch failed" says nothing: its cause does (ECONNREFUSED, a connection closed mid-answer). */
function networkCause(e: Error): string {
  if (!(e.cause instanceof Error) || !/^(fetch failed|terminated)$/.test(e.message)) return e.message;
  const code = (e.cause as Error & { code?: unknown }).code;
  return `the agent could not be reached or stopped answering (${typeof code === 'string' ? code : e.cause.message})`;
}

function filePart(f: z.output<typeof FileSchema>): WirePart {
  return {
    ...(f.url !== undefined ? { url: f.url } : { raw: f.bytes! }),
    ...(f.name ? { filename: f.name } : {}),
    ...(f.mimeType ? { mediaType: f.mimeType } : {}),
  };
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(t);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}
