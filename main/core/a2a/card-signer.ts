// Who signed an agent card, as the hub pins it: the key (its id, where it came from, its thumbprint)
// and whether the card brought that key along itself. A change of signer is a change the user must
// accept, like any other that consent rests on (see card-pin.ts).
import { decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import { describeSigner, type CardSignatureView, type CardSignerView } from '../../../shared/a2a.js';
import { isRecord, SignatureSchema } from './agent-card.js';
import type { CardSignatureCheck } from './card-signature.js';

/** The signer of a card whose signature verified; `cardUrls` are where the card was asked for and read. */
export function signerOf(check: CardSignatureCheck, cardUrls: readonly string[]): CardSignerView | undefined {
  if (!check.valid || !check.keySource) return undefined;
  return signer(check.keySource, check.keyId, check.jku, check.thumbprint, cardUrls);
}

/**
 * The signer of a stored card. Records made before signers were pinned hold only the key id: the rest
 * is read from the card's own protected header with that `kid`, without a thumbprint (that needs the
 * key itself). Those checks had no trusted keys, so the key came from the header's jku, else its jwk.
 */
export function recordedSigner(signature: CardSignatureView, card: unknown, cardUrls: readonly string[]): CardSignerView | undefined {
  if (!signature.valid) return undefined;
  if (signature.signer) return signature.signer;
  const headers = protectedHeaders(card);
  const header = headers.find((h) => h.kid === signature.keyId) ?? headers[0];
  if (!header) return undefined;
  const jku = typeof header.jku === 'string' ? header.jku : undefined;
  return signer(jku ? 'jku' : 'jwk', typeof header.kid === 'string' ? header.kid : undefined, jku, undefined, cardUrls);
}

/** The signature view with its signer filled in from the card when the record predates signers. */
export function withRecordedSigner(signature: CardSignatureView, card: unknown, cardUrls: readonly string[]): CardSignatureView {
  const found = signature.signer ? undefined : recordedSigner(signature, card, cardUrls);
  return found ? { ...signature, signer: found } : signature;
}

/**
 * The same key from the same place. A signer recorded without a thumbprint (made before they were
 * pinned) is compared on the rest.
 */
export function sameSigner(a: CardSignerView | undefined, b: CardSignerView | undefined): boolean {
  if (!a || !b) return a === b;
  const prints = a.thumbprint !== undefined && b.thumbprint !== undefined;
  return a.source === b.source && a.keyId === b.keyId && a.jku === b.jku && a.selfAsserted === b.selfAsserted && (!prints || a.thumbprint === b.thumbprint);
}

/** What changed about who signs the card, as sentences for the prompt that asks again. */
export function diffSigners(before: CardSignerView | undefined, after: CardSignerView | undefined): string[] {
  if (sameSigner(before, after)) return [];
  if (!after) return [`the card is no longer signed (it was signed by ${describeSigner(before!)})`];
  if (!before) return [`the card is now signed, by ${describeSigner(after)}`];
  const [was, now] = [describeSigner(before), describeSigner(after)];
  // Same id, same place, another key: the kid is only a name, the key is what signs.
  if (was === now) return [`signer changed: ${now} is a different key now`];
  return [`signer changed from ${was} to ${now}`];
}

function signer(source: CardSignerView['source'], keyId: string | undefined, jku: string | undefined, thumbprint: string | undefined, cardUrls: readonly string[]): CardSignerView {
  return {
    ...(keyId ? { keyId } : {}),
    source,
    ...(jku ? { jku } : {}),
    ...(thumbprint ? { thumbprint } : {}),
    // Whoever serves the card decides what an embedded key or a key set on its own host says.
    selfAsserted: source === 'jwk' || (source === 'jku' && (!jku || onHostOf(jku, cardUrls))),
  };
}

/**
 * A key set on a host that serves the card is under the same control as the card. Host names are
 * compared, not ports: another port on the same host is the same operator. With no card URL known,
 * nothing shows the key is independent.
 */
function onHostOf(url: string, cardUrls: readonly string[]): boolean {
  const host = hostname(url);
  return cardUrls.length === 0 || host === undefined || cardUrls.some((u) => hostname(u) === host);
}

const hostname = (url: string): string | undefined => (URL.canParse(url) ? new URL(url).hostname : undefined);

function protectedHeaders(card: unknown): ProtectedHeaderParameters[] {
  const list = isRecord(card) && Array.isArray(card.signatures) ? card.signatures : [];
  return list.flatMap((entry: unknown) => {
    const sig = SignatureSchema.safeParse(entry);
    if (!sig.success) return [];
    try {
      return [decodeProtectedHeader({ protected: sig.data.protected, payload: '', signature: '' })];
    } catch {
      return [];
    }
  });
}
