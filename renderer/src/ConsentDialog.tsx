import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ConsentPromptView, Remember } from '../../shared/consent.js';
import { revealHidden } from '../../shared/visible-text.js';
import { PromptDetails } from './PromptDetails.js';
import { useHubApi } from './query.js';
import { Revealed } from './Revealed.js';
import { useArmed } from './use-armed.js';
import { useModalDialog } from './use-modal-dialog.js';

type Answer = { effect: 'allow' | 'deny'; remember: Remember; label: string; key: string };

/** The five answers, with their keys. Escape also denies (once). */
export const ANSWERS: Answer[] = [
  { effect: 'allow', remember: 'once', label: 'Allow once', key: 'a' },
  { effect: 'allow', remember: 'session', label: 'Allow for this session', key: 's' },
  { effect: 'allow', remember: 'always', label: 'Always allow', key: 'w' },
  { effect: 'deny', remember: 'once', label: 'Deny', key: 'd' },
  { effect: 'deny', remember: 'always', label: 'Always deny', key: 'n' },
];
const DENY_ONCE = ANSWERS[3]!;

/** A standing rule waits this long for its confirmation, then the dialog goes back to its five answers. */
export const CONFIRM_MS = 5000;

/** Keys typed into a field are text, never answers. */
function isEditable(target: EventTarget): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

const without = <K,>(set: ReadonlySet<K>, key: K) => new Set([...set].filter((k) => k !== key));

/**
 * The consent prompt: the oldest pending call, in a modal dialog, shown until answered here or
 * anywhere else (the first answer wins; a prompt answered elsewhere simply disappears). Nothing can
 * answer it by accident: answers arm only after the prompt has been in view for a moment (a key that
 * comes earlier starts the wait over, as the user may be typing), repeats of a held key count for
 * nothing, and a standing rule needs a second, separate press to confirm.
 */
export function ConsentDialog({ prompts, onAnswered }: { prompts: readonly ConsentPromptView[]; onAnswered: () => void }) {
  const api = useHubApi();
  // Answered here and on its way to the hub: hidden at once, so the next prompt arms on its own.
  const [sent, setSent] = useState<ReadonlySet<number>>(new Set());
  const [errors, setErrors] = useState<ReadonlyMap<number, string>>(new Map());
  const queue = prompts.filter((p) => !sent.has(p.id));
  const prompt = queue[0];

  useEffect(() => {
    const live = new Set(prompts.map((p) => p.id));
    setSent((prev) => ([...prev].every((id) => live.has(id)) ? prev : new Set([...prev].filter((id) => live.has(id)))));
    setErrors((prev) => ([...prev.keys()].every((id) => live.has(id)) ? prev : new Map([...prev].filter(([id]) => live.has(id)))));
  }, [prompts]);

  const submit = (p: ConsentPromptView, a: Answer) => {
    setSent((prev) => new Set(prev).add(p.id));
    api.answerPrompt(p.id, a.effect, a.remember).then(onAnswered, (e: unknown) => {
      setErrors((prev) => new Map(prev).set(p.id, (e as Error).message));
      setSent((prev) => without(prev, p.id));
      onAnswered();
    });
  };

  if (!prompt) return null;
  return <PromptModal prompt={prompt} waiting={queue.length - 1} error={errors.get(prompt.id)} onAnswer={(a) => submit(prompt, a)} />;
}

function PromptModal({ prompt, waiting, error, onAnswer }: { prompt: ConsentPromptView; waiting: number; error: string | undefined; onAnswer: (a: Answer) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const trapTab = useModalDialog(ref);
  const { armed, round, restart } = useArmed(prompt.id);
  const [pending, setPending] = useState<{ id: number; answer: Answer } | undefined>();
  const confirming = pending?.id === prompt.id ? pending.answer : undefined;

  // Each prompt starts with the focus on the dialog itself, not on the button that answered the last one.
  useEffect(() => ref.current?.focus(), [prompt.id]);

  useEffect(() => {
    if (!confirming) return;
    const timer = setTimeout(() => setPending(undefined), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [confirming]);

  const press = (a: Answer) => {
    if (!armed) return;
    if (a.remember === 'always' && confirming !== a) {
      setPending({ id: prompt.id, answer: a });
      restart(); // the confirmation is a second, separate decision
      return;
    }
    setPending(undefined);
    onAnswer(a);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    trapTab(e);
    // The native dialog closes itself on Escape; this one stays until the prompt is answered. A held
    // Enter would click a focused answer button again and again.
    if (e.key === 'Escape' || (e.key === 'Enter' && e.repeat)) e.preventDefault();
    // Only typed keys count: arrows, Page Down and the like scroll the dialog while the user reads.
    const typed = e.key.length === 1 || e.key === 'Escape';
    if (!typed || e.repeat || e.ctrlKey || e.metaKey || e.altKey || isEditable(e.target)) return;
    const a = e.key === 'Escape' ? DENY_ONCE : ANSWERS.find((x) => x.key === e.key.toLowerCase());
    if (armed && a && (!confirming || a === confirming)) {
      e.preventDefault();
      press(a);
      return;
    }
    // Too early, or not an answer: the user may be typing something meant elsewhere.
    if (confirming && a !== confirming) setPending(undefined);
    restart();
  };

  return (
    <dialog
      ref={ref}
      className="consent-dialog"
      aria-labelledby="consent-title"
      aria-describedby="consent-reason"
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onCancel={(e) => e.preventDefault()}
    >
      <header className="consent-head">
        <h2 id="consent-title">
          <strong>
            <Revealed text={prompt.client} />
          </strong>{' '}
          wants to call{' '}
          <code>
            <Revealed text={prompt.tool} />
          </code>{' '}
          on{' '}
          <strong>
            <Revealed text={prompt.server} />
          </strong>
        </h2>
        <p id="consent-reason" className="reason">
          {prompt.reason === 'changed' ? 'Asked because this tool changed since you approved it.' : 'Asked because no rule answers this call.'}
          {prompt.askIn === 'both' && (
            <>
              {' '}
              Also asked in <Revealed text={prompt.client} /> — the first answer wins.
            </>
          )}
        </p>
        {waiting > 0 && <p className="more">{waiting} more waiting after this one.</p>}
      </header>
      <div className="consent-body">
        <PromptDetails prompt={prompt} />
      </div>
      <footer className="consent-foot">
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <p className="consent-status">
          {!armed ? (
            <span className="arming" key={round}>
              <span className="arming-bar" aria-hidden="true" />
              {confirming ? `Confirm in a moment: press ${confirming.key.toUpperCase()} again or click once it unlocks.` : 'Read the call first: answers unlock in a moment.'}
            </span>
          ) : confirming ? (
            <>
              Press <kbd>{confirming.key.toUpperCase()}</kbd> again or click to confirm; any other key cancels.
            </>
          ) : (
            prompt.expiresAt && <>Denied automatically at {new Date(prompt.expiresAt).toLocaleTimeString()} if you do not answer.</>
          )}
        </p>
        <div className="answers">
          {ANSWERS.map((a) => (
            <button
              key={a.label}
              type="button"
              className={`btn answer ${a.effect}${confirming === a ? ' confirming' : ''}`}
              aria-disabled={!armed}
              aria-keyshortcuts={a === DENY_ONCE ? 'D Escape' : a.key.toUpperCase()}
              onClick={() => press(a)}
            >
              {confirming === a ? `Confirm: ${a.label.toLowerCase()} ${revealHidden(prompt.tool)} for ${revealHidden(prompt.client)}?` : a.label} <kbd>{a.key.toUpperCase()}</kbd>
            </button>
          ))}
        </div>
      </footer>
    </dialog>
  );
}
