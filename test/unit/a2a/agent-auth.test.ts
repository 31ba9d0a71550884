import { describe, expect, it } from 'vitest';
import { normalizeCard } from '../../../main/core/a2a/agent-card.js';
import { credentialScheme, withCredential } from '../../../main/core/a2a/agent-auth.js';

function card(url: string, securitySchemes: Record<string, unknown>, securityRequirements: unknown[]) {
  return normalizeCard({
    name: 'a',
    description: 'd',
    version: '1',
    supportedInterfaces: [{ url, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
    capabilities: {},
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [],
    securitySchemes,
    securityRequirements,
  });
}

/** A fetch that records what it was asked to send. */
function recorder() {
  const seen: { url: string; headers: Headers; redirect?: RequestRedirect }[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(input), headers: new Headers(init?.headers), ...(init?.redirect ? { redirect: init.redirect } : {}) });
    return new Response('{}');
  }) as typeof fetch;
  return { seen, fetchFn };
}

const apiKey = { apiKeySecurityScheme: { location: 'header', name: 'X-Key' } };
const bearer = { httpAuthSecurityScheme: { scheme: 'Bearer' } };
const oauth = { oauth2SecurityScheme: { flows: { authorizationCode: { authorizationUrl: 'https://as.example/a', tokenUrl: 'https://as.example/t', scopes: {} } } } };

describe('credentialScheme', () => {
  it('asks for nothing when the card requires nothing', () => {
    expect(credentialScheme('a', card('https://a.example/rpc', { apiKey }, []))).toBeUndefined();
  });

  it('takes the first requirement the hub can fill (API key or bearer), skipping ones it cannot', () => {
    const c = card('https://a.example/rpc', { oauth, key: apiKey }, [{ schemes: { oauth: { list: ['read'] } } }, { schemes: { key: {} } }]);
    expect(credentialScheme('a', c)).toMatchObject({ id: 'key', type: 'apiKey', location: 'header', name: 'X-Key' });
    expect(credentialScheme('a', card('https://a.example/rpc', { b: bearer }, [{ schemes: { b: {} } }]))).toMatchObject({ id: 'b', type: 'http', scheme: 'bearer' });
  });

  it('says which credentials the agent wants when it cannot send them', () => {
    expect(() => credentialScheme('a', card('https://a.example/rpc', { oauth }, [{ schemes: { oauth: {} } }]))).toThrow(
      'Agent "a" asks for oauth2 credentials; Agent Hub can send an API key or a bearer token (set with "agent-hub agent set-secret a"), not these.',
    );
  });
});

describe('withCredential', () => {
  const secret = async () => 's3cret';

  it('adds the key in a header, the query or a cookie, and a bearer token, only to the card\'s own origin', async () => {
    for (const [scheme, check] of [
      [{ apiKeySecurityScheme: { location: 'header', name: 'X-Key' } }, (r: { url: string; headers: Headers }) => r.headers.get('x-key') === 's3cret'],
      [{ apiKeySecurityScheme: { location: 'query', name: 'key' } }, (r: { url: string }) => new URL(r.url).searchParams.get('key') === 's3cret'],
      [{ apiKeySecurityScheme: { location: 'cookie', name: 'sid' } }, (r: { headers: Headers }) => r.headers.get('cookie') === 'sid=s3cret'],
      [bearer, (r: { headers: Headers }) => r.headers.get('authorization') === 'Bearer s3cret'],
    ] as const) {
      const c = card('https://a.example/rpc', { s: scheme }, [{ schemes: { s: {} } }]);
      const { seen, fetchFn } = recorder();
      const f = withCredential(fetchFn, c, credentialScheme('a', c), secret);
      await f('https://a.example/rpc', { method: 'POST', headers: { 'content-type': 'application/json' } });
      await f('https://elsewhere.example/rpc', { method: 'POST' });
      expect(check(seen[0] as never)).toBe(true);
      expect(seen[0]!.headers.get('content-type')).toBe('application/json');
      expect(seen[0]!.redirect).toBe('manual');
      expect([...seen[1]!.headers.keys()]).toEqual([]);
      expect(seen[1]!.url).not.toContain('s3cret');
    }
  });

  it('never sends a credential over plain http except to this computer', async () => {
    const remote = card('http://a.example/rpc', { b: bearer }, [{ schemes: { b: {} } }]);
    const { seen, fetchFn } = recorder();
    await expect(withCredential(fetchFn, remote, credentialScheme('a', remote), secret)('http://a.example/rpc', {})).rejects.toThrow(
      'Agent Hub does not send credentials over plain http to http://a.example; the agent must use https.',
    );
    expect(seen).toEqual([]);
    const local = card('http://127.0.0.1:9/rpc', { b: bearer }, [{ schemes: { b: {} } }]);
    await withCredential(fetchFn, local, credentialScheme('a', local), secret)('http://127.0.0.1:9/rpc', {});
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer s3cret');
  });
});
