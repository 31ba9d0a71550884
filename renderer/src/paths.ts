import { fillPath } from './router.js';

/** The navigation entries and the path of every page (the routes themselves are in routes.tsx). */

export type NavPage = 'servers' | 'agents' | 'clients' | 'consent' | 'timeline' | 'workbench' | 'settings';

export const NAV_PAGES: readonly { page: NavPage; label: string; path: string }[] = [
  { page: 'servers', label: 'Servers', path: '/servers' },
  { page: 'agents', label: 'Agents', path: '/agents' },
  { page: 'clients', label: 'Clients', path: '/clients' },
  { page: 'consent', label: 'Consent', path: '/consent' },
  { page: 'timeline', label: 'Timeline', path: '/timeline' },
  { page: 'workbench', label: 'Workbench', path: '/workbench' },
  { page: 'settings', label: 'Settings', path: '/settings' },
];

/** The path of each page. */
export const paths = {
  servers: () => '/servers',
  server: (name: string) => fillPath('/servers/:name', { name }),
  agents: () => '/agents',
  agent: (name: string) => fillPath('/agents/:name', { name }),
  clients: () => '/clients',
  consent: () => '/consent',
  timeline: () => '/timeline',
  call: (id: number) => fillPath('/timeline/calls/:id', { id }),
  task: (id: number) => fillPath('/timeline/tasks/:id', { id }),
  workbench: () => '/workbench',
  settings: () => '/settings',
};
