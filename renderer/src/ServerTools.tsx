import { useCallback, useEffect, useState } from 'react';
import type { HubApi } from '../../shared/hub-api.js';
import { revealHidden } from '../../shared/visible-text.js';
import type { ViewEvents } from './event-stream.js';
import { Revealed } from './Revealed.js';
import { useHubData } from './use-hub-data.js';

/** A server's tools with a switch each: a switched-off tool is not published (and cannot be called). */
export function ServerTools({ api, events, server }: { api: HubApi; events: ViewEvents | undefined; server: string }) {
  const fetch = useCallback(() => api.listServerTools(server), [api, server]);
  const [tools, reload] = useHubData(fetch, events, 'servers-changed', 5000);
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  // A switch shows its new position at once; the hub's list takes over once it agrees.
  const [wanted, setWanted] = useState<ReadonlyMap<string, boolean>>(new Map());
  useEffect(() => {
    if (tools.status !== 'ready') return;
    setWanted((prev) => new Map([...prev].filter(([name, on]) => tools.data.find((t) => t.name === name)?.enabled !== on)));
  }, [tools]);

  const toggle = (tool: string, enabled: boolean) => {
    setBusy(tool);
    setError(undefined);
    setWanted((prev) => new Map(prev).set(tool, enabled));
    api
      .setToolEnabled(server, tool, enabled)
      .then(reload, (e: unknown) => {
        setError((e as Error).message);
        setWanted((prev) => new Map([...prev].filter(([name]) => name !== tool)));
      })
      .finally(() => setBusy(undefined));
  };

  if (tools.status === 'loading') return <p aria-busy="true">Loading tools…</p>;
  if (tools.status === 'error') return <p className="error" role="alert">{tools.message}</p>;
  if (tools.data.length === 0) return <p className="empty">No tools reported yet: they appear once {server} is running.</p>;
  return (
    <div className="server-tools">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {tools.data.map((t) => (
          <li key={t.name}>
            <label title={revealHidden(t.description)}>
              <input type="checkbox" checked={wanted.get(t.name) ?? t.enabled} disabled={busy === t.name} onChange={(e) => toggle(t.name, e.target.checked)} aria-label={`Publish ${revealHidden(t.name)}`} />{' '}
              <code>
                <Revealed text={t.name} />
              </code>{' '}
              <span className="tool-description">
                <Revealed text={t.description.split('\n')[0]!} />
              </span>
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}
