import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'accent';

/**
 * A short label with a tone: a state, a kind, a count. Each tone also has a shape (drawn by kit.css
 * before the text: ✓ success, ! warning, ✕ danger, ◐ info, ○ neutral), so a state never depends on
 * colour alone; `icon` replaces it with another glyph, `icon={false}` leaves it out. The glyph is not
 * part of the text or of what screen readers say: the words must say everything that matters.
 * `title` explains more in a tooltip.
 */
export function Badge({
  tone = 'neutral',
  icon = true,
  title,
  className,
  busy,
  children,
}: {
  tone?: Tone;
  icon?: boolean | string;
  title?: string | undefined;
  className?: string | undefined;
  busy?: boolean;
  children: ReactNode;
}) {
  const classes = ['badge', `badge-${tone}`, icon === false || busy ? 'badge-plain' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <span className={classes} title={title} aria-busy={busy || undefined} data-icon={typeof icon === 'string' ? icon : undefined}>
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </span>
  );
}
