import { useState } from 'react';
import { Badge, Button, ErrorLine } from './kit/index.js';
import { messageOf, useHubMutation } from './query.js';

/**
 * Sign-in for an OAuth server or agent: the button opens its sign-in page in the browser (in the desktop
 * app, the system browser); the hub waits for the redirect, and the state follows its progress.
 * `compact` (in a table row) leaves out the signed-in state and its Sign out.
 */
export function SignIn({ name, state, compact = false }: { name: string; state: 'signed-in' | 'needed' | 'in-progress'; compact?: boolean }) {
  const [link, setLink] = useState<string | undefined>();
  const signIn = useHubMutation('signIn');
  const signOut = useHubMutation('signOut');
  const cancel = useHubMutation('cancelSignIn');
  const error = messageOf(signIn.error ?? signOut.error ?? cancel.error);
  const start = () =>
    signIn.mutate([name], {
      onSuccess: ({ authorizationUrl }) => {
        if (!authorizationUrl) return;
        setLink(authorizationUrl);
        window.open(authorizationUrl, '_blank', 'noopener,noreferrer');
      },
    });
  return (
    <div className={`sign-in${compact ? ' compact' : ''}`}>
      {state === 'in-progress' ? (
        <span className="sign-in-wait" aria-busy="true">
          <span className="spinner" aria-hidden="true" />
          Waiting for the browser…{' '}
          {link && (
            <a href={link} target="_blank" rel="noopener noreferrer">
              open the sign-in page
            </a>
          )}{' '}
          <Button size="sm" variant="ghost" onClick={() => cancel.mutate([name])} aria-label={`Cancel the sign-in to ${name}`}>
            Cancel
          </Button>
        </span>
      ) : state === 'needed' ? (
        <Button size="sm" variant="primary" busy={signIn.isPending} onClick={start} aria-label={`Sign in to ${name}`}>
          Sign in
        </Button>
      ) : (
        <>
          <Badge tone="success" className="signed-in">
            signed in
          </Badge>{' '}
          <Button size="sm" variant="ghost" busy={signOut.isPending} onClick={() => signOut.mutate([name])} aria-label={`Sign out of ${name}`}>
            Sign out
          </Button>
        </>
      )}
      <ErrorLine error={error} />
    </div>
  );
}
