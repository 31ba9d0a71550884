import { useEffect, useRef, useState } from 'react';
import type { ServerConfig, ServerStatusView } from '../../shared/config.js';
import { useGuide } from './guide.js';
import { ImportView, type ImportDone } from './ImportView.js';
import { Badge, Button, ConfirmButton, ErrorLine, Loading, PageHeader, Table, type Column } from './kit/index.js';
import { messageOf, useHubMutation, useHubQuery } from './query.js';
import { hrefOf, navigate, useLocation } from './router.js';
import { paths } from './paths.js';
import { ServerFormDialog } from './ServerForm.js';
import { GettingStarted } from './SetupGuide.js';
import { SignIn } from './SignIn.js';
import { stateBadge } from './state-labels.js';

/**
 * Every configured server, one row each: its name (which opens its page: tools, log, errors,
 * environment), transport, state, tool count, what it runs, and its controls. With none, the three
 * steps of getting started. #/servers?view=import shows the import view instead of the table.
 */
export function ServersPage() {
  const servers = useHubQuery('listServers', []);
  const status = useHubQuery('serverStatus', []);
  const location = useLocation();
  const importing = location.query.get('view') === 'import';
  /** undefined: no form; null: the add form; a name: that server's edit form. */
  const [form, setForm] = useState<string | null | undefined>();
  const [imported, setImported] = useState<ImportDone | undefined>();
  const guide = useGuide();
  const openImport = () => {
    setImported(undefined);
    navigate(paths.servers(), { query: { view: 'import' } });
  };
  const closeImport = () => navigate(paths.servers());
  const importDone = (done: ImportDone) => {
    setImported(done);
    closeImport();
    guide.refresh();
  };

  if (servers.isPending) return <Loading>Loading servers…</Loading>;
  if (servers.error) return <ErrorLine error={servers.error.message} />;
  const list = servers.data;
  const byName = new Map((status.data ?? []).map((s) => [s.name, s]));
  const editing = form ? list.find((s) => s.name === form) : undefined;
  const empty = list.length === 0;
  return (
    <section className="servers-page">
      <PageHeader
        title="Servers"
        actions={
          !importing &&
          !empty && (
            <>
              <Button onClick={openImport}>Import from apps</Button>
              <Button variant="primary" onClick={() => setForm(null)}>
                Add server
              </Button>
            </>
          )
        }
      />
      <ErrorLine error={status.error?.message} />
      {imported && <ImportResult done={imported} onDone={() => setImported(undefined)} />}
      {importing && <ImportView onDone={importDone} onClose={closeImport} />}
      {form !== undefined && (
        <ServerFormDialog
          key={form ?? ''}
          editing={editing}
          taken={list.map((s) => s.name)}
          onSaved={() => {
            setForm(undefined);
            setImported(undefined);
            guide.refresh();
          }}
          onClose={() => setForm(undefined)}
        />
      )}
      {empty && !importing && <EmptyServers onImport={openImport} onAdd={() => setForm(null)} />}
      {!empty && !importing && <ServerTable servers={list} status={byName} onEdit={setForm} />}
    </section>
  );
}

function ServerTable({ servers, status, onEdit }: { servers: ServerConfig[]; status: ReadonlyMap<string, ServerStatusView>; onEdit: (name: string) => void }) {
  const columns: Column<ServerConfig>[] = [
    {
      header: 'Name',
      width: '17%',
      className: 'cell-name',
      cell: (s) => (
        <a href={hrefOf(paths.server(s.name))} className="row-link">
          {s.name}
        </a>
      ),
    },
    { header: 'Transport', width: '96px', cell: (s) => s.transport },
    { header: 'State', width: '19%', cell: (s) => <StateCell server={s} status={status.get(s.name)} /> },
    { header: 'Tools', width: '62px', align: 'end', cell: (s) => status.get(s.name)?.toolCount ?? 0 },
    {
      header: 'Target',
      className: 'cell-target',
      cell: (s) => (
        <code className="truncate" title={target(s)}>
          {target(s)}
        </code>
      ),
    },
    { header: '', srHeader: 'Actions', width: '270px', className: 'cell-actions', cell: (s) => <ServerActions server={s} onEdit={() => onEdit(s.name)} /> },
  ];
  return <Table label="Servers" className="servers" columns={columns} rows={servers} rowKey={(s) => s.name} />;
}

function StateCell({ server: s, status: st }: { server: ServerConfig; status: ServerStatusView | undefined }) {
  const badge = stateBadge(st?.state ?? (s.enabled ? 'stopped' : 'disabled'));
  return (
    <div className="state-cell">
      <Badge tone={badge.tone} busy={st?.state === 'starting'} title={st?.lastError ?? undefined}>
        {st ? badge.label : s.enabled ? 'unknown' : 'disabled'}
      </Badge>
      {st?.lastError && st.state !== 'running' && (
        <span className="cell-error truncate" title={st.lastError}>
          {st.lastError}
        </span>
      )}
      {st?.signIn && st.signIn !== 'signed-in' && <SignIn name={s.name} state={st.signIn} compact />}
    </div>
  );
}

/** Enable or disable, restart, edit and remove (after a confirm), in a row or on the server's page. */
export function ServerActions({ server: s, onEdit, onRemoved }: { server: ServerConfig; onEdit: () => void; onRemoved?: () => void }) {
  const enable = useHubMutation('setServerEnabled');
  const restart = useHubMutation('restartServer');
  const remove = useHubMutation('removeServer', { onSuccess: () => onRemoved?.() });
  const error = messageOf(enable.error ?? restart.error ?? remove.error);
  return (
    <div className="row-actions">
      <Button size="sm" variant="ghost" busy={enable.isPending} onClick={() => enable.mutate([s.name, !s.enabled])} aria-label={`${s.enabled ? 'Disable' : 'Enable'} ${s.name}`}>
        {s.enabled ? 'Disable' : 'Enable'}
      </Button>
      {s.enabled && (
        <Button size="sm" variant="ghost" busy={restart.isPending} onClick={() => restart.mutate([s.name])} aria-label={`Restart ${s.name}`}>
          Restart
        </Button>
      )}
      <Button size="sm" variant="ghost" onClick={onEdit} aria-label={`Edit ${s.name}`}>
        Edit
      </Button>
      <ConfirmButton
        aria-label={`Remove ${s.name}`}
        question={`Remove ${s.name}?`}
        confirm="Yes, remove"
        busy={remove.isPending}
        onConfirm={() => remove.mutate([s.name])}
      >
        Remove
      </ConfirmButton>
      <ErrorLine error={error} className="row-error" />
    </div>
  );
}

/** The three steps, with what the import would find on this machine. */
function EmptyServers({ onImport, onAdd }: { onImport: () => void; onAdd: () => void }) {
  const sources = useHubQuery('listImportSources', []);
  const withServers = (sources.data ?? []).filter((s) => s.servers.some((x) => !x.problem));
  const found = sources.data && { apps: withServers.map((s) => s.label), servers: withServers.reduce((n, s) => n + s.servers.filter((x) => !x.problem).length, 0) };
  return <GettingStarted found={found} onImport={onImport} onAdd={onAdd} />;
}

/** What an import did: the servers added, the names changed, and what was left out. */
function ImportResult({ done, onDone }: { done: ImportDone; onDone: () => void }) {
  const { imported, renamed, warnings } = done.result;
  // The import view it replaces had the focus: keep keyboard users at what happened.
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="notice notice-success import-result" role="status" ref={ref} tabIndex={-1}>
      <p>
        Imported {imported.join(', ')} from {done.app}.{' '}
        <Button size="sm" onClick={onDone}>
          OK
        </Button>
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

export function target(s: ServerConfig): string {
  if (s.transport === 'http') return s.command ? `${s.url} (runs ${[s.command, ...s.args].join(' ')})` : s.url;
  return [s.command, ...s.args].join(' ');
}
