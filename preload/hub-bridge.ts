import type { HubApi } from '../shared/hub-api.js';
import { HubApiError, HubApiErrorCodes, internalMessage, unwrapIpcResult } from '../shared/hub-errors.js';
import { HUB_EVENT_CHANNEL, type HubEvent, type HubEvents } from '../shared/hub-events.js';
import { hubMethods, ipcChannel } from '../shared/hub-methods.js';

/** What the preload uses of Electron's `ipcRenderer` (index.ts passes the real one; tests a fake). */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export interface ContextBridgePort {
  exposeInMainWorld(key: string, api: unknown): void;
}

/**
 * `window.hub`: one function per method of the shared contract, nothing else. Each resolves with the
 * method's result or throws a HubApiError whose message is the hub's sentence exactly (the main
 * process answers with an IpcResult instead of throwing, so Electron adds no "Error invoking remote
 * method …" before it). Note that contextBridge copies only an Error's message into the page.
 */
export function createHubBridge(ipc: IpcRendererPort): HubApi {
  return Object.fromEntries(
    hubMethods.map((method) => [
      method,
      async (...args: unknown[]) => {
        let reply: unknown;
        try {
          reply = await ipc.invoke(ipcChannel(method), ...args);
        } catch (e) {
          // No handler (the app is quitting) or a result that could not cross: Electron's text stays out.
          throw new HubApiError(HubApiErrorCodes.internal, internalMessage(method), { cause: e });
        }
        return unwrapIpcResult(reply, method);
      },
    ]),
  ) as HubApi;
}

/** `window.hubEvents`: tells the page that something changed, as `{ type }` only (no event object, no data). */
export function createHubEvents(ipc: IpcRendererPort): HubEvents {
  return {
    subscribe(listener) {
      const handler = (_event: unknown, payload: unknown) => {
        const type = typeof payload === 'object' && payload !== null ? (payload as { type?: unknown }).type : undefined;
        if (typeof type === 'string') listener({ type } as HubEvent);
      };
      ipc.on(HUB_EVENT_CHANNEL, handler);
      return () => void ipc.removeListener(HUB_EVENT_CHANNEL, handler);
    },
  };
}

/** The page's only doors to the hub. No raw ipcRenderer, no event objects and no Node APIs reach it. */
export function exposeHub(contextBridge: ContextBridgePort, ipc: IpcRendererPort): void {
  contextBridge.exposeInMainWorld('hub', createHubBridge(ipc));
  contextBridge.exposeInMainWorld('hubEvents', createHubEvents(ipc));
}
