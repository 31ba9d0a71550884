import { useCallback, useLayoutEffect, type KeyboardEvent, type RefObject } from 'react';

const TABBABLE = 'button, summary, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * A `<dialog>` shown modal for as long as it is mounted: the rest of the page is inert; focus moves to
 * the dialog itself (not to a button, so Enter answers nothing) and goes back where it was when the
 * dialog unmounts. Returns a keydown handler that keeps Tab cycling inside the dialog.
 */
export function useModalDialog(ref: RefObject<HTMLDialogElement | null>): (e: KeyboardEvent) => void {
  useLayoutEffect(() => {
    const dialog = ref.current!;
    const before = document.activeElement;
    dialog.showModal();
    dialog.focus();
    return () => {
      dialog.close();
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, [ref]);

  return useCallback(
    (e: KeyboardEvent) => {
      const dialog = ref.current;
      if (e.key !== 'Tab' || !dialog) return;
      const items = [...dialog.querySelectorAll<HTMLElement>(TABBABLE)].filter((el) => !el.hasAttribute('disabled'));
      const first = items[0];
      const last = items.at(-1);
      if (!first || !last) return e.preventDefault();
      const active = document.activeElement;
      if (e.shiftKey && (active === first || active === dialog)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && active === last) {
        e.preventDefault();
        first.focus();
      }
    },
    [ref],
  );
}
