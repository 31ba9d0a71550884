/**
 * Events the hub pushes to a UI so it refreshes at once instead of polling. They carry no data: the UI
 * reads what changed through the HubApi, so every surface sees the same validated state.
 */
export type HubEvent = { type: 'prompts-changed' } | { type: 'rules-changed' } | { type: 'servers-changed' } | { type: 'calls-changed' } | { type: 'tasks-changed' } | { type: 'clients-changed' };

export const HUB_EVENT_CHANNEL = 'hub:event';

export interface HubEvents {
  subscribe(listener: (event: HubEvent) => void): () => void;
}
