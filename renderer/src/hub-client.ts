import type { HubApi } from '../../shared/hub-api.js';
import type { HubEvents } from '../../shared/hub-events.js';

declare global {
  interface Window {
    /** Set by the Electron preload. */
    hub?: HubApi;
    hubEvents?: HubEvents;
  }
}

/** The HubApi of whichever host runs this page, or undefined when none is present. */
export function getHubApi(): HubApi | undefined {
  return window.hub;
}

/** Change events from the host; a host without them gets a poll instead (see useHubData). */
export function getHubEvents(): HubEvents | undefined {
  return window.hubEvents;
}
