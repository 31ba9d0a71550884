import { useCallback, useEffect, useState } from 'react';
import type { Remember } from '../../shared/consent.js';
import type { HubApi } from '../../shared/hub-api.js';
import type { HubEvents } from '../../shared/hub-events.js';
import { useHubData } from './use-hub-data.js';

type Answer = { effect: 'allow' | 'deny'; remember: Remember; label: string; key: string };

/** The five answers, with their keys. Escape also denies (once). */
export const ANSWERS: Answer[] = [
  { effect: 'allow', remember: 'once', label: 'Allow once', key: 'a' },
  { effect: 'allow', remember: 'session', label: 'Allow for this session', key: 's' },
  { effect: 'allow', remember: 'always', label: 'Always allow', key: 'w' },
  { effect: 'deny', remember: 'once', label: 'Deny', key: 'd' },
  { effect: 'deny', remember: 'always', label: 'Always deny', key: 'n' },
];

/** Values longer than this are folded behind a disclosure. */
const FOLD_AT = 200;

/**
 * The consent prompt: the oldest pending call, shown until answered here or anywhere else (the first
 * answer wins; a prompt answered elsewhere simply disappears). Annotations are labelled as the
 * server's claims: a server may say a tool is read-only when it is not.
 */
export function ConsentDialog({ api, events }: { api: HubApi; events: HubEvents | undefined }) {
  const fetch = useCallback(() => api.listPendingPrompts(), [api]);
  const [state, reload] = useHubData(fetch, events, 'prompts-changed', 1000);
  const [error, setError] = useState<string | undefined>();
  const prompts = state.status === 'ready' ? state.data : [];
  const prompt = prompts[0];

  const answer = useCallback(
    (a: Answer) => {
      if (!prompt) return;
      setError(undefined);
      api.answerPrompt(prompt.id, a.effect, a.remember).then(reload, (e: unknown) => {
        setError((e as Error).message);
        reload();
      });
    },
    [api, prompt, reload],
  );

  useEffect(() => {
    if (!prompt) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const a = e.key === 'Escape' ? ANSWERS[3] : ANSWERS.find((x) => x.key === e.key.toLowerCase());
      if (a) {
        e.preventDefault();
        answer(a);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [prompt, answer]);

  if (!prompt) return null;
  const d = prompt.details;
  return (
    <div className="consent-backdrop">
      <section className="consent-dialog" role="dialog" aria-modal="true" aria-labelledby="consent-title">
        <h2 id="consent-title">
          <strong>{prompt.client}</strong> wants to call <code>{prompt.tool}</code> on <strong>{prompt.server}</strong>
        </h2>
        {prompts.length > 1 && <p className="more">{prompts.length - 1} more waiting after this one.</p>}
        <p className="reason">{prompt.reason === 'changed' ? 'Asked because this tool changed since you approved it.' : 'Asked because no rule answers this call.'}</p>
        {d.hiddenCharacters.length > 0 && (
          <p className="warning" role="alert">
            Warning: the tool's {d.hiddenCharacters.join(', ')} contain invisible or direction-changing characters, which can hide instructions from you.
          </p>
        )}
        {d.title && <p className="title">{d.title}</p>}
        {d.description && (
          <blockquote className="description" aria-label="Description, in the server's words">
            {d.description}
          </blockquote>
        )}
        {d.annotations && Object.keys(d.annotations).length > 0 && (
          <p className="claims">
            The server claims: {Object.entries(d.annotations).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')} (not verified).
          </p>
        )}
        <h3>Arguments</h3>
        <Arguments value={d.arguments} />
        {d.diff && (
          <>
            <h3>What changed since you approved it</h3>
            <pre className="diff">
              {d.diff.split('\n').map((line, i) => (
                <span key={i} className={line.startsWith('+') ? 'added' : line.startsWith('-') ? 'removed' : undefined}>
                  {line}
                  {'\n'}
                </span>
              ))}
            </pre>
          </>
        )}
        {prompt.expiresAt && <p className="expires">Denied automatically at {new Date(prompt.expiresAt).toLocaleTimeString()} if you do not answer.</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="answers">
          {ANSWERS.map((a) => (
            <button key={a.label} type="button" className={a.effect} onClick={() => answer(a)} aria-keyshortcuts={a.key}>
              {a.label} <kbd>{a.key.toUpperCase()}</kbd>
            </button>
          ))}
        </div>
      </section>
    </div>
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
            <dt>{k}</dt>
            <dd>
              {text.length > FOLD_AT ? (
                <details>
                  <summary>{text.slice(0, FOLD_AT)}… ({text.length} characters)</summary>
                  <pre>{text}</pre>
                </details>
              ) : (
                <pre>{text}</pre>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
