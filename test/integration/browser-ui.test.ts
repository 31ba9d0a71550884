import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startHub, stopAllHubs, type RunningHub } from '../helpers/hub.js';

afterEach(stopAllHubs);

/** The one-time link `serve` printed, as the code in it. */
async function codeOf(hub: RunningHub): Promise<string> {
  for (let i = 0; i < 100 && !/#code=/.test(hub.output()); i++) await new Promise((r) => setTimeout(r, 20));
  return /#code=(\S+)/.exec(hub.output())![1]!;
}

async function signIn(hub: RunningHub, code: string, origin = hub.url) {
  return fetch(`${hub.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ code }) });
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
  });

  it('trades a one-time code for an HttpOnly, SameSite=Strict cookie, once', async () => {
    const hub = await startHub();
    const code = await codeOf(hub);
    expect((await signIn(hub, code, 'https://evil.example.com')).status).toBe(403);
    const ok = await signIn(hub, code);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('set-cookie')).toMatch(/^agent_hub_session=[\w-]+; HttpOnly; SameSite=Strict; Path=\/$/);
    const again = await signIn(hub, code);
    expect(again.status).toBe(401);
    expect((await again.json()).error).toMatch(/already used or has expired/);
    // `agent-hub open` makes a fresh link for the running hub.
    const fresh = /#code=(\S+)/.exec(runCli(['open'], { dataDir: hub.dataDir }).stdout)![1]!;
    expect((await signIn(hub, fresh)).status).toBe(204);
  });

  it('answers the HubApi only with the cookie, the page\'s own Origin and valid JSON arguments', async () => {
    const hub = await startHub();
    const cookie = (await signIn(hub, await codeOf(hub))).headers.get('set-cookie')!.split(';')[0]!;
    const call = (method: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${hub.url}/api/hub/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hub.url, cookie, ...headers }, body });

    expect((await call('listServers', '[]', { cookie: '' })).status).toBe(403);
    expect((await call('listServers', '[]', { cookie: 'agent_hub_session=guess' })).status).toBe(403);
    expect((await call('listServers', '[]', { origin: 'https://evil.example.com' })).status).toBe(403);
    expect((await call('listServers', '[]', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await call('answerPrompt', '["seven", "allow", "once"]')).status).toBe(400);
    expect((await call('dropDatabase', '[]')).status).toBe(404);
    const list = await call('listServers', '[]');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ result: [] });
    const missing = await call('answerPrompt', '[99, "allow", "once"]');
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatch(/There is no consent prompt 99/);
  });
});
