import { useRef, useState, type FormEvent } from 'react';
import { describeLimit, MAX_PER_MINUTE, type RateLimitInput, type RateLimitView } from '../../shared/limits.js';
import { A2A_TOOLS_NAME } from '../../shared/names.js';
import { Button, EmptyState, ErrorLine, Loading, Table, type Column } from './kit/index.js';
import { useHubMutation, useHubQuery } from './query.js';
import { Revealed } from './Revealed.js';

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
export function RateLimits() {
  const limits = useHubQuery('listRateLimits', []);
  const clients = useHubQuery('listClients', []);
  const servers = useHubQuery('listServers', []);
  const agents = useHubQuery('listAgents', []);
  const removeLimit = useHubMutation('removeRateLimit');
  const names: Names | undefined =
    clients.data && servers.data && agents.data
      ? { clients: clients.data.map((c) => c.name), servers: servers.data.map((s) => s.name), agents: agents.data.map((a) => a.name) }
      : undefined;
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);

  const remove = (limit: RateLimitView) => {
    setMessage(undefined);
    removeLimit.mutate([limit.id], {
      onSuccess: () => {
        setMessage({ error: false, text: `Removed limit ${limit.id}.` });
        // The button is gone with its row: keep keyboard users in this section.
        heading.current?.focus();
      },
      onError: (e) => setMessage({ error: true, text: e.message }),
    });
  };

  const columns: Column<RateLimitView>[] = [
    { header: 'Client', cell: (l) => (l.client === null ? 'all clients together' : <Revealed text={l.client} />) },
    { header: 'Server or agent', cell: (l) => (l.server === null ? 'all' : <Revealed text={l.server} />) },
    { header: 'Tool', cell: (l) => (l.tool === null ? 'all' : <Revealed text={l.tool} />) },
    { header: 'Calls a minute', width: '130px', align: 'end', cell: (l) => l.perMinute },
    {
      header: '',
      srHeader: 'Actions',
      width: '96px',
      align: 'end',
      cell: (l) => (
        <Button size="sm" variant="ghost" onClick={() => remove(l)} aria-label={`Remove limit ${l.id}: ${describeLimit(l)}`}>
          Remove
        </Button>
      ),
    },
  ];

  return (
    <section className="section" aria-labelledby="rate-limits-title">
      <div className="section-head">
        <h3 id="rate-limits-title" ref={heading} tabIndex={-1}>
          Rate limits
        </h3>
      </div>
      <p className="section-description">
        Calls a minute, for a client, a server or agent, or one of its tools. A call over a limit is not made and never asks you: the client gets an error
        saying when to try again, and the timeline shows it as rate-limited. A limit without a client counts every client’s calls together.
      </p>
      {limits.isPending && <Loading>Loading rate limits…</Loading>}
      <ErrorLine error={limits.error?.message} />
      {limits.data && limits.data.length === 0 && <EmptyState>No rate limits: calls are not limited.</EmptyState>}
      {limits.data && limits.data.length > 0 && (
        <Table label="Rate limits" className="rules limits" columns={columns} rows={limits.data} rowKey={(l) => l.id} rowProps={(l) => ({ title: `Limit ${l.id}: ${describeLimit(l)}` })} />
      )}
      {names && (
        <LimitForm
          names={names}
          onSet={(limit) => setMessage({ error: false, text: `Limit ${limit.id}: ${describeLimit(limit)}.` })}
          onError={(text) => setMessage({ error: true, text })}
        />
      )}
      {message &&
        (message.error ? (
          <ErrorLine error={message.text} />
        ) : (
          <p className="saved" role="status">
            {message.text}
          </p>
        ))}
    </section>
  );
}

function LimitForm({
  names,
  onSet,
  onError,
}: {
  names: Names;
  onSet: (limit: RateLimitView) => void;
  onError: (text: string) => void;
}) {
  const [client, setClient] = useState('');
  const [server, setServer] = useState('');
  const [tool, setTool] = useState('');
  const [perMinute, setPerMinute] = useState('');
  const setLimit = useHubMutation('setRateLimit');
  const saving = setLimit.isPending;
  const tools = useServerTools(names, server);

  const number = Number(perMinute);
  const issue = perMinute.trim() === '' ? undefined : /^\d+$/.test(perMinute.trim()) && number >= 1 && number <= MAX_PER_MINUTE ? undefined : `a whole number from 1 to ${MAX_PER_MINUTE}`;
  const ready = perMinute.trim() !== '' && !issue;
  const servers = [...names.servers, ...names.agents, ...(names.agents.length ? [A2A_TOOLS_NAME] : [])];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const input: RateLimitInput = { ...(client ? { client } : {}), ...(server ? { server } : {}), ...(server && tool ? { tool } : {}), perMinute: number };
    setLimit.mutate([input], {
      onSuccess: (limit) => {
        setPerMinute('');
        onSet(limit);
      },
      onError: (err) => onError(err.message),
    });
  };

  return (
    <form className="limit-form form-grid" onSubmit={submit} aria-label="Set a rate limit" noValidate>
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
        <Button type="submit" variant="primary" disabled={saving || !ready} busy={saving}>
          {saving ? 'Setting…' : 'Set limit'}
        </Button>
      </div>
    </form>
  );
}

/** The tools a limit can name for the chosen server or agent (none while "all" is chosen); a server's as it reports them. */
function useServerTools(names: Names, server: string): string[] {
  const isServer = names.servers.includes(server);
  // A server that has not started yet reports its tools later: servers-changed brings them.
  const tools = useHubQuery('listServerTools', [server], { enabled: isServer });
  if (server === A2A_TOOLS_NAME) return A2A_TOOLS;
  if (names.agents.includes(server)) return AGENT_TOOLS;
  return isServer && tools.data ? tools.data.map((t) => t.name) : [];
}
