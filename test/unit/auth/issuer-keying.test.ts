import { describe, expect, it } from 'vitest';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/client';
import { HubOAuthProvider, type HubOAuthOptions } from '../../../main/core/auth/oauth-provider.js';
import type { SecretStore } from '../../../main/core/secrets/secret-store.js';

// Credentials keyed by authorization server (MCP 2026-07-28, SEP-2352): registrations per issuer, tokens
// stamped with theirs, nothing of one issuer presented to another, and keychain entries from before
// (one registration per server, stamped or not) still working and moved to the new shape on first use.
const AS1 = 'https://as1.example.com';
const AS2 = 'https://as2.example.com';
const PREFIX = 'hub/h/server/docs/oauth';

function setup(extra: Partial<HubOAuthOptions> = {}) {
  const entries = new Map<string, string>();
  const writes: string[] = [];
  const secrets: SecretStore = {
    get: async (k) => entries.get(k),
    set: async (k, v) => void (writes.push(k), entries.set(k, v)),
    delete: async (k) => entries.delete(k),
  };
  let resource: string | undefined;
  const reference = { resource: () => resource, set: (r: string) => void (resource = r), clear: () => void (resource = undefined) };
  const options = { server: 'docs', serverUrl: 'https://docs.example.com/mcp', secrets, keyPrefix: PREFIX, reference, ...extra };
  const make = () => new HubOAuthProvider(options);
  const signingIn = () => make().forSignIn({ redirectUrl: 'http://127.0.0.1:4444/callback', state: 's', onAuthorizationUrl: () => {} });
  const entry = (kind: string) => JSON.parse(entries.get(`${PREFIX}/${kind}`) ?? 'null') as Record<string, unknown> | null;
  return { entries, writes, reference, make, signingIn, entry };
}

const discovered = (issuer: string, extra: Record<string, unknown> = {}) =>
  ({
    authorizationServerUrl: issuer,
    authorizationServerMetadata: {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      ...extra,
    },
  }) as OAuthDiscoveryState;

const tokens = (access: string) => ({ access_token: access, token_type: 'Bearer', refresh_token: `${access}-refresh`, expires_in: 3600 });
const registration = (id: string) => ({ client_id: id, redirect_uris: ['http://127.0.0.1:4444/callback'] });

describe('credentials keyed by authorization server', () => {
  it('keeps one registration per issuer and never hands one issuer\'s to another', async () => {
    const { signingIn, entry } = setup();
    const flow = signingIn();
    await flow.saveClientInformation(registration('at-as1'), { issuer: AS1 });
    await flow.saveClientInformation(registration('at-as2'), { issuer: AS2 });
    expect((await flow.clientInformation({ issuer: AS1 }))?.client_id).toBe('at-as1');
    expect((await flow.clientInformation({ issuer: AS2 }))?.client_id).toBe('at-as2');
    expect(await flow.clientInformation({ issuer: 'https://as3.example.com' })).toBeUndefined();
    expect(entry('client')).toEqual({
      registrations: { [AS1]: { ...registration('at-as1'), issuer: AS1 }, [AS2]: { ...registration('at-as2'), issuer: AS2 } },
      latest: AS2,
    });
  });

  it('stamps tokens with their issuer: they are the bearer for the server, but never go to another authorization server', async () => {
    const { make, entry } = setup();
    await make().saveTokens(tokens('one'), { issuer: AS1 });
    expect(entry('tokens')).toMatchObject({ access_token: 'one', issuer: AS1, expires_at: expect.any(Number) });
    const live = make();
    expect((await live.tokens())?.access_token).toBe('one');
    expect((await live.tokens({ issuer: AS1 }))?.access_token).toBe('one');
    expect(await live.tokens({ issuer: AS2 })).toBeUndefined();
  });

  it('stops in the background when the server names another authorization server, with a sentence, registering nothing', async () => {
    const { make, writes } = setup();
    await make().saveTokens(tokens('one'), { issuer: AS1 });
    writes.length = 0;
    const live = make();
    await expect(live.saveDiscoveryState(discovered(AS1))).resolves.toBeUndefined();
    const moved = await live.saveDiscoveryState(discovered(AS2)).catch((e: Error) => e);
    const sentence =
      'Server "docs" needs you to sign in again: it now names another authorization server ("https://as2.example.com", was "https://as1.example.com"), and its sign-in with the old one is never sent there (agent-hub login docs, or Sign in on the Servers page).';
    expect((moved as Error).message).toBe(sentence);
    expect(live.signInNeeded).toEqual({ reason: sentence });
    // What a v1 SDK auth() would ask next, with no issuer of its own: nothing for the new server.
    expect(await live.clientInformation()).toBeUndefined();
    expect(writes).toEqual([]);
  });

  it('refuses a client registered by hand at another authorization server than it was first used with', async () => {
    const { signingIn, entry } = setup({ preRegistered: { clientId: 'by-hand', clientSecret: async () => 'shh' } });
    const flow = signingIn();
    // First use: the SDK stamps it with the issuer it resolved; the binding is kept, the secret is not.
    const first = await flow.clientInformation({ issuer: AS1 });
    expect(first).toEqual({ client_id: 'by-hand', client_secret: 'shh' });
    await flow.saveClientInformation({ ...first!, issuer: AS1 }, { issuer: AS1 });
    expect(entry('client')).toEqual({ registrations: { [AS1]: { client_id: 'by-hand', issuer: AS1 } }, latest: AS1 });
    expect(await signingIn().clientInformation({ issuer: AS1 })).toEqual({ client_id: 'by-hand', client_secret: 'shh', issuer: AS1 });
    await expect(signingIn().clientInformation({ issuer: AS2 })).rejects.toThrow(
      'Server "docs" now names another authorization server ("https://as2.example.com") than the one its client ID (--oauth-client-id) is registered with ("https://as1.example.com"), so Agent Hub does not send that client there; register Agent Hub with the new one, then remove the server and add it again with the new client ID.',
    );
  });

  it('prefers the Client ID Metadata Document at a sign-in where the server takes one, and registers again for another redirect URI', async () => {
    const cimd = 'https://hub.example.com/client.json';
    const { signingIn } = setup({ clientMetadataUrl: cimd });
    const flow = signingIn();
    await flow.saveClientInformation(registration('dcr'), { issuer: AS1 });
    // The server does not take documents: the registration stays.
    await flow.saveDiscoveryState(discovered(AS1));
    expect((await flow.clientInformation({ issuer: AS1 }))?.client_id).toBe('dcr');
    // It does: the document's URL is the client from now on.
    const next = signingIn();
    await next.saveDiscoveryState(discovered(AS1, { client_id_metadata_document_supported: true }));
    expect(await next.clientInformation({ issuer: AS1 })).toBeUndefined();
    await next.saveClientInformation({ client_id: cimd }, { issuer: AS1 });
    expect((await signingIn().clientInformation({ issuer: AS1 }))?.client_id).toBe(cimd);

    // A registration for another loopback port is made again.
    const other = setup();
    await other.signingIn().saveClientInformation({ client_id: 'old-port', redirect_uris: ['http://127.0.0.1:9999/callback'] }, { issuer: AS1 });
    expect(await other.signingIn().clientInformation({ issuer: AS1 })).toBeUndefined();
  });

  it('sends application_type native in the registration metadata (a loopback redirect)', () => {
    const { signingIn } = setup();
    expect(signingIn().clientMetadata).toMatchObject({ application_type: 'native', redirect_uris: ['http://127.0.0.1:4444/callback'], token_endpoint_auth_method: 'none' });
  });
});

describe('keychain entries from before per-issuer keying', () => {
  it('an unstamped registration is bound to the first issuer it is used with and moved to the new shape', async () => {
    const { entries, reference, make, entry } = setup();
    entries.set(`${PREFIX}/client`, JSON.stringify(registration('legacy')));
    entries.set(`${PREFIX}/tokens`, JSON.stringify({ access_token: 'old', token_type: 'Bearer', refresh_token: 'old-r', expires_at: Date.now() + 3_600_000 }));
    reference.set('https://docs.example.com/mcp');

    const live = make();
    // The sign-in keeps working: the tokens are the bearer, as before.
    expect((await live.tokens())?.access_token).toBe('old');
    await live.saveDiscoveryState(discovered(AS1));
    expect(await live.clientInformation()).toEqual({ ...registration('legacy'), issuer: AS1 });
    expect(entry('client')).toEqual({ registrations: { [AS1]: { ...registration('legacy'), issuer: AS1 } }, latest: AS1 });
    // Tokens are stamped the first time an issuer asks for them.
    expect((await live.tokens({ issuer: AS1 }))?.access_token).toBe('old');
    expect(entry('tokens')).toMatchObject({ access_token: 'old', issuer: AS1 });
    // From then on another authorization server gets neither.
    const after = make();
    expect(await after.clientInformation({ issuer: AS2 })).toBeUndefined();
    expect(await after.tokens({ issuer: AS2 })).toBeUndefined();
  });

  it('a registration the v1 SDK stamped (its issuer with a trailing slash) keeps working and is moved', async () => {
    const { entries, reference, make, entry } = setup();
    entries.set(`${PREFIX}/client`, JSON.stringify({ ...registration('v1'), issuer: `${AS1}/` }));
    entries.set(`${PREFIX}/tokens`, JSON.stringify({ access_token: 'old', token_type: 'Bearer', issuer: `${AS1}/` }));
    reference.set('https://docs.example.com/mcp');
    const live = make();
    await live.saveDiscoveryState(discovered(AS1));
    expect((await live.clientInformation())?.client_id).toBe('v1');
    expect(entry('client')).toMatchObject({ registrations: { [AS1]: { client_id: 'v1', issuer: AS1 } }, latest: AS1 });
    expect((await live.tokens({ issuer: AS1 }))?.access_token).toBe('old');
  });

  it('a registration that cannot be written back stays readable in its old shape', async () => {
    const { entries, reference } = setup();
    entries.set(`${PREFIX}/client`, JSON.stringify(registration('legacy')));
    entries.set(`${PREFIX}/tokens`, JSON.stringify({ access_token: 'old', token_type: 'Bearer' }));
    reference.set('https://docs.example.com/mcp');
    const live = new HubOAuthProvider({
      server: 'docs',
      serverUrl: 'https://docs.example.com/mcp',
      keyPrefix: PREFIX,
      reference,
      secrets: { get: async (k) => entries.get(k), set: async () => Promise.reject(new Error('locked')), delete: async () => false },
    });
    expect((await live.clientInformation({ issuer: AS1 }))?.client_id).toBe('legacy');
    expect(JSON.parse(entries.get(`${PREFIX}/client`)!)).toEqual(registration('legacy'));
  });
});
