import type { HubApi } from '../../shared/hub-api.js';
import { ServersPage } from './ServersPage.js';

export function App({ api }: { api: HubApi | undefined }) {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Agent Hub</h1>
      </header>
      <main>
        {api ? (
          <ServersPage api={api} />
        ) : (
          <p className="error" role="alert">
            This page is not connected to a hub. Open it from the Agent Hub app.
          </p>
        )}
      </main>
    </div>
  );
}
