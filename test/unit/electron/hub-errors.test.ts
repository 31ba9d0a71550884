import { describe, expect, it } from 'vitest';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { errorBody, errorFromHttp, HubApiError, HubApiErrorCodes, invalidArguments, isHubApiError, unwrapIpcResult } from '../../../shared/hub-errors.js';

/** The envelope both hosts build (IPC and HTTP) and both clients read (the preload and http-hub.ts). */
describe('the HubApi error envelope', () => {
  it('keeps every HubError code, and adds the hosts\' own codes, all distinct stable strings', () => {
    for (const [key, code] of Object.entries(ErrorCodes)) expect(HubApiErrorCodes[key as keyof typeof ErrorCodes]).toBe(code);
    const codes = Object.values(HubApiErrorCodes);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^[a-z]+(_[a-z]+)*$/.test(c))).toBe(true);
    expect(HubApiErrorCodes).toMatchObject({ invalidArgument: 'invalid_argument', internal: 'internal', unauthorized: 'unauthorized', forbidden: 'forbidden' });
  });

  it("makes a HubError its code and sentence, anything else 'internal' and \"METHOD failed.\"", () => {
    expect(errorBody(new HubError(ErrorCodes.conflict, 'A server named "calc" exists.'), 'addServer')).toEqual({ code: 'conflict', message: 'A server named "calc" exists.' });
    expect(errorBody(new Error('ENOENT: /home/me/secret'), 'addServer')).toEqual({ code: 'internal', message: 'addServer failed.' });
    expect(errorBody(undefined, 'addServer')).toEqual({ code: 'internal', message: 'addServer failed.' });
    expect(invalidArguments('addServer')).toEqual({ code: 'invalid_argument', message: 'Invalid arguments for addServer.' });
  });

  it('unwraps an IPC reply into its result or a HubApiError', () => {
    expect(unwrapIpcResult({ ok: true, result: [1] }, 'm')).toEqual([1]);
    expect(unwrapIpcResult({ ok: true, result: undefined }, 'm')).toBeUndefined();
    let thrown: unknown;
    try {
      unwrapIpcResult({ ok: false, error: { code: 'sign_in_needed', message: 'Sign in to "docs" again.' } }, 'm');
    } catch (e) {
      thrown = e;
    }
    expect(isHubApiError(thrown)).toBe(true);
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).toMatchObject({ name: 'HubApiError', code: 'sign_in_needed', message: 'Sign in to "docs" again.' });
    expect(() => unwrapIpcResult({ ok: false, error: { code: 'sign_in_needed', message: '' } }, 'm')).toThrow(new HubApiError('internal', 'm failed.'));
    expect(() => unwrapIpcResult(null, 'm')).toThrow('m failed.');
  });

  it('reads an HTTP error answer: the envelope, the listener guard\'s plain sentence, or nothing', () => {
    expect(errorFromHttp(400, { error: { code: 'not_found', message: 'There is no server "x".' } })).toMatchObject({ code: 'not_found', message: 'There is no server "x".' });
    expect(errorFromHttp(403, { error: 'Requests from the web page https://a.example are not allowed.' })).toMatchObject({
      code: 'forbidden',
      message: 'Requests from the web page https://a.example are not allowed.',
    });
    expect(errorFromHttp(502, undefined)).toMatchObject({ code: 'internal', message: 'The hub answered 502.' });
    expect(errorFromHttp(401, {}, 'Sign-in failed.')).toMatchObject({ code: 'unauthorized', message: 'Sign-in failed.' });
    expect(errorFromHttp(500, { error: { code: 'not_a_code', message: 'x' } })).toMatchObject({ code: 'internal', message: 'The hub answered 500.' });
  });
});
