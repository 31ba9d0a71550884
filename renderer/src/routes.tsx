import type { ReactNode } from 'react';
import { AgentDetail } from './AgentDetail.js';
import { AgentsPage } from './AgentsPage.js';
import { ClientsPage } from './ClientsPage.js';
import { ConsentPage } from './ConsentPage.js';
import { matchPath } from './router.js';
import type { NavPage } from './paths.js';
import { ServerDetail } from './ServerDetail.js';
import { ServersPage } from './ServersPage.js';
import { SettingsPage } from './SettingsPage.js';
import { CallDetail, TaskDetail } from './TimelineDetails.js';
import { TimelinePage } from './TimelinePage.js';
import { WorkbenchPage } from './WorkbenchPage.js';

/**
 * Every page of the UI and its address (#/PATH). This table is the one place a page is added: a
 * pattern ("/servers/:name"), the navigation entry it belongs to, and what it renders with the
 * pattern's values. Links are made with `paths` (paths.ts), never written by hand.
 *
 * Extension points for the Timeline: /timeline/calls/:id and /timeline/tasks/:id render CallDetail and
 * TaskDetail (TimelineDetails.tsx), placeholders to be replaced by the real detail views; a new page
 * (e.g. a Workbench) is a new entry here, in NAV_PAGES and in `paths` (paths.ts).
 */

export interface RouteDef {
  pattern: string;
  nav: NavPage;
  render: (params: Record<string, string>) => ReactNode;
}

/** Ids in paths are positive whole numbers; anything else is not a page. */
const idOf = (value: string | undefined): number | undefined => (value !== undefined && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : undefined);

export const ROUTES: readonly RouteDef[] = [
  { pattern: '/', nav: 'servers', render: () => <ServersPage /> },
  { pattern: '/servers', nav: 'servers', render: () => <ServersPage /> },
  { pattern: '/servers/:name', nav: 'servers', render: ({ name }) => <ServerDetail key={name} name={name!} /> },
  { pattern: '/agents', nav: 'agents', render: () => <AgentsPage /> },
  { pattern: '/agents/:name', nav: 'agents', render: ({ name }) => <AgentDetail key={name} name={name!} /> },
  { pattern: '/clients', nav: 'clients', render: () => <ClientsPage /> },
  { pattern: '/consent', nav: 'consent', render: () => <ConsentPage /> },
  { pattern: '/timeline', nav: 'timeline', render: () => <TimelinePage /> },
  { pattern: '/timeline/calls/:id', nav: 'timeline', render: ({ id }) => <CallDetail key={id} id={idOf(id)} /> },
  { pattern: '/timeline/tasks/:id', nav: 'timeline', render: ({ id }) => <TaskDetail key={id} id={idOf(id)} /> },
  { pattern: '/workbench', nav: 'workbench', render: () => <WorkbenchPage /> },
  { pattern: '/settings', nav: 'settings', render: () => <SettingsPage /> },
];

/** The route a path shows, with its values; undefined for an address that is no page. */
export function resolveRoute(path: string): { def: RouteDef; params: Record<string, string> } | undefined {
  for (const def of ROUTES) {
    const params = matchPath(def.pattern, path);
    if (params) return { def, params };
  }
  return undefined;
}
