import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { HubApi } from '../../shared/hub-api.js';
import { AgentsPage } from './AgentsPage.js';
import { useAttention } from './attention.js';
import { ClientsPage } from './ClientsPage.js';
import { ConnectionBanner, SessionEnded, useConnectionState } from './ConnectionStatus.js';
import { ConsentDialog } from './ConsentDialog.js';
import { ConsentPage } from './ConsentPage.js';
import type { Connection, ViewEvents } from './event-stream.js';
import { GuideContext, useGuideData, type Guide, type GuideTarget } from './guide.js';
import { ServersPage } from './ServersPage.js';
import { SetupChecklist } from './SetupGuide.js';
import { SettingsPage } from './SettingsPage.js';
import { TimelinePage } from './TimelinePage.js';
import { useHubData } from './use-hub-data.js';

type Page = 'servers' | 'agents' | 'clients' | 'consent' | 'timeline' | 'settings';

const PAGES: { page: Page; label: string }[] = [
  { page: 'servers', label: 'Servers' },
  { page: 'agents', label: 'Agents' },
  { page: 'clients', label: 'Clients' },
  { page: 'consent', label: 'Consent' },
  { page: 'timeline', label: 'Timeline' },
  { page: 'settings', label: 'Settings' },
];

/**
 * The UI. `connection` is browser mode's event stream (the desktop app's IPC has none: it cannot drop);
 * with it come the disconnected banner, the session-ended state and opt-in notifications.
 */
export function App({ api, events, connection, notice }: { api: HubApi | undefined; events?: ViewEvents | undefined; connection?: Connection | undefined; notice?: string | undefined }) {
  const { state, hadSession } = useConnectionState(connection);
  if (!api) {
    return (
      <Shell notice={notice}>
        <p className="error" role="alert">
          This page is not connected to a hub. Open it from the Agent Hub app.
        </p>
      </Shell>
    );
  }
  if (state === 'signed-out') {
    return (
      <Shell notice={notice}>
        <SessionEnded hadSession={hadSession} />
      </Shell>
    );
  }
  return <Hub api={api} events={events} browser={connection !== undefined} notice={notice} banner={<ConnectionBanner state={state} />} />;
}

function Hub({ api, events, browser, notice, banner }: { api: HubApi; events: ViewEvents | undefined; browser: boolean; notice: string | undefined; banner: ReactNode }) {
  const [page, setPage] = useState<Page>('servers');
  const [startImport, setStartImport] = useState(false);
  const importStarted = useCallback(() => setStartImport(false), []);
  // One list of waiting prompts for the dialog, the Consent page and every count.
  const fetchPrompts = useCallback(() => api.listPendingPrompts(), [api]);
  const [loaded, reloadPrompts] = useHubData(fetchPrompts, events, 'prompts-changed', 1000);
  const prompts = loaded.status === 'ready' ? loaded.data : [];
  useAttention(prompts, browser);

  const { endpoint, progress, refresh } = useGuideData(api, events);
  const guide = useMemo<Guide>(
    () => ({
      endpoint,
      progress,
      refresh,
      go: (to: GuideTarget) => {
        setPage(to === 'import' ? 'servers' : to);
        if (to === 'import') setStartImport(true);
      },
    }),
    [endpoint, progress, refresh],
  );
  // The Servers page with no servers shows the three steps in full itself.
  const fullGuideShown = page === 'servers' && progress?.servers === 0;

  const nav = (
    <nav aria-label="Pages">
      {PAGES.map((p) => (
        <button key={p.page} type="button" aria-current={page === p.page} onClick={() => setPage(p.page)}>
          {p.label}
          {p.page === 'consent' && prompts.length > 0 && (
            <>
              {' '}
              <span className="count-badge" aria-hidden="true">
                {prompts.length}
              </span>
              <span className="visually-hidden">({prompts.length} waiting)</span>
            </>
          )}
        </button>
      ))}
    </nav>
  );
  return (
    <GuideContext.Provider value={guide}>
      <Shell nav={nav} banner={banner} notice={notice}>
        {!fullGuideShown && <SetupChecklist />}
        {page === 'servers' && <ServersPage api={api} events={events} startImport={startImport} onImportStarted={importStarted} />}
        {page === 'agents' && <AgentsPage api={api} events={events} />}
        {page === 'clients' && <ClientsPage api={api} events={events} />}
        {page === 'consent' && <ConsentPage api={api} events={events} prompts={prompts} canNotify={browser} />}
        {page === 'timeline' && <TimelinePage api={api} events={events} />}
        {page === 'settings' && <SettingsPage api={api} />}
        <ConsentDialog api={api} prompts={prompts} onAnswered={reloadPrompts} />
      </Shell>
    </GuideContext.Provider>
  );
}

function Shell({ nav, banner, notice, children }: { nav?: ReactNode; banner?: ReactNode; notice: string | undefined; children: ReactNode }) {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Agent Hub</h1>
        {nav}
      </header>
      {banner}
      <main>
        {notice && (
          <p className="error" role="alert">
            {notice}
          </p>
        )}
        {children}
      </main>
    </div>
  );
}
