import { describeSigner, signatureState, signerTrust, type CardSignatureView } from '../../shared/a2a.js';
import { Badge, type Tone } from './kit/index.js';
import { Revealed } from './Revealed.js';

// Who signed an agent card, on the Agents page. A key the card carries itself (embedded, or in a key
// set on the card's own host) proves only that the card is intact, so it is never badged plain "valid".

const BADGES: Record<ReturnType<typeof signatureState>, [string, string, Tone]> = {
  valid: ['Card signed · valid', 'valid', 'success'],
  // The grey of an unsigned card: a self-asserted key vouches for no one.
  'self-asserted': ['Card signed · self-asserted key', 'unsigned self-asserted', 'neutral'],
  invalid: ['Card signed · INVALID', 'invalid', 'danger'],
  unsigned: ['Card not signed', 'unsigned', 'neutral'],
};

/** Whether the card is signed, whether a signature holds and whether its key is independent; details in the tooltip. */
export function SignatureBadge({ signature: s }: { signature: CardSignatureView }) {
  const [label, kind, tone] = BADGES[signatureState(s)];
  const title = s.reason ?? (s.signer ? `Signed with ${describeSigner(s.signer)}: ${signerTrust(s.signer)}` : s.keyId ? `Signed with key ${s.keyId}` : undefined);
  return (
    <Badge tone={tone} className={`signature ${kind}`} title={title}>
      {label}
    </Badge>
  );
}

/** The signer as a sentence: the key and where it came from, or why there is none. */
export function signerText(s: CardSignatureView): string {
  if (!s.signed) return 'not signed';
  if (!s.valid) return 'a signature that does not verify';
  return s.signer ? describeSigner(s.signer) : s.keyId ? `key "${s.keyId}"` : 'a valid signature';
}

/** The "Signed by" fact of a card: its key, and whether anyone but the card vouches for it. */
export function CardSigner({ signature: s }: { signature: CardSignatureView }) {
  return (
    <>
      <Revealed text={signerText(s)} />
      {s.signer && <div className="card-description">{signerTrust(s.signer)}</div>}
    </>
  );
}

/** In a card change: the signer of the approved card and of the new one, when they differ. */
export function SignerChange({ before, after }: { before: CardSignatureView | undefined; after: CardSignatureView | undefined }) {
  if (!before || !after) return null;
  const [was, now] = [signerText(before), signerText(after)];
  if (was === now && before.signer?.thumbprint === after.signer?.thumbprint) return null;
  return (
    <p className="signer-change">
      Signed by: <Revealed text={was} /> (approved) → <Revealed text={now} /> (new)
    </p>
  );
}
