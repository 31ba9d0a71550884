// Agent card signatures: JWS (RFC 7515) over the JCS-canonical card.
import { canonicalizeAgentCard, type AgentCard } from '@a2a-js/sdk';
import {
  base64url,
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  flattenedVerify,
  importJWK,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type ProtectedHeaderParameters,
} from 'jose';
import { isRecord, isV03Card, SignatureSchema } from './agent-card.js';
import { boundedGet, GetError, type FetchFn } from './card-fetch.js';
import { canonicalize } from './jcs.js';
import { isHttpsOrLoopback } from '../safe-url.js';

export interface CardSignatureCheck {
  signed: boolean;
  valid: boolean;
  /** The `kid` of the signature that verified, or of the first one when none did. */
  keyId?: string;
  /** Where the verifying key came from: the caller's trusted keys, a `jku` key set, or the `jwk` in the header. */
  keySource?: 'trusted' | 'jku' | 'jwk';
  jku?: string;
  /** RFC 7638 thumbprint of the verifying key: pinned, since a `kid` is only a name anyone can give a key. */
  thumbprint?: string;
  /** Why the card is unsigned or its signatures do not hold, as the end of a sentence. */
  reason?: string;
}

export interface VerifyCardOptions {
  fetchFn?: FetchFn;
  /** Keys the user trusts, matched by `kid` before any key the card points to. */
  trustedKeys?: readonly JWK[];
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Public-key algorithms only: a symmetric (HS*) key in a card would be public, so anyone could sign
 * with it, and "none" signs nothing.
 */
const ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA', 'Ed25519'];

type KeyOutcome = { key: CryptoKey | Uint8Array; source: 'trusted' | 'jku' | 'jwk'; jku?: string } | { reason: string };
type JwksCache = Map<string, Promise<ReturnType<typeof createLocalJWKSet> | string>>;

/**
 * Checks `raw.signatures` (A2A v1.0 AgentCardSignature: {protected, signature, header?}): valid when
 * any one of them verifies over the card without `signatures`.
 */
export async function verifyCardSignatures(raw: unknown, options: VerifyCardOptions = {}): Promise<CardSignatureCheck> {
  const list = isRecord(raw) ? raw.signatures : undefined;
  if (!isRecord(raw) || list === undefined || (Array.isArray(list) && list.length === 0)) return { signed: false, valid: false, reason: 'the card is not signed' };
  if (!Array.isArray(list)) return { signed: true, valid: false, reason: 'signatures is not a list' };
  const payloads = signingPayloads(raw);
  if (typeof payloads === 'string') return { signed: true, valid: false, reason: payloads };
  const cache: JwksCache = new Map();
  const reasons: string[] = [];
  let firstKid: string | undefined;
  for (const [i, entry] of list.entries()) {
    const outcome = await verifyOne(entry, payloads, options, cache);
    firstKid ??= outcome.kid;
    if (outcome.ok) {
      const { kid, source, jku, thumbprint } = outcome;
      return { signed: true, valid: true, ...(kid ? { keyId: kid } : {}), keySource: source, ...(jku ? { jku } : {}), thumbprint };
    }
    reasons.push(list.length > 1 ? `signature ${i + 1}: ${outcome.reason}` : outcome.reason);
  }
  return { signed: true, valid: false, ...(firstKid ? { keyId: firstKid } : {}), reason: reasons.join('; ') };
}

/**
 * The JWS payloads a signer may have used, base64url-encoded. A2A v1.0 signs the card after protobuf
 * field presence is applied (unset and default-valued fields dropped, as the SDK's canonicalizeAgentCard
 * does); signers that simply canonicalize the JSON they serve produce the plain JCS form. When the
 * served card has no such fields, both are the same text.
 */
function signingPayloads(raw: Record<string, unknown>): string[] | string {
  const { signatures: _omit, ...card } = raw;
  const forms = new Set<string>();
  let plain: string;
  try {
    plain = canonicalize(card);
  } catch (e) {
    return `the card cannot be canonicalized (${e instanceof Error ? e.message : String(e)})`;
  }
  forms.add(plain);
  // The SDK's form keeps only v1.0 fields. For a v0.3 card it would leave out url, security and the
  // schemes, so a signature over it would vouch for none of what the hub uses: v0.3 cards must be
  // signed over all of their JSON.
  if (isV03Card(raw)) return [...forms].map(b64);
  try {
    // The SDK takes a typed card but copes with any object: fromJSON reads only the fields it knows.
    forms.add(canonicalizeAgentCard(card as unknown as AgentCard));
  } catch {
    // Not shaped like a card at all: only the plain form can match.
  }
  return [...forms].map(b64);
}

const b64 = (text: string): string => base64url.encode(new TextEncoder().encode(text));

type VerifyOutcome = { ok: true; kid?: string; source: 'trusted' | 'jku' | 'jwk'; jku?: string; thumbprint: string } | { ok: false; kid?: string; reason: string };

async function verifyOne(entry: unknown, payloads: string[], options: VerifyCardOptions, cache: JwksCache): Promise<VerifyOutcome> {
  const sig = SignatureSchema.safeParse(entry);
  if (!sig.success) return { ok: false, reason: 'it is not a JWS with protected and signature members' };
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader({ protected: sig.data.protected, payload: '', signature: '' });
  } catch {
    return { ok: false, reason: 'its protected header is not base64url-encoded JSON' };
  }
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  if (!header.alg || !ALGORITHMS.includes(header.alg)) return { ok: false, kid, reason: `its algorithm "${String(header.alg)}" is not a public-key signature algorithm` };
  // Only the protected header is covered by the signature: a key named in the unprotected one could
  // have been swapped by anyone, so it is never used.
  const found = await signingKey(header, options, cache);
  if ('reason' in found) return { ok: false, kid, reason: found.reason };
  for (const payload of payloads) {
    try {
      await flattenedVerify({ payload, protected: sig.data.protected, signature: sig.data.signature, ...(sig.data.header ? { header: sig.data.header } : {}) }, found.key, { algorithms: ALGORITHMS });
    } catch (e) {
      if (!(e instanceof joseErrors.JWSSignatureVerificationFailed)) return { ok: false, kid, reason: `it cannot be checked (${e instanceof Error ? e.message : String(e)})` };
      continue;
    }
    // Verified under a public-key algorithm, so the key is a CryptoKey (public keys always export).
    return { ok: true, kid, source: found.source, ...(found.jku ? { jku: found.jku } : {}), thumbprint: await calculateJwkThumbprint(found.key as CryptoKey) };
  }
  return { ok: false, kid, reason: 'the signature does not match the card' };
}

async function signingKey(header: ProtectedHeaderParameters, options: VerifyCardOptions, cache: JwksCache): Promise<KeyOutcome> {
  const alg = header.alg ?? '';
  const trusted = header.kid ? options.trustedKeys?.find((k) => k.kid === header.kid) : undefined;
  try {
    if (trusted) return { key: await importJWK(trusted, alg), source: 'trusted' };
    if (typeof header.jku === 'string') return await keyFromJku(header, options, cache);
    if (header.jwk) return await publicKey(await importJWK(header.jwk, alg), 'jwk');
  } catch (e) {
    return { reason: `its key cannot be used (${e instanceof Error ? e.message : String(e)})` };
  }
  return { reason: 'it names no key (no jwk or jku in its protected header, and no trusted key with its kid)' };
}

function publicKey(key: CryptoKey | Uint8Array, source: 'jwk'): KeyOutcome {
  if (key instanceof Uint8Array || key.type !== 'public') return { reason: 'the key in its header is not a public key' };
  return { key, source };
}

async function keyFromJku(header: ProtectedHeaderParameters, options: VerifyCardOptions, cache: JwksCache): Promise<KeyOutcome> {
  const jku = header.jku ?? '';
  if (!isHttpsOrLoopback(jku)) return { reason: `its key set URL ${jku} is neither https:// nor on this computer` };
  let keySet = cache.get(jku);
  if (!keySet) cache.set(jku, (keySet = fetchKeySet(jku, options)));
  const set = await keySet;
  if (typeof set === 'string') return { reason: `the signing key could not be fetched from ${jku}: ${set}` };
  try {
    return { key: await set(header, { payload: '', signature: '' }), source: 'jku', jku };
  } catch (e) {
    if (e instanceof joseErrors.JWKSNoMatchingKey) return { reason: `the key set at ${jku} has no key${header.kid ? ` "${header.kid}"` : ''} for ${header.alg}` };
    throw e;
  }
}

/** The key set, or why it could not be had. */
async function fetchKeySet(jku: string, options: VerifyCardOptions): Promise<ReturnType<typeof createLocalJWKSet> | string> {
  try {
    // No redirects: the signer named this exact URL as where its key lives.
    const { json } = await boundedGet(jku, { ...options, maxBytes: 256 * 1024, maxRedirects: 0, headers: { accept: 'application/jwk-set+json, application/json' } });
    // createLocalJWKSet checks the shape itself (JWKSInvalid below).
    return createLocalJWKSet(json as JSONWebKeySet);
  } catch (e) {
    if (e instanceof GetError) return e.message;
    if (e instanceof joseErrors.JWKSInvalid) return 'it is not a JSON Web Key Set';
    throw e;
  }
}
