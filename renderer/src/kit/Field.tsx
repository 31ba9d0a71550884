import { useId, type ReactNode } from 'react';

/** What the control inside a Field is given: its id, and how it points at its hint and problem. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/**
 * A labelled form control with an optional hint and problem sentence, wired for screen readers: the
 * control (rendered by `children`) gets the id, aria-invalid and aria-describedby it needs.
 */
export function Field({
  label,
  hint,
  issue,
  id: given,
  className,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  issue?: string | undefined;
  id?: string;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const auto = useId();
  const id = given ?? `field${auto.replace(/:/g, '')}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const issueId = issue ? `${id}-issue` : undefined;
  const describedBy = [issueId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(issue), 'aria-describedby': describedBy })}
      {issue && (
        <span className="field-issue" id={issueId}>
          {issue}
        </span>
      )}
      {hint && (
        <small className="field-hint" id={hintId}>
          {hint}
        </small>
      )}
    </div>
  );
}
