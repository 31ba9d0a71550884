import { BrowserWindow, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const distDir = path.join(import.meta.dirname, '..', '..');
export const rendererIndex = path.join(distDir, 'renderer', 'index.html');
export const rendererUrl = pathToFileURL(rendererIndex).href;

/** The main window: isolated, sandboxed, no Node in the page, no navigation away, no new windows. */
export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 720,
    show: false,
    title: 'Agent Hub',
    webPreferences: {
      preload: path.join(distDir, 'preload', 'index.cjs'),
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
    openExternalSafely(url);
    return { action: 'deny' };
  });
  void win.loadFile(rendererIndex);
  return win;
}

/** Only http and https URLs ever leave the app, and never through a shell. */
export function openExternalSafely(url: string): void {
  try {
    const { protocol } = new URL(url);
    if (protocol === 'http:' || protocol === 'https:') void shell.openExternal(url);
  } catch {
    // Not a URL: ignore.
  }
}
