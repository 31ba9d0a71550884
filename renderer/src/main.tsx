import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createEventStream } from './event-stream.js';
import { getHubApi, getHubEvents } from './hub-client.js';
import { createHttpHubApi, hasSignInCode, probeSession, signInFromLink } from './http-hub.js';
import { applyStoredTheme } from './theme.js';
import './tokens.css';
import './base.css';
import './kit/kit.css';
import './styles.css';
import './forms.css';
import './setup.css';
import './pages.css';

applyStoredTheme();

// In the desktop app the preload provides the hub; in a browser, the hub that served this page does.
const desktop = getHubApi();
const root = createRoot(document.getElementById('root')!);

if (desktop) {
  root.render(
    <StrictMode>
      <App api={desktop} events={getHubEvents()} />
    </StrictMode>,
  );
} else {
  const stream = createEventStream({ url: '/api/events', probe: probeSession });
  const api = createHttpHubApi({ onRefused: () => stream.check() });
  const render = (notice: string | undefined) =>
    root.render(
      <StrictMode>
        <App api={api} events={stream} connection={stream} notice={notice} />
      </StrictMode>,
    );
  const signIn = () =>
    void signInFromLink().then((error) => {
      render(error);
      stream.connect();
    });
  // A new link opened in this tab (after the hub restarted, `agent-hub open` prints one) signs it in again.
  window.addEventListener('hashchange', () => hasSignInCode() && signIn());
  // A background tab runs its retry timers rarely: try at once when it comes to the front.
  document.addEventListener('visibilitychange', () => !document.hidden && stream.state() !== 'open' && stream.connect());
  signIn();
}
