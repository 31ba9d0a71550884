import { describe, expect, it } from 'vitest';
import { normalizeCard } from '../../../main/core/a2a/agent-card.js';
import { agentScheme, withCredential } from '../../../main/core/a2a/agent-auth.js';

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
const machine = { oauth2SecurityScheme: { oauth2MetadataUrl: 'https://as.example/.well-known/oauth-authorization-server', flows: { clientCredentials: { tokenUrl: 'https://as.example/t', scopes: {} } } } };
const oidc = { openIdConnectSecurityScheme: { openIdConnectUrl: 'https://id.example/.well-known/openid-configuration' } };
const mtls = { mtlsSecurityScheme: {} };

describe('agentScheme', () => {
  it('asks for nothing when the card requires nothing', () => {
    expect(agentScheme('a', card('https://a.example/rpc', { apiKey }, []))).toBeUndefined();
  });

  it('takes the first requirement the hub can fill, skipping ones it cannot (mutual TLS, OAuth 2 without the authorization code flow)', () => {
    const c = card('https://a.example/rpc', { machine, tls: mtls, key: apiKey }, [{ schemes: { machine: { list: ['read'] } } }, { schemes: { tls: {} } }, { schemes: { key: {} } }]);
    expect(agentScheme('a', c)).toMatchObject({ id: 'key', type: 'apiKey', location: 'header', name: 'X-Key' });
    expect(agentScheme('a', card('https://a.example/rpc', { b: bearer }, [{ schemes: { b: {} } }]))).toMatchObject({ id: 'b', type: 'http', scheme: 'bearer' });
  });

  it('signs in with OpenID Connect (openid first, then the required scopes) through its discovery document', () => {
    const c = card('https://a.example/rpc', { oidc, key: apiKey }, [{ schemes: { oidc: { list: ['tasks', 'openid'] } } }, { schemes: { key: {} } }]);
    expect(agentScheme('a', c)).toEqual({ id: 'oidc', type: 'openIdConnect', scopes: ['openid', 'tasks'], authorizationServer: 'https://id.example/.well-known/openid-configuration' });
  });

  it('signs in with OAuth 2 through the metadata URL the card names, else with the endpoints of its authorization code flow', () => {
    const named = { oauth2SecurityScheme: { ...machine.oauth2SecurityScheme, flows: oauth.oauth2SecurityScheme.flows } };
    expect(agentScheme('a', card('https://a.example/rpc', { named }, [{ schemes: { named: { list: ['read'] } } }]))).toMatchObject({
      type: 'oauth2',
      scopes: ['read'],
      authorizationServer: 'https://as.example/.well-known/oauth-authorization-server',
    });
    expect(agentScheme('a', card('https://a.example/rpc', { oauth }, [{ schemes: { oauth: {} } }]))).toMatchObject({
      scopes: [],
      authorizationServer: { issuer: 'https://as.example', authorization_endpoint: 'https://as.example/a', token_endpoint: 'https://as.example/t', code_challenge_methods_supported: ['S256'] },
    });
  });

  it('says which credentials the agent wants when it cannot send them', () => {
    expect(() => agentScheme('a', card('https://a.example/rpc', { machine, tls: mtls }, [{ schemes: { machine: {} } }, { schemes: { tls: {} } }]))).toThrow(
      'Agent "a" asks for OAuth 2 (clientCredentials flow) or mutual TLS; Agent Hub can send an API key, a bearer token, or sign in with OAuth 2 (authorization code) or OpenID Connect, not these.',
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
      [oidc, (r: { headers: Headers }) => r.headers.get('authorization') === 'Bearer s3cret'],
    ] as const) {
      const c = card('https://a.example/rpc', { s: scheme }, [{ schemes: { s: {} } }]);
      const { seen, fetchFn } = recorder();
      const f = withCredential(fetchFn, c, agentScheme('a', c), secret);
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
    await expect(withCredential(fetchFn, remote, agentScheme('a', remote), secret)('http://a.example/rpc', {})).rejects.toThrow(
      'Agent Hub does not send credentials over plain http to http://a.example; the agent must use https.',
    );
    expect(seen).toEqual([]);
    const local = card('http://127.0.0.1:9/rpc', { b: bearer }, [{ schemes: { b: {} } }]);
    await withCredential(fetchFn, local, agentScheme('a', local), secret)('http://127.0.0.1:9/rpc', {});
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer s3cret');
  });

  it('turns the agent refusing the credential into one sentence with the status (the SDK may lose it)', async () => {
    const c = card('https://a.example/rpc', { oidc }, [{ schemes: { oidc: {} } }]);
    const refuse = (async () => new Response('{"error":"unauthorized"}', { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })) as typeof fetch;
    await expect(withCredential(refuse, c, agentScheme('a', c), secret)('https://a.example/rpc', {})).rejects.toThrow('the agent answered HTTP 401 (invalid_token)');
  });
});
