import { useCallback, useRef, useState } from 'react';
import type { ClientApp, ClientAppSetup, ConfigFormat, ConnectResult } from '../../shared/clients.js';
import type { HubApi } from '../../shared/hub-api.js';
import { CopyButton } from './CopyButton.js';
import type { ViewEvents } from './event-stream.js';
import { useGuide } from './guide.js';
import { appHttpSnippet, tokenPlaceholder } from './http-snippet.js';
import { TokenNote } from './SetupGuide.js';
import { useHubData } from './use-hub-data.js';

const message = (e: unknown) => (e as Error).message;

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
export function AppSetups({ api, events, client, token }: { api: HubApi; events: ViewEvents | undefined; client: string; token: string | undefined }) {
  const fetch = useCallback(async () => {
    const [setups, sources] = await Promise.all([api.clientSetup(client), api.listImportSources().catch(() => [])]);
    return { setups, found: new Set(sources.map((s) => s.app)) };
  }, [api, client]);
  const [state, reload] = useHubData(fetch, events, 'clients-changed', 3000);
  const [groups, setGroups] = useState<Map<ClientApp, Group> | undefined>();
  const [filter, setFilter] = useState('');

  if (state.status === 'ready' && !groups) {
    const { setups, found } = state.data;
    setGroups(new Map(setups.map((s) => [s.app, s.connected ? 'connected' : found.has(s.app) ? 'found' : 'other'])));
  }
  const setups = state.status === 'ready' ? state.data.setups : [];
  const wanted = filter.trim().toLowerCase();
  const shown = setups.filter((s) => !wanted || `${s.label} ${s.app} ${s.format} ${FORMAT[s.format]}`.toLowerCase().includes(wanted));

  return (
    <section className="app-setups" aria-labelledby="app-setups-title">
      <h3 id="app-setups-title">Connect apps as {client}</h3>
      <p className="hint">
        <strong>Connect</strong> writes the hub into the app’s config file (after a backup; Undo puts the file back). The entry launches{' '}
        <code>agent-hub connect --client {client}</code>, which starts the hub if needed; no token goes into the file. Restart the app afterwards.
      </p>
      {state.status === 'loading' && <p aria-busy="true">Loading…</p>}
      {state.status === 'error' && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === 'ready' && (
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
                    <AppSetupRow key={s.app} api={api} client={client} token={token} setup={s} onChange={reload} />
                  ))}
                </ul>
              </div>
            );
          })}
          {shown.length === 0 && <p className="empty">No app matches “{filter}”.</p>}
        </>
      )}
    </section>
  );
}

function AppSetupRow({ api, client, token, setup, onChange }: { api: HubApi; client: string; token: string | undefined; setup: ClientAppSetup; onChange: () => void }) {
  const guide = useGuide();
  const [busy, setBusy] = useState<'connect' | 'undo' | undefined>();
  const [result, setResult] = useState<ConnectResult | undefined>();
  const [undone, setUndone] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [open, setOpen] = useState(false);
  const pre = useRef<HTMLPreElement>(null);
  const httpPre = useRef<HTMLPreElement>(null);
  const url = guide.endpoint ?? 'http://127.0.0.1:<port>/mcp';
  const http = appHttpSnippet(setup.app, url, token ?? tokenPlaceholder(client));

  const perform = (what: 'connect' | 'undo', call: () => Promise<void>) => {
    setError(undefined);
    setBusy(what);
    call()
      .then(() => {
        onChange();
        guide.refresh();
      }, (e: unknown) => setError(message(e)))
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
    <li>
      <article className={`app-row${setup.connected ? ' is-connected' : ''}`} aria-label={setup.label}>
        <div className="app-line">
          <span className="app-name">{setup.label}</span>
          <span className={setup.connected ? 'app-state connected' : 'app-state not-connected'}>{setup.connected ? '✓ connected' : 'not connected'}</span>
          <span className="app-file">
            <code className="path" title="Config file">
              {setup.configPath}
            </code>{' '}
            <span className="app-format">{FORMAT[setup.format]}</span>
          </span>
          <span className="app-actions">
            <button type="button" className="snippet-toggle" aria-expanded={open} aria-controls={`snippets-${setup.app}`} onClick={() => setOpen(!open)} aria-label={`${setup.label} snippets`}>
              Snippets {open ? '▴' : '▾'}
            </button>{' '}
            <CopyButton text={setup.snippet} target={() => pre.current} label={`Copy the ${setup.label} snippet`}>
              Copy snippet
            </CopyButton>{' '}
            <button type="button" onClick={connect} disabled={busy !== undefined} aria-label={`Connect ${setup.label}`}>
              {busy === 'connect' ? 'Connecting…' : setup.connected ? 'Connect again' : 'Connect'}
            </button>
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
              <CopyButton text={http} target={() => httpPre.current} label={`Copy the ${setup.label} HTTP snippet`}>
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
            <button type="button" onClick={() => undo(result)} disabled={busy !== undefined} aria-label={`Undo connecting ${setup.label}`}>
              {busy === 'undo' ? 'Undoing…' : 'Undo'}
            </button>
          </p>
        )}
        {undone && <p role="status">Undone: {setup.configPath} is as it was before.</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </article>
    </li>
  );
}
