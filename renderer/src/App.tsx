import { useState } from 'react';
import type { HubApi } from '../../shared/hub-api.js';
import type { HubEvents } from '../../shared/hub-events.js';
import { AgentsPage } from './AgentsPage.js';
import { ClientsPage } from './ClientsPage.js';
import { ConsentDialog } from './ConsentDialog.js';
import { ConsentPage } from './ConsentPage.js';
import { ServersPage } from './ServersPage.js';
import { SettingsPage } from './SettingsPage.js';
import { TimelinePage } from './TimelinePage.js';

type Page = 'servers' | 'agents' | 'clients' | 'consent' | 'timeline' | 'settings';

const PAGES: { page: Page; label: string }[] = [
  { page: 'servers', label: 'Servers' },
  { page: 'agents', label: 'Agents' },
  { page: 'clients', label: 'Clients' },
  { page: 'consent', label: 'Consent' },
  { page: 'timeline', label: 'Timeline' },
  { page: 'settings', label: 'Settings' },
];

export function App({ api, events, notice }: { api: HubApi | undefined; events?: HubEvents | undefined; notice?: string | undefined }) {
  const [page, setPage] = useState<Page>('servers');
  return (
    <div className="app">
      <header className="app-header">
        <h1>Agent Hub</h1>
        {api && (
          <nav>
            {PAGES.map((p) => (
              <button key={p.page} type="button" aria-current={page === p.page} onClick={() => setPage(p.page)}>
                {p.label}
              </button>
            ))}
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
            {page === 'agents' && <AgentsPage api={api} events={events} />}
            {page === 'clients' && <ClientsPage api={api} events={events} />}
            {page === 'consent' && <ConsentPage api={api} events={events} />}
            {page === 'timeline' && <TimelinePage api={api} events={events} />}
            {page === 'settings' && <SettingsPage api={api} />}
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
