import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateAgentCardSignature, verifyAgentCardSignature, type AgentCard } from '@a2a-js/sdk';
import { base64url, calculateJwkThumbprint, exportJWK, FlattenedSign, generateKeyPair, type CryptoKey, type JWK, type JWSHeaderParameters } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyCardSignatures } from '../../../main/core/a2a/card-signature.js';
import { canonicalize } from '../../../main/core/a2a/jcs.js';

// Signed cards as A2A v1.0 defines them: each signatures[] entry is a flattened JWS without its payload;
// the payload is the RFC 8785 form of the card without `signatures`.

function card(): Record<string, unknown> {
  return {
    name: 'Signed Agent',
    description: 'An agent whose card is signed.',
    supportedInterfaces: [{ url: 'https://agent.example/a2a', protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
    version: '2.0.0',
    capabilities: { streaming: true },
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [{ id: 'summarize', name: 'Summarize', description: 'Summarizes a text.', tags: ['text'] }],
    // A member name that sorts differently by code unit than by code point, and a number JCS rewrites.
    metadataNote: { 'ö': 1, z: 1e21, 'é': 0.5 },
  };
}

let privateKey: CryptoKey;
let publicJwk: JWK;
/** RFC 7638 thumbprint of publicJwk: what a verified signature reports of its key. */
let thumbprint: string;
let otherPrivateKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  thumbprint = await calculateJwkThumbprint(publicJwk);
  otherPrivateKey = (await generateKeyPair('ES256')).privateKey;
});

/** A signatures[] entry over JCS(card without signatures), as a signer following the spec makes it. */
async function sign(c: Record<string, unknown>, header: JWSHeaderParameters, key: CryptoKey = privateKey, unprotected?: JWSHeaderParameters) {
  const { signatures: _omit, ...unsigned } = c;
  const signer = new FlattenedSign(new TextEncoder().encode(canonicalize(unsigned))).setProtectedHeader(header);
  if (unprotected) signer.setUnprotectedHeader(unprotected);
  const jws = await signer.sign(key);
  return { protected: jws.protected, signature: jws.signature, ...(jws.header ? { header: jws.header } : {}) };
}

async function signed(header: JWSHeaderParameters, c = card()): Promise<Record<string, unknown>> {
  return { ...c, signatures: [await sign(c, header)] };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => (s.close(() => r()), s.closeAllConnections()))));
});

/** Serves a JSON Web Key Set on 127.0.0.1; returns its URL and the paths asked for. */
async function serveJwks(keys: JWK[], status = 200): Promise<{ url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res: ServerResponse) => {
    hits.push(req.url ?? '');
    res.writeHead(status, { 'content-type': 'application/jwk-set+json' });
    res.end(JSON.stringify({ keys }));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, hits };
}

describe('verifyCardSignatures', () => {
  it('calls an unsigned card unsigned', async () => {
    expect(await verifyCardSignatures(card())).toEqual({ signed: false, valid: false, reason: 'the card is not signed' });
    expect(await verifyCardSignatures({ ...card(), signatures: [] })).toMatchObject({ signed: false });
    expect(await verifyCardSignatures('not a card')).toMatchObject({ signed: false });
  });

  it('verifies an ES256 signature whose protected header carries the public key (jwk)', async () => {
    const result = await verifyCardSignatures(await signed({ alg: 'ES256', typ: 'JOSE', kid: 'k1', jwk: publicJwk }));
    expect(result).toEqual({ signed: true, valid: true, keyId: 'k1', keySource: 'jwk', thumbprint });
  });

  it('finds the card changed when any signed field is tampered with', async () => {
    const good = await signed({ alg: 'ES256', typ: 'JOSE', kid: 'k1', jwk: publicJwk });
    const tampered = { ...good, skills: [{ id: 'summarize', name: 'Summarize', description: 'Sends your text to evil.example.', tags: ['text'] }] };
    expect(await verifyCardSignatures(tampered)).toEqual({ signed: true, valid: false, keyId: 'k1', reason: 'the signature does not match the card' });
    expect(await verifyCardSignatures({ ...good, version: '2.0.1' })).toMatchObject({ valid: false });
  });

  it('is indifferent to member order and number spelling, which JCS removes', async () => {
    const good = await signed({ alg: 'ES256', typ: 'JOSE', kid: 'k1', jwk: publicJwk });
    const text = JSON.stringify(Object.fromEntries(Object.entries(good).reverse()), null, 2);
    expect(text).toContain('"z": 1e+21');
    const respelled = JSON.parse(text.replace('"z": 1e+21', '"z": 1000000000000000000000.0')) as unknown;
    expect(await verifyCardSignatures(respelled)).toMatchObject({ valid: true });
  });

  it('refuses a signature by another key than the one its header names', async () => {
    const c = card();
    const forged = { ...c, signatures: [await sign(c, { alg: 'ES256', kid: 'k1', jwk: publicJwk }, otherPrivateKey)] };
    expect(await verifyCardSignatures(forged)).toMatchObject({ signed: true, valid: false, reason: 'the signature does not match the card' });
  });

  it('fetches the key named by jku and kid from a key set on 127.0.0.1', async () => {
    const { url, hits } = await serveJwks([{ ...publicJwk, kid: 'other' }, publicJwk]);
    const result = await verifyCardSignatures(await signed({ alg: 'ES256', typ: 'JOSE', kid: 'k1', jku: url }));
    expect(result).toEqual({ signed: true, valid: true, keyId: 'k1', keySource: 'jku', jku: url, thumbprint });
    expect(hits).toEqual(['/jwks.json']);
  });

  it('says why when the key set lacks the key, cannot be fetched, or is not allowed', async () => {
    const { url } = await serveJwks([{ ...publicJwk, kid: 'other' }]);
    expect(await verifyCardSignatures(await signed({ alg: 'ES256', kid: 'k1', jku: url }))).toMatchObject({ valid: false, reason: `the key set at ${url} has no key "k1" for ES256` });

    const missing = await serveJwks([], 404);
    expect(await verifyCardSignatures(await signed({ alg: 'ES256', kid: 'k1', jku: missing.url }))).toMatchObject({
      valid: false,
      reason: `the signing key could not be fetched from ${missing.url}: the server answered HTTP 404`,
    });

    // Refused before any request: plain http to another machine could be tampered with on the way.
    const remote = 'http://keys.example/jwks.json';
    expect(await verifyCardSignatures(await signed({ alg: 'ES256', kid: 'k1', jku: remote }))).toMatchObject({
      valid: false,
      reason: `its key set URL ${remote} is neither https:// nor on this computer`,
    });
  });

  it('says so when the jku document is not a key set', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"hello":"world"}'));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    expect(await verifyCardSignatures(await signed({ alg: 'ES256', kid: 'k1', jku: url }))).toMatchObject({
      reason: `the signing key could not be fetched from ${url}: it is not a JSON Web Key Set`,
    });
  });

  it('uses a trusted key matched by kid, and otherwise finds no key for a bare kid', async () => {
    const bare = await signed({ alg: 'ES256', typ: 'JOSE', kid: 'k1' });
    expect(await verifyCardSignatures(bare, { trustedKeys: [publicJwk] })).toEqual({ signed: true, valid: true, keyId: 'k1', keySource: 'trusted', thumbprint });
    expect(await verifyCardSignatures(bare)).toMatchObject({
      valid: false,
      reason: 'it names no key (no jwk or jku in its protected header, and no trusted key with its kid)',
    });
  });

  it('ignores a key placed in the unprotected header, which anyone could swap', async () => {
    const c = card();
    const entry = await sign(c, { alg: 'ES256', kid: 'k1' }, privateKey, { jwk: publicJwk });
    expect(entry.header).toBeDefined();
    expect(await verifyCardSignatures({ ...c, signatures: [entry] })).toMatchObject({ valid: false, reason: expect.stringContaining('names no key') });
  });

  it('refuses symmetric and "none" algorithms', async () => {
    const secret = new Uint8Array(32).fill(7);
    const c = card();
    const { signatures: _none, ...unsigned } = c;
    // A symmetric key in the header: jose's types (rightly) forbid it, so it goes in untyped.
    const octJwk = { kty: 'oct', k: base64url.encode(secret) };
    const jws = await new FlattenedSign(new TextEncoder().encode(canonicalize(unsigned))).setProtectedHeader({ alg: 'HS256', kid: 'k1', jwk: octJwk }).sign(secret);
    expect(await verifyCardSignatures({ ...c, signatures: [{ protected: jws.protected, signature: jws.signature }] })).toMatchObject({
      valid: false,
      reason: 'its algorithm "HS256" is not a public-key signature algorithm',
    });
    const none = base64url.encode(JSON.stringify({ alg: 'none' }));
    expect(await verifyCardSignatures({ ...c, signatures: [{ protected: none, signature: 'x' }] })).toMatchObject({ reason: 'its algorithm "none" is not a public-key signature algorithm' });
  });

  it('explains malformed entries', async () => {
    expect(await verifyCardSignatures({ ...card(), signatures: 'yes' })).toEqual({ signed: true, valid: false, reason: 'signatures is not a list' });
    expect(await verifyCardSignatures({ ...card(), signatures: [{ signature: 'x' }] })).toMatchObject({ reason: 'it is not a JWS with protected and signature members' });
    expect(await verifyCardSignatures({ ...card(), signatures: [{ protected: '!!', signature: 'x' }] })).toMatchObject({ reason: 'its protected header is not base64url-encoded JSON' });
  });

  it('is valid when any one signature verifies, and numbers the reasons when none does', async () => {
    const c = card();
    const bad = await sign(c, { alg: 'ES256', kid: 'k0', jwk: publicJwk }, otherPrivateKey);
    const good = await sign(c, { alg: 'ES256', kid: 'k1', jwk: publicJwk });
    expect(await verifyCardSignatures({ ...c, signatures: [bad, good] })).toMatchObject({ valid: true, keyId: 'k1' });
    expect(await verifyCardSignatures({ ...c, signatures: [bad, { protected: '!!', signature: 'x' }] })).toEqual({
      signed: true,
      valid: false,
      keyId: 'k0',
      reason: 'signature 1: the signature does not match the card; signature 2: its protected header is not base64url-encoded JSON',
    });
  });
});

describe('signatures made by @a2a-js/sdk', () => {
  it('verifies a card the SDK signed, even when the served JSON holds default values the SDK leaves out', async () => {
    const served = {
      ...card(),
      // Proto3 defaults: the SDK's canonical form drops them, a plain JCS of the served JSON keeps them.
      supportedInterfaces: [{ url: 'https://agent.example/a2a', protocolBinding: 'JSONRPC', protocolVersion: '1.0', tenant: '' }],
      securitySchemes: { oauth: { oauth2SecurityScheme: { flows: { authorizationCode: { authorizationUrl: 'https://a.example/auth', tokenUrl: 'https://a.example/token', pkceRequired: false } } } } },
    };
    const signer = generateAgentCardSignature(privateKey, { alg: 'ES256', typ: 'JOSE', kid: 'k1', jwk: publicJwk });
    const { signatures } = await signer(served as unknown as AgentCard);
    expect(await verifyCardSignatures({ ...served, signatures })).toMatchObject({ signed: true, valid: true, keyId: 'k1' });
  });

  it('does not accept the SDK\'s form for a v0.3 card, which would leave its url and security unsigned', async () => {
    const legacy: Record<string, unknown> = {
      name: 'Legacy',
      description: 'A v0.3 agent.',
      version: '1.0.0',
      url: 'https://legacy.example/a2a',
      protocolVersion: '0.3.0',
      capabilities: {},
      skills: [],
    };
    const signer = generateAgentCardSignature(privateKey, { alg: 'ES256', typ: 'JOSE', kid: 'k1', jwk: publicJwk });
    const { signatures } = await signer(legacy as unknown as AgentCard);
    const moved = { ...legacy, url: 'https://evil.example/a2a', signatures };
    expect(await verifyCardSignatures(moved)).toMatchObject({ signed: true, valid: false, reason: 'the signature does not match the card' });
    // Signed over all of its JSON, the same card verifies.
    expect(await verifyCardSignatures(await signed({ alg: 'ES256', typ: 'JOSE', kid: 'k1', jwk: publicJwk }, legacy))).toMatchObject({ valid: true });
  });

  it('produces cards the SDK verifies (our JCS and the SDK\'s agree on a card without defaults)', async () => {
    const c = card();
    delete c.metadataNote; // not a v1.0 field: the SDK's canonical form drops it
    const ours = await signed({ alg: 'ES256', typ: 'JOSE', kid: 'k1' }, c);
    const verify = verifyAgentCardSignature(async () => publicJwk);
    await expect(verify(ours as unknown as AgentCard)).resolves.toBeUndefined();
  });
});
