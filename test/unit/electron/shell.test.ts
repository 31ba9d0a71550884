import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsentPromptView } from '../../../shared/consent.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { HUB_EVENT_CHANNEL, type HubEvent } from '../../../shared/hub-events.js';
import { CSP, runShell, type ShellHub } from '../../../main/electron/shell.js';
import type { TrayMenuItem } from '../../../main/electron/tray.js';
import { rendererUrl } from '../../../main/electron/window.js';
import { FakeWindow, fakeIpcMain, spyHubApi } from './fakes.js';

/** Electron's modules as plain objects, recording what the shell does with them. */
function fakeElectron(options: { lock?: boolean; notifications?: boolean } = {}) {
  const appListeners = new Map<string, (...args: never[]) => void>();
  const app = {
    requestSingleInstanceLock: vi.fn(() => options.lock ?? true),
    whenReady: vi.fn(async () => {}),
    setPath: vi.fn(),
    getVersion: () => '1.2.3',
    setBadgeCount: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
    on: vi.fn((event: string, listener: (...args: never[]) => void) => void appListeners.set(event, listener)),
  };
  const notes: { options: { title: string; body: string }; clicks: (() => void)[]; show: ReturnType<typeof vi.fn> }[] = [];
  class Notification {
    static isSupported = () => options.notifications ?? true;
    readonly clicks: (() => void)[] = [];
    readonly show = vi.fn();
    constructor(readonly options: { title: string; body: string }) {
      notes.push(this);
    }
    on(_event: 'click', listener: () => void) {
      this.clicks.push(listener);
    }
  }
  const trays: { setToolTip: ReturnType<typeof vi.fn>; setContextMenu: ReturnType<typeof vi.fn>; destroy: ReturnType<typeof vi.fn> }[] = [];
  class Tray {
    readonly setToolTip = vi.fn();
    readonly setTitle = vi.fn();
    readonly setContextMenu = vi.fn();
    readonly destroy = vi.fn();
    constructor(_image: unknown) {
      trays.push(this);
    }
    on() {}
  }
  let headersListener: ((details: { responseHeaders?: Record<string, string[]> }, callback: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | undefined;
  let permissionHandler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  const session = {
    defaultSession: {
      webRequest: { onHeadersReceived: (l: NonNullable<typeof headersListener>) => void (headersListener = l) },
      setPermissionRequestHandler: (h: NonNullable<typeof permissionHandler>) => void (permissionHandler = h),
    },
  };
  const ipc = fakeIpcMain();
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    shell: { openExternal: vi.fn(async () => {}) },
    Tray,
    Menu: { buildFromTemplate: (template: TrayMenuItem[]) => template },
    nativeImage: { createFromBuffer: () => ({}) },
    Notification,
    session,
    dialog: { showErrorBox: vi.fn() },
    ipcMain: ipc.ipcMain,
  };
  return {
    electron,
    app,
    ipc,
    notes,
    trays,
    appEvent: (name: string, ...args: unknown[]) => (appListeners.get(name) as (...a: unknown[]) => void)(...args),
    headers: () => headersListener!,
    permissions: () => permissionHandler!,
  };
}

/** The hub as the shell sees it: events, waiting prompts and dispose. */
function fakeHub() {
  const consent = Object.assign(new EventEmitter(), { waiting: [] as ConsentPromptView[], pending: () => consent.waiting });
  const listeners = new Set<(event: HubEvent) => void>();
  const hub = {
    consent,
    onEvent: (l: (event: HubEvent) => void) => (listeners.add(l), () => listeners.delete(l)),
    dispose: vi.fn(async () => {}),
    emit: (event: HubEvent) => listeners.forEach((l) => l(event)),
  } satisfies ShellHub & Record<string, unknown>;
  return hub;
}

const prompt = (id: number) => ({ id, client: 'Cursor', server: 'files', tool: 'delete_file' }) as ConsentPromptView;

async function start(options: Parameters<typeof fakeElectron>[0] = {}, createHub?: () => Promise<ReturnType<typeof fakeHub>>) {
  const fake = fakeElectron(options);
  const hub = fakeHub();
  const api = spyHubApi();
  const createHubSpy = vi.fn(createHub ?? (async () => hub));
  const onInternalError = vi.fn();
  await runShell({
    electron: fake.electron,
    resolveDataDir: () => '/home/me/.config/Agent Hub',
    createHub: createHubSpy,
    createHubApi: () => api,
    nativeBinding: '/build/better_sqlite3.node',
    platform: 'linux',
    onInternalError,
  });
  return { ...fake, hub, api, createHub: createHubSpy, onInternalError };
}

beforeEach(() => {
  FakeWindow.created = [];
});

describe('the desktop shell', () => {
  it('quits at once when another Agent Hub holds the single-instance lock', async () => {
    const s = await start({ lock: false });
    expect(s.app.quit).toHaveBeenCalledTimes(1);
    expect(s.createHub).not.toHaveBeenCalled();
    expect(FakeWindow.created).toHaveLength(0);
  });

  it('starts the hub in the data folder, with a strict CSP on every response and no permission ever granted', async () => {
    const s = await start();
    expect(s.app.setPath).toHaveBeenCalledWith('userData', '/home/me/.config/Agent Hub');
    expect(s.createHub).toHaveBeenCalledWith({ dataDir: '/home/me/.config/Agent Hub', version: '1.2.3', nativeBinding: '/build/better_sqlite3.node' });
    const callback = vi.fn();
    s.headers()({ responseHeaders: { 'X-Other': ['kept'], 'Content-Security-Policy': ['default-src *'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['kept'], 'Content-Security-Policy': [CSP] } });
    expect(CSP).toMatch(/^default-src 'none'; script-src 'self';/);
    const granted = vi.fn();
    s.permissions()({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(FakeWindow.created).toHaveLength(1);
  });

  it('says why the hub cannot start, and exits', async () => {
    const s = await start({}, async () => {
      throw new HubError(ErrorCodes.storeLocked, 'Another program holds a lock on hub.db.');
    });
    expect(s.electron.dialog.showErrorBox).toHaveBeenCalledWith('Agent Hub cannot start', 'Another program holds a lock on hub.db.');
    expect(s.app.exit).toHaveBeenCalledWith(1);
    expect(FakeWindow.created).toHaveLength(0);
    expect(s.ipc.handlers.size).toBe(0);
  });

  it("answers the window's HubApi calls over IPC, from its own top frame only", async () => {
    const s = await start();
    const win = FakeWindow.created[0]!;
    const fromWindow = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    expect(win.webContents.mainFrame.url).toBe(rendererUrl);
    expect(await s.ipc.invoke(fromWindow, 'hub:listServers')).toEqual({ ok: true, result: 'listServers result' });
    s.api.listServers.mockRejectedValueOnce(new Error('disk on fire'));
    expect(await s.ipc.invoke(fromWindow, 'hub:listServers')).toEqual({ ok: false, error: { code: 'internal', message: 'listServers failed.' } });
    expect(s.onInternalError).toHaveBeenCalledWith('listServers', expect.objectContaining({ message: 'disk on fire' }));
    // A destroyed window is trusted no more.
    win.destroyed = true;
    expect(await s.ipc.invoke(fromWindow, 'hub:listServers')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it("passes the hub's change events to the window while it is open", async () => {
    const s = await start();
    const win = FakeWindow.created[0]!;
    s.hub.emit({ type: 'servers-changed' });
    expect(win.webContents.send).toHaveBeenCalledWith(HUB_EVENT_CHANNEL, { type: 'servers-changed' });
    win.destroyed = true;
    s.hub.emit({ type: 'calls-changed' });
    expect(win.webContents.send).toHaveBeenCalledTimes(1);
  });

  it('shows the waiting count in the tray and the app badge, and a notification whose click opens the window', async () => {
    const s = await start();
    const tray = s.trays[0]!;
    const win = FakeWindow.created[0]!;
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Agent Hub');

    s.hub.consent.waiting = [prompt(1), prompt(2)];
    s.hub.consent.emit('prompt', prompt(2));
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Agent Hub: 2 tool calls wait for your answer');
    expect(s.app.setBadgeCount).toHaveBeenLastCalledWith(2);
    expect(s.notes).toHaveLength(1);
    expect(s.notes[0]!.options).toEqual({ title: 'Agent Hub: allow this tool call?', body: 'Cursor wants to call delete_file on files.' });
    expect(s.notes[0]!.show).toHaveBeenCalledTimes(1);

    s.notes[0]!.clicks[0]!();
    expect(win.show).toHaveBeenCalledTimes(1);
    expect(win.focus).toHaveBeenCalledTimes(1);

    s.hub.consent.waiting = [];
    s.hub.consent.emit('settled', prompt(1));
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Agent Hub');
    expect(s.app.setBadgeCount).toHaveBeenLastCalledWith(0);
  });

  it('opens a new window from a notification when the old one was closed', async () => {
    const s = await start();
    FakeWindow.created[0]!.destroyed = true;
    s.hub.consent.waiting = [prompt(1)];
    s.hub.consent.emit('prompt', prompt(1));
    s.notes[0]!.clicks[0]!();
    expect(FakeWindow.created).toHaveLength(2);
    expect(FakeWindow.created[1]!.show).toHaveBeenCalledTimes(1);
    // The new window is the trusted one.
    const win = FakeWindow.created[1]!;
    expect(await s.ipc.invoke({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, 'hub:listServers')).toMatchObject({ ok: true });
  });

  it('counts in the tray without notifications where the OS has none', async () => {
    const s = await start({ notifications: false });
    s.hub.consent.waiting = [prompt(1)];
    s.hub.consent.emit('prompt', prompt(1));
    expect(s.notes).toHaveLength(0);
    expect(s.app.setBadgeCount).toHaveBeenLastCalledWith(1);
  });

  it('a second launch brings the window forward (restored if minimized); closing every window keeps the hub', async () => {
    const s = await start();
    const win = FakeWindow.created[0]!;
    win.minimized = true;
    s.appEvent('second-instance');
    expect(win.restore).toHaveBeenCalledTimes(1);
    expect(win.focus).toHaveBeenCalledTimes(1);
    s.appEvent('window-all-closed');
    expect(s.app.quit).not.toHaveBeenCalled();
    win.destroyed = true;
    s.appEvent('activate');
    expect(FakeWindow.created).toHaveLength(2);
  });

  it('quitting removes the IPC handlers and the tray, and stops the hub before the app quits', async () => {
    const s = await start();
    const event = { preventDefault: vi.fn() };
    let release!: () => void;
    s.hub.dispose.mockImplementationOnce(() => new Promise<void>((r) => (release = r)));
    s.appEvent('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
    expect(s.ipc.handlers.size).toBe(0);
    expect(s.trays[0]!.destroy).toHaveBeenCalledTimes(1);
    expect(s.app.quit).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(s.app.quit).toHaveBeenCalledTimes(1));
    // The quit that follows goes through.
    const again = { preventDefault: vi.fn() };
    s.appEvent('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(s.hub.dispose).toHaveBeenCalledTimes(1);
  });

  it('quits from the tray menu', async () => {
    const s = await start();
    const menu = s.trays[0]!.setContextMenu.mock.lastCall![0] as TrayMenuItem[];
    menu.find((i) => i.label?.startsWith('Quit'))!.click!();
    expect(s.app.quit).toHaveBeenCalledTimes(1);
  });
});
