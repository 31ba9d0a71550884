import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow, openExternalSafely, preloadPath, rendererIndex, rendererUrl } from '../../../main/electron/window.js';
import { FakeWindow } from './fakes.js';

function makeWindow() {
  const shell = { openExternal: vi.fn(async (_url: string) => {}) };
  const win = createMainWindow({ BrowserWindow: FakeWindow, shell }) as FakeWindow;
  return { win, shell };
}

beforeEach(() => {
  FakeWindow.created = [];
});

describe('the main window', () => {
  it('is isolated and sandboxed, with no Node in the page, and loads the renderer with our preload', async () => {
    const { win } = makeWindow();
    expect(win.options.webPreferences).toEqual({
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    });
    expect(preloadPath).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(win.options.show).toBe(false);
    expect(win.loadFile).toHaveBeenCalledWith(rendererIndex);
    expect(win.webContents.mainFrame.url).toBe(rendererUrl);
    // Shown once it has something to show.
    expect(win.show).not.toHaveBeenCalled();
    win.listeners.get('ready-to-show')!();
    expect(win.show).toHaveBeenCalledTimes(1);
  });

  it('never navigates away, and opens nothing doing so', () => {
    const { win, shell } = makeWindow();
    expect(win.webContents.navigationListeners).toHaveLength(1);
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      const event = { preventDefault: vi.fn(), url };
      win.webContents.navigationListeners[0]!(event);
      expect(event.preventDefault).toHaveBeenCalledTimes(1);
    }
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('opens no window of its own: http and https links go to the browser, everything else nowhere', () => {
    const { win, shell } = makeWindow();
    const open = (url: string) => win.openHandler!({ url });
    expect(open('https://example.com/docs?q=1')).toEqual({ action: 'deny' });
    expect(open('http://127.0.0.1:47470/')).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([['https://example.com/docs?q=1'], ['http://127.0.0.1:47470/']]);

    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'mailto:me@example.com', 'smb://host/share', 'ms-settings:privacy', 'vscode://x', 'not a url', '']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(shell.openExternal).toHaveBeenCalledTimes(2);
    expect(FakeWindow.created).toHaveLength(1);
  });

  it('openExternalSafely passes only http and https on, exactly as given', () => {
    const shell = { openExternal: vi.fn(async (_url: string) => {}) };
    openExternalSafely(shell, 'HTTPS://Example.com/a b');
    openExternalSafely(shell, 'file://C:/Windows/System32/calc.exe');
    openExternalSafely(shell, '\\\\server\\share');
    expect(shell.openExternal.mock.calls).toEqual([['HTTPS://Example.com/a b']]);
  });
});
