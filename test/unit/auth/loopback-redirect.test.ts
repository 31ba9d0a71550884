import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackRedirect, type LoopbackRedirect } from '../../../main/core/auth/loopback-redirect.js';

// The sign-in's redirect listener, over real HTTP on 127.0.0.1.
const open: LoopbackRedirect[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.close()));
});

async function start(port = 0) {
  const l = await startLoopbackRedirect(port);
  open.push(l);
  return l;
}

describe('the loopback redirect listener', () => {
  it('listens on 127.0.0.1 and hands over the code of the redirect that carries our state', async () => {
    const l = await start();
    expect(l.redirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const code = l.code('s1', 10_000);
    const res = await fetch(`${l.redirectUrl}?code=abc&state=s1`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Signed in to Agent Hub');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'");
    await expect(code).resolves.toEqual({ code: 'abc', iss: undefined });
  });

  it('hands over the issuer the response names (RFC 9207), and refuses a response its check refuses, in the tab too', async () => {
    const l = await start();
    const named = l.code('s1', 10_000);
    await fetch(`${l.redirectUrl}?code=abc&state=s1&iss=${encodeURIComponent('https://as.example.com')}`);
    await expect(named).resolves.toEqual({ code: 'abc', iss: 'https://as.example.com' });

    const checked: string[] = [];
    const refused = l.code('s2', 10_000, undefined, async (params) => {
      checked.push(params.toString());
      throw new Error('Sign-in to "docs" refused: the authorization response names "https://evil.example.com" as its issuer.');
    });
    const outcome = refused.catch((e: Error) => e);
    // Even an error response is checked first: its text is not shown unless the check passes.
    const res = await fetch(`${l.redirectUrl}?error=access_denied&error_description=Click+here&state=s2&iss=https%3A%2F%2Fevil.example.com`);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('refused: the authorization response names "https://evil.example.com" as its issuer. You can close this tab.');
    expect(page).not.toContain('Click here');
    expect(((await outcome) as Error).message).toContain('refused');
    expect(checked).toHaveLength(1);
  });

  it('refuses a redirect with another state and keeps waiting for ours', async () => {
    const l = await start();
    const code = l.code('mine', 10_000);
    const forged = await fetch(`${l.redirectUrl}?code=evil&state=theirs`);
    expect(forged.status).toBe(400);
    expect((await fetch(`${l.redirectUrl}?code=evil`)).status).toBe(400);
    await fetch(`${l.redirectUrl}?code=good&state=mine`);
    await expect(code).resolves.toMatchObject({ code: 'good' });
  });

  it('rejects with the server\'s reason when the redirect carries an error', async () => {
    const l = await start();
    const outcome = l.code('s', 10_000).catch((e: Error) => e);
    const res = await fetch(`${l.redirectUrl}?error=access_denied&error_description=The+user+said+no&state=s`);
    expect(res.status).toBe(400);
    expect(((await outcome) as Error).message).toBe('The server refused the sign-in (The user said no).');
  });

  it('gives up after its timeout with a sentence that says what to do', async () => {
    const l = await start();
    await expect(l.code('s', 50)).rejects.toThrow(/No answer from the browser within 0 s; start the sign-in again/);
  });

  it('takes the port of an earlier sign-in when it is free, and any other when it is not', async () => {
    const first = await start();
    const port = Number(new URL(first.redirectUrl).port);
    const second = await start(port);
    expect(second.redirectUrl).not.toBe(first.redirectUrl);
    await first.close();
    const third = await start(port);
    expect(third.redirectUrl).toBe(`http://127.0.0.1:${port}/callback`);
  });
});
