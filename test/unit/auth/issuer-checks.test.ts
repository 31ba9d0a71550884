import { describe, expect, it } from 'vitest';
import { IssuerMismatchError } from '@modelcontextprotocol/client';
import {
  assertMetadataIssuer,
  assertMetadataUrlIssuer,
  checkAuthorizationResponse,
  issuerProblem,
} from '../../../main/core/auth/issuer-checks.js';

// RFC 9207 (`iss` in the authorization response) and RFC 8414 §3.3 (the metadata's issuer), as the hub
// checks them, with the sentence a user sees for each refusal.
const AS = 'https://auth.example.com';
const params = (q: Record<string, string>) => new URLSearchParams({ code: 'c', state: 's', ...q });
const advertised = { issuer: AS, authorization_response_iss_parameter_supported: true };
const silent = { issuer: AS };

describe('the iss of an authorization response (RFC 9207)', () => {
  it('accepts the issuer the sign-in started with, and no iss from a server that does not announce one', async () => {
    await expect(checkAuthorizationResponse(params({ iss: AS }), advertised, 'docs')).resolves.toBeUndefined();
    await expect(checkAuthorizationResponse(params({ iss: AS }), silent, 'docs')).resolves.toBeUndefined();
    await expect(checkAuthorizationResponse(params({}), silent, 'docs')).resolves.toBeUndefined();
  });

  it('refuses another issuer, naming both', async () => {
    await expect(checkAuthorizationResponse(params({ iss: 'https://evil.example.com' }), advertised, 'docs')).rejects.toThrow(
      'Sign-in to "docs" refused: the authorization response names "https://evil.example.com" as its issuer, but the sign-in was started with "https://auth.example.com" (RFC 9207 mix-up protection); start the sign-in again.',
    );
  });

  it('refuses a missing iss when the server announces it always sends one', async () => {
    await expect(checkAuthorizationResponse(params({}), advertised, 'docs')).rejects.toThrow(
      'Sign-in to "docs" refused: the authorization response carries no issuer (iss), although "https://auth.example.com" announces that it always sends one (RFC 9207), so it may come from another server; start the sign-in again.',
    );
  });

  it('refuses an unexpected iss (the server never announced one) that names another issuer', async () => {
    await expect(checkAuthorizationResponse(params({ iss: 'https://evil.example.com' }), silent, 'docs')).rejects.toThrow(
      'Sign-in to "docs" refused: the authorization response names "https://evil.example.com" as its issuer, but the sign-in was started with "https://auth.example.com", which does not even announce that parameter (RFC 9207 mix-up protection); start the sign-in again.',
    );
  });

  it('compares exactly: a trailing slash or other case is another issuer', async () => {
    for (const variant of [`${AS}/`, 'https://AUTH.example.com', 'https://auth.example.com:443']) {
      await expect(checkAuthorizationResponse(params({ iss: variant }), advertised, 'docs')).rejects.toThrow(/refused: the authorization response names/);
    }
  });

  it('checks error responses too, and has nothing to compare with without metadata (an agent card\'s bare flow)', async () => {
    await expect(checkAuthorizationResponse(new URLSearchParams({ error: 'access_denied', iss: 'https://evil.example.com' }), advertised, 'docs')).rejects.toThrow(/refused/);
    await expect(checkAuthorizationResponse(params({ iss: 'https://anything.example.com' }), undefined, 'planner')).resolves.toBeUndefined();
  });

  it('cuts an attacker\'s long iss short and quotes it', async () => {
    const long = `https://evil.example.com/${'a'.repeat(500)}\n`;
    const e = await checkAuthorizationResponse(params({ iss: long }), advertised, 'docs').catch((x: Error) => x);
    expect((e as Error).message.length).toBeLessThan(450);
    expect((e as Error).message).not.toContain('\n');
  });
});

describe('the issuer of authorization server metadata (RFC 8414 §3.3)', () => {
  it('takes the issuer it was looked up for, or the one trailing slash the SDK adds itself', () => {
    expect(() => assertMetadataIssuer(AS, { issuer: AS }, 'docs')).not.toThrow();
    expect(() => assertMetadataIssuer(`${AS}/`, { issuer: AS }, 'docs')).not.toThrow();
    expect(() => assertMetadataIssuer(AS, undefined, 'docs')).not.toThrow();
  });

  it('refuses metadata that names another issuer', () => {
    expect(() => assertMetadataIssuer(AS, { issuer: 'https://attacker.example.com' }, 'docs')).toThrow(
      'The authorization server metadata of "docs" names the issuer "https://attacker.example.com", not "https://auth.example.com" where it was looked up (RFC 8414), so Agent Hub does not use it; sign-in refused.',
    );
  });

  it('reads the issuer from an agent card\'s well-known metadata URL, in both RFC 8414 forms', () => {
    expect(() => assertMetadataUrlIssuer(`${AS}/t/.well-known/openid-configuration`, { issuer: `${AS}/t` }, 'planner')).not.toThrow();
    expect(() => assertMetadataUrlIssuer(`${AS}/.well-known/oauth-authorization-server/t`, { issuer: `${AS}/t` }, 'planner')).not.toThrow();
    expect(() => assertMetadataUrlIssuer(`${AS}/.well-known/openid-configuration`, { issuer: 'https://other.example.com' }, 'planner')).toThrow(/names the issuer "https:\/\/other.example.com"/);
    // Not a well-known URL: it says nothing about the issuer.
    expect(() => assertMetadataUrlIssuer(`${AS}/meta.json`, { issuer: 'https://other.example.com' }, 'planner')).not.toThrow();
  });

  it('words the SDK\'s own refusals the same way', () => {
    expect(issuerProblem(new IssuerMismatchError('metadata', AS, 'https://x.example.com'), 'docs')?.message).toMatch(/^The authorization server metadata of "docs" names the issuer "https:\/\/x.example.com"/);
    expect(issuerProblem(new IssuerMismatchError('authorization_response', AS, undefined), 'docs')?.message).toMatch(/carries no issuer \(iss\)/);
    expect(issuerProblem(new Error('something else'), 'docs')).toBeUndefined();
  });
});
