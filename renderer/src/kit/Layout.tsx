import type { ReactNode } from 'react';

/**
 * A page's title row: the heading (which takes the focus after a route change, see App), an optional
 * line under it, a way back for detail pages, and the page's actions on the right.
 */
export function PageHeader({ title, back, description, actions, titleExtra }: { title: ReactNode; back?: ReactNode; description?: ReactNode; actions?: ReactNode; titleExtra?: ReactNode }) {
  return (
    <div className="page-header">
      {back && <div className="page-back">{back}</div>}
      <div className="page-title">
        <h2 tabIndex={-1} data-page-title="">
          {title}
        </h2>
        {titleExtra}
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {description && <div className="page-description">{description}</div>}
    </div>
  );
}

/** A titled part of a page, on a surface. `id` names it (aria-labelledby). */
export function Section({ id, title, actions, children, className, description }: { id: string; title: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; description?: ReactNode }) {
  return (
    <section className={`section${className ? ` ${className}` : ''}`} aria-labelledby={`${id}-title`}>
      <div className="section-head">
        <h3 id={`${id}-title`}>{title}</h3>
        {actions && <div className="section-actions">{actions}</div>}
      </div>
      {description && <div className="section-description">{description}</div>}
      {children}
    </section>
  );
}

/** Shown only on a first visit: later visits show the cache at once. */
export function Loading({ children }: { children: ReactNode }) {
  return (
    <p className="loading" aria-busy="true">
      <span className="spinner" aria-hidden="true" />
      {children}
    </p>
  );
}
