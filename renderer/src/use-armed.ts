import { useCallback, useEffect, useState } from 'react';

/** How long a prompt must have been in view before an answer to it counts. */
export const ARM_MS = 700;

export interface Arming {
  armed: boolean;
  /** Changes with every restart: a key for the progress shown while arming. */
  round: number;
  /** Starts the wait over (e.g. a key arrived too early: the user may be typing elsewhere). */
  restart: () => void;
}

/**
 * Arms `delayMs` after `subject` (e.g. a prompt id) appeared, and again after each restart, counting
 * only time the page is visible. A new subject is unarmed in its very first render, so a press meant
 * for the previous one can never answer it.
 */
export function useArmed(subject: unknown, delayMs = ARM_MS): Arming {
  const [round, setRound] = useState(0);
  const [armedFor, setArmedFor] = useState<{ subject: unknown; round: number } | undefined>();
  const restart = useCallback(() => setRound((r) => r + 1), []);

  useEffect(() => {
    if (document.hidden) return;
    const timer = setTimeout(() => setArmedFor({ subject, round }), delayMs);
    return () => clearTimeout(timer);
  }, [subject, round, delayMs]);

  // A prompt that arrived in a background tab was not seen: the wait starts when the tab shows.
  useEffect(() => {
    document.addEventListener('visibilitychange', restart);
    return () => document.removeEventListener('visibilitychange', restart);
  }, [restart]);

  return { armed: armedFor !== undefined && armedFor.subject === subject && armedFor.round === round, round, restart };
}
