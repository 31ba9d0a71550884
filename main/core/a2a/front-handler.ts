// The A2A side of the hub's front door for one agent: an A2ARequestHandler (the interface
// @a2a-js/sdk's JsonRpcTransportHandler serves) that passes each request to the agent through the
// hub's own SDK client, with the hub's credential for the agent, and keeps the record. Tasks belong to
// the client that started them: another client's task is as unknown as a made-up id.
import { Message, StreamResponse, Task, taskStateToJSON, type AgentCard, type ListTasksRequest, type ListTasksResponse } from '@a2a-js/sdk';
import {
  ExtendedAgentCardNotConfiguredError,
  PushNotificationNotSupportedError,
  RequestMalformedError,
  TaskNotFoundError,
} from '@a2a-js/sdk/errors';
import type { A2ARequestHandler, ServerCallContext, User } from '@a2a-js/sdk/server';
import type { Client } from '@a2a-js/sdk/client';
import type { TaskView } from '../../../shared/a2a.js';
import type { A2ATasksRepo, TaskRecord } from '../store/a2a-tasks-repo.js';
import { taskState, type WireMessage, type WireStreamResponse, type WireTask } from './a2a-wire.js';
import { TaskTracker } from './task-tracker.js';

/** The authenticated caller: a client of the hub. */
export class HubCaller implements User {
  constructor(
    readonly client: string,
    /** The request's record on the timeline (tasks it starts link to it). */
    readonly recordId: number,
    /** Aborted when the caller goes away: the request to the agent goes too. */
    readonly signal: AbortSignal,
  ) {}
  get isAuthenticated(): boolean {
    return true;
  }
  get userName(): string {
    return this.client;
  }
}

export interface FrontHandlerDeps {
  agent: string;
  card(): AgentCard;
  /** The hub's SDK client for the agent, once it is connected and allowed (throws a sentence otherwise). */
  client(): Promise<Client>;
  tasks: A2ATasksRepo;
  onTasksChanged(): void;
  note(line: string): void;
}

const LIST_MAX = 100;

export function frontHandler(deps: FrontHandlerDeps): A2ARequestHandler {
  const caller = (context: ServerCallContext): HubCaller => {
    const user = context.user;
    if (!(user instanceof HubCaller)) throw new Error('The caller is not authenticated.');
    return user;
  };
  const owned = (context: ServerCallContext, taskId: string): TaskRecord => {
    const record = deps.tasks.find(deps.agent, taskId);
    if (!record || record.client !== caller(context).client) throw new TaskNotFoundError(`Task ${taskId} was not found.`);
    return record;
  };
  const tracker = (context: ServerCallContext, sent?: WireMessage, existing?: TaskRecord) => {
    const { client, recordId } = caller(context);
    return new TaskTracker(
      {
        tasks: deps.tasks,
        agent: deps.agent,
        client,
        toolCall: recordId,
        onChange: () => deps.onTasksChanged(),
        onWriteError: (e) => deps.note(`could not record a task event: ${e.message}`),
      },
      sent,
      existing,
    );
  };
  const options = (context: ServerCallContext) => ({ signal: caller(context).signal });

  return {
    getAgentCard: async () => deps.card(),
    getAuthenticatedExtendedAgentCard: async () => {
      throw new ExtendedAgentCardNotConfiguredError('This agent has no extended card at the hub.');
    },

    async sendMessage(params, context) {
      const existing = params.message?.taskId ? owned(context, params.message.taskId) : undefined;
      const client = await deps.client();
      const track = tracker(context, Message.toJSON(params.message!) as WireMessage, existing);
      const result = await client.sendMessage({ ...params, tenant: '' }, options(context));
      track.apply('status' in result ? { task: Task.toJSON(result) as WireTask } : { message: Message.toJSON(result) as WireMessage });
      return result;
    },

    async *sendMessageStream(params, context) {
      const existing = params.message?.taskId ? owned(context, params.message.taskId) : undefined;
      const client = await deps.client();
      const track = tracker(context, Message.toJSON(params.message!) as WireMessage, existing);
      for await (const event of client.sendMessageStream({ ...params, tenant: '' }, options(context))) {
        track.apply(StreamResponse.toJSON(event) as WireStreamResponse);
        yield event;
      }
    },

    async getTask(params, context) {
      const record = owned(context, params.id);
      const task = await (await deps.client()).getTask({ ...params, tenant: '' }, options(context));
      tracker(context, undefined, record).apply({ task: Task.toJSON(task) as WireTask });
      return task;
    },

    async cancelTask(params, context) {
      const record = owned(context, params.id);
      const task = await (await deps.client()).cancelTask({ ...params, tenant: '' }, options(context));
      tracker(context, undefined, record).apply({ task: Task.toJSON(task) as WireTask });
      return task;
    },

    async *resubscribe(params, context) {
      const record = owned(context, params.id);
      const client = await deps.client();
      const track = tracker(context, undefined, record);
      for await (const event of client.resubscribeTask({ ...params, tenant: '' }, options(context))) {
        track.apply(StreamResponse.toJSON(event) as WireStreamResponse);
        yield event;
      }
    },

    // The caller's own tasks, from the hub's record (the agent would list every caller's), each read
    // fresh from the agent; one the agent no longer knows shows as last recorded.
    async listTasks(params, context) {
      return listOwnTasks(deps, caller(context).client, params, options(context));
    },

    createTaskPushNotificationConfig: unsupportedPush,
    getTaskPushNotificationConfig: unsupportedPush,
    listTaskPushNotificationConfigs: unsupportedPush,
    deleteTaskPushNotificationConfig: unsupportedPush,
  };
}

async function unsupportedPush(): Promise<never> {
  throw new PushNotificationNotSupportedError('The hub does not pass push notifications on; stream the task or poll it with GetTask.');
}

async function listOwnTasks(deps: FrontHandlerDeps, client: string, params: ListTasksRequest, options: { signal: AbortSignal }): Promise<ListTasksResponse> {
  const pageSize = params.pageSize ?? 50;
  if (pageSize < 1 || pageSize > LIST_MAX) throw new RequestMalformedError(`pageSize must be between 1 and ${LIST_MAX}.`);
  const offset = params.pageToken ? Number(params.pageToken) : 0;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RequestMalformedError('pageToken is not one this hub gave out.');
  const state = params.status ? taskState(taskStateToJSON(params.status)) : undefined;
  const mine = deps.tasks
    .list({ agent: deps.agent, client, limit: 5_000 })
    .filter((t) => t.taskId && (!params.contextId || t.contextId === params.contextId) && (!state || t.state === state))
    .filter((t) => !params.statusTimestampAfter || t.updatedAt >= params.statusTimestampAfter);
  const page = mine.slice(offset, offset + pageSize);
  const agent = await deps.client();
  const tasks = await Promise.all(
    page.map(async (t) => {
      try {
        const task = await agent.getTask({ tenant: '', id: t.taskId!, historyLength: params.historyLength }, options);
        return params.includeArtifacts ? task : { ...task, artifacts: [] };
      } catch {
        return recordedTask(t);
      }
    }),
  );
  return { tasks, nextPageToken: offset + pageSize < mine.length ? String(offset + pageSize) : '', pageSize, totalSize: mine.length };
}

/** A task as the hub last recorded it (its state and when), for one the agent cannot show now. */
function recordedTask(t: TaskView): Task {
  return Task.fromJSON({
    id: t.taskId,
    contextId: t.contextId ?? '',
    status: { state: `TASK_STATE_${t.state.toUpperCase().replace(/-/g, '_')}`, timestamp: t.updatedAt },
  });
}
