import { useRef, useState } from 'react';
import type { AppChangeView, AppConnectionView, ClientApp, ClientAppSetup, ConfigFormat, ConnectResult } from '../../shared/clients.js';
import { CopyButton } from './CopyButton.js';
import { useGuide } from './guide.js';
import { appHttpSnippet, tokenPlaceholder } from './http-snippet.js';
import { Badge, Button, EmptyState, ErrorLine, Loading } from './kit/index.js';
import { messageOf, useHubMutation, useHubQuery } from './query.js';
import { TokenNote } from './SetupGuide.js';

const FORMAT: Record<ConfigFormat, string> = { json: 'JSON', jsonc: 'JSON with comments', toml: 'TOML', yaml: 'YAML' };

type Group = 'connected' | 'found' | 'other';
const GROUPS: { group: Group; title: string }[] = [
  { group: 'connected', title: 'Connected' },
  { group: 'found', title: 'Found on this machine' },
  { group: 'other', title: 'Other apps' },
];

const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * Every app the hub can connect, one compact row each, with whether its file has the hub's entry and
 * as which client (read from the file: `connect --client NAME`, or the client whose token it sends):
 * connected apps first, then those whose config file is on this machine, then the rest, with a filter.
 * Each row connects the app as the chosen client, or disconnects it; every change the hub made to an
 * app's file is listed with its Undo below for as long as the hub runs, whichever page was open.
 * The order is kept while the page is open, so a row does not jump away when its app gets connected.
 */
export function AppSetups({ client, token }: { client: string; token: string | undefined }) {
  const query = useHubQuery('clientSetup', [client]);
  const connections = useHubQuery('listAppConnections', []);
  const sources = useHubQuery('listImportSources', []);
  const [groups, setGroups] = useState<Map<ClientApp, Group> | undefined>();
  const [filter, setFilter] = useState('');

  // Which apps have a config file here; a failed look is as good as none.
  const sourcesKnown = sources.data !== undefined || sources.error !== null;
  const byApp = new Map((connections.data ?? []).map((c) => [c.app, c]));
  const known = query.data !== undefined && (connections.data !== undefined || connections.error !== null) && sourcesKnown;
  if (known && !groups) {
    const found = new Set((sources.data ?? []).map((s) => s.app));
    setGroups(new Map(query.data.map((s) => [s.app, byApp.get(s.app)?.connected ?? s.connected ? 'connected' : found.has(s.app) ? 'found' : 'other'])));
  }
  const setups = known ? query.data : [];
  const wanted = filter.trim().toLowerCase();
  const shown = setups.filter((s) => !wanted || `${s.label} ${s.app} ${s.format} ${FORMAT[s.format]}`.toLowerCase().includes(wanted));

  return (
    <section className="app-setups section" aria-labelledby="app-setups-title">
      <h3 id="app-setups-title">Connect apps as {client}</h3>
      <p className="hint">
        <strong>Connect</strong> writes the hub into the app’s config file (after a backup; Undo puts the file back). The entry launches{' '}
        <code>agent-hub connect --client {client}</code>, which starts the hub if needed; no token goes into the file. <strong>Disconnect</strong> takes the
        hub’s entry out again, also after a backup. Restart the app afterwards.
      </p>
      {!known && !query.error && <Loading>Loading…</Loading>}
      <ErrorLine error={query.error?.message ?? connections.error?.message} />
      <AppChanges />
      {known && (
        <>
          <div className="app-filter filter-bar">
            <label>
              Filter apps{' '}
              <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="name or format: code, zed, yaml" spellCheck={false} />
            </label>{' '}
            <span className="hint" aria-live="polite">
              {shown.length === setups.length ? `${setups.length} apps` : `${shown.length} of ${setups.length} apps`}
            </span>
          </div>
          {GROUPS.map(({ group, title }) => {
            const rows = shown.filter((s) => (groups?.get(s.app) ?? 'other') === group);
            if (rows.length === 0) return null;
            return (
              <div key={group} className="app-group">
                <h4>
                  {title} <span className="hint">({rows.length})</span>
                </h4>
                <ul className="app-list" aria-label={title}>
                  {rows.map((s) => (
                    <AppSetupRow key={s.app} client={client} token={token} setup={s} connection={byApp.get(s.app)} />
                  ))}
                </ul>
              </div>
            );
          })}
          {shown.length === 0 && <EmptyState>No app matches “{filter}”.</EmptyState>}
        </>
      )}
    </section>
  );
}

/** What the row says of the app's file: connected as whom, or not, or why it cannot be read. */
function ConnectionBadge({ connection: c, setup }: { connection: AppConnectionView | undefined; setup: ClientAppSetup }) {
  if (c?.problem) {
    return (
      <Badge tone="danger" className="app-state problem" title={c.problem}>
        file unreadable
      </Badge>
    );
  }
  const connected = c?.connected ?? setup.connected;
  if (!c && connected) {
    return (
      <Badge tone="success" className="app-state connected">
        connected
      </Badge>
    );
  }
  if (!connected) {
    return (
      <Badge className="app-state not-connected" icon={false}>
        not connected
      </Badge>
    );
  }
  if (c?.client) {
    return (
      <Badge tone="success" className="app-state connected" title={c.via === 'http' ? 'Its entry sends this client’s token' : `Its entry runs agent-hub connect --client ${c.client}`}>
        connected as {c.client}
        {c.via === 'http' ? ' (HTTP)' : ''}
      </Badge>
    );
  }
  return (
    <Badge tone="warning" className="app-state connected unknown-client" title="The hub's entry is there, but names no client the hub has (removed since, or a token that no longer works)">
      connected, as a client that no longer exists
    </Badge>
  );
}

function AppSetupRow({ client, token, setup, connection }: { client: string; token: string | undefined; setup: ClientAppSetup; connection: AppConnectionView | undefined }) {
  const guide = useGuide();
  const connectApp = useHubMutation('connectClientApp');
  const disconnectApp = useHubMutation('disconnectClientApp');
  const undoApp = useHubMutation('undoConnectClientApp');
  const busy = connectApp.isPending ? 'connect' : disconnectApp.isPending ? 'disconnect' : undoApp.isPending ? 'undo' : undefined;
  const [result, setResult] = useState<{ kind: 'connect' | 'disconnect'; done: ConnectResult } | undefined>();
  const [undone, setUndone] = useState(false);
  const error = messageOf(connectApp.error ?? disconnectApp.error ?? undoApp.error);
  const [open, setOpen] = useState(false);
  const pre = useRef<HTMLPreElement>(null);
  const httpPre = useRef<HTMLPreElement>(null);
  const url = guide.endpoint ?? 'http://127.0.0.1:<port>/mcp';
  const http = appHttpSnippet(setup.app, url, token ?? tokenPlaceholder(client));
  const connected = connection?.connected ?? setup.connected;
  const asThis = connected && connection?.client === client;

  const reset = () => {
    connectApp.reset();
    disconnectApp.reset();
    undoApp.reset();
  };
  const connect = () => {
    reset();
    connectApp.mutate([client, setup.app], {
      onSuccess: (done) => {
        setResult({ kind: 'connect', done });
        setUndone(false);
        guide.refresh();
      },
    });
  };
  const disconnect = () => {
    reset();
    disconnectApp.mutate([setup.app], {
      onSuccess: (done) => {
        setResult({ kind: 'disconnect', done });
        setUndone(false);
        guide.refresh();
      },
    });
  };
  const undo = (done: ConnectResult) => {
    reset();
    undoApp.mutate([done.undoId], {
      onSuccess: () => {
        setResult(undefined);
        setUndone(true);
        guide.refresh();
      },
    });
  };

  return (
    <li>
      <article className={`app-row${connected ? ' is-connected' : ''}`} aria-label={setup.label}>
        <div className="app-line">
          <span className="app-name">{setup.label}</span>
          <span className="app-status">
            <ConnectionBadge connection={connection} setup={setup} />
          </span>
          <span className="app-file">
            <code className="path" title="Config file">
              {setup.configPath}
            </code>{' '}
            <span className="app-format">{FORMAT[setup.format]}</span>
          </span>
          <span className="app-actions">
            <Button size="sm" variant="ghost" className="snippet-toggle" aria-expanded={open} aria-controls={`snippets-${setup.app}`} onClick={() => setOpen(!open)} aria-label={`${setup.label} snippets`}>
              Snippets {open ? '▴' : '▾'}
            </Button>
            <CopyButton text={setup.snippet} target={() => pre.current} label={`Copy snippet for ${setup.label}`}>
              Copy snippet
            </CopyButton>
            {connected && (
              <Button size="sm" onClick={disconnect} disabled={busy !== undefined} busy={busy === 'disconnect'} aria-label={`Disconnect ${setup.label}`}>
                {busy === 'disconnect' ? 'Disconnecting…' : 'Disconnect'}
              </Button>
            )}
            <Button size="sm" variant={connected ? 'secondary' : 'primary'} onClick={connect} disabled={busy !== undefined} busy={busy === 'connect'} aria-label={`Connect ${setup.label}`}>
              {busy === 'connect' ? 'Connecting…' : !connected ? 'Connect' : asThis ? 'Connect again' : `Connect as ${client}`}
            </Button>
          </span>
        </div>
        <div className="app-snippets" id={`snippets-${setup.app}`} hidden={!open}>
          <p className="hint">Paste into {setup.configPath} by hand instead of Connect; the app launches the hub’s stdio bridge:</p>
          <pre ref={pre} className="snippet">
            {setup.snippet}
          </pre>
          {http ? (
            <>
              <p className="hint">Or over Streamable HTTP, with the endpoint and the client’s token:</p>
              <pre ref={httpPre} className="snippet">
                {http}
              </pre>
              <CopyButton text={http} target={() => httpPre.current} label={`Copy HTTP snippet for ${setup.label}`}>
                Copy HTTP snippet
              </CopyButton>
              <p className="hint">
                <TokenNote client={client} token={token} />
              </p>
            </>
          ) : (
            <p className="hint">{setup.label}’s file takes only servers it starts itself, so it connects through the stdio snippet above.</p>
          )}
        </div>
        {result && !result.done.changed && (
          <p className="connect-result" role="status">
            {result.kind === 'connect'
              ? `Already connected — nothing was written. ${result.done.configPath} has this entry already.`
              : `Not connected — nothing was written. ${result.done.configPath} has no entry of the hub.`}
          </p>
        )}
        {result?.done.changed && (
          <p className="connect-result" role="status">
            {result.kind === 'connect' ? 'Connected' : 'Disconnected'}: wrote {result.done.configPath} (
            {result.done.backupPath ? `backup: ${result.done.backupPath}` : 'a new file, so no backup'}). Restart {setup.label} if it is running.{' '}
            <Button
              size="sm"
              onClick={() => undo(result.done)}
              disabled={busy !== undefined}
              busy={busy === 'undo'}
              aria-label={`Undo ${result.kind === 'connect' ? 'connecting' : 'disconnecting'} ${setup.label}`}
            >
              {busy === 'undo' ? 'Undoing…' : 'Undo'}
            </Button>
          </p>
        )}
        {undone && <p role="status">Undone: {setup.configPath} is as it was before.</p>}
        <ErrorLine error={error} />
      </article>
    </li>
  );
}

/**
 * What Agent Hub changed in apps' files and can still undo: kept by the hub (not this page) until it
 * restarts, so the Undo is here after leaving the page and coming back, or in another tab.
 */
function AppChanges() {
  const changes = useHubQuery('listAppChanges', []);
  const undo = useHubMutation('undoConnectClientApp');
  if (!changes.data || changes.data.length === 0) return null;
  return (
    <div className="app-changes" role="region" aria-labelledby="app-changes-title">
      <h4 id="app-changes-title">Changes you can undo</h4>
      <ErrorLine error={messageOf(undo.error)} />
      <ul className="changes-list" aria-label="Changes you can undo">
        {changes.data.map((c) => (
          <li key={c.undoId}>
            <span className="change-text">{describeChange(c)}</span>
            <Button size="sm" busy={undo.isPending && undo.variables[0] === c.undoId} disabled={undo.isPending} onClick={() => undo.mutate([c.undoId])} aria-label={`Undo: ${describeChange(c)}`}>
              Undo
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function describeChange(c: AppChangeView): string {
  const who = c.client ? ` as ${c.client}` : '';
  const what = c.kind === 'connect' ? `Connected ${c.label}${who}` : `Disconnected ${c.label}${c.client ? ` (was ${c.client})` : ''}`;
  return `${what} at ${time(c.at)}: ${c.configPath}${c.backupPath ? `, backup ${c.backupPath}` : ''}`;
}
