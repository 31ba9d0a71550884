import { useEffect, useState } from 'react';
import type { ServerConfig } from '../../shared/config.js';
import type { HubApi } from '../../shared/hub-api.js';

type State = { status: 'loading' } | { status: 'ready'; servers: ServerConfig[] } | { status: 'error'; message: string };

export function ServersPage({ api }: { api: HubApi }) {
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    api.listServers().then(
      (servers) => live && setState({ status: 'ready', servers }),
      (e: unknown) => live && setState({ status: 'error', message: (e as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [api]);

  if (state.status === 'loading') return <p aria-busy="true">Loading servers…</p>;
  if (state.status === 'error') return <p role="alert" className="error">{state.message}</p>;
  if (state.servers.length === 0) {
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
      <table className="servers">
        <thead>
          <tr>
            <th>Name</th>
            <th>Transport</th>
            <th>Enabled</th>
            <th>Target</th>
          </tr>
        </thead>
        <tbody>
          {state.servers.map((s) => (
            <tr key={s.name}>
              <td>{s.name}</td>
              <td>{s.transport}</td>
              <td>{s.enabled ? 'yes' : 'no'}</td>
              <td className="target">{s.transport === 'http' ? s.url : [s.command, ...s.args].join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
