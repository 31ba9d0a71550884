import { vi, type Mock } from 'vitest';
import type { HubApi } from '../../../shared/hub-api.js';
import { hubMethods } from '../../../shared/hub-methods.js';
import type { IpcResult } from '../../../shared/hub-errors.js';
import type { IpcInvokeEvent, IpcMainPort } from '../../../main/electron/ipc.js';
import type { AppWindow } from '../../../main/electron/window.js';
import type { BrowserWindowConstructorOptions } from 'electron';
import { pathToFileURL } from 'node:url';

/** Electron's ipcMain as a plain object: handlers by channel, as `ipcMain.handle` keeps them. */
export function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcInvokeEvent, ...args: unknown[]) => Promise<IpcResult>>();
  const ipcMain = {
    handle: vi.fn((channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<IpcResult>) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  } satisfies IpcMainPort;
  /** What Electron does on ipcRenderer.invoke: calls the handler, or rejects when there is none. */
  const invoke = async (event: IpcInvokeEvent, channel: string, ...args: unknown[]): Promise<IpcResult> => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    return handler(event, ...args);
  };
  return { ipcMain, handlers, invoke };
}

export type SpyHubApi = { [M in keyof HubApi]: Mock<HubApi[M]> };

/** A HubApi whose every method is a vi.fn resolving `METHOD result`. */
export function spyHubApi(): SpyHubApi {
  return Object.fromEntries(hubMethods.map((m) => [m, vi.fn(async () => `${m} result`)])) as unknown as SpyHubApi;
}

/** A BrowserWindow as a plain object; `FakeWindow.created` lists every window the shell made. */
export class FakeWindow implements AppWindow {
  static created: FakeWindow[] = [];
  readonly listeners = new Map<string, (...args: never[]) => void>();
  destroyed = false;
  minimized = false;
  openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  /** Loading a file puts its file: URL in the top frame, as Electron does. */
  readonly loadFile = vi.fn(async (file: string) => {
    this.webContents.mainFrame.url = pathToFileURL(file).href;
  });
  readonly webContents: AppWindow['webContents'] & { mainFrame: { url: string }; send: Mock; navigationListeners: ((event: { preventDefault(): void }) => void)[] };

  constructor(readonly options: BrowserWindowConstructorOptions) {
    FakeWindow.created.push(this);
    const mainFrame = { url: '' };
    const navigationListeners: ((event: { preventDefault(): void }) => void)[] = [];
    this.webContents = {
      mainFrame,
      navigationListeners,
      on: (_event: 'will-navigate', listener: (event: { preventDefault(): void }) => void) => navigationListeners.push(listener),
      setWindowOpenHandler: (handler) => {
        this.openHandler = handler;
      },
      send: vi.fn(),
    };
  }
  once(event: 'ready-to-show', listener: () => void): void {
    this.listeners.set(event, listener);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
}
