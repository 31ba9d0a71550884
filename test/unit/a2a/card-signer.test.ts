import { calculateJwkThumbprint, exportJWK, FlattenedSign, generateKeyPair, type CryptoKey, type JWK, type JWSHeaderParameters } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeSigner, signatureState, signerTrust, type CardSignerView } from '../../../shared/a2a.js';
import { acceptCard, agentViews } from '../../../main/core/a2a/agent-admin.js';
import { normalizeCard } from '../../../main/core/a2a/agent-card.js';
import { checkCard, reconcileCard } from '../../../main/core/a2a/card-check.js';
import { diffPins, hashPin, pinOf } from '../../../main/core/a2a/card-pin.js';
import { diffSigners, sameSigner } from '../../../main/core/a2a/card-signer.js';
import { canonicalize } from '../../../main/core/a2a/jcs.js';
import { openStore, type Store } from '../../../main/core/store/store.js';
import { tempDataDir } from '../../helpers/cli.js';

// Who signed an agent card (the key and where it came from), whether that key is independent of the
// card, and a change of signer as a change the user must accept. Cards are served by a fetch function
// (the hub's FetchFn seam), so the whole check runs: fetch, verify, signer, pin, reconcile.

const AGENT = 'https://agent.example';
const CARD_URL = `${AGENT}/.well-known/agent-card.json`;

function cardJson(description = 'Summarizes.'): Record<string, unknown> {
  return {
    name: 'Writer',
    description,
    supportedInterfaces: [{ url: `${AGENT}/a2a`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
    version: '1.0.0',
    capabilities: { streaming: false },
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [{ id: 'summarize', name: 'Summarize', description: 'Summarizes a text.', tags: [] }],
  };
}

interface Key {
  privateKey: CryptoKey;
  jwk: JWK;
  thumbprint: string;
}

async function newKey(kid: string): Promise<Key> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256' };
  return { privateKey: pair.privateKey, jwk, thumbprint: await calculateJwkThumbprint(jwk) };
}

async function sign(card: Record<string, unknown>, key: Key, header: Partial<JWSHeaderParameters>): Promise<Record<string, unknown>> {
  const jws = await new FlattenedSign(new TextEncoder().encode(canonicalize(card)))
    .setProtectedHeader({ alg: 'ES256', typ: 'JOSE', kid: key.jwk.kid!, ...header })
    .sign(key.privateKey);
  return { ...card, signatures: [{ protected: jws.protected, signature: jws.signature }] };
}

/** What the fetch function answers, by URL: the card, key sets, redirects. */
let served = new Map<string, unknown>();
const fetchFn: typeof fetch = async (input) => {
  const url = String(input);
  const body = served.get(url);
  if (body === undefined) return new Response('not found', { status: 404 });
  if (typeof body === 'string') return new Response(null, { status: 302, headers: { location: body } });
  return Response.json(body);
};
const check = (url = AGENT) => checkCard(url, { fetchFn });
const jwks = (...keys: Key[]) => ({ keys: keys.map((k) => k.jwk) });

let k1: Key;
let k2: Key;
beforeAll(async () => {
  [k1, k2] = [await newKey('k1'), await newKey('k2')];
});
afterEach(() => {
  served = new Map();
});

describe('who signed a card', () => {
  it('names the key and its key set on another host: valid, not self-asserted', async () => {
    served.set(CARD_URL, await sign(cardJson(), k1, { jku: 'https://keys.example/jwks.json' }));
    served.set('https://keys.example/jwks.json', jwks(k1));
    const { signature } = await check();
    expect(signature.signer).toEqual({ keyId: 'k1', source: 'jku', jku: 'https://keys.example/jwks.json', thumbprint: k1.thumbprint, selfAsserted: false });
    expect(signatureState(signature)).toBe('valid');
    expect(describeSigner(signature.signer!)).toBe('key "k1" at https://keys.example/jwks.json');
    expect(signerTrust(signature.signer!)).toBe('its key set is on another host than the card');
  });

  it('calls a key set on the card\'s own host (any port) self-asserted', async () => {
    served.set(CARD_URL, await sign(cardJson(), k1, { jku: 'https://agent.example:8443/jwks.json' }));
    served.set('https://agent.example:8443/jwks.json', jwks(k1));
    const { signature } = await check();
    expect(signature.signer).toMatchObject({ source: 'jku', selfAsserted: true });
    expect(signatureState(signature)).toBe('self-asserted');
    expect(describeSigner(signature.signer!)).toBe('key "k1" at https://agent.example:8443/jwks.json (self-asserted)');
    expect(signerTrust(signature.signer!)).toBe("its key set is on the card's own host: the signature shows the card is intact, not who wrote it");
  });

  it('counts the host the card was redirected to as its own too', async () => {
    served.set(CARD_URL, 'https://cards.example/writer.json');
    served.set('https://cards.example/writer.json', await sign(cardJson(), k1, { jku: 'https://cards.example/jwks.json' }));
    served.set('https://cards.example/jwks.json', jwks(k1));
    expect((await check()).signature.signer).toMatchObject({ selfAsserted: true });
  });

  it('calls a key embedded in the signature header self-asserted', async () => {
    served.set(CARD_URL, await sign(cardJson(), k1, { jwk: { kty: k1.jwk.kty!, crv: k1.jwk.crv!, x: k1.jwk.x!, y: k1.jwk.y! } }));
    const { signature } = await check();
    expect(signature.signer).toEqual({ keyId: 'k1', source: 'jwk', thumbprint: k1.thumbprint, selfAsserted: true });
    expect(describeSigner(signature.signer!)).toBe('key "k1" embedded in the card (self-asserted)');
    expect(signerTrust(signature.signer!)).toMatch(/^the card carries its own key: /);
  });

  it('names no signer for an unsigned card or one whose signature fails', async () => {
    served.set(CARD_URL, cardJson());
    const unsigned = await check();
    expect([unsigned.signature.signer, signatureState(unsigned.signature)]).toEqual([undefined, 'unsigned']);
    served.set(CARD_URL, { ...(await sign(cardJson(), k1, { jku: 'https://keys.example/jwks.json' })), description: 'edited' });
    served.set('https://keys.example/jwks.json', jwks(k1));
    const tampered = await check();
    expect([tampered.signature.signer, signatureState(tampered.signature)]).toEqual([undefined, 'invalid']);
  });
});

describe('a change of signer', () => {
  const at = (keyId: string, jku: string, over: Partial<CardSignerView> = {}): CardSignerView => ({ keyId, source: 'jku', jku, thumbprint: `t-${keyId}`, selfAsserted: false, ...over });

  it('is one sentence: another key id, key URL or source, or signed ↔ unsigned', () => {
    expect(diffSigners(at('k1', 'https://a.example/jwks.json'), at('k2', 'https://b.example/jwks.json'))).toEqual([
      'signer changed from key "k1" at https://a.example/jwks.json to key "k2" at https://b.example/jwks.json',
    ]);
    expect(diffSigners(at('k1', 'https://a.example/jwks.json'), at('k1', 'https://a.example/jwks.json', { source: 'jwk', jku: undefined, selfAsserted: true, thumbprint: 't-k1' }))).toEqual([
      'signer changed from key "k1" at https://a.example/jwks.json to key "k1" embedded in the card (self-asserted)',
    ]);
    expect(diffSigners(at('k1', 'https://a.example/jwks.json'), undefined)).toEqual(['the card is no longer signed (it was signed by key "k1" at https://a.example/jwks.json)']);
    expect(diffSigners(undefined, at('k2', 'https://b.example/jwks.json'))).toEqual(['the card is now signed, by key "k2" at https://b.example/jwks.json']);
  });

  it('catches another key under the same id and URL; a signer recorded without thumbprint compares on the rest', () => {
    const a = at('k1', 'https://agent.example/jwks.json', { selfAsserted: true });
    expect(diffSigners(a, { ...a, thumbprint: 'other' })).toEqual(['signer changed: key "k1" at https://agent.example/jwks.json (self-asserted) is a different key now']);
    expect(diffSigners(a, { ...a })).toEqual([]);
    const { thumbprint: _none, ...recorded } = a;
    expect(sameSigner(recorded, a)).toBe(true);
    expect(sameSigner(undefined, undefined)).toBe(true);
  });

  it('is part of the pin, and an unsigned card pins as it did before signers were', () => {
    const card = normalizeCard(cardJson());
    const plain = pinOf(card);
    expect(Object.keys(plain)).not.toContain('signer');
    const signed = pinOf(card, at('k1', 'https://a.example/jwks.json'));
    expect(hashPin(signed)).not.toBe(hashPin(plain));
    expect(hashPin(pinOf(card, at('k1', 'https://a.example/jwks.json', { thumbprint: 'other' })))).not.toBe(hashPin(signed));
    expect(diffPins(signed, pinOf(card, at('k2', 'https://b.example/jwks.json')))).toEqual([
      'signer changed from key "k1" at https://a.example/jwks.json to key "k2" at https://b.example/jwks.json',
    ]);
  });
});

describe('reconciling a fresh card with the approved one', () => {
  let store: Store;
  afterEach(() => store.close());

  async function approvedWith(card: Record<string, unknown>, keys: Record<string, Key[]> = {}): Promise<void> {
    store = openStore(tempDataDir());
    store.agents.add({ name: 'writer', url: AGENT });
    await serve(card, keys);
    expect(reconcileCard(store.agentCards, 'writer', await check())).toEqual([]);
  }

  async function serve(card: Record<string, unknown>, keys: Record<string, Key[]> = {}): Promise<void> {
    served.set(CARD_URL, card);
    for (const [url, list] of Object.entries(keys)) served.set(url, jwks(...list));
  }

  it('keeps the card when it is re-signed by the same key, and holds it back when another key signs', async () => {
    const keys = 'https://keys.example/jwks.json';
    await approvedWith(await sign(cardJson(), k1, { jku: keys }), { [keys]: [k1] });
    const approvedPin = store.agentCards.pin('writer')!.pinHash;

    await serve(await sign(cardJson('Reworded.'), k1, { jku: keys }));
    const same = await check();
    expect(reconcileCard(store.agentCards, 'writer', same)).toEqual([]);
    expect(same.pinHash).toBe(approvedPin);

    const other = 'https://other.example/jwks.json';
    await serve(await sign(cardJson(), k2, { jku: other }), { [other]: [k2] });
    const changed = await check();
    const changes = ['signer changed from key "k1" at https://keys.example/jwks.json to key "k2" at https://other.example/jwks.json'];
    expect(reconcileCard(store.agentCards, 'writer', changed)).toEqual(changes);
    // The connection's pin is not the approved one: calls wait (A2AService.blocked).
    expect(store.agentCards.pin('writer')).toEqual({ pinHash: approvedPin, changes });
    expect(changed.pinHash).not.toBe(approvedPin);
    const [view] = agentViews(store);
    expect(view).toMatchObject({ changes, card: { signature: { signer: { keyId: 'k1' } } }, pendingSignature: { signer: { keyId: 'k2', jku: other } } });

    expect(acceptCard(store, 'writer')).toEqual(changes);
    expect(store.agentCards.pin('writer')).toEqual({ pinHash: changed.pinHash });
  });

  it('holds back a card that stops or starts being signed', async () => {
    await approvedWith(await sign(cardJson(), k1, { jku: `${AGENT}/jwks.json` }), { [`${AGENT}/jwks.json`]: [k1] });
    await serve(cardJson());
    expect(reconcileCard(store.agentCards, 'writer', await check())).toEqual([`the card is no longer signed (it was signed by key "k1" at ${AGENT}/jwks.json (self-asserted))`]);

    store.close();
    await approvedWith(cardJson());
    await serve(await sign(cardJson(), k1, { jku: `${AGENT}/jwks.json` }));
    const now = await check();
    expect(reconcileCard(store.agentCards, 'writer', now)).toEqual([`the card is now signed, by key "k1" at ${AGENT}/jwks.json (self-asserted)`]);
    expect(store.agentCards.pin('writer')!.pinHash).not.toBe(now.pinHash);
  });

  it('says only that a signature fails, not that the signer went', async () => {
    const keys = 'https://keys.example/jwks.json';
    await approvedWith(await sign(cardJson(), k1, { jku: keys }), { [keys]: [k1] });
    await serve({ ...(await sign(cardJson(), k1, { jku: keys })), description: 'edited' });
    expect(reconcileCard(store.agentCards, 'writer', await check())).toEqual(['its signature does not verify (the signature does not match the card)']);
  });

  describe('a record from before signers were pinned (the hash of its card alone, no signer)', () => {
    async function legacy(card: Record<string, unknown>): Promise<string> {
      store = openStore(tempDataDir());
      store.agents.add({ name: 'writer', url: AGENT });
      const hash = hashPin(pinOf(normalizeCard(card)));
      store.agentCards.approve('writer', card, hash, { signed: true, valid: true, keyId: 'k1' });
      return hash;
    }

    it('shows its signer, read from the card, and takes the new pin without asking when the signer is the same', async () => {
      const card = await sign(cardJson(), k1, { jku: `${AGENT}/jwks.json` });
      await legacy(card);
      expect(agentViews(store)[0]!.card!.signature).toEqual({ signed: true, valid: true, keyId: 'k1', signer: { keyId: 'k1', source: 'jku', jku: `${AGENT}/jwks.json`, selfAsserted: true } });
      await serve(card, { [`${AGENT}/jwks.json`]: [k1] });
      const fresh = await check();
      expect(reconcileCard(store.agentCards, 'writer', fresh)).toEqual([]);
      expect(store.agentCards.pin('writer')!.pinHash).toBe(fresh.pinHash);
      expect(store.agentCards.get('writer')!.signature.signer).toMatchObject({ thumbprint: k1.thumbprint });
    });

    it('holds back a card no longer signed, although the old hash matches it', async () => {
      const old = await legacy(await sign(cardJson(), k1, { jwk: { kty: k1.jwk.kty!, crv: k1.jwk.crv!, x: k1.jwk.x!, y: k1.jwk.y! } }));
      await serve(cardJson());
      const fresh = await check();
      expect(fresh.pinHash).toBe(old);
      expect(reconcileCard(store.agentCards, 'writer', fresh)).toEqual(['the card is no longer signed (it was signed by key "k1" embedded in the card (self-asserted))']);
      expect(store.agentCards.pin('writer')!.pinHash).not.toBe(fresh.pinHash);
    });

    it('holds back another signer', async () => {
      await legacy(await sign(cardJson(), k1, { jku: 'https://keys.example/jwks.json' }));
      await serve(await sign(cardJson(), k2, { jku: 'https://keys.example/jwks.json' }), { 'https://keys.example/jwks.json': [k2] });
      expect(reconcileCard(store.agentCards, 'writer', await check())).toEqual([
        'signer changed from key "k1" at https://keys.example/jwks.json to key "k2" at https://keys.example/jwks.json',
      ]);
    });
  });
});
