import type { ConsentPromptView } from '../../shared/consent.js';
import { Revealed } from './Revealed.js';

/** Values longer than this are folded behind a disclosure. */
const FOLD_AT = 200;

/**
 * What a consent prompt asks about: the arguments first and largest (they are what will happen), then
 * what changed since the user approved the tool, then the tool as its server describes it, labelled
 * as the server's words and claims. Every piece of text from the server or client shows its hidden
 * characters.
 */
export function PromptDetails({ prompt }: { prompt: ConsentPromptView }) {
  const d = prompt.details;
  return (
    <>
      {d.hiddenCharacters.length > 0 && (
        <p className="warning" role="alert">
          Warning: the tool's {d.hiddenCharacters.join(', ')} contain invisible or direction-changing characters, which can hide instructions from you. They
          are shown as <span className="hidden-char">⟨U+…⟩</span> below.
        </p>
      )}
      <section className="arguments-box" aria-labelledby="consent-arguments">
        <h3 id="consent-arguments">Arguments</h3>
        <Arguments value={d.arguments} />
      </section>
      {d.diff && (
        <section aria-labelledby="consent-diff">
          <h3 id="consent-diff">What changed since you approved it</h3>
          <Diff text={d.diff} />
        </section>
      )}
      <section className="about-tool" aria-label="The tool, in the server's words">
        {d.title && (
          <p className="title">
            <Revealed text={d.title} />
          </p>
        )}
        {d.description && (
          <blockquote className="description" aria-label="Description, in the server's words">
            <Revealed text={d.description} />
          </blockquote>
        )}
        {d.annotations && Object.keys(d.annotations).length > 0 && (
          <p className="claims">
            The server claims: <Revealed text={Object.entries(d.annotations).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')} /> (not verified).
          </p>
        )}
      </section>
    </>
  );
}

/** A unified diff, its added and removed lines marked. */
export function Diff({ text }: { text: string }) {
  return (
    <pre className="diff">
      {text.split('\n').map((line, i) => (
        <span key={i} className={line.startsWith('+') ? 'added' : line.startsWith('-') ? 'removed' : undefined}>
          <Revealed text={line} />
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

function Arguments({ value }: { value: unknown }) {
  if (value === null || typeof value !== 'object' || Object.keys(value).length === 0) return <p className="empty">No arguments.</p>;
  return (
    <dl className="arguments">
      {Object.entries(value as Record<string, unknown>).map(([k, v]) => {
        const text = typeof v === 'string' ? v : JSON.stringify(v, null, 2);
        return (
          <div key={k}>
            <dt>
              <Revealed text={k} />
            </dt>
            <dd>
              {text.length > FOLD_AT ? (
                <details>
                  <summary>
                    <Revealed text={text.slice(0, FOLD_AT)} />… ({text.length} characters)
                  </summary>
                  <pre>
                    <Revealed text={text} />
                  </pre>
                </details>
              ) : (
                <pre>
                  <Revealed text={text} />
                </pre>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
