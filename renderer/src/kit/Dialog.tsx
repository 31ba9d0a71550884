import { useId, useRef, type ReactNode } from 'react';
import { useModalDialog } from '../use-modal-dialog.js';

/**
 * A modal dialog for as long as it is mounted (a form, a question): the page behind is inert, Tab
 * stays inside, Escape or the close button calls `onClose`, and the focus goes back to what had it
 * before (the button that opened it). The focus starts on the first field, or on the dialog itself.
 */
export function Dialog({
  title,
  onClose,
  children,
  footer,
  wide = false,
  className,
  closeLabel = 'Close',
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  className?: string;
  closeLabel?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const trapTab = useModalDialog(ref, { focus: 'first-field' });
  const titleId = `dialog-title${useId().replace(/:/g, '')}`;
  return (
    <dialog
      ref={ref}
      className={`kit-dialog${wide ? ' wide' : ''}${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      tabIndex={-1}
      onKeyDown={trapTab}
      onCancel={(e) => {
        // Escape: the dialog closes through React (onClose), never by itself.
        e.preventDefault();
        onClose();
      }}
    >
      <header className="kit-dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="btn btn-ghost btn-sm btn-icon" onClick={onClose} aria-label={closeLabel}>
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      <div className="kit-dialog-body">{children}</div>
      {footer && <footer className="kit-dialog-foot">{footer}</footer>}
    </dialog>
  );
}
