import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ClientApp } from '../../shared/clients.js';
import type { ImportResultView, ImportServerPreview, ImportSourceView } from '../../shared/import.js';
import { Button, EmptyState, ErrorLine, Loading } from './kit/index.js';
import { useHubApi, useInvalidate, useHubQuery } from './query.js';

/** What the user chose for one server of a file. */
interface Choice {
  picked: boolean;
  /** Env keys and header names whose values go to the keychain. */
  secret: string[];
  replace: boolean;
}

/** New servers are picked, with the keys that look secret kept in the keychain; one that exists is left out until "Replace" is ticked. */
const defaultChoice = (s: ImportServerPreview): Choice => ({ picked: !s.problem && !s.exists, secret: s.secretSuggested, replace: false });

export interface ImportDone {
  app: string;
  result: ImportResultView;
}

const selectable = (s: ImportSourceView) => s.servers.some((x) => !x.problem);

/**
 * Importing the servers other apps have: the apps whose MCP config file is on this machine, then one
 * app's servers with what each adds (name, command or URL, the names of its variables and headers),
 * which values go to the keychain, and "Replace" for a name the hub has. One Import per app: the hub
 * imports the picked servers of one file all or nothing.
 */
export function ImportView({ onDone, onClose }: { onDone: (done: ImportDone) => void; onClose: () => void }) {
  const state = useHubQuery('listImportSources', []);
  const [chosen, setChosen] = useState<ClientApp | undefined>();
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);

  const sources = state.data ?? [];
  const source = sources.find((s) => s.app === chosen) ?? sources.find(selectable) ?? sources[0];

  return (
    <section className="import-view" aria-labelledby="import-title">
      <div className="section-head">
        <h3 id="import-title" ref={title} tabIndex={-1}>
          Import servers from your apps
        </h3>
        <Button size="sm" onClick={onClose}>
          Back to the server list
        </Button>
      </div>
      <p className="hint">
        Agent Hub looked for the MCP config files of the apps it knows. It reads the file again when you import and changes nothing in it. Values of
        variables and headers are never shown here.
      </p>
      {state.isPending && <Loading>Looking for your apps’ config files…</Loading>}
      <ErrorLine error={state.error?.message} />
      {state.data && sources.length === 0 && (
        <EmptyState>
          None of the apps Agent Hub knows (Claude Desktop, Cursor, VS Code, Zed, Codex CLI …) has an MCP config file on this machine. Add servers by hand with
          “Add server”.
        </EmptyState>
      )}
      {sources.length > 0 && (
        <div className="import-layout">
          <fieldset className="import-apps">
            <legend>Import from</legend>
            {sources.map((s) => (
              <label key={s.app} className={s.app === source?.app ? 'chosen' : undefined}>
                <input type="radio" name="import-app" value={s.app} checked={s.app === source?.app} onChange={() => setChosen(s.app)} />
                <span>
                  <strong>{s.label}</strong> <span className="import-app-count">{sourceSummary(s)}</span>
                  <code className="path">{s.path}</code>
                </span>
              </label>
            ))}
          </fieldset>
          {source && <ImportSource key={source.app} source={source} onDone={onDone} />}
        </div>
      )}
    </section>
  );
}

function sourceSummary(s: ImportSourceView): string {
  if (s.error) return 'cannot be read';
  if (s.servers.length === 0) return 'no servers';
  const blocked = s.servers.filter((x) => x.problem).length;
  const n = `${s.servers.length} server${s.servers.length === 1 ? '' : 's'}`;
  return blocked ? `${n} (${blocked} cannot be imported)` : n;
}

function ImportSource({ source, onDone }: { source: ImportSourceView; onDone: (done: ImportDone) => void }) {
  const api = useHubApi();
  const invalidate = useInvalidate();
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const choiceOf = (s: ImportServerPreview) => choices[s.name] ?? defaultChoice(s);
  const change = (s: ImportServerPreview, patch: Partial<Choice>) => setChoices((c) => ({ ...c, [s.name]: { ...(c[s.name] ?? defaultChoice(s)), ...patch } }));
  const toggleSecret = (s: ImportServerPreview, key: string, on: boolean) => {
    const secret = choiceOf(s).secret.filter((k) => k !== key);
    change(s, { secret: on ? [...secret, key] : secret });
  };

  const picked = source.servers.filter((s) => !s.problem && choiceOf(s).picked);
  const blocked = picked.filter((s) => s.exists && !choiceOf(s).replace);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (picked.length === 0 || blocked.length > 0) return;
    const secret = Object.fromEntries(
      picked.map((s) => [s.name, choiceOf(s).secret.filter((k) => s.envKeys.includes(k) || s.headerKeys.includes(k))] as const).filter(([, keys]) => keys.length > 0),
    );
    const replace = picked.some((s) => s.exists && choiceOf(s).replace);
    setBusy(true);
    setError(undefined);
    api
      .importServers({ app: source.app, servers: picked.map((s) => s.name), secret, ...(replace ? { replace } : {}) })
      .then(
        async (result) => {
          await invalidate(['listServers', 'serverStatus', 'listImportSources']);
          onDone({ app: source.label, result });
        },
        (err: unknown) => setError((err as Error).message),
      )
      .finally(() => setBusy(false));
  };

  return (
    <form className="import-source" aria-label={`Servers in ${source.label}`} onSubmit={submit}>
      <h4>
        {source.label} <code className="path">{source.path}</code>
      </h4>
      {source.error && (
        <p className="error" role="alert">
          {source.error}
        </p>
      )}
      {!source.error && source.servers.length === 0 && <p className="empty">This file has no MCP servers.</p>}
      {source.warnings.length > 0 && (
        <div className="import-warnings">
          <p>Not imported from this file:</p>
          <ul>
            {source.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {source.servers.length > 0 && (
        <ul className="import-servers">
          {source.servers.map((s) => (
            <ServerChoice key={s.name} server={s} choice={choiceOf(s)} onChange={(p) => change(s, p)} onSecret={(k, on) => toggleSecret(s, k, on)} />
          ))}
        </ul>
      )}
      {source.servers.some((s) => s.envKeys.length + s.headerKeys.length > 0) && (
        <p className="hint keychain-note">
          A key ticked “keep in the keychain” has its value stored in your OS keychain, not in hub.db; the hub hands it to the server when it starts it.
          Agent Hub ticks the keys whose name or value looks like a secret; the values of unticked keys are kept in hub.db as plain settings.
        </p>
      )}
      {blocked.length > 0 && (
        <p className="field-issue" role="status">
          {blocked.map((s) => s.name).join(', ')} {blocked.length === 1 ? 'exists' : 'exist'} in Agent Hub already: tick “Replace” or leave{' '}
          {blocked.length === 1 ? 'it' : 'them'} out.
        </p>
      )}
      <ErrorLine error={error} />
      {source.servers.length > 0 && (
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={busy || picked.length === 0 || blocked.length > 0} busy={busy}>
            {busy ? 'Importing…' : picked.length === 0 ? 'Pick a server to import' : `Import ${picked.length} server${picked.length === 1 ? '' : 's'} from ${source.label}`}
          </Button>
        </div>
      )}
    </form>
  );
}

function ServerChoice(props: { server: ImportServerPreview; choice: Choice; onChange: (patch: Partial<Choice>) => void; onSecret: (key: string, on: boolean) => void }) {
  const { server: s, choice, onChange, onSecret } = props;
  const off = Boolean(s.problem);
  const what = s.transport === 'http' ? s.url : [s.command, ...(s.args ?? [])].join(' ');
  return (
    <li className={`import-server${off ? ' problem' : ''}${choice.picked && !off ? ' picked' : ''}`}>
      <div className="import-server-head">
        <label>
          <input type="checkbox" checked={choice.picked && !off} disabled={off} onChange={(e) => onChange({ picked: e.target.checked })} aria-label={`Import ${s.name}`} />{' '}
          <strong>{s.name}</strong>
        </label>
        {s.originalName !== s.name && <span className="renamed">“{s.originalName}” in the file</span>}
        <span className="badge transport">{s.transport === 'http' ? 'HTTP' : 'stdio'}</span>
      </div>
      {what && (
        <p className="adds">
          {s.transport === 'http' ? 'URL' : 'Runs'} <code>{what}</code>
        </p>
      )}
      {s.problem && <p className="problem-text">Cannot be imported: {s.problem}</p>}
      {!off && <Keys server={s} kind="env" keys={s.envKeys} choice={choice} onSecret={onSecret} />}
      {!off && <Keys server={s} kind="header" keys={s.headerKeys} choice={choice} onSecret={onSecret} />}
      {s.exists && !off && (
        <p className="exists">
          A server named {s.name} exists in Agent Hub.{' '}
          <label>
            <input
              type="checkbox"
              checked={choice.replace}
              onChange={(e) => onChange({ replace: e.target.checked, ...(e.target.checked ? { picked: true } : {}) })}
              aria-label={`Replace the existing ${s.name}`}
            />{' '}
            Replace it
          </label>
        </p>
      )}
    </li>
  );
}

function Keys({ server, kind, keys, choice, onSecret }: { server: ImportServerPreview; kind: 'env' | 'header'; keys: string[]; choice: Choice; onSecret: (key: string, on: boolean) => void }) {
  if (keys.length === 0) return null;
  return (
    <div className="import-keys">
      <span className="import-keys-title">{kind === 'env' ? 'Environment variables' : 'Headers'}</span>
      <ul>
        {keys.map((k) => (
          <li key={k}>
            <code>{k}</code>{' '}
            <label>
              <input type="checkbox" checked={choice.secret.includes(k)} onChange={(e) => onSecret(k, e.target.checked)} aria-label={`Keep ${k} of ${server.name} in the keychain`} />{' '}
              keep in the keychain
            </label>
            {server.secretSuggested.includes(k) && <span className="suggested"> (looks secret)</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
