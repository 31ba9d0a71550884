import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserUi } from '../../main/core/admin/browser-ui.js';
import { ErrorCodes, HubError } from '../../shared/errors.js';
import type { HubApi } from '../../shared/hub-api.js';
import { HubApiError } from '../../shared/hub-errors.js';
import { hubMethods } from '../../shared/hub-methods.js';
import { createHttpHubApi, probeSession } from '../../renderer/src/http-hub.js';
import { runCli } from '../helpers/cli.js';
import { startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';

afterEach(stopAllHubs);
afterEach(() => vi.unstubAllGlobals());

/** The one-time link `serve` printed, as the code in it. */
async function codeOf(hub: RunningHub): Promise<string> {
  for (let i = 0; i < 100 && !/#code=/.test(hub.output()); i++) await new Promise((r) => setTimeout(r, 20));
  return /#code=(\S+)/.exec(hub.output())![1]!;
}

/** POST /api/session as the page does; `origin: null` sends none (as a native program would). */
async function signIn(hub: { url: string }, code: string, origin: string | null = hub.url) {
  return fetch(`${hub.url}/api/session`, { method: 'POST', headers: without({ 'content-type': 'application/json', origin }), body: JSON.stringify({ code }) });
}

/** POST /api/hub/METHOD as the page does, with the session cookie (or the headers given instead; null leaves one out). */
function caller(base: string, cookie: string) {
  return (method: string, body: string, headers: Record<string, string | null> = {}) =>
    fetch(`${base}/api/hub/${method}`, { method: 'POST', headers: without({ 'content-type': 'application/json', origin: base, cookie, ...headers }), body });
}

function without(headers: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== null));
}

/** The page's own HTTP client (renderer/src/http-hub.ts), its relative fetches sent to `base` with the cookie. */
const realFetch = globalThis.fetch;
function pageFetch(base: string, cookie: string) {
  vi.stubGlobal('fetch', (url: string, init: RequestInit = {}) =>
    realFetch(`${base}${url}`, { ...init, headers: { ...(init.headers as Record<string, string>), origin: base, ...(cookie ? { cookie } : {}) } }),
  );
}

describe('browser mode', () => {
  it('serves the UI with a strict CSP, and nothing outside the renderer folder', async () => {
    const hub = await startHub();
    const index = await fetch(`${hub.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    expect(index.headers.get('access-control-allow-origin')).toBeNull();
    expect(await index.text()).toContain('<div id="root">');
    expect((await fetch(`${hub.url}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${hub.url}/..%2f..%2fpackage.json`)).status).toBe(404);
    const malformed = await fetch(`${hub.url}/%E0%A4%A`);
    expect(malformed.status).toBe(404);
    expect(await malformed.json()).toEqual({ error: { code: 'not_found', message: 'Not found.' } });
  });

  it('trades a one-time code for an HttpOnly, SameSite=Strict cookie, once', async () => {
    const hub = await startHub();
    const code = await codeOf(hub);
    // Another site's page is refused by the listener's Origin check; a request with no Origin by the UI's own.
    expect((await signIn(hub, code, 'https://evil.example.com')).status).toBe(403);
    const native = await signIn(hub, code, null);
    expect(native.status).toBe(403);
    expect(await native.json()).toEqual({ error: { code: 'forbidden', message: 'Sign-in must come from the Agent Hub page itself.' } });
    const ok = await signIn(hub, code);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('set-cookie')).toMatch(/^agent_hub_session=[\w-]+; HttpOnly; SameSite=Strict; Path=\/$/);
    const again = await signIn(hub, code);
    expect(again.status).toBe(401);
    expect(await again.json()).toEqual({
      error: { code: 'unauthorized', message: 'This sign-in link was already used or has expired; run "agent-hub open" for a new one.' },
    });
    // `agent-hub open` makes a fresh link for the running hub.
    const fresh = /#code=(\S+)/.exec(runCli(['open'], { dataDir: hub.dataDir }).stdout)![1]!;
    expect((await signIn(hub, fresh)).status).toBe(204);
  });

  it("answers the HubApi only with the cookie, the page's own Origin and valid JSON arguments, each refusal with its code", async () => {
    const hub = await startHub();
    const cookie = (await signIn(hub, await codeOf(hub))).headers.get('set-cookie')!.split(';')[0]!;
    const call = caller(hub.url, cookie);
    const signInFirst = { code: 'unauthorized', message: 'Sign in first: open the link "agent-hub serve" printed, or run "agent-hub open" for a new one.' };

    for (const refused of [await call('listServers', '[]', { cookie: '' }), await call('listServers', '[]', { cookie: 'agent_hub_session=guess' })]) {
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: signInFirst });
    }
    expect((await call('listServers', '[]', { origin: 'https://evil.example.com' })).status).toBe(403);
    const native = await call('listServers', '[]', { origin: null });
    expect(native.status).toBe(403);
    expect(await native.json()).toEqual({ error: { code: 'forbidden', message: 'API calls must come from the Agent Hub page itself.' } });
    const text = await call('listServers', '[]', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(await text.json()).toEqual({ error: { code: 'unsupported_media_type', message: 'API calls take a JSON body.' } });
    const unknown = await call('dropDatabase', '[]');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: 'There is no API at POST /api/hub/dropDatabase.' } });

    for (const body of ['["seven", "allow", "once"]', '[1, "allow"]', 'not json', '{"0": 1}']) {
      const invalid = await call('answerPrompt', body);
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toEqual({ error: { code: 'invalid_argument', message: 'Invalid arguments for answerPrompt.' } });
    }

    const list = await call('listServers', '[]');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ result: [] });

    // A HubError: its own code and sentence, 400.
    const missing = await call('answerPrompt', '[99, "allow", "once"]');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'There is no consent prompt 99 (see: agent-hub consent pending).' } });
  });

  it('GET /api/ping answers 204 with a live session and 403 without one', async () => {
    const hub = await startHub();
    const cookie = (await signIn(hub, await codeOf(hub))).headers.get('set-cookie')!.split(';')[0]!;
    const signedIn = await fetch(`${hub.url}/api/ping`, { headers: { cookie } });
    expect(signedIn.status).toBe(204);
    expect(await signedIn.text()).toBe('');
    const anonymous = await fetch(`${hub.url}/api/ping`);
    expect(anonymous.status).toBe(403);
    expect((await anonymous.json()).error.code).toBe('unauthorized');

    // As the page probes it.
    pageFetch(hub.url, cookie);
    expect(await probeSession()).toBe('signed-in');
    pageFetch(hub.url, 'agent_hub_session=expired');
    expect(await probeSession()).toBe('signed-out');
  });

  it("throws the hub's code and sentence in the page (http-hub.ts), and tells it the session ended", async () => {
    const hub = await startHub();
    const cookie = (await signIn(hub, await codeOf(hub))).headers.get('set-cookie')!.split(';')[0]!;
    pageFetch(hub.url, cookie);
    const api = createHttpHubApi();
    const missing = await api.answerPrompt(99, 'allow', 'once').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(HubApiError);
    expect(missing).toMatchObject({ code: 'not_found', message: 'There is no consent prompt 99 (see: agent-hub consent pending).' });
    await expect((api.answerPrompt as unknown as (...a: unknown[]) => Promise<unknown>)('seven', 'allow', 'once')).rejects.toMatchObject({
      code: 'invalid_argument',
      message: 'Invalid arguments for answerPrompt.',
    });

    pageFetch(hub.url, '');
    const onRefused = vi.fn();
    await expect(createHttpHubApi({ onRefused }).listServers()).rejects.toMatchObject({ name: 'HubApiError', code: 'unauthorized', message: expect.stringMatching(/^Sign in first/) });
    expect(onRefused).toHaveBeenCalledTimes(1);
  });
});

describe('browser mode, with a HubApi that fails', () => {
  /** The browser UI's handler on a real HTTP server, in this process, over a HubApi the test controls. */
  async function serveUi(api: Partial<HubApi>) {
    const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-hub-ui-'));
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<div id="root"></div>');
    const full = Object.fromEntries(hubMethods.map((m) => [m, api[m] ?? (async () => null)])) as HubApi;
    const onInternalError = vi.fn();
    let port = 0;
    const ui = createBrowserUi({ api: full, codes: { consume: (code) => code === 'one-time' }, rendererDir, port: () => port, onInternalError });
    const server = http.createServer((req, res) => void ui.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    const base = `http://127.0.0.1:${port}`;
    const cookie = (await signIn({ url: base }, 'one-time')).headers.get('set-cookie')!.split(';')[0]!;
    stops.push(() => new Promise<void>((r) => server.close(() => r())), async () => fs.rmSync(rendererDir, { recursive: true, force: true }));
    return { base, cookie, call: caller(base, cookie), onInternalError };
  }
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((s) => s()));
  });

  it("answers an unexpected error with 'internal' and \"METHOD failed.\", 500, without its message or stack", async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'token-abc123')");
    const { call, onInternalError, base, cookie } = await serveUi({
      listServers: async () => {
        throw bug;
      },
    });
    const res = await call('listServers', '[]');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'listServers failed.' } });
    expect(text).not.toContain('token-abc123');
    expect(text).not.toMatch(/\bat |\.ts:\d+|stack/);
    expect(onInternalError).toHaveBeenCalledWith('listServers', bug);

    pageFetch(base, cookie);
    await expect(createHttpHubApi().listServers()).rejects.toMatchObject({ name: 'HubApiError', code: 'internal', message: 'listServers failed.' });
  });

  it('answers a HubError with its code and sentence, 400, and does not report it as unexpected', async () => {
    const sentence = 'The OS keychain cannot be reached because there is no D-Bus session bus; run Agent Hub inside a desktop session, then try again.';
    const { call, onInternalError } = await serveUi({
      restartServer: async () => {
        throw new HubError(ErrorCodes.keychainUnavailable, sentence);
      },
    });
    const res = await call('restartServer', '["calc"]');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'keychain_unavailable', message: sentence } });
    expect(onInternalError).not.toHaveBeenCalled();
  });

  it("answers 405 'method_not_allowed' outside the API, and checks the sign-in link before anything", async () => {
    const { base } = await serveUi({});
    const put = await fetch(`${base}/index.html`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(await put.json()).toEqual({ error: { code: 'method_not_allowed', message: 'Method PUT is not allowed here.' } });
    const wrong = await signIn({ url: base }, 'guess');
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('unauthorized');
  });
});
