import { useState } from 'react';
import type { HubApi } from '../../shared/hub-api.js';
import type { HubEvents } from '../../shared/hub-events.js';
import { ConsentDialog } from './ConsentDialog.js';
import { ConsentPage } from './ConsentPage.js';
import { ServersPage } from './ServersPage.js';

type Page = 'servers' | 'consent';

export function App({ api, events, notice }: { api: HubApi | undefined; events?: HubEvents | undefined; notice?: string | undefined }) {
  const [page, setPage] = useState<Page>('servers');
  return (
    <div className="app">
      <header className="app-header">
        <h1>Agent Hub</h1>
        {api && (
          <nav>
            <button type="button" aria-current={page === 'servers'} onClick={() => setPage('servers')}>
              Servers
            </button>
            <button type="button" aria-current={page === 'consent'} onClick={() => setPage('consent')}>
              Consent
            </button>
          </nav>
        )}
      </header>
      <main>
        {notice && (
          <p className="error" role="alert">
            {notice}
          </p>
        )}
        {api ? (
          <>
            {page === 'servers' ? <ServersPage api={api} events={events} /> : <ConsentPage api={api} events={events} />}
            <ConsentDialog api={api} events={events} />
          </>
        ) : (
          <p className="error" role="alert">
            This page is not connected to a hub. Open it from the Agent Hub app.
          </p>
        )}
      </main>
    </div>
  );
}
