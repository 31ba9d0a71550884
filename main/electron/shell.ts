import type { ConsentPromptView } from '../../shared/consent.js';
import type { HubApi, HubMethod } from '../../shared/hub-api.js';
import { HUB_EVENT_CHANNEL, type HubEvent } from '../../shared/hub-events.js';
import { registerIpc, type IpcMainPort } from './ipc.js';
import { createTray, type TrayModules } from './tray.js';
import { createMainWindow, rendererUrl, type AppWindow, type WindowModules } from './window.js';

/**
 * The desktop shell: lifecycle, window, tray, notifications and IPC only. Everything else is main/core,
 * shared with the headless `agent-hub serve`. It takes the Electron modules it uses as parameters:
 * main.ts passes Electron's own (the only runtime import of 'electron' in the main process), tests pass
 * plain objects.
 */

export { CSP } from '../../shared/csp.js';
import { CSP } from '../../shared/csp.js';

/** What the shell uses of Electron's `app`. */
export interface AppPort {
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<unknown>;
  setPath(name: 'userData', path: string): void;
  getVersion(): string;
  setBadgeCount(count: number): unknown;
  quit(): void;
  exit(code: number): void;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
}

/** What the shell uses of Electron's `session.defaultSession`. */
export interface SessionPort {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
}

export interface NotificationPort {
  new (options: { title: string; body: string }): { on(event: 'click', listener: () => void): unknown; show(): void };
  isSupported(): boolean;
}

export interface ElectronModules<Image = unknown, BuiltMenu = unknown> extends WindowModules, TrayModules<Image, BuiltMenu> {
  app: AppPort;
  ipcMain: IpcMainPort;
  Notification: NotificationPort;
  session: { defaultSession: SessionPort };
  dialog: { showErrorBox(title: string, content: string): void };
}

/** What the shell uses of the hub (createHub's Hub). */
export interface ShellHub {
  onEvent(listener: (event: HubEvent) => void): () => void;
  readonly consent: {
    pending(): readonly unknown[];
    on(event: 'prompt', listener: (prompt: ConsentPromptView) => void): unknown;
    on(event: 'settled', listener: () => void): unknown;
  };
  dispose(): Promise<void>;
}

export interface ShellOptions<H extends ShellHub, Image, BuiltMenu> {
  electron: ElectronModules<Image, BuiltMenu>;
  resolveDataDir(): string;
  createHub(options: { dataDir: string; version: string; nativeBinding: string | undefined }): Promise<H>;
  createHubApi(hub: H): HubApi;
  /** better-sqlite3 built for Electron's ABI, or undefined for the packaged app's own. */
  nativeBinding?: string;
  platform?: NodeJS.Platform;
  /** Hears of an unexpected error in a HubApi call (the window gets only 'internal' and "METHOD failed."). */
  onInternalError?: (method: HubMethod, error: unknown) => void;
}

/** One hub per user: a second launch quits, and the first one's window comes forward instead. */
export async function runShell<H extends ShellHub, Image, BuiltMenu>(options: ShellOptions<H, Image, BuiltMenu>): Promise<void> {
  const { app } = options.electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await start(options);
}

async function start<H extends ShellHub, Image, BuiltMenu>(options: ShellOptions<H, Image, BuiltMenu>): Promise<void> {
  const { electron } = options;
  const { app, session, Notification } = electron;
  const dataDir = options.resolveDataDir();
  app.setPath('userData', dataDir);
  await app.whenReady();

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  let hub: H;
  try {
    hub = await options.createHub({ dataDir, version: app.getVersion(), nativeBinding: options.nativeBinding });
  } catch (e) {
    electron.dialog.showErrorBox('Agent Hub cannot start', (e as Error).message);
    app.exit(1);
    return;
  }

  let win: AppWindow | undefined = createMainWindow(electron);
  const current = (): AppWindow => {
    if (!win || win.isDestroyed()) win = createMainWindow(electron);
    return win;
  };
  const unregister = registerIpc({
    ipcMain: electron.ipcMain,
    api: options.createHubApi(hub),
    trusted: () => (win && !win.isDestroyed() ? { contents: win.webContents, url: rendererUrl } : undefined),
    onInternalError: options.onInternalError,
  });

  // Every change reaches the window at once; a prompt also gets a native notification that opens it.
  hub.onEvent((event: HubEvent) => {
    if (win && !win.isDestroyed()) win.webContents.send(HUB_EVENT_CHANNEL, event);
  });
  const open = () => {
    const w = current();
    w.show();
    w.focus();
  };
  const tray = createTray(electron, { open, quit: () => app.quit() }, options.platform);
  const pendingChanged = () => {
    const count = hub.consent.pending().length;
    tray.setPending(count);
    app.setBadgeCount(count);
  };
  hub.consent.on('prompt', (p: ConsentPromptView) => {
    pendingChanged();
    if (!Notification.isSupported()) return;
    const note = new Notification({ title: 'Agent Hub: allow this tool call?', body: `${p.client} wants to call ${p.tool} on ${p.server}.` });
    note.on('click', open);
    note.show();
  });
  hub.consent.on('settled', pendingChanged);

  app.on('second-instance', () => {
    const w = current();
    if (w.isMinimized()) w.restore();
    w.focus();
  });
  app.on('activate', () => void current());
  // Closing the window keeps the hub (and the tray) running: MCP clients still need it. Quit from the tray.
  app.on('window-all-closed', () => {});

  // Quitting stops the hub and every server it runs before the process exits.
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    unregister();
    tray.destroy();
    void hub.dispose().finally(() => app.quit());
  });
}
