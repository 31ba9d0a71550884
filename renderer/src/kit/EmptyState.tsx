import type { ReactNode } from 'react';

/** What an empty list shows: what is missing, and what to do about it (a sentence, and a button or two). */
export function EmptyState({ title, children, actions, className }: { title?: ReactNode; children?: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <div className={`empty-state${className ? ` ${className}` : ''}`}>
      {title && <p className="empty-title">{title}</p>}
      {children && <div className="empty">{children}</div>}
      {actions && <div className="empty-actions">{actions}</div>}
    </div>
  );
}
