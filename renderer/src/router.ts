import { useSyncExternalStore } from 'react';

/**
 * A small hash router: the page is in the address after "#" (#/servers/memory), so a reload keeps it,
 * Back and Forward move between pages, and a link can be shared within the machine. Hash routes work
 * alike in the desktop window (a file:// page) and in browser mode, and need nothing from the server.
 *
 * Paths are matched against patterns such as "/servers/:name"; see routes.tsx for the table.
 * A hash that is not a path (browser mode's one-time sign-in link, #code=…) reads as "/".
 */

export interface Location {
  /** "/servers/memory": always starts with "/", no trailing "/" (except the root). */
  path: string;
  query: URLSearchParams;
}

/** The address's hash as a path and query. */
export function parseHash(hash: string): Location {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!raw.startsWith('/')) return { path: '/', query: new URLSearchParams() };
  const at = raw.indexOf('?');
  const pathPart = at === -1 ? raw : raw.slice(0, at);
  const path = pathPart.length > 1 ? pathPart.replace(/\/+$/, '') : pathPart;
  return { path: path || '/', query: new URLSearchParams(at === -1 ? '' : raw.slice(at + 1)) };
}

/** The values of a pattern's ":name" segments in `path`, decoded; undefined when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = have[i]!;
    if (w.startsWith(':')) {
      if (h === '') return undefined;
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        return undefined;
      }
    } else if (w !== h) return undefined;
  }
  return params;
}

/** A path from a pattern and its values: fill('/servers/:name', { name: 'memory' }) → "/servers/memory". */
export function fillPath(pattern: string, params: Record<string, string | number> = {}): string {
  return pattern
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment;
      const value = params[segment.slice(1)];
      if (value === undefined) throw new Error(`${pattern} needs ${segment}`);
      return encodeURIComponent(String(value));
    })
    .join('/');
}

/** "#/servers/memory" for a path (with an optional query). */
export function hrefOf(path: string, query?: URLSearchParams | Record<string, string>): string {
  const q = query instanceof URLSearchParams ? query.toString() : query ? new URLSearchParams(query).toString() : '';
  return `#${path}${q ? `?${q}` : ''}`;
}

const listeners = new Set<() => void>();
const notify = () => {
  for (const l of [...listeners]) l();
};

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) {
    window.addEventListener('hashchange', notify);
    window.addEventListener('popstate', notify);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      window.removeEventListener('hashchange', notify);
      window.removeEventListener('popstate', notify);
    }
  };
}

const currentHash = () => window.location.hash;

/** The current hash; re-renders on every change (links, navigate, Back, Forward). */
export function useHash(): string {
  return useSyncExternalStore(subscribe, currentHash, () => '');
}

export function useLocation(): Location {
  return parseHash(useHash());
}

/**
 * Goes to a path: a new history entry (Back returns here), or with `replace` the current one changes
 * (e.g. a detail page whose subject was removed). Listeners hear of it at once either way.
 */
export function navigate(path: string, options: { replace?: boolean; query?: URLSearchParams | Record<string, string> } = {}): void {
  const href = hrefOf(path, options.query);
  if (window.location.hash === href) return;
  if (options.replace) {
    history.replaceState(history.state, '', href);
    notify();
  } else {
    window.location.hash = href.slice(1);
    // hashchange comes a moment later; render now so a focus move can find the new page.
    notify();
  }
}
