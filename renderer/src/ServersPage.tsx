import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { SecretValuesInput, ServerConfig, ServerConfigInput } from '../../shared/config.js';
import type { HubApi } from '../../shared/hub-api.js';
import type { ViewEvents } from './event-stream.js';
import { useGuide } from './guide.js';
import { ImportView, type ImportDone } from './ImportView.js';
import { GettingStarted } from './SetupGuide.js';
import { ServerForm } from './ServerForm.js';
import { ServerTools } from './ServerTools.js';
import { SignIn } from './SignIn.js';
import { STATE_LABEL } from './state-labels.js';
import { useHubData } from './use-hub-data.js';

/**
 * Every configured server: what it runs, its state and tool count, its log, and its controls; with none,
 * the three steps of getting started. `startImport` opens the import view (then `onImportStarted` is called).
 */
export function ServersPage(props: { api: HubApi; events?: ViewEvents | undefined; startImport?: boolean; onImportStarted?: () => void }) {
  const { api, events, startImport = false, onImportStarted } = props;
  const fetch = useCallback(async () => {
    const [servers, status] = await Promise.all([api.listServers(), api.serverStatus()]);
    return { servers, status: new Map(status.map((s) => [s.name, s])) };
  }, [api]);
  const [state, reload] = useHubData(fetch, events, 'servers-changed');
  const [error, setError] = useState<string | undefined>();
  /** undefined: no form; null: the add form; a name: that server's edit form. */
  const [form, setForm] = useState<string | null | undefined>();
  const [removing, setRemoving] = useState<string | undefined>();
  const [importing, setImporting] = useState(startImport);
  const [imported, setImported] = useState<ImportDone | undefined>();
  const guide = useGuide();
  useEffect(() => {
    if (!startImport) return;
    setForm(undefined);
    setImported(undefined);
    setImporting(true);
    onImportStarted?.();
  }, [startImport, onImportStarted]);
  const act = (p: Promise<unknown>) => {
    setError(undefined);
    p.then(reload, (e: unknown) => setError((e as Error).message));
  };
  const save = async (input: ServerConfigInput, secrets: SecretValuesInput | undefined) => {
    if (form) await api.updateServer(form, input, secrets);
    else await api.addServer(input, secrets);
    setForm(undefined);
    setImported(undefined);
    reload();
    guide.refresh();
  };
  const openForm = (which: string | null) => {
    setImporting(false);
    setForm(which);
  };
  const openImport = () => {
    setForm(undefined);
    setImported(undefined);
    setImporting(true);
  };
  const importDone = (done: ImportDone) => {
    setImporting(false);
    setImported(done);
    reload();
    guide.refresh();
  };

  if (state.status === 'loading') return <p aria-busy="true">Loading servers…</p>;
  if (state.status === 'error') return <p role="alert" className="error">{state.message}</p>;
  const { servers, status } = state.data;
  const editing = form ? servers.find((s) => s.name === form) : undefined;
  const empty = servers.length === 0;
  return (
    <section>
      <div className="page-title">
        <h2>Servers</h2>
        {form === undefined && !importing && !empty && (
          <>
            <button type="button" onClick={openImport}>
              Import from apps
            </button>
            <button type="button" onClick={() => openForm(null)}>
              Add server
            </button>
          </>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {imported && <ImportResult done={imported} onDone={() => setImported(undefined)} />}
      {importing && <ImportView api={api} events={events} onDone={importDone} onClose={() => setImporting(false)} />}
      {form !== undefined && (
        <ServerForm key={form ?? ''} editing={editing} taken={servers.map((s) => s.name)} onSave={save} onCancel={() => setForm(undefined)} />
      )}
      {empty && form === undefined && !importing && <EmptyServers api={api} onImport={openImport} onAdd={() => openForm(null)} />}
      {!empty && !importing && (
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
                    <button type="button" onClick={() => openForm(s.name)} aria-label={`Edit ${s.name}`}>
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

/** The three steps, with what the import would find on this machine. */
function EmptyServers({ api, onImport, onAdd }: { api: HubApi; onImport: () => void; onAdd: () => void }) {
  const [found, setFound] = useState<{ apps: string[]; servers: number } | undefined>();
  useEffect(() => {
    let live = true;
    api.listImportSources().then(
      (sources) => {
        const withServers = sources.filter((s) => s.servers.some((x) => !x.problem));
        if (live) setFound({ apps: withServers.map((s) => s.label), servers: withServers.reduce((n, s) => n + s.servers.filter((x) => !x.problem).length, 0) });
      },
      () => {}, // The import view says why, if the user opens it.
    );
    return () => {
      live = false;
    };
  }, [api]);
  return <GettingStarted found={found} onImport={onImport} onAdd={onAdd} />;
}

/** What an import did: the servers added, the names changed, and what was left out. */
function ImportResult({ done, onDone }: { done: ImportDone; onDone: () => void }) {
  const { imported, renamed, warnings } = done.result;
  // The import view it replaces had the focus: keep keyboard users at what happened.
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="import-result" role="status" ref={ref} tabIndex={-1}>
      <p>
        Imported {imported.join(', ')} from {done.app}.{' '}
        <button type="button" onClick={onDone}>
          OK
        </button>
      </p>
      {renamed.length > 0 && (
        <p>
          Renamed (hub names are lower-case letters, digits and “-”): {renamed.map((r) => `“${r.from}” → ${r.to}`).join(', ')}.
        </p>
      )}
      {warnings.length > 0 && (
        <ul className="import-warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
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
