import { useEffect } from 'react';
import { navigate } from './router.js';

const editable = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/**
 * On a detail page, Escape goes back to its list (where the focus returns to the row's link; see
 * App's useRouteFocus), unless a dialog is open or the key was meant for a field or a control.
 */
export function useEscapeBack(path: string): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.repeat || editable(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      e.preventDefault();
      navigate(path);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [path]);
}
