import { describe, expect, it, vi } from 'vitest';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { HubApiError, hubApiOverIpc } from '../../../shared/hub-errors.js';
import { HUB_EVENT_CHANNEL, type HubEvent } from '../../../shared/hub-events.js';
import { hubMethods } from '../../../shared/hub-methods.js';
import { createHubBridge, createHubEvents, exposeHub, type IpcRendererPort } from '../../../preload/hub-bridge.js';
import { registerIpc } from '../../../main/electron/ipc.js';
import { rendererUrl } from '../../../main/electron/window.js';
import { fakeIpcMain, spyHubApi } from './fakes.js';

type Listener = (event: unknown, payload: unknown) => void;

function fakeIpcRenderer(invoke: (channel: string, ...args: unknown[]) => Promise<unknown> = async () => ({ ok: true, result: null })) {
  const listeners = new Map<string, Set<Listener>>();
  return {
    invoke: vi.fn(invoke),
    on: vi.fn((channel: string, l: Listener) => void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(l)),
    removeListener: vi.fn((channel: string, l: Listener) => void listeners.get(channel)?.delete(l)),
    /** What the main process's webContents.send does. */
    send: (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l({ sender: 'the IpcRendererEvent', ports: [] }, payload)),
    count: (channel: string) => listeners.get(channel)?.size ?? 0,
  } satisfies IpcRendererPort & Record<string, unknown>;
}

describe('the preload', () => {
  it('exposes window.hub with exactly the methods of the contract, and window.hubEvents, and nothing else', () => {
    const exposed = new Map<string, unknown>();
    exposeHub({ exposeInMainWorld: (key, api) => void exposed.set(key, api) }, fakeIpcRenderer());
    expect([...exposed.keys()]).toEqual(['hub', 'hubEvents']);
    const hub = exposed.get('hub') as Record<string, unknown>;
    expect(Object.keys(hub).sort()).toEqual([...hubMethods].sort());
    expect(Object.values(hub).every((f) => typeof f === 'function')).toBe(true);
    expect(Object.keys(exposed.get('hubEvents') as object)).toEqual(['subscribe']);
  });

  it("invokes the method's channel with the arguments and resolves the result", async () => {
    const ipc = fakeIpcRenderer(async () => ({ ok: true, result: [{ name: 'calc' }] }));
    const hub = hubApiOverIpc(createHubBridge(ipc));
    expect(await hub.listServers()).toEqual([{ name: 'calc' }]);
    await hub.answerPrompt(4, 'allow', 'once');
    expect(ipc.invoke.mock.calls).toEqual([['hub:listServers'], ['hub:answerPrompt', 4, 'allow', 'once']]);
  });

  it('throws a HubApiError with the code and exactly the sentence of an error reply', async () => {
    const sentence = 'There is no consent prompt 99; it was answered or withdrawn.';
    // The bridge resolves the envelope as data (it crosses the contextBridge whole); the page turns it into the error.
    const bridge = createHubBridge(fakeIpcRenderer(async () => ({ ok: false, error: { code: 'not_found', message: sentence } })));
    expect(await bridge.answerPrompt(99, 'allow', 'once')).toEqual({ ok: false, error: { code: 'not_found', message: sentence } });
    const hub = hubApiOverIpc(bridge);
    const error = await hub.answerPrompt(99, 'allow', 'once').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubApiError);
    expect(error).toBeInstanceOf(Error);
    expect((error as HubApiError).code).toBe('not_found');
    expect((error as HubApiError).message).toBe(sentence);
  });

  it("turns a rejected invoke (Electron's prefixed text) or a reply of another shape into 'internal' and \"METHOD failed.\"", async () => {
    const rejected = hubApiOverIpc(
      createHubBridge(
        fakeIpcRenderer(async (channel) => {
          throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
        }),
      ),
    );
    await expect(rejected.listServers()).rejects.toMatchObject({ name: 'HubApiError', code: 'internal', message: 'listServers failed.' });

    for (const reply of [undefined, 'yes', { result: 1 }, { ok: false, error: 'boom' }, { ok: false, error: { code: 'made_up', message: 'x' } }]) {
      const hub = hubApiOverIpc(createHubBridge(fakeIpcRenderer(async () => reply)));
      await expect(hub.getSettings()).rejects.toMatchObject({ code: 'internal', message: 'getSettings failed.' });
    }
  });

  it('passes events to the page as { type } only, never the IPC event or other fields, until unsubscribed', () => {
    const ipc = fakeIpcRenderer();
    const events = createHubEvents(ipc);
    const heard: HubEvent[] = [];
    const listener = vi.fn((e: HubEvent) => void heard.push(e));
    const unsubscribe = events.subscribe(listener);
    ipc.send(HUB_EVENT_CHANNEL, { type: 'servers-changed', secret: 'sk-live-123' });
    ipc.send(HUB_EVENT_CHANNEL, 'not an event');
    ipc.send(HUB_EVENT_CHANNEL, null);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toHaveLength(1);
    expect(heard[0]).toStrictEqual({ type: 'servers-changed' });

    unsubscribe();
    expect(ipc.count(HUB_EVENT_CHANNEL)).toBe(0);
    ipc.send(HUB_EVENT_CHANNEL, { type: 'calls-changed' });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe('an error from the HubApi, main process to page', () => {
  /** The preload talking to the real IPC handlers, as Electron would route our window's invoke. */
  function wired() {
    const mainFrame = { url: rendererUrl };
    const contents = { mainFrame };
    const main = fakeIpcMain();
    const api = spyHubApi();
    registerIpc({ ipcMain: main.ipcMain, api, trusted: () => ({ contents, url: rendererUrl }) });
    const hub = hubApiOverIpc(createHubBridge(fakeIpcRenderer((channel, ...args) => main.invoke({ sender: contents, senderFrame: mainFrame }, channel, ...args))));
    return { api, hub };
  }

  it('arrives as the HubError sentence, unprefixed, with its code', async () => {
    const { api, hub } = wired();
    const sentence = 'Server "calc" needs you to sign in again: run "agent-hub login calc" or use Sign in on the Servers page.';
    api.restartServer.mockRejectedValueOnce(new HubError(ErrorCodes.signInNeeded, sentence));
    const error = (await hub.restartServer('calc').catch((e: unknown) => e)) as HubApiError;
    expect(error.message).toBe(sentence);
    expect(error.code).toBe('sign_in_needed');
  });

  it("arrives as 'invalid_argument' for bad arguments, and 'internal' for a bug", async () => {
    const { api, hub } = wired();
    await expect((hub.answerPrompt as unknown as (...a: unknown[]) => Promise<unknown>)('seven', 'allow', 'once')).rejects.toMatchObject({
      code: 'invalid_argument',
      message: 'Invalid arguments for answerPrompt.',
    });
    api.listServers.mockRejectedValueOnce(new RangeError('Invalid time value at /home/me/src/a2a.ts:12'));
    await expect(hub.listServers()).rejects.toMatchObject({ code: 'internal', message: 'listServers failed.' });
  });
});
