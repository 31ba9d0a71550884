import { useRef } from 'react';
import { CopyButton } from './CopyButton.js';
import { Revealed } from './Revealed.js';

/** JSON text (as stored: compact) laid out for reading; text that is not JSON shows as it is. */
export function prettyJson(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value, null, 2) ?? 'undefined';
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}

/**
 * A block of JSON (arguments, a result, a request or response), hidden characters shown as their code
 * points, with Copy. `label` names it for screen readers and the Copy button. It scrolls sideways
 * inside itself only, so a long line never widens the page.
 */
export function JsonBlock({ value, label, copy = true }: { value: unknown; label: string; copy?: boolean }) {
  const ref = useRef<HTMLPreElement>(null);
  const text = prettyJson(value);
  return (
    <div className="json-block">
      {copy && (
        <div className="json-actions">
          <CopyButton text={text} target={() => ref.current} label={`Copy ${label}`} />
        </div>
      )}
      <pre ref={ref} tabIndex={0} aria-label={label}>
        <Revealed text={text} />
      </pre>
    </div>
  );
}
