import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgentCard } from '@a2a-js/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeCard } from '../../../main/core/a2a/agent-card.js';
import { fetchAgentCard } from '../../../main/core/a2a/card-fetch.js';
import { agentCardUrl } from '../../../main/core/upstream/upstream-config.js';

/** A v1.0 card in ProtoJSON, with every kind of security scheme. */
function v1Card(): Record<string, unknown> {
  return {
    name: 'Recipe Agent',
    description: 'Agent that helps users with recipes and cooking.',
    supportedInterfaces: [
      { url: 'https://api.example.com/a2a/v1', protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
      { url: 'https://api.example.com/a2a/rest', protocolBinding: 'HTTP+JSON', protocolVersion: '1.0', tenant: 'acme' },
      { url: 'https://grpc.example.com/a2a', protocolBinding: 'GRPC', protocolVersion: '1.0' },
    ],
    provider: { organization: 'Example Co', url: 'https://example.com' },
    version: '1.0.0',
    documentationUrl: 'https://example.com/docs',
    capabilities: { streaming: true, pushNotifications: false, extendedAgentCard: true, extensions: [{ uri: 'https://example.com/ext/v1', required: true }] },
    securitySchemes: {
      oauth: {
        oauth2SecurityScheme: {
          description: 'Sign in with Example',
          flows: {
            authorizationCode: {
              authorizationUrl: 'https://auth.example.com/authorize',
              tokenUrl: 'https://auth.example.com/token',
              scopes: { 'recipes:read': 'Read recipes', 'recipes:write': 'Write recipes' },
              pkceRequired: true,
            },
          },
        },
      },
      oidc: { openIdConnectSecurityScheme: { openIdConnectUrl: 'https://accounts.example.com/.well-known/openid-configuration' } },
      key: { apiKeySecurityScheme: { location: 'header', name: 'X-API-Key' } },
      bearer: { httpAuthSecurityScheme: { scheme: 'Bearer', bearerFormat: 'JWT' } },
      mtls: { mtlsSecurityScheme: {} },
    },
    securityRequirements: [{ schemes: { oauth: { list: ['recipes:read'] } } }, { schemes: { key: {} } }],
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain', 'application/json'],
    skills: [
      {
        id: 'find-recipe',
        name: 'Find recipe',
        description: 'Finds recipes that match what you have in the fridge.',
        tags: ['cooking', 'recipes'],
        examples: ['I have eggs and spinach, what can I make?'],
        securityRequirements: [{ schemes: { oauth: { list: ['recipes:read'] } } }],
      },
    ],
  };
}

/** The v0.3 specification's sample card, with the other v0.3 scheme kinds added. */
function v03Card(): Record<string, unknown> {
  return {
    protocolVersion: '0.3.0',
    name: 'GeoSpatial Route Planner Agent',
    description: 'Provides advanced route planning, traffic analysis, and custom map generation services.',
    url: 'https://georoute-agent.example.com/a2a/v1',
    preferredTransport: 'JSONRPC',
    additionalInterfaces: [
      { url: 'https://georoute-agent.example.com/a2a/v1', transport: 'JSONRPC' },
      { url: 'https://georoute-agent.example.com/a2a/grpc', transport: 'GRPC' },
      { url: 'https://georoute-agent.example.com/a2a/json', transport: 'HTTP+JSON' },
    ],
    provider: { organization: 'Example Geo Services Inc.', url: 'https://www.examplegeoservices.com' },
    iconUrl: 'https://georoute-agent.example.com/icon.png',
    version: '1.2.0',
    documentationUrl: 'https://docs.examplegeoservices.com/georoute-agent/api',
    capabilities: { streaming: true, pushNotifications: true, stateTransitionHistory: false },
    securitySchemes: {
      google: { type: 'openIdConnect', openIdConnectUrl: 'https://accounts.google.com/.well-known/openid-configuration' },
      key: { type: 'apiKey', in: 'query', name: 'api_key' },
      bearer: { type: 'http', scheme: 'bearer' },
      oauth: { type: 'oauth2', flows: { authorizationCode: { authorizationUrl: 'https://a.example/auth', tokenUrl: 'https://a.example/token', scopes: {} } } },
      mtls: { type: 'mutualTLS' },
    },
    security: [{ google: ['openid', 'profile', 'email'] }],
    defaultInputModes: ['application/json', 'text/plain'],
    defaultOutputModes: ['application/json', 'image/png'],
    skills: [
      {
        id: 'route-optimizer-traffic',
        name: 'Traffic-Aware Route Optimizer',
        description: 'Calculates the optimal driving route between two or more locations, taking into account real-time traffic conditions.',
        tags: ['maps', 'routing', 'navigation'],
        examples: ['Plan a route from \'1600 Amphitheatre Parkway, Mountain View, CA\' to \'San Francisco International Airport\' avoiding tolls.'],
        inputModes: ['application/json', 'text/plain'],
        outputModes: ['application/json', 'application/vnd.geo+json', 'text/html'],
        security: [{ google: ['openid'] }],
      },
    ],
    supportsAuthenticatedExtendedCard: true,
    signatures: [
      {
        protected: 'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImtleS0xIiwiamt1IjoiaHR0cHM6Ly9leGFtcGxlLmNvbS9hZ2VudC9qd2tzLmpzb24ifQ',
        signature: 'QFdkNLNszlGj3z3u0YQGt_T9LixY3qtdQpZmsTdDHDe3fXV9y9-B3m2-XgCpzuhiLt8E0tV6HXoZKHv4GtHgKQ',
      },
    ],
  };
}

const AT = 'https://a.example/.well-known/agent-card.json';

const REMOVE = Symbol('remove');

/** A deep copy of `card` with the value at a dotted path (list indexes as numbers) set, or removed. */
function edited(card: object, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(card) as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let at = copy;
  for (const k of keys) at = at[k] as Record<string, unknown>;
  if (value === REMOVE) delete at[last];
  else at[last] = value;
  return copy;
}

describe('normalizeCard', () => {
  it('reads a v1.0 card: interfaces, capabilities, skills, every kind of security scheme and requirement', () => {
    const card = normalizeCard(v1Card(), AT);
    expect(card.protocolVersion).toBe('1.0');
    expect(card).toMatchObject({ name: 'Recipe Agent', version: '1.0.0', provider: { organization: 'Example Co' }, documentationUrl: 'https://example.com/docs' });
    expect(card.supportedInterfaces).toEqual([
      { url: 'https://api.example.com/a2a/v1', protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
      { url: 'https://api.example.com/a2a/rest', protocolBinding: 'HTTP+JSON', protocolVersion: '1.0', tenant: 'acme' },
      { url: 'https://grpc.example.com/a2a', protocolBinding: 'GRPC', protocolVersion: '1.0' },
    ]);
    expect(card.capabilities).toEqual({ streaming: true, pushNotifications: false, extendedAgentCard: true, extensions: [{ uri: 'https://example.com/ext/v1', required: true }] });
    expect(card.skills[0]).toMatchObject({ id: 'find-recipe', tags: ['cooking', 'recipes'], securityRequirements: [{ oauth: ['recipes:read'] }] });
    expect(card.securitySchemes).toEqual({
      oauth: {
        type: 'oauth2',
        description: 'Sign in with Example',
        flows: {
          authorizationCode: {
            authorizationUrl: 'https://auth.example.com/authorize',
            tokenUrl: 'https://auth.example.com/token',
            scopes: { 'recipes:read': 'Read recipes', 'recipes:write': 'Write recipes' },
            pkceRequired: true,
          },
        },
      },
      oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://accounts.example.com/.well-known/openid-configuration' },
      key: { type: 'apiKey', location: 'header', name: 'X-API-Key' },
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      mtls: { type: 'mutualTls' },
    });
    expect(card.securityRequirements).toEqual([{ oauth: ['recipes:read'] }, { key: [] }]);
    expect(card.defaultOutputModes).toEqual(['text/plain', 'application/json']);
    expect(card.signatures).toEqual([]);
  });

  it('reads a v1.0 card as the SDK serializes it (proto3 JSON leaves out empty lists and default values)', () => {
    const json = AgentCard.toJSON(
      AgentCard.fromJSON({
        name: 'Echo',
        description: 'Says it back.',
        version: '0.1.0',
        supportedInterfaces: [{ url: 'http://127.0.0.1:9999/a2a', protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
        capabilities: {},
      }),
    );
    expect(json).not.toHaveProperty('skills');
    const card = normalizeCard(json);
    expect(card).toMatchObject({ skills: [], defaultInputModes: [], securitySchemes: {}, securityRequirements: [], capabilities: { streaming: false, pushNotifications: false, extensions: [] } });
  });

  it('reads a v0.3 card into the same view, with its url and additionalInterfaces as interfaces', () => {
    const card = normalizeCard(v03Card(), AT);
    expect(card.protocolVersion).toBe('0.3');
    expect(card.supportedInterfaces).toEqual([
      { url: 'https://georoute-agent.example.com/a2a/v1', protocolBinding: 'JSONRPC', protocolVersion: '0.3.0' },
      { url: 'https://georoute-agent.example.com/a2a/grpc', protocolBinding: 'GRPC', protocolVersion: '0.3.0' },
      { url: 'https://georoute-agent.example.com/a2a/json', protocolBinding: 'HTTP+JSON', protocolVersion: '0.3.0' },
    ]);
    expect(card.capabilities).toEqual({ streaming: true, pushNotifications: true, extendedAgentCard: true, extensions: [] });
    expect(card.securitySchemes).toEqual({
      google: { type: 'openIdConnect', openIdConnectUrl: 'https://accounts.google.com/.well-known/openid-configuration' },
      key: { type: 'apiKey', location: 'query', name: 'api_key' },
      bearer: { type: 'http', scheme: 'bearer' },
      oauth: { type: 'oauth2', flows: { authorizationCode: { authorizationUrl: 'https://a.example/auth', tokenUrl: 'https://a.example/token', scopes: {}, pkceRequired: false } } },
      mtls: { type: 'mutualTls' },
    });
    expect(card.securityRequirements).toEqual([{ google: ['openid', 'profile', 'email'] }]);
    expect(card.skills[0]).toMatchObject({ id: 'route-optimizer-traffic', securityRequirements: [{ google: ['openid'] }] });
    expect(card.signatures).toHaveLength(1);
  });

  it('accepts several OAuth flows side by side in a v0.3 card, as OpenAPI does', () => {
    const card = normalizeCard(edited(v03Card(), 'securitySchemes.oauth.flows.clientCredentials', { tokenUrl: 'https://a.example/token', scopes: { s: 'S' } }));
    expect(card.securitySchemes.oauth).toMatchObject({ flows: { authorizationCode: {}, clientCredentials: { tokenUrl: 'https://a.example/token', scopes: { s: 'S' } } } });
  });

  it('takes a v0.3 card without preferredTransport to be JSON-RPC', () => {
    const card = normalizeCard(edited(edited(v03Card(), 'preferredTransport', REMOVE), 'additionalInterfaces', REMOVE));
    expect(card.supportedInterfaces).toEqual([{ url: 'https://georoute-agent.example.com/a2a/v1', protocolBinding: 'JSONRPC', protocolVersion: '0.3.0' }]);
  });

  it('resolves relative interface URLs against the card URL', () => {
    const card = normalizeCard(edited(v1Card(), 'supportedInterfaces', [{ url: '/a2a', protocolBinding: 'JSONRPC', protocolVersion: '1.0' }]), 'http://127.0.0.1:4000/.well-known/agent-card.json');
    expect(card.supportedInterfaces[0]?.url).toBe('http://127.0.0.1:4000/a2a');
  });

  const invalid: [string, unknown, string][] = [
    ['a skill without an id', edited(v1Card(), 'skills.0.id', REMOVE), 'skills[0].id is missing'],
    ['a name that is not a string', edited(v1Card(), 'name', 7), 'name must be a string'],
    ['no interfaces', edited(v1Card(), 'supportedInterfaces', []), 'supportedInterfaces must list at least one entry'],
    ['neither interfaces nor url', edited(v1Card(), 'supportedInterfaces', REMOVE), 'supportedInterfaces is missing'],
    ['an interface without protocolVersion', edited(v1Card(), 'supportedInterfaces.1.protocolVersion', REMOVE), 'supportedInterfaces[1].protocolVersion is missing'],
    ['a JSON-RPC interface on ftp', edited(v1Card(), 'supportedInterfaces.0.url', 'ftp://x.example/a2a'), 'supportedInterfaces[0].url must be an http:// or https:// URL'],
    ['no capabilities', edited(v1Card(), 'capabilities', REMOVE), 'capabilities is missing'],
    ['a scheme naming two kinds', edited(v1Card(), 'securitySchemes.key.mtlsSecurityScheme', {}), 'securitySchemes.key must hold exactly one of apiKeySecurityScheme'],
    ['an API key in the body', edited(v1Card(), 'securitySchemes.key.apiKeySecurityScheme.location', 'body'), 'securitySchemes.key.apiKeySecurityScheme.location must be one of "header", "query", "cookie"'],
    ['an OAuth token URL that is no URL', edited(v1Card(), 'securitySchemes.oauth.oauth2SecurityScheme.flows.authorizationCode.tokenUrl', 'token'), 'securitySchemes.oauth.oauth2SecurityScheme.flows.authorizationCode.tokenUrl must be a URL'],
    ['OAuth without flows', edited(v1Card(), 'securitySchemes.oauth.oauth2SecurityScheme.flows', {}), 'securitySchemes.oauth.oauth2SecurityScheme.flows must hold exactly one flow'],
    [
      'OAuth with two flows in v1.0, where flows is a oneof',
      edited(v1Card(), 'securitySchemes.oauth.oauth2SecurityScheme.flows.clientCredentials', { tokenUrl: 'https://auth.example.com/token' }),
      'securitySchemes.oauth.oauth2SecurityScheme.flows must hold exactly one flow',
    ],
    ['v0.3 OAuth without flows', edited(v03Card(), 'securitySchemes.oauth.flows', {}), 'securitySchemes.oauth.flows must describe at least one flow'],
    ['a scheme name with a space', edited(v1Card(), 'securitySchemes.my key', { apiKeySecurityScheme: { location: 'header' } }), 'securitySchemes["my key"].apiKeySecurityScheme.name is missing'],
    ['a v0.3 scheme of an unknown type', edited(v03Card(), 'securitySchemes.google.type', 'magic'), 'securitySchemes.google.type must be one of apiKey, http, oauth2, openIdConnect or mutualTLS'],
    ['a v0.3 additional interface without transport', edited(v03Card(), 'additionalInterfaces.1.transport', REMOVE), 'additionalInterfaces[1].transport is missing'],
    ['a v0.3 card with an empty url', edited(v03Card(), 'url', ''), 'url must not be empty'],
    ['a list', [], 'the card must be a JSON object'],
  ];

  it.each(invalid)('rejects %s, naming the field', (_what, json, detail) => {
    expect(() => normalizeCard(json, AT)).toThrow(`The agent card at ${AT} is not valid: ${detail}`);
  });

  it('says so in one sentence, ending with a period, with the invalid-argument code', () => {
    const thrown = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (e) {
        return e;
      }
    };
    expect(thrown(() => normalizeCard(edited(v1Card(), 'skills.0.id', REMOVE), AT))).toMatchObject({
      code: 'invalid_argument',
      message: `The agent card at ${AT} is not valid: skills[0].id is missing.`,
    });
    expect(thrown(() => normalizeCard(null))).toMatchObject({ message: 'The agent card is not valid: the card must be a JSON object.' });
    expect(thrown(() => normalizeCard(edited(v1Card(), 'supportedInterfaces.0.url', '/a2a')))).toMatchObject({
      message: 'The agent card is not valid: supportedInterfaces[0].url is not a URL.',
    });
  });
});

describe('agentCardUrl', () => {
  it('appends the well-known path to a base URL, keeping a path prefix', () => {
    expect(agentCardUrl('http://127.0.0.1:41241')).toBe('http://127.0.0.1:41241/.well-known/agent-card.json');
    expect(agentCardUrl('https://h.example/agents/x/')).toBe('https://h.example/agents/x/.well-known/agent-card.json');
    expect(agentCardUrl('https://h.example/agents/x?y=1#z')).toBe('https://h.example/agents/x/.well-known/agent-card.json');
  });

  it('keeps a URL that already points at a card', () => {
    expect(agentCardUrl('https://h.example/.well-known/agent-card.json')).toBe('https://h.example/.well-known/agent-card.json');
    expect(agentCardUrl('https://h.example/.well-known/agent.json')).toBe('https://h.example/.well-known/agent.json');
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => agentCardUrl('file:///etc/passwd')).toThrow('"file:///etc/passwd" is not an http:// or https:// URL.');
    expect(() => agentCardUrl('not a url')).toThrow(/is not an http:\/\/ or https:\/\/ URL/);
  });
});

// ---------------------------------------------------------------------------------------------------
// fetchAgentCard over real HTTP on 127.0.0.1
// ---------------------------------------------------------------------------------------------------

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const servers: Server[] = [];
afterEach(async () => {
  // closeAllConnections: tests that leave a request hanging must not keep close() waiting.
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => (s.close(() => r()), s.closeAllConnections()))));
});

async function serve(handler: Handler): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function json(res: ServerResponse, body: unknown, type = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

describe('fetchAgentCard', () => {
  it('GETs <base>/.well-known/agent-card.json with the given headers and returns card, raw JSON and URL', async () => {
    const seen: IncomingMessage[] = [];
    const base = await serve((req, res) => {
      seen.push(req);
      if (req.url === '/.well-known/agent-card.json') return json(res, v1Card(), 'application/json; charset=utf-8');
      res.writeHead(404).end();
    });
    const got = await fetchAgentCard(base, { headers: { authorization: 'Bearer t' } });
    expect(got.url).toBe(`${base}/.well-known/agent-card.json`);
    expect(got.card.name).toBe('Recipe Agent');
    expect(got.raw).toEqual(v1Card());
    expect(seen[0]?.headers.authorization).toBe('Bearer t');
    expect(seen[0]?.headers.accept).toBe('application/json');
  });

  it('reads a card from a URL that already points at it, and a v0.3 card under a path prefix', async () => {
    const base = await serve((req, res) => (req.url === '/agents/geo/.well-known/agent-card.json' ? json(res, v03Card()) : res.writeHead(404).end()));
    expect((await fetchAgentCard(`${base}/agents/geo`)).card.protocolVersion).toBe('0.3');
    expect((await fetchAgentCard(`${base}/agents/geo/.well-known/agent-card.json`)).card.name).toBe('GeoSpatial Route Planner Agent');
  });

  it('resolves a relative interface URL against where the card was served', async () => {
    const base = await serve((_req, res) => json(res, edited(v1Card(), 'supportedInterfaces', [{ url: '/a2a/jsonrpc', protocolBinding: 'JSONRPC', protocolVersion: '1.0' }])));
    expect((await fetchAgentCard(base)).card.supportedInterfaces[0]?.url).toBe(`${base}/a2a/jsonrpc`);
  });

  it('refuses a card larger than 1 MB, by its Content-Length', async () => {
    const big = { ...v1Card(), padding: 'x'.repeat(1024 * 1024) };
    const base = await serve((_req, res) => json(res, big));
    await expect(fetchAgentCard(base)).rejects.toThrow(`The agent card at ${base}/.well-known/agent-card.json could not be read: it is larger than 1 MB.`);
  });

  it('stops reading a streamed card (no Content-Length) once it passes the limit', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"padding":"');
      const chunk = 'x'.repeat(16 * 1024);
      let sent = 0;
      // Writes up to 4 MB, pausing whenever the client does not read; stops when the client hangs up.
      const pump = (): void => {
        while (sent < 4 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end('"}');
      };
      pump();
    });
    await expect(fetchAgentCard(base, { maxBytes: 64 * 1024 })).rejects.toThrow('could not be read: it is larger than 64 KB.');
  });

  it('refuses a card served with a content type other than JSON', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Welcome</html>');
    });
    await expect(fetchAgentCard(base)).rejects.toThrow('could not be read: it is served as text/html, not as JSON.');
  });

  it('accepts application/*+json', async () => {
    const base = await serve((_req, res) => json(res, v1Card(), 'application/a2a+json'));
    expect((await fetchAgentCard(base)).card.name).toBe('Recipe Agent');
  });

  it('says which field is wrong when the served card is not valid', async () => {
    const base = await serve((_req, res) => json(res, edited(v1Card(), 'skills.0.id', REMOVE)));
    await expect(fetchAgentCard(base)).rejects.toThrow(`The agent card at ${base}/.well-known/agent-card.json is not valid: skills[0].id is missing.`);
  });

  it('refuses a body that is not JSON, and an HTTP error', async () => {
    const base = await serve((req, res) => {
      if (req.url?.startsWith('/broken')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"name": ');
      }
      res.writeHead(404).end();
    });
    await expect(fetchAgentCard(`${base}/broken`)).rejects.toThrow('could not be read: it is not valid JSON.');
    await expect(fetchAgentCard(base)).rejects.toThrow('could not be read: the server answered HTTP 404.');
  });

  it('follows a redirect, and drops the caller\'s headers when it leaves the origin', async () => {
    const seen: IncomingMessage[] = [];
    const other = await serve((req, res) => {
      seen.push(req);
      json(res, v1Card());
    });
    const base = await serve((req, res) => {
      seen.push(req);
      if (req.url === '/.well-known/agent-card.json') return res.writeHead(301, { location: '/moved/card.json' }).end();
      res.writeHead(307, { location: `${other}/final.json` }).end();
    });
    const got = await fetchAgentCard(base, { headers: { authorization: 'Bearer secret' } });
    expect(got.url).toBe(`${other}/final.json`);
    expect(seen.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/.well-known/agent-card.json', 'Bearer secret'],
      ['/moved/card.json', 'Bearer secret'],
      ['/final.json', undefined],
    ]);
  });

  it('gives up on a redirect loop after 3 redirects', async () => {
    let requests = 0;
    const base = await serve((req, res) => {
      requests++;
      res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end();
    });
    await expect(fetchAgentCard(base)).rejects.toThrow(`The agent card at ${base}/.well-known/agent-card.json could not be read: it redirects more than 3 times.`);
    expect(requests).toBe(4);
  });

  it('refuses a redirect to a scheme other than http(s)', async () => {
    const base = await serve((_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    await expect(fetchAgentCard(base)).rejects.toThrow('could not be read: it redirects to file: URL file:///etc/passwd, which is not http(s).');
  });

  it('gives up when the agent does not answer in time', async () => {
    const base = await serve(() => {
      // Never answers.
    });
    await expect(fetchAgentCard(base, { timeoutMs: 200 })).rejects.toThrow('could not be read: no complete answer within 0.2 s.');
  });

  it('names the network error when nothing listens', async () => {
    const base = await serve(() => undefined);
    await new Promise<void>((r) => servers.pop()?.close(() => r()));
    await expect(fetchAgentCard(base)).rejects.toThrow(/could not be read: the request failed \(ECONNREFUSED\)\./);
  });

  it('passes a caller\'s cancellation through as is', async () => {
    const base = await serve(() => undefined);
    const controller = new AbortController();
    const pending = fetchAgentCard(base, { signal: controller.signal });
    controller.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
  });

  it('uses the fetch function it is given', async () => {
    const calls: string[] = [];
    const fetchFn: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response(JSON.stringify(v1Card()), { headers: { 'content-type': 'application/json' } });
    };
    expect((await fetchAgentCard('https://agent.example', { fetchFn })).card.name).toBe('Recipe Agent');
    expect(calls).toEqual(['https://agent.example/.well-known/agent-card.json']);
  });
});
