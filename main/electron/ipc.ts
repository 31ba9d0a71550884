import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { isHubError } from '../../shared/errors.js';
import { hubApiContract, hubMethods, ipcChannel, type HubApi, type HubMethod } from '../../shared/hub-api.js';

/**
 * One IPC manager for the whole app: every channel comes from the shared contract, every call is
 * checked to come from our own window's top frame, and every argument list is validated before the
 * HubApi sees it. No business logic here.
 */
export function registerIpc(api: HubApi, trusted: () => { contents: WebContents; url: string } | undefined): () => void {
  for (const method of hubMethods) {
    ipcMain.handle(ipcChannel(method), async (event, ...args: unknown[]) => {
      assertTrustedSender(event, trusted());
      const parsed = hubApiContract[method].input.safeParse(args);
      if (!parsed.success) throw new Error(`Invalid arguments for ${method}.`);
      try {
        return await (api[method] as (...a: unknown[]) => Promise<unknown>)(...(parsed.data as unknown[]));
      } catch (e) {
        // Electron sends only the message to the renderer: the sentence crosses, the stack trace does not.
        throw new Error(isHubError(e) ? e.message : `${method} failed.`, { cause: e });
      }
    });
  }
  return () => hubMethods.forEach((m: HubMethod) => ipcMain.removeHandler(ipcChannel(m)));
}

function assertTrustedSender(event: IpcMainInvokeEvent, trusted: { contents: WebContents; url: string } | undefined): void {
  const frame = event.senderFrame;
  const ok =
    trusted !== undefined &&
    event.sender === trusted.contents &&
    frame !== null &&
    frame === trusted.contents.mainFrame &&
    frame.url.split('#')[0] === trusted.url;
  if (!ok) throw new Error('Refused: this request did not come from the Agent Hub window.');
}
