import { contextBridge, ipcRenderer } from 'electron';
import type { HubApi } from '../shared/hub-api.js';
import { hubMethods, ipcChannel } from '../shared/hub-methods.js';

/**
 * The page's only door to the hub: `window.hub`, one function per method of the shared contract.
 * No raw ipcRenderer, no event objects and no Node APIs ever reach the page.
 */
const hub = Object.fromEntries(
  hubMethods.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(ipcChannel(method), ...args)]),
) as HubApi;

contextBridge.exposeInMainWorld('hub', hub);
