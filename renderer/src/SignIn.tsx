import { useState } from 'react';
import type { HubApi } from '../../shared/hub-api.js';

/**
 * Sign-in for an OAuth server or agent: the button opens its sign-in page in the browser (in the desktop
 * app, the system browser); the hub waits for the redirect, and the row follows its progress.
 */
export function SignIn({ api, name, state, onChange }: { api: HubApi; name: string; state: 'signed-in' | 'needed' | 'in-progress'; onChange: () => void }) {
  const [error, setError] = useState<string | undefined>();
  const [link, setLink] = useState<string | undefined>();
  const run = (p: Promise<unknown>) => {
    setError(undefined);
    p.then(onChange, (e: unknown) => setError((e as Error).message));
  };
  const signIn = () =>
    run(
      api.signIn(name).then(({ authorizationUrl }) => {
        if (!authorizationUrl) return;
        setLink(authorizationUrl);
        window.open(authorizationUrl, '_blank', 'noopener,noreferrer');
      }),
    );
  return (
    <div className="sign-in">
      {state === 'in-progress' ? (
        <span aria-busy="true">
          <span className="spinner" aria-hidden="true" />
          Waiting for the browser…{' '}
          {link && (
            <a href={link} target="_blank" rel="noopener noreferrer">
              open the sign-in page
            </a>
          )}{' '}
          <button type="button" onClick={() => run(api.cancelSignIn(name))} aria-label={`Cancel the sign-in to ${name}`}>
            Cancel
          </button>
        </span>
      ) : state === 'needed' ? (
        <button type="button" onClick={signIn} aria-label={`Sign in to ${name}`}>
          Sign in
        </button>
      ) : (
        <>
          <span className="signed-in">signed in</span>{' '}
          <button type="button" onClick={() => run(api.signOut(name))} aria-label={`Sign out of ${name}`}>
            Sign out
          </button>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
