import { useRef, useState } from 'react';
import type { ClientApp, ClientAppSetup, ConfigFormat, ConnectResult } from '../../shared/clients.js';
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

/**
 * Every app the hub can connect, as one compact row each: connected apps first, then those whose config
 * file is on this machine, then the rest, with a filter. The order is kept while the page is open, so a
 * row does not jump away (with its Undo) when its app gets connected.
 */
export function AppSetups({ client, token }: { client: string; token: string | undefined }) {
  const query = useHubQuery('clientSetup', [client]);
  const sources = useHubQuery('listImportSources', []);
  const [groups, setGroups] = useState<Map<ClientApp, Group> | undefined>();
  const [filter, setFilter] = useState('');

  // Which apps have a config file here; a failed look is as good as none.
  const sourcesKnown = sources.data !== undefined || sources.error !== null;
  if (query.data && sourcesKnown && !groups) {
    const found = new Set((sources.data ?? []).map((s) => s.app));
    setGroups(new Map(query.data.map((s) => [s.app, s.connected ? 'connected' : found.has(s.app) ? 'found' : 'other'])));
  }
  const ready = query.data !== undefined && sourcesKnown;
  const setups = ready ? query.data : [];
  const wanted = filter.trim().toLowerCase();
  const shown = setups.filter((s) => !wanted || `${s.label} ${s.app} ${s.format} ${FORMAT[s.format]}`.toLowerCase().includes(wanted));

  return (
    <section className="app-setups section" aria-labelledby="app-setups-title">
      <h3 id="app-setups-title">Connect apps as {client}</h3>
      <p className="hint">
        <strong>Connect</strong> writes the hub into the app’s config file (after a backup; Undo puts the file back). The entry launches{' '}
        <code>agent-hub connect --client {client}</code>, which starts the hub if needed; no token goes into the file. Restart the app afterwards.
      </p>
      {!ready && !query.error && <Loading>Loading…</Loading>}
      <ErrorLine error={query.error?.message} />
      {ready && (
        <>
          <div className="app-filter">
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
                    <AppSetupRow key={s.app} client={client} token={token} setup={s} />
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

function AppSetupRow({ client, token, setup }: { client: string; token: string | undefined; setup: ClientAppSetup }) {
  const guide = useGuide();
  const connectApp = useHubMutation('connectClientApp');
  const undoApp = useHubMutation('undoConnectClientApp');
  const busy = connectApp.isPending ? 'connect' : undoApp.isPending ? 'undo' : undefined;
  const [result, setResult] = useState<ConnectResult | undefined>();
  const [undone, setUndone] = useState(false);
  const error = messageOf(connectApp.error ?? undoApp.error);
  const [open, setOpen] = useState(false);
  const pre = useRef<HTMLPreElement>(null);
  const httpPre = useRef<HTMLPreElement>(null);
  const url = guide.endpoint ?? 'http://127.0.0.1:<port>/mcp';
  const http = appHttpSnippet(setup.app, url, token ?? tokenPlaceholder(client));

  const connect = () => {
    undoApp.reset();
    connectApp.mutate([client, setup.app], {
      onSuccess: (done) => {
        setResult(done);
        setUndone(false);
        guide.refresh();
      },
    });
  };
  const undo = (done: ConnectResult) => {
    connectApp.reset();
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
      <article className={`app-row${setup.connected ? ' is-connected' : ''}`} aria-label={setup.label}>
        <div className="app-line">
          <span className="app-name">{setup.label}</span>
          {setup.connected ? (
            <Badge tone="success" className="app-state connected" icon={false}>
              ✓ connected
            </Badge>
          ) : (
            <Badge className="app-state not-connected" icon={false}>
              not connected
            </Badge>
          )}
          <span className="app-file">
            <code className="path" title="Config file">
              {setup.configPath}
            </code>{' '}
            <span className="app-format">{FORMAT[setup.format]}</span>
          </span>
          <span className="app-actions">
            <Button size="sm" variant="ghost" className="snippet-toggle" aria-expanded={open} aria-controls={`snippets-${setup.app}`} onClick={() => setOpen(!open)} aria-label={`${setup.label} snippets`}>
              Snippets {open ? '▴' : '▾'}
            </Button>{' '}
            <CopyButton text={setup.snippet} target={() => pre.current} label={`Copy snippet for ${setup.label}`}>
              Copy snippet
            </CopyButton>{' '}
            <Button size="sm" onClick={connect} disabled={busy !== undefined} busy={busy === 'connect'} aria-label={`Connect ${setup.label}`}>
              {busy === 'connect' ? 'Connecting…' : setup.connected ? 'Connect again' : 'Connect'}
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
        {result && !result.changed && (
          <p className="connect-result" role="status">
            Already connected — nothing was written. {result.configPath} has this entry already.
          </p>
        )}
        {result?.changed && (
          <p className="connect-result" role="status">
            Connected: wrote {result.configPath} ({result.backupPath ? `backup: ${result.backupPath}` : 'a new file, so no backup'}). Restart {setup.label} if it
            is running.{' '}
            <Button size="sm" onClick={() => undo(result)} disabled={busy !== undefined} busy={busy === 'undo'} aria-label={`Undo connecting ${setup.label}`}>
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
