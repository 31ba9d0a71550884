/**
 * A sentence from the hub that says what went wrong (and usually what to do); nothing without one.
 * kit.css marks it with a "!" shape, so it does not depend on colour alone.
 */
export function ErrorLine({ error, className }: { error: string | undefined | null; className?: string }) {
  if (!error) return null;
  return (
    <p className={`error${className ? ` ${className}` : ''}`} role="alert">
      {error}
    </p>
  );
}
