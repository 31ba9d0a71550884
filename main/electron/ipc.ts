import { isHubError } from '../../shared/errors.js';
import { hubApiContract, hubMethods, ipcChannel, type HubApi, type HubMethod } from '../../shared/hub-api.js';
import { errorBody, HubApiErrorCodes, invalidArguments, type HubErrorBody, type IpcResult } from '../../shared/hub-errors.js';

/** What the IPC manager uses of Electron's `ipcMain` (main.ts passes the real one; tests a fake). */
export interface IpcMainPort {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<IpcResult>): void;
  removeHandler(channel: string): void;
}

/** What the sender check reads of an `IpcMainInvokeEvent`. */
export interface IpcInvokeEvent {
  readonly sender: unknown;
  readonly senderFrame: { readonly url: string } | null;
}

/** The only page allowed to call: our window's webContents, its top frame, at the renderer's URL. */
export interface TrustedPage {
  contents: { readonly mainFrame: unknown };
  url: string;
}

export const REFUSED_SENDER = 'Refused: this request did not come from the Agent Hub window.';

export interface IpcOptions {
  ipcMain: IpcMainPort;
  api: HubApi;
  /** The window allowed to call now, or undefined while there is none. */
  trusted: () => TrustedPage | undefined;
  /** Hears of an unexpected error (not a HubError), which the page gets only as 'internal'. */
  onInternalError?: (method: HubMethod, error: unknown) => void;
}

/**
 * One IPC manager for the whole app: every channel comes from the shared contract, every call is
 * checked to come from our own window's top frame, and every argument list is validated before the
 * HubApi sees it. No business logic here. Handlers never throw across the boundary (Electron would
 * put "Error invoking remote method …" before the sentence): they resolve an IpcResult, which the
 * preload unwraps. Returns the function that removes every handler.
 */
export function registerIpc(options: IpcOptions): () => void {
  const { ipcMain, api, trusted } = options;
  for (const method of hubMethods) {
    ipcMain.handle(ipcChannel(method), async (event, ...args: unknown[]): Promise<IpcResult> => {
      try {
        if (!isTrustedSender(event, trusted())) return failure({ code: HubApiErrorCodes.forbidden, message: REFUSED_SENDER });
        const parsed = hubApiContract[method].input.safeParse(args);
        if (!parsed.success) return failure(invalidArguments(method));
        const result = await (api[method] as (...a: unknown[]) => Promise<unknown>)(...(parsed.data as unknown[]));
        return { ok: true, result };
      } catch (e) {
        // Only the code and the sentence cross; an unexpected error's message and stack stay here.
        if (!isHubError(e)) options.onInternalError?.(method, e);
        return failure(errorBody(e, method));
      }
    });
  }
  return () => hubMethods.forEach((m: HubMethod) => ipcMain.removeHandler(ipcChannel(m)));
}

function isTrustedSender(event: IpcInvokeEvent, trusted: TrustedPage | undefined): boolean {
  const frame = event.senderFrame;
  return (
    trusted !== undefined &&
    event.sender === trusted.contents &&
    frame !== null &&
    frame === trusted.contents.mainFrame &&
    frame.url.split('#')[0] === trusted.url
  );
}

const failure = (error: HubErrorBody): IpcResult => ({ ok: false, error });
