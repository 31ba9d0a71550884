import { useState, useSyncExternalStore } from 'react';
import type { Connection, ConnectionState } from './event-stream.js';

const ALWAYS_OPEN: Connection = { state: () => 'open', onStateChange: () => () => {} };

/** The event stream's state; a host without one (the desktop app's IPC) is always connected. */
export function useConnectionState(connection: Connection | undefined): { state: ConnectionState; hadSession: boolean } {
  const c = connection ?? ALWAYS_OPEN;
  const state = useSyncExternalStore(c.onStateChange, c.state);
  const [hadSession, setHadSession] = useState(false);
  if (state === 'open' && !hadSession) setHadSession(true);
  return { state, hadSession };
}

/** Shown while the stream is down, over data that may be stale; the live region announces it. */
export function ConnectionBanner({ state }: { state: ConnectionState }) {
  return (
    <div className="connection-banner" role="status" aria-live="polite">
      {state === 'down' && (
        <p>
          <span className="spinner" aria-hidden="true" />
          Disconnected from Agent Hub — reconnecting… What you see may be out of date.
        </p>
      )}
    </div>
  );
}

/**
 * The hub refuses this page's session: it restarted (sessions live in its memory) or the session
 * expired. A new link pasted into this tab signs it in again, without a reload.
 */
export function SessionEnded({ hadSession }: { hadSession: boolean }) {
  return (
    <section className="session-ended" role="alert" aria-labelledby="session-ended-title">
      <h2 id="session-ended-title">{hadSession ? 'Session ended' : 'Not signed in'} — open a new sign-in link (agent-hub open)</h2>
      <p>
        {hadSession ? 'Agent Hub restarted or this session expired. ' : ''}Run <code>agent-hub open</code> in a terminal and open the link it prints, here
        or in a new tab.
      </p>
    </section>
  );
}
