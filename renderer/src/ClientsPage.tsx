import { useCallback, useRef, useState, type FormEvent } from 'react';
import type { ClientView, ConsentIn, NewClientView } from '../../shared/clients.js';
import { NameSchema } from '../../shared/config.js';
import { formatZodIssue } from '../../shared/zod-issue.js';
import type { HubApi } from '../../shared/hub-api.js';
import { AppSetups } from './AppSetupList.js';
import { CopyButton } from './CopyButton.js';
import type { ViewEvents } from './event-stream.js';
import { useGuide } from './guide.js';
import { EndpointLine, HttpSnippet } from './SetupGuide.js';
import { useHubData } from './use-hub-data.js';

const message = (e: unknown) => (e as Error).message;

/**
 * The hub's clients (one per app, each with its own token) and, for the selected one, how to connect
 * each of the apps the hub knows: the snippet to paste (stdio, or HTTP with the token), or a Connect
 * button that writes it.
 */
export function ClientsPage({ api, events }: { api: HubApi; events?: ViewEvents | undefined }) {
  const fetch = useCallback(() => api.listClients(), [api]);
  const [state, reload] = useHubData(fetch, events, 'clients-changed');
  const [chosen, setChosen] = useState<string | undefined>();
  const [created, setCreated] = useState<NewClientView | undefined>();
  const guide = useGuide();

  if (state.status === 'loading') return <p aria-busy="true">Loading clients…</p>;
  if (state.status === 'error') return <p role="alert" className="error">{state.message}</p>;
  const clients = state.data;
  const selected = clients.find((c) => c.name === chosen) ?? clients[0];

  const onCreated = (client: NewClientView) => {
    setCreated(client);
    setChosen(client.name);
    reload();
    guide.refresh();
  };

  return (
    <section className="clients-page">
      <h2>Clients</h2>
      <p className="hint">Each app that uses the hub is a client with its own token, so you can tell them apart in the timeline and revoke one alone.</p>
      {clients.length === 0 ? (
        <div className="clients-empty">
          <p className="empty">No clients yet. Create one for each app you connect, e.g. claude.</p>
          <p className="hint">
            Then connect the app below: Agent Hub writes itself into the app’s config file, or you paste a snippet. Apps that speak Streamable HTTP reach
            the hub at {guide.endpoint ? <EndpointLine endpoint={guide.endpoint} /> : 'its /mcp endpoint'} with the client’s token.
          </p>
        </div>
      ) : (
        <ClientList api={api} clients={clients} selected={selected?.name} onSelect={setChosen} onRemoved={reload} />
      )}
      <AddClientForm api={api} onCreated={onCreated} />
      {created && <TokenOnce client={created} onDone={() => setCreated(undefined)} />}
      {selected && <ConsentChoice key={`consent-${selected.name}`} api={api} client={selected} onChange={reload} />}
      {selected && (
        <AppSetups key={selected.name} api={api} events={events} client={selected.name} token={created?.name === selected.name ? created.token : undefined} />
      )}
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
  return parsed.success ? undefined : `The name ${formatZodIssue(parsed.error)}.`;
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
      <details className="token-http" open>
        <summary>The HTTP entry with this token</summary>
        <p className="hint">For apps that speak Streamable HTTP (most take this form; each app’s own is under its Snippets below):</p>
        <HttpSnippet client={client.name} token={client.token} />
      </details>
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
