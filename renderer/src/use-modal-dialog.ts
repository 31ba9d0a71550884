import { useCallback, useLayoutEffect, type KeyboardEvent, type RefObject } from 'react';

const TABBABLE = 'button, summary, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])';
const FIELDS = 'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled])';

/**
 * A `<dialog>` shown modal for as long as it is mounted: the rest of the page is inert; focus moves to
 * the dialog itself (not to a button, so Enter answers nothing), or with `focus: 'first-field'` to its
 * first enabled field (a form), and goes back where it was when the dialog unmounts. Returns a keydown
 * handler that keeps Tab cycling inside the dialog.
 */
export function useModalDialog(ref: RefObject<HTMLDialogElement | null>, options: { focus?: 'dialog' | 'first-field' } = {}): (e: KeyboardEvent) => void {
  const focus = options.focus ?? 'dialog';
  useLayoutEffect(() => {
    const dialog = ref.current!;
    const before = document.activeElement;
    dialog.showModal();
    const field = focus === 'first-field' ? dialog.querySelector<HTMLElement>(FIELDS) : null;
    (field ?? dialog).focus();
    return () => {
      dialog.close();
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, [ref, focus]);

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
