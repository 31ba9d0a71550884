import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { HubApi } from '../shared/hub-api.js';
import { HUB_EVENT_CHANNEL, type HubEvent, type HubEvents } from '../shared/hub-events.js';
import { hubMethods, ipcChannel } from '../shared/hub-methods.js';

/**
 * The page's only doors to the hub: `window.hub`, one function per method of the shared contract, and
 * `window.hubEvents` to hear that something changed. No raw ipcRenderer, no event objects and no Node
 * APIs ever reach the page.
 */
const hub = Object.fromEntries(
  hubMethods.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(ipcChannel(method), ...args)]),
) as HubApi;

const hubEvents: HubEvents = {
  subscribe(listener) {
    const handler = (_event: IpcRendererEvent, payload: HubEvent) => listener({ type: payload.type } as HubEvent);
    ipcRenderer.on(HUB_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(HUB_EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('hub', hub);
contextBridge.exposeInMainWorld('hubEvents', hubEvents);
