import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, session, shell, Tray } from 'electron';
import path from 'node:path';
import { createHubApi } from '../core/admin/hub-api.js';
import { createHub } from '../core/hub.js';
import { resolveDataDir } from '../core/paths.js';
import { runShell } from './shell.js';

/**
 * The desktop app's entry: the only file of the main process that imports 'electron' at runtime. It
 * hands Electron's modules to the shell (shell.ts), which the unit tests run with fakes.
 */
void runShell({
  electron: { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, session, shell, Tray },
  resolveDataDir: () => resolveDataDir(),
  createHub,
  createHubApi: (hub) => createHubApi(hub, 'desktop'),
  // better-sqlite3 built for Electron's ABI by `npm run setup` (the CLI keeps the Node build).
  nativeBinding: app.isPackaged ? undefined : path.join(import.meta.dirname, '..', '..', '..', 'build', 'electron-native', 'better_sqlite3.node'),
  // Electron used to print a handler's error itself; the window now gets only 'internal', so say it here.
  onInternalError: (method, error) => console.error(`Agent Hub: ${method} failed:`, error),
});
