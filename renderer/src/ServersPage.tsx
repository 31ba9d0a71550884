import { useCallback, useState } from 'react';
import type { ServerConfig, ServerStatusView } from '../../shared/config.js';
import type { HubApi } from '../../shared/hub-api.js';
import type { HubEvents } from '../../shared/hub-events.js';
import { useHubData } from './use-hub-data.js';

const STATE_LABEL: Record<ServerStatusView['state'], string> = {
  disabled: 'disabled',
  stopped: 'stopped',
  starting: 'starting…',
  running: 'running',
  backoff: 'restarting soon',
  crashed: 'crashed',
};

/** Every configured server: what it runs, its state and tool count, its log, and its controls. */
export function ServersPage({ api, events }: { api: HubApi; events?: HubEvents | undefined }) {
  const fetch = useCallback(async () => {
    const [servers, status] = await Promise.all([api.listServers(), api.serverStatus()]);
    return { servers, status: new Map(status.map((s) => [s.name, s])) };
  }, [api]);
  const [state, reload] = useHubData(fetch, events, 'servers-changed');
  const [error, setError] = useState<string | undefined>();
  const act = (p: Promise<unknown>) => {
    setError(undefined);
    p.then(reload, (e: unknown) => setError((e as Error).message));
  };

  if (state.status === 'loading') return <p aria-busy="true">Loading servers…</p>;
  if (state.status === 'error') return <p role="alert" className="error">{state.message}</p>;
  const { servers, status } = state.data;
  if (servers.length === 0) {
    return (
      <section>
        <h2>Servers</h2>
        <p className="empty">
          No servers yet. Add one with <code>agent-hub server add NAME -- COMMAND</code>, or import your Claude Desktop,
          Cursor or VS Code config with <code>agent-hub import FILE</code>.
        </p>
      </section>
    );
  }
  return (
    <section>
      <h2>Servers</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <table className="servers">
        <thead>
          <tr>
            <th>Name</th>
            <th>Transport</th>
            <th>State</th>
            <th>Tools</th>
            <th>Target</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {servers.map((s) => {
            const st = status.get(s.name);
            return (
              <tr key={s.name}>
                <td>{s.name}</td>
                <td>{s.transport}</td>
                <td className={`state ${st?.state ?? ''}`} title={st?.lastError ?? undefined}>
                  {st ? STATE_LABEL[st.state] : s.enabled ? 'unknown' : 'disabled'}
                  {st?.lastError && st.state !== 'running' && <div className="last-error">{st.lastError}</div>}
                </td>
                <td>{st?.toolCount ?? 0}</td>
                <td className="target">{target(s)}</td>
                <td className="actions">
                  <button type="button" onClick={() => act(api.setServerEnabled(s.name, !s.enabled))} aria-label={`${s.enabled ? 'Disable' : 'Enable'} ${s.name}`}>
                    {s.enabled ? 'Disable' : 'Enable'}
                  </button>
                  {s.enabled && (
                    <button type="button" onClick={() => act(api.restartServer(s.name))} aria-label={`Restart ${s.name}`}>
                      Restart
                    </button>
                  )}
                  {st && st.logTail.length > 0 && (
                    <details>
                      <summary>Log</summary>
                      <pre className="log">{st.logTail.join('\n')}</pre>
                    </details>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function target(s: ServerConfig): string {
  if (s.transport === 'http') return s.command ? `${s.url} (runs ${[s.command, ...s.args].join(' ')})` : s.url;
  return [s.command, ...s.args].join(' ');
}
