import { useCallback, useRef, useState, type FormEvent } from 'react';
import type { HubApi } from '../../shared/hub-api.js';
import { describeLimit, MAX_PER_MINUTE, type RateLimitInput, type RateLimitView } from '../../shared/limits.js';
import { A2A_TOOLS_NAME } from '../../shared/names.js';
import type { ViewEvents } from './event-stream.js';
import { Revealed } from './Revealed.js';
import { useHubData } from './use-hub-data.js';

/** The tools of every agent and of the hub's own A2A server (a server's come from listServerTools). */
const AGENT_TOOLS = ['send_message'];
const A2A_TOOLS = ['get_task', 'cancel_task'];

/** What the form can name: the hub's clients, servers and agents (so a limit never names nothing). */
interface Names {
  clients: string[];
  servers: string[];
  agents: string[];
}

/**
 * Rate limits, on the Consent page: like rules, they decide whether a call runs, and they are checked
 * first (a limited call never asks). The table lists them; the form sets one (the same scope again
 * replaces its number). CLI changes arrive live: the hub sends limits-changed after any outside change.
 */
export function RateLimits({ api, events }: { api: HubApi; events: ViewEvents | undefined }) {
  const fetchLimits = useCallback(() => api.listRateLimits(), [api]);
  // A removed client, server or agent takes its limits with it.
  const [limits, reload] = useHubData(fetchLimits, events, ['limits-changed', 'clients-changed', 'servers-changed']);
  const fetchNames = useCallback(
    async (): Promise<Names> => {
      const [clients, servers, agents] = await Promise.all([api.listClients(), api.listServers(), api.listAgents()]);
      return { clients: clients.map((c) => c.name), servers: servers.map((s) => s.name), agents: agents.map((a) => a.name) };
    },
    [api],
  );
  const [names] = useHubData(fetchNames, events, ['clients-changed', 'servers-changed'], 5000);
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);

  const remove = (limit: RateLimitView) => {
    setMessage(undefined);
    api.removeRateLimit(limit.id).then(
      () => {
        reload();
        setMessage({ error: false, text: `Removed limit ${limit.id}.` });
        // The button is gone with its row: keep keyboard users in this section.
        heading.current?.focus();
      },
      (e: unknown) => setMessage({ error: true, text: (e as Error).message }),
    );
  };

  return (
    <>
      <h2 id="rate-limits-title" ref={heading} tabIndex={-1}>
        Rate limits
      </h2>
      <p className="hint">
        Calls a minute, for a client, a server or agent, or one of its tools. A call over a limit is not made and never asks you: the client gets an error
        saying when to try again, and the timeline shows it as rate-limited. A limit without a client counts every client’s calls together.
      </p>
      {limits.status === 'loading' && <p aria-busy="true">Loading rate limits…</p>}
      {limits.status === 'error' && <p role="alert" className="error">{limits.message}</p>}
      {limits.status === 'ready' && limits.data.length === 0 && <p className="empty">No rate limits: calls are not limited.</p>}
      {limits.status === 'ready' && limits.data.length > 0 && (
        <table className="rules" aria-labelledby="rate-limits-title">
          <thead>
            <tr>
              <th>Client</th>
              <th>Server or agent</th>
              <th>Tool</th>
              <th>Calls a minute</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {limits.data.map((l) => (
              <tr key={l.id} title={`Limit ${l.id}: ${describeLimit(l)}`}>
                <td>{l.client === null ? 'all clients together' : <Revealed text={l.client} />}</td>
                <td>{l.server === null ? 'all' : <Revealed text={l.server} />}</td>
                <td>{l.tool === null ? 'all' : <Revealed text={l.tool} />}</td>
                <td>{l.perMinute}</td>
                <td>
                  <button type="button" onClick={() => remove(l)} aria-label={`Remove limit ${l.id}: ${describeLimit(l)}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {names.status === 'ready' && (
        <LimitForm
          api={api}
          events={events}
          names={names.data}
          onSet={(limit) => {
            reload();
            setMessage({ error: false, text: `Limit ${limit.id}: ${describeLimit(limit)}.` });
          }}
          onError={(text) => setMessage({ error: true, text })}
        />
      )}
      {message && (
        <p className={message.error ? 'error' : 'saved'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </>
  );
}

function LimitForm({
  api,
  events,
  names,
  onSet,
  onError,
}: {
  api: HubApi;
  events: ViewEvents | undefined;
  names: Names;
  onSet: (limit: RateLimitView) => void;
  onError: (text: string) => void;
}) {
  const [client, setClient] = useState('');
  const [server, setServer] = useState('');
  const [tool, setTool] = useState('');
  const [perMinute, setPerMinute] = useState('');
  const [saving, setSaving] = useState(false);
  const tools = useServerTools(api, events, names, server);

  const number = Number(perMinute);
  const issue = perMinute.trim() === '' ? undefined : /^\d+$/.test(perMinute.trim()) && number >= 1 && number <= MAX_PER_MINUTE ? undefined : `a whole number from 1 to ${MAX_PER_MINUTE}`;
  const ready = perMinute.trim() !== '' && !issue;
  const servers = [...names.servers, ...names.agents, ...(names.agents.length ? [A2A_TOOLS_NAME] : [])];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const input: RateLimitInput = { ...(client ? { client } : {}), ...(server ? { server } : {}), ...(server && tool ? { tool } : {}), perMinute: number };
    setSaving(true);
    api.setRateLimit(input).then(
      (limit) => {
        setSaving(false);
        setPerMinute('');
        onSet(limit);
      },
      (err: unknown) => {
        setSaving(false);
        onError((err as Error).message);
      },
    );
  };

  return (
    <form className="settings" onSubmit={submit} aria-label="Set a rate limit" noValidate>
      <div className="field">
        <label htmlFor="limit-client">Client</label>
        <select id="limit-client" value={client} onChange={(e) => setClient(e.target.value)}>
          <option value="">all clients together</option>
          {names.clients.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="limit-server">Server or agent</label>
        <select
          id="limit-server"
          value={server}
          onChange={(e) => {
            setServer(e.target.value);
            setTool('');
          }}
        >
          <option value="">all</option>
          {servers.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="limit-tool">Tool</label>
        <select id="limit-tool" value={tool} disabled={!server} aria-describedby="limit-tool-help" onChange={(e) => setTool(e.target.value)}>
          <option value="">all</option>
          {tools.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <small id="limit-tool-help">{server ? 'The server’s own tool name.' : 'Pick a server or agent first.'}</small>
      </div>
      <div className="field">
        <label htmlFor="limit-per-minute">Calls a minute</label>
        <input
          id="limit-per-minute"
          inputMode="numeric"
          value={perMinute}
          aria-invalid={Boolean(issue)}
          aria-describedby="limit-per-minute-help"
          onChange={(e) => setPerMinute(e.target.value)}
        />
        {issue && <span className="field-issue">{issue}</span>}
        <small id="limit-per-minute-help">Setting the same client, server and tool again replaces the number.</small>
      </div>
      <div className="form-actions">
        <button type="submit" disabled={saving || !ready} aria-busy={saving}>
          {saving ? 'Setting…' : 'Set limit'}
        </button>
      </div>
    </form>
  );
}

/** The tools a limit can name for the chosen server or agent (none while "all" is chosen); a server's as it reports them. */
function useServerTools(api: HubApi, events: ViewEvents | undefined, names: Names, server: string): string[] {
  const isServer = names.servers.includes(server);
  const fetch = useCallback(async () => (isServer ? (await api.listServerTools(server)).map((t) => t.name) : []), [api, server, isServer]);
  // A server that has not started yet reports its tools later: servers-changed brings them.
  const [tools] = useHubData(fetch, events, 'servers-changed', 5000);
  if (server === A2A_TOOLS_NAME) return A2A_TOOLS;
  if (names.agents.includes(server)) return AGENT_TOOLS;
  return isServer && tools.status === 'ready' ? tools.data : [];
}
