// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { paths } from '../../../renderer/src/paths.js';
import { fillPath, hrefOf, matchPath, navigate, parseHash, useLocation } from '../../../renderer/src/router.js';
import { resolveRoute, ROUTES } from '../../../renderer/src/routes.js';

afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
});

/** The hash router: addresses that read back as the same page, a route for each, Back and Forward. */
describe('the router', () => {
  it('reads the page and its query from the hash; anything else is the first page', () => {
    expect(parseHash('#/servers/memory')).toMatchObject({ path: '/servers/memory' });
    expect(parseHash('#/servers/')).toMatchObject({ path: '/servers' });
    expect(parseHash('#/servers?view=import').query.get('view')).toBe('import');
    expect(parseHash('').path).toBe('/');
    expect(parseHash('#/').path).toBe('/');
    // Browser mode's one-time sign-in link is no page.
    expect(parseHash('#code=abc123').path).toBe('/');
  });

  it('matches patterns and fills them, encoding each value', () => {
    expect(matchPath('/servers/:name', '/servers/memory')).toEqual({ name: 'memory' });
    expect(matchPath('/servers/:name', '/servers')).toBeUndefined();
    expect(matchPath('/servers/:name', '/servers/a/b')).toBeUndefined();
    expect(matchPath('/servers/:name', '/agents/memory')).toBeUndefined();
    expect(matchPath('/servers/:name', '/servers/%E0%A4%A')).toBeUndefined();
    expect(fillPath('/timeline/calls/:id', { id: 42 })).toBe('/timeline/calls/42');
    expect(fillPath('/agents/:name', { name: 'a b/c' })).toBe('/agents/a%20b%2Fc');
    expect(matchPath('/agents/:name', fillPath('/agents/:name', { name: 'a b/c' }))).toEqual({ name: 'a b/c' });
    expect(() => fillPath('/agents/:name')).toThrow(/needs :name/);
    expect(hrefOf('/servers', { view: 'import' })).toBe('#/servers?view=import');
  });

  it('has a route for every page, a server, an agent, a call and a task', () => {
    const cases: [string, string, Record<string, string>][] = [
      [paths.servers(), '/servers', {}],
      [paths.server('memory'), '/servers/:name', { name: 'memory' }],
      [paths.agents(), '/agents', {}],
      [paths.agent('echo'), '/agents/:name', { name: 'echo' }],
      [paths.clients(), '/clients', {}],
      [paths.consent(), '/consent', {}],
      [paths.timeline(), '/timeline', {}],
      [paths.call(7), '/timeline/calls/:id', { id: '7' }],
      [paths.task(9), '/timeline/tasks/:id', { id: '9' }],
      [paths.settings(), '/settings', {}],
      ['/', '/', {}],
    ];
    for (const [path, pattern, params] of cases) {
      const route = resolveRoute(path);
      expect(route?.def.pattern, path).toBe(pattern);
      expect(route?.params).toEqual(params);
    }
    expect(resolveRoute('/nowhere')).toBeUndefined();
    expect(resolveRoute('/servers/memory/tools')).toBeUndefined();
    // Each pattern once.
    expect(new Set(ROUTES.map((r) => r.pattern)).size).toBe(ROUTES.length);
  });

  it('follows the address: links, navigate, Back and Forward re-render; replace leaves no history entry', async () => {
    function Where() {
      const { path, query } = useLocation();
      return (
        <p>
          at {path}
          {query.toString() ? `?${query}` : ''}
        </p>
      );
    }
    render(<Where />);
    expect(screen.getByText(/^at /).textContent).toBe('at /');
    await act(async () => navigate('/servers/memory'));
    expect(screen.getByText(/^at /).textContent).toBe('at /servers/memory');
    expect(window.location.hash).toBe('#/servers/memory');
    const length = history.length;
    await act(async () => navigate('/servers', { replace: true, query: { view: 'import' } }));
    expect(screen.getByText(/^at /).textContent).toBe('at /servers?view=import');
    expect(history.length).toBe(length);
    await act(async () => {
      window.location.hash = '#/agents';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(screen.getByText(/^at /).textContent).toBe('at /agents');
  });
});
