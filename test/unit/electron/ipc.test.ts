import { describe, expect, it, vi } from 'vitest';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { hubMethods, ipcChannel } from '../../../shared/hub-methods.js';
import { registerIpc, REFUSED_SENDER, type TrustedPage } from '../../../main/electron/ipc.js';
import { rendererUrl } from '../../../main/electron/window.js';
import { fakeIpcMain, spyHubApi } from './fakes.js';

/** Our window: its webContents and top frame, showing the renderer. */
function ourWindow() {
  const mainFrame = { url: rendererUrl };
  const contents = { mainFrame };
  return { contents, mainFrame, page: { contents, url: rendererUrl } satisfies TrustedPage };
}

function setUp(trusted?: () => TrustedPage | undefined) {
  const win = ourWindow();
  const ipc = fakeIpcMain();
  const api = spyHubApi();
  const onInternalError = vi.fn();
  const unregister = registerIpc({ ipcMain: ipc.ipcMain, api, trusted: trusted ?? (() => win.page), onInternalError });
  /** A call from our window's top frame. */
  const call = (method: string, ...args: unknown[]) => ipc.invoke({ sender: win.contents, senderFrame: win.mainFrame }, `hub:${method}`, ...args);
  return { win, ipc, api, onInternalError, unregister, call };
}

const refused = { ok: false, error: { code: 'forbidden', message: REFUSED_SENDER } };

describe('IPC registration', () => {
  it('registers one handler per method of the contract, on the channel ipcChannel names, and removes them all', () => {
    const { ipc, unregister } = setUp();
    expect(ipc.ipcMain.handle).toHaveBeenCalledTimes(hubMethods.length);
    expect([...ipc.handlers.keys()].sort()).toEqual(hubMethods.map((m) => ipcChannel(m)).sort());
    expect([...ipc.handlers.keys()].every((c) => /^hub:[a-zA-Z]+$/.test(c))).toBe(true);

    unregister();
    expect(ipc.handlers.size).toBe(0);
    expect(ipc.ipcMain.removeHandler.mock.calls.map(([c]) => c).sort()).toEqual(hubMethods.map((m) => ipcChannel(m)).sort());
  });

  it('calls the HubApi method with the validated arguments and resolves { ok, result }', async () => {
    const { api, call } = setUp();
    expect(await call('listServers')).toEqual({ ok: true, result: 'listServers result' });
    expect(await call('answerPrompt', 7, 'deny', 'always')).toEqual({ ok: true, result: 'answerPrompt result' });
    expect(api.answerPrompt).toHaveBeenCalledWith(7, 'deny', 'always');
  });
});

describe('the sender check', () => {
  it('answers our window at any route of the renderer (the part after #)', async () => {
    const { win, ipc } = setUp();
    win.mainFrame.url = `${rendererUrl}#/consent`;
    expect(await ipc.invoke({ sender: win.contents, senderFrame: win.mainFrame }, 'hub:listServers')).toEqual({ ok: true, result: 'listServers result' });
  });

  it('refuses another webContents, a subframe, another URL, a frame that is gone, and any call while there is no window', async () => {
    const { win, ipc, api } = setUp();
    const other = ourWindow();
    // Another window or webview, even one showing the same page.
    expect(await ipc.invoke({ sender: other.contents, senderFrame: other.mainFrame }, 'hub:listServers')).toEqual(refused);
    // Our webContents, but a frame inside the page (an iframe).
    expect(await ipc.invoke({ sender: win.contents, senderFrame: { url: rendererUrl } }, 'hub:listServers')).toEqual(refused);
    // Our top frame after it navigated somewhere else.
    win.mainFrame.url = 'https://evil.example.com/';
    expect(await ipc.invoke({ sender: win.contents, senderFrame: win.mainFrame }, 'hub:listServers')).toEqual(refused);
    win.mainFrame.url = `${rendererUrl}/../other.html`;
    expect(await ipc.invoke({ sender: win.contents, senderFrame: win.mainFrame }, 'hub:listServers')).toEqual(refused);
    // The frame navigated or was destroyed before the call arrived.
    expect(await ipc.invoke({ sender: win.contents, senderFrame: null }, 'hub:listServers')).toEqual(refused);
    expect(api.listServers).not.toHaveBeenCalled();

    const closed = setUp(() => undefined);
    expect(await closed.call('listServers')).toEqual(refused);
    expect(closed.api.listServers).not.toHaveBeenCalled();
  });

  it('checks the sender before the arguments', async () => {
    const { ipc } = setUp();
    const other = ourWindow();
    expect(await ipc.invoke({ sender: other.contents, senderFrame: other.mainFrame }, 'hub:answerPrompt', 'seven')).toEqual(refused);
  });
});

describe('argument validation', () => {
  it("answers 'invalid_argument' for arguments that do not match the contract, and never calls the method", async () => {
    const { api, call } = setUp();
    const invalid = (method: string) => ({ ok: false, error: { code: 'invalid_argument', message: `Invalid arguments for ${method}.` } });
    expect(await call('answerPrompt', 'seven', 'allow', 'once')).toEqual(invalid('answerPrompt'));
    expect(await call('answerPrompt', 7, 'maybe', 'once')).toEqual(invalid('answerPrompt'));
    expect(await call('answerPrompt', 7)).toEqual(invalid('answerPrompt'));
    expect(await call('listServers', 'extra')).toEqual(invalid('listServers'));
    expect(await call('setServerEnabled', 'calc', 'yes')).toEqual(invalid('setServerEnabled'));
    expect(api.answerPrompt).not.toHaveBeenCalled();
    expect(api.listServers).not.toHaveBeenCalled();
    expect(api.setServerEnabled).not.toHaveBeenCalled();
  });
});

describe('error mapping', () => {
  it('sends a HubError as its code and sentence', async () => {
    const { api, call, onInternalError } = setUp();
    api.restartServer.mockRejectedValueOnce(new HubError(ErrorCodes.notFound, 'There is no server "calc"; see "agent-hub server list".'));
    expect(await call('restartServer', 'calc')).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'There is no server "calc"; see "agent-hub server list".' },
    });
    expect(onInternalError).not.toHaveBeenCalled();
  });

  it("sends any other error as 'internal' and \"METHOD failed.\", with neither its message nor its stack", async () => {
    const { api, call, onInternalError } = setUp();
    const bug = new TypeError("Cannot read properties of undefined (reading 'secret-token-123')");
    api.listServers.mockRejectedValueOnce(bug);
    const reply = await call('listServers');
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'listServers failed.' } });
    const sent = JSON.stringify(reply);
    expect(sent).not.toContain('secret-token-123');
    expect(sent).not.toMatch(/\bat .*\.(ts|js):\d+/);
    // The hub keeps the details.
    expect(onInternalError).toHaveBeenCalledWith('listServers', bug);

    api.getSettings.mockImplementationOnce(() => {
      throw 'not even an Error';
    });
    expect(await call('getSettings')).toEqual({ ok: false, error: { code: 'internal', message: 'getSettings failed.' } });
  });

  it("answers 'internal' when the window lookup itself fails", async () => {
    const { call } = setUp(() => {
      throw new Error('window lookup broke');
    });
    expect(await call('listServers')).toEqual({ ok: false, error: { code: 'internal', message: 'listServers failed.' } });
  });
});
