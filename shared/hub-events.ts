/**
 * Events the hub pushes to a UI so it refreshes at once instead of polling. They carry no data: the UI
 * reads what changed through the HubApi, so every surface sees the same validated state.
 *
 * The one table of event types, and what makes the hub send each (main/core/event-bus.ts sends them;
 * a test makes every one happen).
 */
export const hubEventTypes = {
  /** A consent prompt opened or closed (answered, timed out, withdrawn). */
  'prompts-changed': 'a consent prompt opened or closed',
  /** Rules or approved tool definitions changed (a remembered answer, a rule made or revoked, a tool that changed). */
  'rules-changed': 'consent rules or approved definitions changed',
  /** A server or agent was added, changed, removed, or changed state. */
  'servers-changed': 'servers or agents changed',
  /** A tool call (or resource read, prompt, completion) was recorded or completed. At most every 200 ms. */
  'calls-changed': 'the record of calls changed',
  /** An A2A task changed. At most every 200 ms. */
  'tasks-changed': 'A2A tasks changed',
  /** A client was added, removed or changed. */
  'clients-changed': 'clients changed',
  /** A rate limit was set or removed (also sent after any change from another process, which may be one). */
  'limits-changed': 'rate limits changed',
  /** A Workbench run moved on (progress, its record, its answer). At most every 150 ms. */
  'workbench-changed': 'a Workbench run changed',
} as const;

export type HubEventType = keyof typeof hubEventTypes;
export type HubEvent = { type: HubEventType };

export function isHubEventType(type: unknown): type is HubEventType {
  return typeof type === 'string' && Object.hasOwn(hubEventTypes, type);
}

export const HUB_EVENT_CHANNEL = 'hub:event';

export interface HubEvents {
  subscribe(listener: (event: HubEvent) => void): () => void;
}
