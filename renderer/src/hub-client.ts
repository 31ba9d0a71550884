import type { HubApi } from '../../shared/hub-api.js';

declare global {
  interface Window {
    /** Set by the Electron preload. */
    hub?: HubApi;
  }
}

/** The HubApi of whichever host runs this page, or undefined when none is present. */
export function getHubApi(): HubApi | undefined {
  return window.hub;
}
