import type { HubApi } from '../../shared/hub-api.js';
import { hubApiOverIpc, type IpcHubBridge } from '../../shared/hub-errors.js';
import type { HubEvents } from '../../shared/hub-events.js';

declare global {
  interface Window {
    /** Set by the Electron preload: each method resolves with its IpcResult (see preload/hub-bridge.ts). */
    hub?: IpcHubBridge;
    hubEvents?: HubEvents;
  }
}

/** The HubApi of whichever host runs this page, or undefined when none is present. */
export function getHubApi(): HubApi | undefined {
  return window.hub && hubApiOverIpc(window.hub);
}

/** Change events from the host; a host without them gets a poll instead (see query.tsx: without events, queries poll). */
export function getHubEvents(): HubEvents | undefined {
  return window.hubEvents;
}
