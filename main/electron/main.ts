import { app, Notification, session, type BrowserWindow } from 'electron';
import type { ConsentPromptView } from '../../shared/consent.js';
import { HUB_EVENT_CHANNEL, type HubEvent } from '../../shared/hub-events.js';
import path from 'node:path';
import { createHubApi } from '../core/admin/hub-api.js';
import { createHub, type Hub } from '../core/hub.js';
import { resolveDataDir } from '../core/paths.js';
import { registerIpc } from './ipc.js';
import { createTray } from './tray.js';
import { createMainWindow, rendererUrl } from './window.js';

/**
 * The desktop shell: lifecycle, window and IPC only. Everything else is main/core, shared with the
 * headless `agent-hub serve`.
 */

// One hub per user: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

async function start(): Promise<void> {
  const dataDir = resolveDataDir();
  app.setPath('userData', dataDir);
  await app.whenReady();

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  let hub: Hub;
  try {
    hub = await createHub({ dataDir, version: app.getVersion(), nativeBinding: electronNativeBinding() });
  } catch (e) {
    const { dialog } = await import('electron');
    dialog.showErrorBox('Agent Hub cannot start', (e as Error).message);
    app.exit(1);
    return;
  }

  let win: BrowserWindow | undefined = createMainWindow();
  const unregister = registerIpc(createHubApi(hub, 'desktop'), () => (win && !win.isDestroyed() ? { contents: win.webContents, url: rendererUrl } : undefined));

  // Every change reaches the window at once; a prompt also gets a native notification that opens it.
  hub.onEvent((event: HubEvent) => {
    if (win && !win.isDestroyed()) win.webContents.send(HUB_EVENT_CHANNEL, event);
  });
  const open = () => {
    if (!win || win.isDestroyed()) win = createMainWindow();
    win.show();
    win.focus();
  };
  const tray = createTray({ open, quit: () => app.quit() });
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
    if (!win || win.isDestroyed()) win = createMainWindow();
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (!win || win.isDestroyed()) win = createMainWindow();
  });
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

/** better-sqlite3 built for Electron's ABI by `npm run setup` (the CLI keeps the Node build). */
function electronNativeBinding(): string | undefined {
  if (app.isPackaged) return undefined;
  return path.join(import.meta.dirname, '..', '..', '..', 'build', 'electron-native', 'better_sqlite3.node');
}
