import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { HubApi } from '../../shared/hub-api.js';
import { useAttention } from './attention.js';
import { ConnectionBanner, SessionEnded, useConnectionState } from './ConnectionStatus.js';
import { ConsentDialog } from './ConsentDialog.js';
import type { Connection, ViewEvents } from './event-stream.js';
import { GuideContext, useGuideData, type Guide, type GuideTarget } from './guide.js';
import { HostContext } from './host.js';
import { ErrorLine } from './kit/index.js';
import { HubQueryProvider, useHubQuery, useInvalidate } from './query.js';
import { hrefOf, navigate, useLocation } from './router.js';
import { NAV_PAGES, paths } from './paths.js';
import { resolveRoute } from './routes.js';
import { SetupChecklist } from './SetupGuide.js';
import { ThemeSwitch } from './ThemeSwitch.js';
import { NotFound } from './NotFound.js';

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
  return (
    <HubQueryProvider api={api} events={events}>
      <HostContext.Provider value={{ browser: connection !== undefined }}>
        <Hub browser={connection !== undefined} notice={notice} banner={<ConnectionBanner state={state} />} />
      </HostContext.Provider>
    </HubQueryProvider>
  );
}

function Hub({ browser, notice, banner }: { browser: boolean; notice: string | undefined; banner: ReactNode }) {
  const location = useLocation();
  const route = resolveRoute(location.path);
  // One list of waiting prompts for the dialog, the Consent page and every count.
  const prompts = useHubQuery('listPendingPrompts', []);
  const waiting = useMemo(() => prompts.data ?? [], [prompts.data]);
  const invalidate = useInvalidate();
  useAttention(waiting, browser);
  useRouteFocus(location.path);

  const { endpoint, progress, refresh } = useGuideData();
  const guide = useMemo<Guide>(
    () => ({
      endpoint,
      progress,
      refresh,
      go: (to: GuideTarget) => (to === 'import' ? navigate(paths.servers(), { query: { view: 'import' } }) : navigate(paths[to]())),
    }),
    [endpoint, progress, refresh],
  );
  // The Servers page with no servers shows the three steps in full itself.
  const onServers = route?.def.nav === 'servers' && !route.params.name;
  const fullGuideShown = onServers && progress?.servers === 0;

  const nav = (
    <nav aria-label="Pages" className="app-nav">
      {NAV_PAGES.map((p) => {
        const current = route?.def.nav === p.page;
        return (
          <a key={p.page} href={hrefOf(p.path)} aria-current={current ? 'page' : undefined}>
            {p.label}
            {p.page === 'consent' && waiting.length > 0 && (
              <>
                {' '}
                <span className="count-badge" aria-hidden="true">
                  {waiting.length}
                </span>
                <span className="visually-hidden">({waiting.length} waiting)</span>
              </>
            )}
          </a>
        );
      })}
    </nav>
  );
  return (
    <GuideContext.Provider value={guide}>
      <Shell nav={nav} banner={banner} notice={notice}>
        {!fullGuideShown && <SetupChecklist />}
        {route ? route.def.render(route.params) : <NotFound path={location.path} />}
        <ConsentDialog prompts={waiting} onAnswered={() => void invalidate(['listPendingPrompts'])} />
        {prompts.error && <ErrorLine error={prompts.error.message} />}
      </Shell>
    </GuideContext.Provider>
  );
}

/**
 * After a change of page (not on the first one), the focus goes where a keyboard user expects it: back
 * to the link that opened the page they left (a row's link, when they come back from its detail page),
 * or else to the new page's title; and the page scrolls to its top. Unless the new page put the focus
 * somewhere in it already.
 */
function useRouteFocus(path: string): void {
  const previous = useRef<string | undefined>(undefined);
  useEffect(() => {
    const from = previous.current;
    previous.current = path;
    if (from === undefined || from === path) return;
    // The new page may still be reading its data: look again on the next frames.
    let tries = 0;
    let frame = 0;
    const place = () => {
      const main = document.querySelector('main');
      // The new page (or a dialog in it) placed the focus itself, e.g. the import view on its heading, or
      // the user has moved on: never take it back. (Taking it frames later answered nothing but moved a
      // keyboard user's next key press to the title.)
      const active = document.activeElement;
      if (main && active && active !== main && main.contains(active)) return;
      // Only when going up (a detail page back to its list): elsewhere a link to the old page is no opener.
      const up = from.startsWith(`${path === '/' ? '/servers' : path}/`);
      const opener = up ? main?.querySelector<HTMLElement>(`a[href="${CSS.escape(hrefOf(from))}"]`) : null;
      const title = main?.querySelector<HTMLElement>('[data-page-title]');
      const target = opener ?? (tries > 10 ? title : undefined);
      if (target) {
        target.focus({ preventScroll: target === title });
        if (target === title) window.scrollTo(0, 0);
        return;
      }
      tries++;
      frame = requestAnimationFrame(place);
    };
    place();
    return () => cancelAnimationFrame(frame);
  }, [path]);
}

function Shell({ nav, banner, notice, children }: { nav?: ReactNode; banner?: ReactNode; notice: string | undefined; children: ReactNode }) {
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="brand">
          <a href={hrefOf(paths.servers())}>
            <span className="brand-mark" aria-hidden="true">
              AH
            </span>
            Agent Hub
          </a>
        </h1>
        {nav}
        <ThemeSwitch />
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
