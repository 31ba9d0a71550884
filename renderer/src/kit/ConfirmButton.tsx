import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { Button, type ButtonSize, type ButtonVariant } from './Button.js';

/**
 * A button for something that cannot be taken back (remove, revoke, disconnect): the first press only
 * asks ("Remove memory? [Yes, remove] [Keep]"); the second, separate press on "Yes" does it.
 *
 * Safe with the keyboard and the mouse alike: the question takes the focus on its *Keep* button, so a
 * double Enter, a held key or a second Space keeps; the second click of a double-click (which lands on
 * whatever took the first button's place) does nothing; Escape keeps and puts the focus back on the
 * first button.
 */
export function ConfirmButton({
  children,
  question,
  confirm,
  cancel = 'Keep',
  onConfirm,
  busy = false,
  variant = 'ghost',
  confirmVariant = 'danger',
  size = 'sm',
  disabled,
  className,
  'aria-label': ariaLabel,
  title,
}: {
  children: ReactNode;
  /** The question, e.g. "Remove memory? Its tools go with it." */
  question: ReactNode;
  /** The confirming button's words, e.g. "Yes, remove". */
  confirm: string;
  cancel?: string;
  onConfirm: () => void;
  busy?: boolean;
  variant?: ButtonVariant;
  confirmVariant?: ButtonVariant;
  size?: ButtonSize;
  disabled?: boolean;
  className?: string;
  'aria-label'?: string;
  title?: string;
}) {
  const [asking, setAsking] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);

  useEffect(() => {
    if (asking) keep.current?.focus();
    else if (refocus.current) {
      refocus.current = false;
      first.current?.focus();
    }
  }, [asking]);

  const close = (focusBack: boolean) => {
    refocus.current = focusBack;
    setAsking(false);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    close(true);
  };
  const yes = (e: MouseEvent) => {
    // detail > 1: the second click of a double-click on the first button, not a decision.
    if (e.detail > 1) return;
    onConfirm();
  };

  if (!asking || busy) {
    return (
      <Button
        ref={first}
        variant={busy ? confirmVariant : variant}
        size={size}
        className={className}
        disabled={disabled || busy}
        busy={busy}
        aria-label={ariaLabel}
        title={title}
        onClick={() => setAsking(true)}
      >
        {children}
      </Button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={typeof question === 'string' ? question : undefined} onKeyDown={onKeyDown}>
      <span className="confirm-question">{question}</span>
      <Button variant={confirmVariant} size={size} onClick={yes} onKeyDown={(e) => e.repeat && e.preventDefault()}>
        {confirm}
      </Button>
      <Button ref={keep} variant="secondary" size={size} onClick={() => close(true)}>
        {cancel}
      </Button>
    </span>
  );
}
