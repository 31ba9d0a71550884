import { splitHidden } from '../../shared/visible-text.js';

/**
 * Text from a server, agent or client, with every hidden, zero-width, tag or direction-changing
 * character shown as its code point (⟨U+202E⟩) in a marked chip instead of applied: the person who
 * decides must see what the model reads ("evil" must not read as "live").
 */
export function Revealed({ text }: { text: string }) {
  const parts = splitHidden(text);
  if (parts.every((p) => !p.hidden)) return <>{text}</>;
  return (
    <>
      {parts.map((p, i) =>
        p.hidden ? (
          <span key={i} className="hidden-char" title="A hidden character, shown as its code point">
            {p.text}
          </span>
        ) : (
          p.text
        ),
      )}
    </>
  );
}
