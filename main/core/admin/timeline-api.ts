import type { TaskDetails } from '../../../shared/a2a.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { HubApi } from '../../../shared/hub-api.js';
import { CallQuerySchema, describeConsent, ruleIdOf, ToolCallFilterSchema, type ToolCallDetails, type ToolCallView } from '../../../shared/timeline.js';
import { callConsent } from '../store/call-consent-reads.js';
import type { HubServices } from './hub-services.js';

type TimelineMethods = Pick<HubApi, 'listToolCalls' | 'getToolCall' | 'toolCallTotals' | 'timelineFacets' | 'getTask'>;

/**
 * The Timeline's reads: pages of calls (and what changed since a version), one call opened with its
 * consent in words, its phases and the tasks it started, totals and the names to filter by; one task
 * opened with every event (listTasks, with the same filters as calls, is the Agents part's).
 */
export function createTimelineApi(hub: Pick<HubServices, 'store'>): TimelineMethods {
  const { store } = hub;
  return {
    listToolCalls: async (filter) => store.toolCalls.page(ToolCallFilterSchema.parse(filter)),
    toolCallTotals: async (filter) => store.toolCalls.totals(CallQuerySchema.parse(filter)),
    timelineFacets: async () => store.toolCalls.facets(),
    getToolCall: async (id) => callDetails(hub.store, id),
    getTask: async (id) => {
      const task = store.tasks.details(id);
      if (!task) throw new HubError(ErrorCodes.notFound, `There is no A2A task ${id} on the Timeline (it may have been deleted with the history).`);
      const call = task.toolCall ? store.toolCalls.query({ limit: 1, afterId: task.toolCall - 1, beforeId: task.toolCall + 1 })[0] : undefined;
      return { ...task, call: call ?? null } satisfies TaskDetails & { call: ToolCallView | null };
    },
  };
}

function callDetails(store: HubServices['store'], id: number): ToolCallDetails {
  const row = store.toolCalls.get(id);
  if (!row) throw new HubError(ErrorCodes.notFound, `There is no call ${id} on the Timeline (it may have been deleted with the history).`);
  const { ruleId: storedRule, ...call } = row;
  // Records from before rule ids were kept name the rule in their decision.
  const ruleId = storedRule ?? ruleIdOf(call.decision);
  const { rule, ruleOrigin, prompt } = callConsent(store.db, id, ruleId);
  const account = rule ?? (ruleId !== undefined ? { id: ruleId, gone: true as const } : undefined);
  const { outcome, summary } = describeConsent({ ...call, consentMs: call.phases.consentMs }, account, prompt, ruleOrigin);
  const linkedTasks = call.tasks > 0 ? store.tasks.list({ toolCall: id, limit: 100 }).map((t) => ({ ...t, events: [] })) : [];
  return {
    ...call,
    consent: { outcome, summary, ...(account ? { rule: account } : {}), ...(prompt ? { prompt } : {}) },
    linkedTasks,
  };
}
