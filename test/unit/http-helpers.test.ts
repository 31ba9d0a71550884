import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { headerValue, readBody, readJsonBody, sendJson } from '../../main/core/http-helpers.js';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A real listener on 127.0.0.1 whose handler answers with what the helper under test made of the request. */
async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`;
}

describe('http helpers', () => {
  it('reads a body within the limit, and calls one past it too large after reading it to its end', async () => {
    const url = await serve(async (req, res) => {
      const body = await readBody(req, 10);
      sendJson(res, body === 'too-large' ? 413 : 200, { got: body === 'too-large' ? body : body.toString() });
    });
    const small = await fetch(url, { method: 'POST', body: '0123456789' });
    expect([small.status, await small.json()]).toEqual([200, { got: '0123456789' }]);
    const large = await fetch(url, { method: 'POST', body: 'x'.repeat(100_000) });
    expect([large.status, await large.json()]).toEqual([413, { got: 'too-large' }]);
  });

  it('gives undefined for a JSON body that is not JSON or too large, and the value otherwise', async () => {
    const url = await serve(async (req, res) => sendJson(res, 200, { parsed: (await readJsonBody(req, 100)) ?? 'nothing' }));
    const post = async (body: string) => (await (await fetch(url, { method: 'POST', body })).json()) as unknown;
    expect(await post('{"a":1}')).toEqual({ parsed: { a: 1 } });
    expect(await post('{"a":')).toEqual({ parsed: 'nothing' });
    expect(await post(JSON.stringify({ a: 'y'.repeat(200) }))).toEqual({ parsed: 'nothing' });
  });

  it('sends JSON that is never cached, with its length, and the first of a repeated header', async () => {
    const url = await serve((req, res) => sendJson(res, 201, { h: headerValue(req, 'x-test') ?? null }, { 'x-extra': '1' }));
    const res = await fetch(url, { headers: { 'x-test': 'one' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-extra')).toBe('1');
    expect(Number(res.headers.get('content-length'))).toBe(JSON.stringify({ h: 'one' }).length);
    expect(await res.json()).toEqual({ h: 'one' });
  });
});
