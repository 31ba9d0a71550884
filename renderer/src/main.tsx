import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { getHubApi, getHubEvents } from './hub-client.js';
import { createHttpHubApi, createHttpHubEvents, signInFromLink } from './http-hub.js';
import './styles.css';
import './forms.css';

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
  void signInFromLink().then((signInError) =>
    root.render(
      <StrictMode>
        <App api={createHttpHubApi()} events={createHttpHubEvents()} notice={signInError} />
      </StrictMode>,
    ),
  );
}
