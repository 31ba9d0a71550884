// One check of an agent's card, as `agent add` and every connection to the agent make it: fetch it,
// validate it, verify its signatures, and compare its pin with the one the user approved.
import type { CardSignatureView } from '../../../shared/a2a.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { AgentCardsRepo } from '../store/agent-cards-repo.js';
import { fetchAgentCard, type FetchFn, type FetchedCard } from './card-fetch.js';
import { diffPins, hashPin, pinOf, type CardPin } from './card-pin.js';
import { verifyCardSignatures } from './card-signature.js';
import { normalizeCard } from './agent-card.js';

export interface CheckedCard extends FetchedCard {
  signature: CardSignatureView;
  pin: CardPin;
  pinHash: string;
}

export async function checkCard(url: string, options: { fetchFn?: FetchFn; signal?: AbortSignal } = {}): Promise<CheckedCard> {
  const fetched = await fetchAgentCard(url, options);
  const check = await verifyCardSignatures(fetched.raw, options);
  const signature: CardSignatureView = {
    signed: check.signed,
    valid: check.valid,
    ...(check.reason ? { reason: check.reason } : {}),
    ...(check.keyId ? { keyId: check.keyId } : {}),
  };
  const pin = pinOf(fetched.card);
  return { ...fetched, signature, pin, pinHash: hashPin(pin) };
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
  const changes = approved.pinHash === checked.pinHash ? [] : diffPins(pinOf(normalizeCard(approved.card)), checked.pin);
  if (approved.pinHash !== checked.pinHash && changes.length === 0) changes.push('the card changed in what consent rests on');
  if (checked.signature.signed && !checked.signature.valid) changes.push(`its signature does not verify (${checked.signature.reason ?? 'no reason given'})`);
  else if (approved.signature.valid && !checked.signature.signed) changes.push('it is no longer signed');
  if (changes.length === 0) cards.refresh(agent, checked.raw, checked.signature);
  else cards.setPending(agent, checked.raw, checked.signature, changes);
  return changes;
}
