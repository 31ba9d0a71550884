// One check of an agent's card, as `agent add` and every connection to the agent make it: fetch it,
// validate it, verify its signatures, and compare its pin with the one the user approved.
import type { CardSignatureView } from '../../../shared/a2a.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { AgentCardsRepo } from '../store/agent-cards-repo.js';
import { fetchAgentCard, type FetchFn, type FetchedCard } from './card-fetch.js';
import { diffPins, hashPin, pinOf, type CardPin } from './card-pin.js';
import { verifyCardSignatures } from './card-signature.js';
import { recordedSigner, sameSigner, signerOf } from './card-signer.js';
import { normalizeCard } from './agent-card.js';

export interface CheckedCard extends FetchedCard {
  signature: CardSignatureView;
  pin: CardPin;
  pinHash: string;
  /** Where the card was asked for and where it was read: a key set on one of their hosts is the card's own. */
  cardUrls: string[];
}

export async function checkCard(url: string, options: { fetchFn?: FetchFn; signal?: AbortSignal } = {}): Promise<CheckedCard> {
  const fetched = await fetchAgentCard(url, options);
  const check = await verifyCardSignatures(fetched.raw, options);
  const cardUrls = [url, fetched.url];
  const signer = signerOf(check, cardUrls);
  const signature: CardSignatureView = {
    signed: check.signed,
    valid: check.valid,
    ...(check.reason ? { reason: check.reason } : {}),
    ...(check.keyId ? { keyId: check.keyId } : {}),
    ...(signer ? { signer } : {}),
  };
  const pin = pinOf(fetched.card, signer);
  return { ...fetched, signature, pin, pinHash: hashPin(pin), cardUrls };
}

/** A card whose signatures do not verify was changed after signing (or signed by someone else): never trusted. */
export function assertSignatureHolds(agent: string, checked: CheckedCard): void {
  if (checked.signature.signed && !checked.signature.valid) {
    throw new HubError(ErrorCodes.invalidArgument, `The card of agent "${agent}" at ${checked.url} is signed, but its signature does not verify (${checked.signature.reason ?? 'no reason given'}); it may have been tampered with.`);
  }
}

/**
 * Compares a fresh card with the approved one and records the outcome: the same pin refreshes the
 * record; a different one waits for the user with a sentence per change; an agent with no approved
 * card yet (a local agent the user added by command) gets this one approved. Returns the changes.
 */
export function reconcileCard(cards: AgentCardsRepo, agent: string, checked: CheckedCard): string[] {
  const approved = cards.get(agent);
  if (!approved) {
    assertSignatureHolds(agent, checked);
    cards.approve(agent, checked.raw, checked.pinHash, checked.signature);
    return [];
  }
  const card = normalizeCard(approved.card);
  const signer = recordedSigner(approved.signature, approved.card, checked.cardUrls);
  const before = pinOf(card, signer);
  const invalid = checked.signature.signed && !checked.signature.valid;
  // A signed record from before signers were pinned has a signer without thumbprint (read from its
  // card) and the hash of its card alone: the same pin when the cards and the signers (as far as told) are.
  const legacy = signer !== undefined && signer.thumbprint === undefined;
  const samePin = legacy ? hashPin(pinOf(card)) === hashPin(pinOf(checked.card)) && sameSigner(signer, checked.pin.signer) : approved.pinHash === checked.pinHash;
  // An invalid signature names no signer: that it does not verify is the sentence, not "no longer signed".
  const changes = samePin ? [] : diffPins(before, invalid ? { ...checked.pin, signer } : checked.pin);
  if (!samePin && changes.length === 0 && !invalid) changes.push('the card changed in what consent rests on');
  if (invalid) changes.push(`its signature does not verify (${checked.signature.reason ?? 'no reason given'})`);
  if (changes.length === 0) {
    cards.refresh(agent, checked.raw, checked.signature, checked.pinHash);
    return [];
  }
  // The old hash could match the connection's (a card no longer signed): pin the signer, so calls wait.
  if (legacy && approved.pinHash !== hashPin(before)) cards.repin(agent, hashPin(before), { ...approved.signature, signer });
  cards.setPending(agent, checked.raw, checked.signature, changes);
  return changes;
}
