import { useCallback, useRef, useState, type FormEvent } from 'react';
import type { ClientAppSetup, ClientView, ConnectResult, ConsentIn, NewClientView } from '../../shared/clients.js';
import { NameSchema } from '../../shared/config.js';
import type { HubApi } from '../../shared/hub-api.js';
import type { ViewEvents } from './event-stream.js';
import { useHubData } from './use-hub-data.js';

const message = (e: unknown) => (e as Error).message;

/**
 * The hub's clients (one per app, each with its own token) and, for the selected one, how to connect
 * Claude Desktop, Cursor and VS Code: the snippet to paste, or a Connect button that writes it.
 */
export function ClientsPage({ api, events }: { api: HubApi; events?: ViewEvents | undefined }) {
  const fetch = useCallback(() => api.listClients(), [api]);
  const [state, reload] = useHubData(fetch, events, 'clients-changed');
  const [chosen, setChosen] = useState<string | undefined>();
  const [created, setCreated] = useState<NewClientView | undefined>();

  if (state.status === 'loading') return <p aria-busy="true">Loading clients…</p>;
  if (state.status === 'error') return <p role="alert" className="error">{state.message}</p>;
  const clients = state.data;
  const selected = clients.find((c) => c.name === chosen) ?? clients[0];

  const onCreated = (client: NewClientView) => {
    setCreated(client);
    setChosen(client.name);
    reload();
  };

  return (
    <section className="clients-page">
      <h2>Clients</h2>
      <p className="hint">Each app that uses the hub is a client with its own token, so you can tell them apart in the timeline and revoke one alone.</p>
      {clients.length === 0 ? (
        <p className="empty">No clients yet. Create one for each app you connect, e.g. claude.</p>
      ) : (
        <ClientList api={api} clients={clients} selected={selected?.name} onSelect={setChosen} onRemoved={reload} />
      )}
      <AddClientForm api={api} onCreated={onCreated} />
      {created && <TokenOnce client={created} onDone={() => setCreated(undefined)} />}
      {selected && <ConsentChoice key={`consent-${selected.name}`} api={api} client={selected} onChange={reload} />}
      {selected && <AppSetups key={selected.name} api={api} events={events} client={selected.name} />}
    </section>
  );
}

function ErrorLine({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}

function ClientList(props: { api: HubApi; clients: ClientView[]; selected: string | undefined; onSelect: (name: string) => void; onRemoved: () => void }) {
  const { api, clients, selected, onSelect, onRemoved } = props;
  const [confirming, setConfirming] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const remove = (name: string) => {
    setBusy(true);
    setError(undefined);
    api
      .removeClient(name)
      .then(() => {
        setConfirming(undefined);
        onRemoved();
      }, (e: unknown) => setError(message(e)))
      .finally(() => setBusy(false));
  };

  return (
    <>
      <ErrorLine error={error} />
      <table className="clients">
        <thead>
          <tr>
            <th>Name</th>
            <th>Created</th>
            <th>Asks for consent in</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {clients.map((c) => (
            <tr key={c.name} aria-selected={c.name === selected}>
              <td>{c.name}</td>
              <td>{new Date(c.createdAt).toLocaleString()}</td>
              <td>{CONSENT_IN.find((o) => o.value === c.consentIn)?.label ?? c.consentIn}</td>
              <td className="actions">
                {confirming === c.name ? (
                  <span className="confirm">
                    Remove {c.name}? Its tokens stop working at once.{' '}
                    <button type="button" className="danger" disabled={busy} onClick={() => remove(c.name)}>
                      {busy ? 'Removing…' : 'Yes, remove'}
                    </button>
                    <button type="button" disabled={busy} onClick={() => setConfirming(undefined)}>
                      Cancel
                    </button>
                  </span>
                ) : (
                  <>
                    <button type="button" onClick={() => onSelect(c.name)} disabled={c.name === selected} aria-label={`Set up apps for ${c.name}`}>
                      Set up apps
                    </button>
                    <button type="button" onClick={() => setConfirming(c.name)} aria-label={`Remove ${c.name}`}>
                      Remove
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The name is checked as it is typed, with the same schema the hub uses. */
function nameError(name: string): string | undefined {
  if (name === '') return undefined;
  const parsed = NameSchema.safeParse(name);
  return parsed.success ? undefined : `The name ${parsed.error.issues[0]!.message}.`;
}

function AddClientForm({ api, onCreated }: { api: HubApi; onCreated: (client: NewClientView) => void }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const invalid = nameError(name);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (invalid || name === '') return;
    setBusy(true);
    setError(undefined);
    api
      .addClient(name)
      .then((client) => {
        setName('');
        onCreated(client);
      }, (err: unknown) => setError(message(err)))
      .finally(() => setBusy(false));
  };

  return (
    <form className="add-client" onSubmit={submit}>
      <label>
        New client name{' '}
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="claude"
          aria-invalid={invalid !== undefined}
          aria-describedby={invalid ? 'client-name-error' : undefined}
          autoComplete="off"
          spellCheck={false}
        />
      </label>{' '}
      <button type="submit" disabled={busy || name === '' || invalid !== undefined}>
        {busy ? 'Creating…' : 'Create client'}
      </button>
      {invalid && (
        <span id="client-name-error" className="field-error">
          {invalid}
        </span>
      )}
      <ErrorLine error={error} />
    </form>
  );
}

/** Copies to the clipboard where the page may; otherwise selects the text so Ctrl+C copies it. */
async function copyOrSelect(text: string, element: HTMLElement | null): Promise<'copied' | 'selected'> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return 'copied';
    }
  } catch {
    // Not allowed here (no focus, no permission): fall back to selecting.
  }
  if (element instanceof HTMLInputElement) element.select();
  else if (element) window.getSelection()?.selectAllChildren(element);
  return 'selected';
}

function CopyButton({ text, target, label }: { text: string; target: () => HTMLElement | null; label: string }) {
  const [done, setDone] = useState<'copied' | 'selected' | undefined>();
  const copy = () => void copyOrSelect(text, target()).then(setDone);
  return (
    <>
      <button type="button" onClick={copy} aria-label={label}>
        Copy
      </button>
      {done && <span className="copy-note">{done === 'copied' ? 'Copied.' : 'Selected: press Ctrl+C (⌘C) to copy.'}</span>}
    </>
  );
}

/** The new client's token, shown this once: the hub keeps only its hash. */
function TokenOnce({ client, onDone }: { client: NewClientView; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="token-once" role="status">
      <p>
        Created client <strong>{client.name}</strong>. Its token is shown only this once; copy it now if an app connects over HTTP. Apps that
        launch <code>agent-hub connect</code> (below) do not need it.
      </p>
      <input ref={input} readOnly value={client.token} aria-label={`Token of ${client.name}`} onFocus={(e) => e.target.select()} />{' '}
      <CopyButton text={client.token} target={() => input.current} label="Copy token" />{' '}
      <button type="button" onClick={onDone}>
        Done
      </button>
    </div>
  );
}

const CONSENT_IN: { value: ConsentIn; label: string }[] = [
  { value: 'hub', label: 'Agent Hub' },
  { value: 'client', label: 'The client app' },
  { value: 'both', label: 'Both' },
];

/** Where this client's tool calls ask for consent: Agent Hub's dialog, the client app (elicitation), or both. */
function ConsentChoice({ api, client, onChange }: { api: HubApi; client: ClientView; onChange: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const choose = (consentIn: ConsentIn) => {
    setBusy(true);
    setError(undefined);
    api
      .updateClient(client.name, { consentIn })
      .then(onChange, (e: unknown) => setError(message(e)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="consent-in" aria-labelledby="consent-in-title">
      <h3 id="consent-in-title">Consent for {client.name}</h3>
      <fieldset disabled={busy} aria-describedby="consent-in-hint">
        <legend>Ask for consent in</legend>
        {CONSENT_IN.map((o) => (
          <label key={o.value}>
            <input type="radio" name={`consent-in-${client.name}`} value={o.value} checked={client.consentIn === o.value} onChange={() => choose(o.value)} />{' '}
            {o.label}
          </label>
        ))}
        <p id="consent-in-hint" className="hint">
          The client app can be asked only when it supports elicitation; a client app that answers automatically would approve its own calls, so choose it
          only for apps that show the question to you.
        </p>
      </fieldset>
      <ErrorLine error={error} />
    </section>
  );
}

/** Whether each app is connected: read again when clients change (the Connect buttons reload it themselves). */
function AppSetups({ api, events, client }: { api: HubApi; events: ViewEvents | undefined; client: string }) {
  const fetch = useCallback(() => api.clientSetup(client), [api, client]);
  const [state, reload] = useHubData(fetch, events, 'clients-changed', 3000);
  return (
    <section className="app-setups">
      <h3>Connect apps as {client}</h3>
      <p className="hint">
        Each app launches <code>agent-hub connect --client {client}</code>, which starts the hub if needed; no token goes into the file.
      </p>
      {state.status === 'loading' && <p aria-busy="true">Loading…</p>}
      {state.status === 'error' && <ErrorLine error={state.message} />}
      {state.status === 'ready' && state.data.map((s) => <AppSetupCard key={s.app} api={api} client={client} setup={s} onChange={reload} />)}
    </section>
  );
}

function AppSetupCard({ api, client, setup, onChange }: { api: HubApi; client: string; setup: ClientAppSetup; onChange: () => void }) {
  const [busy, setBusy] = useState<'connect' | 'undo' | undefined>();
  const [result, setResult] = useState<ConnectResult | undefined>();
  const [undone, setUndone] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const pre = useRef<HTMLPreElement>(null);

  const perform = (what: 'connect' | 'undo', call: () => Promise<void>) => {
    setError(undefined);
    setBusy(what);
    call()
      .then(onChange, (e: unknown) => setError(message(e)))
      .finally(() => setBusy(undefined));
  };
  const connect = () =>
    perform('connect', async () => {
      setResult(await api.connectClientApp(client, setup.app));
      setUndone(false);
    });
  const undo = (done: ConnectResult) =>
    perform('undo', async () => {
      await api.undoConnectClientApp(done.undoId);
      setResult(undefined);
      setUndone(true);
    });

  return (
    <article className="app-setup" aria-label={setup.label}>
      <h4>
        {setup.label} <span className={setup.connected ? 'connected' : 'not-connected'}>{setup.connected ? 'connected' : 'not connected'}</span>
      </h4>
      <p className="config-path">
        Config file: <code>{setup.configPath}</code>
      </p>
      <pre ref={pre} className="snippet">
        {setup.snippet}
      </pre>
      <div className="app-actions">
        <CopyButton text={setup.snippet} target={() => pre.current} label={`Copy the ${setup.label} snippet`} />{' '}
        <button type="button" onClick={connect} disabled={busy !== undefined} aria-label={`Connect ${setup.label}`}>
          {busy === 'connect' ? 'Connecting…' : setup.connected ? 'Connect again' : 'Connect'}
        </button>
      </div>
      {result && !result.changed && (
        <p className="connect-result" role="status">
          Already connected — nothing was written. {result.configPath} has this entry already.
        </p>
      )}
      {result?.changed && (
        <p className="connect-result" role="status">
          Connected: wrote {result.configPath} ({result.backupPath ? `backup: ${result.backupPath}` : 'a new file, so no backup'}). Restart {setup.label} if it
          is running.{' '}
          <button type="button" onClick={() => undo(result)} disabled={busy !== undefined} aria-label={`Undo connecting ${setup.label}`}>
            {busy === 'undo' ? 'Undoing…' : 'Undo'}
          </button>
        </p>
      )}
      {undone && <p role="status">Undone: {setup.configPath} is as it was before.</p>}
      <ErrorLine error={error} />
    </article>
  );
}
