import { useCallback, useState, type ReactNode } from 'react';
import type { SecretValuesInput, ServerConfig, ServerConfigInput } from '../../shared/config.js';
import type { HubApi } from '../../shared/hub-api.js';
import type { ViewEvents } from './event-stream.js';
import { ServerForm } from './ServerForm.js';
import { ServerTools } from './ServerTools.js';
import { SignIn } from './SignIn.js';
import { STATE_LABEL } from './state-labels.js';
import { useHubData } from './use-hub-data.js';

/** Every configured server: what it runs, its state and tool count, its log, and its controls. */
export function ServersPage({ api, events }: { api: HubApi; events?: ViewEvents | undefined }) {
  const fetch = useCallback(async () => {
    const [servers, status] = await Promise.all([api.listServers(), api.serverStatus()]);
    return { servers, status: new Map(status.map((s) => [s.name, s])) };
  }, [api]);
  const [state, reload] = useHubData(fetch, events, 'servers-changed');
  const [error, setError] = useState<string | undefined>();
  /** undefined: no form; null: the add form; a name: that server's edit form. */
  const [form, setForm] = useState<string | null | undefined>();
  const [removing, setRemoving] = useState<string | undefined>();
  const act = (p: Promise<unknown>) => {
    setError(undefined);
    p.then(reload, (e: unknown) => setError((e as Error).message));
  };
  const save = async (input: ServerConfigInput, secrets: SecretValuesInput | undefined) => {
    if (form) await api.updateServer(form, input, secrets);
    else await api.addServer(input, secrets);
    setForm(undefined);
    reload();
  };

  if (state.status === 'loading') return <p aria-busy="true">Loading servers…</p>;
  if (state.status === 'error') return <p role="alert" className="error">{state.message}</p>;
  const { servers, status } = state.data;
  const editing = form ? servers.find((s) => s.name === form) : undefined;
  return (
    <section>
      <div className="page-title">
        <h2>Servers</h2>
        {form === undefined && (
          <button type="button" onClick={() => setForm(null)}>
            Add server
          </button>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {form !== undefined && (
        <ServerForm key={form ?? ''} editing={editing} taken={servers.map((s) => s.name)} onSave={save} onCancel={() => setForm(undefined)} />
      )}
      {servers.length === 0 && form === undefined && (
        <p className="empty">
          No servers yet. Press “Add server”, run <code>agent-hub server add NAME -- COMMAND</code>, or import your Claude Desktop,
          Cursor or VS Code config with <code>agent-hub import FILE</code>.
        </p>
      )}
      {servers.length > 0 && (
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
                  <td className={`state ${st?.state ?? ''}`} title={st?.lastError ?? undefined} aria-busy={st?.state === 'starting'}>
                    {st?.state === 'starting' && <span className="spinner" aria-hidden="true" />}
                    {st ? STATE_LABEL[st.state] : s.enabled ? 'unknown' : 'disabled'}
                    {st?.lastError && st.state !== 'running' && <div className="last-error">{st.lastError}</div>}
                    {st?.signIn && <SignIn api={api} name={s.name} state={st.signIn} onChange={reload} />}
                    {st?.signInError && st.signIn !== 'in-progress' && (
                      <div className="last-error" role="status">
                        {st.signInError}
                      </div>
                    )}
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
                    <button type="button" onClick={() => setForm(s.name)} aria-label={`Edit ${s.name}`}>
                      Edit
                    </button>
                    {removing === s.name ? (
                      <span className="confirm">
                        Remove {s.name}?{' '}
                        <button type="button" onClick={() => act(api.removeServer(s.name).finally(() => setRemoving(undefined)))}>
                          Yes, remove
                        </button>
                        <button type="button" onClick={() => setRemoving(undefined)}>
                          Keep
                        </button>
                      </span>
                    ) : (
                      <button type="button" onClick={() => setRemoving(s.name)} aria-label={`Remove ${s.name}`}>
                        Remove
                      </button>
                    )}
                    {s.enabled && (
                      <Disclosure summary="Tools">
                        <ServerTools api={api} events={events} server={s.name} />
                      </Disclosure>
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
      )}
    </section>
  );
}

/** A <details> whose content exists only while it is open (the tool list loads when asked for). */
function Disclosure({ summary, children }: { summary: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && children}
    </details>
  );
}

function target(s: ServerConfig): string {
  if (s.transport === 'http') return s.command ? `${s.url} (runs ${[s.command, ...s.args].join(' ')})` : s.url;
  return [s.command, ...s.args].join(' ');
}
