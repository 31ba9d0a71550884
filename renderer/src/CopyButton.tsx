import { useState } from 'react';
import { Button } from './kit/index.js';

/** Copies to the clipboard where the page may; otherwise selects the text so Ctrl+C copies it. */
export async function copyOrSelect(text: string, element: HTMLElement | null): Promise<'copied' | 'selected'> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return 'copied';
    }
  } catch {
    // Not allowed here (no focus, no permission): fall back to selecting.
  }
  if (element instanceof HTMLInputElement) element.select();
  else if (element) window.getSelection()?.selectAllChildren(element);
  return 'selected';
}

/** A Copy button with a note of what happened (copied, or selected for Ctrl+C). */
export function CopyButton({ text, target, label, children = 'Copy' }: { text: string; target: () => HTMLElement | null; label: string; children?: string }) {
  const [done, setDone] = useState<'copied' | 'selected' | undefined>();
  const copy = () => void copyOrSelect(text, target()).then(setDone);
  return (
    <>
      <Button size="sm" onClick={copy} aria-label={label}>
        {children}
      </Button>
      {done && (
        <span className="copy-note" role="status">
          {done === 'copied' ? 'Copied.' : 'Selected: press Ctrl+C (⌘C) to copy.'}
        </span>
      )}
    </>
  );
}
