import type { BrowserWindowConstructorOptions } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const distDir = path.join(import.meta.dirname, '..', '..');
export const rendererIndex = path.join(distDir, 'renderer', 'index.html');
export const rendererUrl = pathToFileURL(rendererIndex).href;
export const preloadPath = path.join(distDir, 'preload', 'index.cjs');

/** What the shell uses of a BrowserWindow (main.ts passes Electron's; tests a fake). */
export interface AppWindow {
  once(event: 'ready-to-show', listener: () => void): unknown;
  loadFile(filePath: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  readonly webContents: {
    readonly mainFrame: unknown;
    on(event: 'will-navigate', listener: (event: { preventDefault(): void }) => void): unknown;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
    send(channel: string, ...args: unknown[]): void;
  };
}

/** Electron's `shell`, as far as links go. */
export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

export interface WindowModules {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => AppWindow;
  shell: ExternalOpener;
}

/** The main window: isolated, sandboxed, no Node in the page, no navigation away, no new windows. */
export function createMainWindow({ BrowserWindow, shell }: WindowModules): AppWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 720,
    show: false,
    title: 'Agent Hub',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(shell, url);
    return { action: 'deny' };
  });
  void win.loadFile(rendererIndex);
  return win;
}

/** Only http and https URLs ever leave the app, and never through a shell. */
export function openExternalSafely(shell: ExternalOpener, url: string): void {
  try {
    const { protocol } = new URL(url);
    if (protocol === 'http:' || protocol === 'https:') void shell.openExternal(url);
  } catch {
    // Not a URL: ignore.
  }
}
