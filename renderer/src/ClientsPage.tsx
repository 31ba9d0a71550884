import { useRef, useState, type FormEvent } from 'react';
import type { ClientView, ConsentIn, NewClientView } from '../../shared/clients.js';
import { NameSchema } from '../../shared/config.js';
import { formatZodIssue } from '../../shared/zod-issue.js';
import { AppSetups } from './AppSetupList.js';
import { ClientProfileEditor } from './ClientProfileEditor.js';
import { CopyButton } from './CopyButton.js';
import { useGuide } from './guide.js';
import { Button, ConfirmButton, EmptyState, ErrorLine, Loading, PageHeader, Table, type Column } from './kit/index.js';
import { messageOf, useHubMutation, useHubQuery } from './query.js';
import { EndpointLine, HttpSnippet } from './SetupGuide.js';

/**
 * The hub's clients (one per app, each with its own token) and, for the selected one, how to connect
 * each of the apps the hub knows: the snippet to paste (stdio, or HTTP with the token), or a Connect
 * button that writes it.
 */
export function ClientsPage() {
  const clients = useHubQuery('listClients', []);
  const [chosen, setChosen] = useState<string | undefined>();
  const [created, setCreated] = useState<NewClientView | undefined>();
  const guide = useGuide();

  if (clients.isPending) return <Loading>Loading clients…</Loading>;
  if (clients.error) return <ErrorLine error={clients.error.message} />;
  const list = clients.data;
  const selected = list.find((c) => c.name === chosen) ?? list[0];

  // "What it sees" selects the client and takes the focus to its editor once it is there.
  const showProfile = (name: string) => {
    setChosen(name);
    requestAnimationFrame(() => {
      const title = document.getElementById(`profile-${name}-title`);
      title?.setAttribute('tabindex', '-1');
      title?.focus();
      title?.scrollIntoView?.({ block: 'start' });
    });
  };

  const onCreated = (client: NewClientView) => {
    setCreated(client);
    setChosen(client.name);
    guide.refresh();
  };

  return (
    <section className="clients-page">
      <PageHeader
        title="Clients"
        description="Each app that uses the hub is a client with its own token, so you can tell them apart in the timeline and revoke one alone."
      />
      {list.length === 0 ? (
        <EmptyState className="clients-empty" title="No clients yet. Create one for each app you connect, e.g. claude.">
          Then connect the app below: Agent Hub writes itself into the app’s config file, or you paste a snippet. Apps that speak Streamable HTTP reach the hub
          at {guide.endpoint ? <EndpointLine endpoint={guide.endpoint} /> : 'its /mcp endpoint'} with the client’s token.
        </EmptyState>
      ) : (
        <ClientList clients={list} selected={selected?.name} onSelect={setChosen} onShowProfile={showProfile} />
      )}
      <AddClientForm onCreated={onCreated} />
      {created && <TokenOnce client={created} onDone={() => setCreated(undefined)} />}
      {selected && <ClientProfileEditor key={`profile-${selected.name}`} client={selected} />}
      {selected && <ConsentChoice key={`consent-${selected.name}`} client={selected} />}
      {selected && <AppSetups key={selected.name} client={selected.name} token={created?.name === selected.name ? created.token : undefined} />}
    </section>
  );
}

function ClientList({
  clients,
  selected,
  onSelect,
  onShowProfile,
}: {
  clients: ClientView[];
  selected: string | undefined;
  onSelect: (name: string) => void;
  onShowProfile: (name: string) => void;
}) {
  const remove = useHubMutation('removeClient');
  // Which apps' files connect as each client (read from the files themselves).
  const connections = useHubQuery('listAppConnections', []);
  const appsOf = (name: string) => (connections.data ?? []).filter((c) => c.connected && c.client === name).map((c) => c.label);
  const columns: Column<ClientView>[] = [
    { header: 'Name', width: '14%', cell: (c) => <strong>{c.name}</strong> },
    {
      header: 'Apps connected as it',
      cell: (c) => {
        const apps = appsOf(c.name);
        return apps.length ? apps.join(', ') : <span className="muted">none</span>;
      },
    },
    { header: 'Sees', width: '13%', cell: (c) => profileSummary(c) },
    { header: 'Created', width: '13%', cell: (c) => new Date(c.createdAt).toLocaleString() },
    { header: 'Asks for consent in', width: '13%', cell: (c) => CONSENT_IN.find((o) => o.value === c.consentIn)?.label ?? c.consentIn },
    {
      header: '',
      srHeader: 'Actions',
      width: '280px',
      className: 'cell-actions',
      cell: (c) => (
        <div className="row-actions">
          <Button size="sm" variant="ghost" onClick={() => onSelect(c.name)} disabled={c.name === selected} aria-label={`Set up apps for ${c.name}`}>
            Set up apps
          </Button>
          <Button size="sm" variant="ghost" onClick={() => onShowProfile(c.name)} aria-label={`What it sees: ${c.name}`}>
            What it sees
          </Button>
          <ConfirmButton
            aria-label={`Remove ${c.name}`}
            question={`Remove ${c.name}? Its tokens stop working at once.`}
            confirm="Yes, remove"
            cancel="Cancel"
            busy={remove.isPending && remove.variables[0] === c.name}
            onConfirm={() => remove.mutate([c.name])}
          >
            Remove
          </ConfirmButton>
        </div>
      ),
    },
  ];
  return (
    <>
      <ErrorLine error={messageOf(remove.error)} />
      <Table label="Clients" className="clients" columns={columns} rows={clients} rowKey={(c) => c.name} rowProps={(c) => ({ 'aria-selected': c.name === selected })} />
    </>
  );
}

/** A client's profile in a few words: "all · flat", "2 chosen · 1 hidden · search". */
function profileSummary(c: ClientView): string {
  const p = c.profile;
  const parts = [p.servers === null ? 'all' : `${p.servers.length} chosen`];
  if (p.hiddenTools.length) parts.push(`${p.hiddenTools.length} hidden`);
  parts.push(p.mode);
  return parts.join(' · ');
}

/** The name is checked as it is typed, with the same schema the hub uses. */
function nameError(name: string): string | undefined {
  if (name === '') return undefined;
  const parsed = NameSchema.safeParse(name);
  return parsed.success ? undefined : `The name ${formatZodIssue(parsed.error)}.`;
}

function AddClientForm({ onCreated }: { onCreated: (client: NewClientView) => void }) {
  const [name, setName] = useState('');
  const add = useHubMutation('addClient');
  const busy = add.isPending;
  const invalid = nameError(name);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (invalid || name === '') return;
    add.mutate([name], {
      onSuccess: (client) => {
        setName('');
        onCreated(client);
      },
    });
  };

  return (
    <form className="add-client inline-form" onSubmit={submit}>
      <label htmlFor="client-name">New client name</label>
      <input
        id="client-name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="claude"
        aria-invalid={invalid !== undefined}
        aria-describedby={invalid ? 'client-name-error' : undefined}
        autoComplete="off"
        spellCheck={false}
      />
      <Button type="submit" variant="primary" disabled={busy || name === '' || invalid !== undefined} busy={busy}>
        {busy ? 'Creating…' : 'Create client'}
      </Button>
      {invalid && (
        <span id="client-name-error" className="field-issue">
          {invalid}
        </span>
      )}
      <ErrorLine error={messageOf(add.error)} />
    </form>
  );
}

/** The new client's token, shown this once: the hub keeps only its hash. */
function TokenOnce({ client, onDone }: { client: NewClientView; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="token-once notice notice-warning" role="status">
      <p>
        Created client <strong>{client.name}</strong>. Its token is shown only this once; copy it now if an app connects over HTTP. Apps that
        launch <code>agent-hub connect</code> (below) do not need it.
      </p>
      <input ref={input} readOnly value={client.token} aria-label={`Token of ${client.name}`} onFocus={(e) => e.target.select()} />{' '}
      <CopyButton text={client.token} target={() => input.current} label="Copy token" />{' '}
      <Button size="sm" onClick={onDone}>
        Done
      </Button>
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
function ConsentChoice({ client }: { client: ClientView }) {
  const update = useHubMutation('updateClient');
  const busy = update.isPending;
  const choose = (consentIn: ConsentIn) => update.mutate([client.name, { consentIn }]);
  return (
    <section className="consent-in section" aria-labelledby="consent-in-title">
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
      <ErrorLine error={messageOf(update.error)} />
    </section>
  );
}
