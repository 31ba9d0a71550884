import { HubApiErrorCodes, internalMessage, isIpcResult, type IpcHubBridge, type IpcResult } from '../shared/hub-errors.js';
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
 * main process's IpcResult, as data: an error thrown here would reach the page as a bare Error (the
 * contextBridge copies only an Error's message, so its code would be lost), and one thrown in the main
 * process would arrive prefixed ("Error invoking remote method …"). The page turns the result back
 * into the method's value or a HubApiError (hubApiOverIpc in shared/hub-errors.ts).
 */
export function createHubBridge(ipc: IpcRendererPort): IpcHubBridge {
  return Object.fromEntries(
    hubMethods.map((method) => [
      method,
      async (...args: unknown[]): Promise<IpcResult> => {
        const failed: IpcResult = { ok: false, error: { code: HubApiErrorCodes.internal, message: internalMessage(method) } };
        try {
          const reply = await ipc.invoke(ipcChannel(method), ...args);
          return isIpcResult(reply) ? reply : failed;
        } catch {
          // No handler (the app is quitting) or a result that could not cross: Electron's text stays out.
          return failed;
        }
      },
    ]),
  ) as IpcHubBridge;
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
