import { useState } from 'react';
import type { HubApi } from '../../shared/hub-api.js';
import type { HubEvents } from '../../shared/hub-events.js';
import { ConsentDialog } from './ConsentDialog.js';
import { ConsentPage } from './ConsentPage.js';
import { ServersPage } from './ServersPage.js';
import { TimelinePage } from './TimelinePage.js';

type Page = 'servers' | 'consent' | 'timeline';

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
            <button type="button" aria-current={page === 'timeline'} onClick={() => setPage('timeline')}>
              Timeline
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
            {page === 'servers' && <ServersPage api={api} events={events} />}
            {page === 'consent' && <ConsentPage api={api} events={events} />}
            {page === 'timeline' && <TimelinePage api={api} events={events} />}
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
