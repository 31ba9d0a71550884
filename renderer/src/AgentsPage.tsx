import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { AgentView } from '../../shared/a2a.js';
import { AgentConfigSchema, type AgentConfigInput } from '../../shared/config.js';
import type { HubApi } from '../../shared/hub-api.js';
import { CardSigner, SignatureBadge, SignerChange } from './CardSigner.js';
import type { ViewEvents } from './event-stream.js';
import { SignIn } from './SignIn.js';
import { STATE_LABEL } from './state-labels.js';
import { Revealed } from './Revealed.js';
import { useHubData } from './use-hub-data.js';

/**
 * Every A2A agent: where it is, its state, what its approved card says (skills, credentials it names,
 * who signed it and whether its signature holds), a changed card waiting for the user, and its
 * controls. Live: the hub's servers-changed event (agents are upstreams too) reloads it.
 */
export function AgentsPage({ api, events }: { api: HubApi; events?: ViewEvents | undefined }) {
  const fetch = useCallback(() => api.listAgents(), [api]);
  const [state, reload] = useHubData(fetch, events, 'servers-changed');
  const [adding, setAdding] = useState(false);

  if (state.status === 'loading') return <p aria-busy="true">Loading agents…</p>;
  if (state.status === 'error') return <p role="alert" className="error">{state.message}</p>;
  const agents = state.data;
  return (
    <section className="agents-page">
      <div className="page-title">
        <h2>Agents</h2>
        {!adding && (
          <button type="button" onClick={() => setAdding(true)}>
            Add agent
          </button>
        )}
      </div>
      {adding && (
        <AgentForm
          api={api}
          taken={agents.map((a) => a.name)}
          onAdded={() => {
            setAdding(false);
            reload();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {agents.length === 0 && !adding && (
        <p className="empty">
          No agents yet. Add one by URL with “Add agent” (the hub fetches its agent card and checks it), or run{' '}
          <code>agent-hub agent add NAME --url URL</code>. Each agent becomes one tool for your MCP clients: <code>NAME__send_message</code>.
        </p>
      )}
      {agents.length > 0 && (
        <ul className="agents" aria-label="Agents">
          {agents.map((a) => (
            <AgentItem key={a.name} api={api} agent={a} onChange={reload} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AgentItem({ api, agent: a, onChange }: { api: HubApi; agent: AgentView; onChange: () => void }) {
  const [error, setError] = useState<string | undefined>();
  const [removing, setRemoving] = useState(false);
  const [busy, setBusy] = useState(false);
  /** The switch moves at once; the agent as reloaded after the hub's answer takes over, an error undoes it. */
  const [wanted, setWanted] = useState<boolean | undefined>();
  const switched = useRef(false);
  useEffect(() => {
    if (!switched.current) return;
    switched.current = false;
    setWanted(undefined);
  }, [a]);
  const act = (p: Promise<unknown>, done?: () => void) => {
    setError(undefined);
    setBusy(true);
    p.then(
      () => {
        setBusy(false);
        done?.();
        onChange();
      },
      (e: unknown) => {
        setBusy(false);
        setWanted(undefined);
        setError((e as Error).message);
      },
    );
  };
  const toggle = (on: boolean) => {
    setWanted(on);
    act(api.setAgentEnabled(a.name, on), () => (switched.current = true));
  };
  const card = a.card;
  return (
    <li className={`agent ${a.changes ? 'changed' : ''}`} aria-label={`Agent ${a.name}`}>
      <div className="agent-head">
        <h3>{a.name}</h3>
        <span className={`agent-state ${a.state}`} aria-busy={a.state === 'starting'} title={a.lastError ?? undefined}>
          {a.state === 'starting' && <span className="spinner" aria-hidden="true" />}
          {STATE_LABEL[a.state]}
        </span>
        {card ? <SignatureBadge signature={card.signature} /> : <span className="badge unknown">Card not checked yet</span>}
      </div>
      {a.lastError && a.state !== 'running' && <div className="last-error">{a.lastError}</div>}
      {a.changes && (
        <div className="card-changed" role="region" aria-label={`Card change of ${a.name}`}>
          <strong>This agent's card changed:</strong>
          <ul>
            {a.changes.map((c) => (
              <li key={c}>
                <Revealed text={c} />
              </li>
            ))}
          </ul>
          <SignerChange before={card?.signature} after={a.pendingSignature} />
          <p>Calls to {a.name} wait until you accept the new card.</p>
          <button type="button" disabled={busy} onClick={() => act(api.acceptAgentCard(a.name))} aria-label={`Accept new card of ${a.name}`}>
            Accept new card
          </button>
        </div>
      )}
      <dl className="agent-facts">
        <dt>URL</dt>
        <dd>
          <code>{a.url}</code>
        </dd>
        {a.command && (
          <>
            <dt>Runs</dt>
            <dd>
              <code>{a.command}</code>
            </dd>
          </>
        )}
        {card && (
          <>
            <dt>Card</dt>
            <dd>
              <strong>
                <Revealed text={card.name} />
              </strong>{' '}
              {card.version}
              {card.description && (
                <div className="card-description">
                  <Revealed text={card.description} />
                </div>
              )}
            </dd>
            <dt>A2A</dt>
            <dd>
              protocol {card.protocolVersion} · streaming {card.streaming ? 'yes' : 'no'}
            </dd>
            <dt>Skills</dt>
            <dd>
              {card.skills.length === 0 ? (
                'none listed'
              ) : (
                <ul className="skills">
                  {card.skills.map((s) => (
                    <li key={s.id}>
                      <strong>
                        <Revealed text={s.name} />
                      </strong>
                      {s.description && (
                        <>
                          : <Revealed text={s.description} />
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
            <dt>Signed by</dt>
            <dd>
              <CardSigner signature={card.signature} />
            </dd>
            <dt>Security</dt>
            <dd>{card.securitySchemes.length ? card.securitySchemes.join(', ') : 'none (the agent asks for no credential)'}</dd>
          </>
        )}
        {a.signIn && (
          <>
            <dt>Sign-in</dt>
            <dd>
              <SignIn api={api} name={a.name} state={a.signIn} onChange={onChange} />
              {a.signInError && a.signIn !== 'in-progress' && (
                <p className="error" role="alert">
                  {a.signInError}
                </p>
              )}
            </dd>
          </>
        )}
      </dl>
      {!a.signIn && card && card.securitySchemes.length > 0 && <CredentialForm api={api} agent={a} onChange={onChange} />}
      <div className="actions">
        <label className="switch">
          <input type="checkbox" role="switch" checked={wanted ?? a.enabled} disabled={busy} onChange={(e) => toggle(e.target.checked)} aria-label={`${a.name} enabled`} />{' '}
          enabled
        </label>
        {a.enabled && (
          <button type="button" disabled={busy} onClick={() => act(api.restartAgent(a.name))} aria-label={`Restart ${a.name}`} title="Reconnect to the agent and check its card again">
            Restart (check card again)
          </button>
        )}
        {removing ? (
          <span className="confirm">
            Remove {a.name}? Its tasks stay on the timeline.{' '}
            <button type="button" className="danger" onClick={() => act(api.removeAgent(a.name).finally(() => setRemoving(false)))}>
              Yes, remove
            </button>
            <button type="button" onClick={() => setRemoving(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" onClick={() => setRemoving(true)} aria-label={`Remove ${a.name}`}>
            Remove
          </button>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** The agent's API key or bearer token: written to the keychain, never shown again. */
function CredentialForm({ api, agent, onChange }: { api: HubApi; agent: AgentView; onChange: () => void }) {
  const [value, setValue] = useState('');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value) return;
    setSaving(true);
    setSaved(false);
    setError(undefined);
    api.setAgentCredential(agent.name, value).then(
      () => {
        setValue('');
        setSaving(false);
        setSaved(true);
        onChange();
      },
      (err: unknown) => {
        setSaving(false);
        setError((err as Error).message);
      },
    );
  };
  return (
    <form className="credential" onSubmit={submit} aria-label={`Credential for ${agent.name}`}>
      <label htmlFor={`credential-${agent.name}`}>API key or token</label>{' '}
      <input
        id={`credential-${agent.name}`}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={agent.credential ? 'stored (type to replace)' : ''}
        onChange={(e) => {
          setValue(e.target.value);
          setSaved(false);
        }}
      />{' '}
      <button type="submit" disabled={saving || !value} aria-busy={saving} aria-label={`Save the credential of ${agent.name}`}>
        {saving ? 'Saving…' : 'Save'}
      </button>{' '}
      {agent.credential ? (
        <span className="stored" role="status">
          stored{saved ? ' in the keychain' : ''}
        </span>
      ) : (
        <span className="not-stored">none stored</span>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

interface Fields {
  name: string;
  url: string;
  command: string;
  args: string;
}

const EMPTY: Fields = { name: '', url: '', command: '', args: '' };

function inputOf(f: Fields): AgentConfigInput {
  const command = f.command.trim();
  return {
    name: f.name.trim(),
    url: f.url.trim(),
    ...(command ? { command, args: f.args.split(/\s+/).filter(Boolean) } : {}),
  };
}

/** Adds an agent. A remote agent's card is fetched and checked by the hub before it answers (a second or so). */
function AgentForm({ api, taken, onAdded, onCancel }: { api: HubApi; taken: readonly string[]; onAdded: () => void; onCancel: () => void }) {
  const [f, setF] = useState<Fields>(EMPTY);
  const [touched, setTouched] = useState<Partial<Record<keyof Fields, boolean>>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const input = useMemo(() => inputOf(f), [f]);
  const issues = useMemo(() => {
    const out: Partial<Record<keyof Fields, string>> = {};
    const parsed = AgentConfigSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'name') as keyof Fields;
        out[field in EMPTY ? field : 'name'] ??= issue.message;
      }
    }
    if (taken.includes(input.name)) out.name = 'an agent with this name exists already';
    if (!f.command.trim() && f.args.trim()) out.args = 'arguments need a command';
    return out;
  }, [input, taken, f]);
  const valid = Object.keys(issues).length === 0;

  const set = (key: keyof Fields, value: string) => {
    setF((prev) => ({ ...prev, [key]: value }));
    setTouched((prev) => ({ ...prev, [key]: true }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched({ name: true, url: true, command: true, args: true });
    if (!valid) return;
    setSaving(true);
    setError(undefined);
    api.addAgent(input).then(
      () => {
        setSaving(false);
        onAdded();
      },
      (err: unknown) => {
        setSaving(false);
        setError((err as Error).message);
      },
    );
  };
  const field = (key: keyof Fields, label: string, placeholder: string) => {
    const issue = touched[key] ? issues[key] : undefined;
    return (
      <div className="field">
        <label htmlFor={`agent-${key}`}>{label}</label>
        <input
          id={`agent-${key}`}
          value={f[key]}
          placeholder={placeholder}
          disabled={saving}
          onChange={(e) => set(key, e.target.value)}
          aria-invalid={Boolean(issue)}
          aria-describedby={issue ? `agent-${key}-issue` : undefined}
        />
        {issue && (
          <span className="field-issue" id={`agent-${key}-issue`}>
            {issue}
          </span>
        )}
      </div>
    );
  };

  return (
    <form className="server-form agent-form" onSubmit={submit} aria-label="Add an agent" aria-busy={saving} noValidate>
      <h3>Add an agent</h3>
      {field('name', 'Name', 'e.g. researcher')}
      {field('url', 'URL', 'https://agent.example.com (its card is at /.well-known/agent-card.json)')}
      {field('command', 'Command', 'optional: a command that serves the URL locally')}
      {f.command.trim() !== '' && field('args', 'Arguments', 'separated by spaces')}
      {saving && (
        <p className="busy" role="status">
          <span className="spinner" aria-hidden="true" />
          {f.command.trim() ? 'Adding the agent…' : 'Fetching and checking the agent card…'}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={saving} aria-busy={saving}>
          {saving ? 'Checking…' : 'Add agent'}
        </button>
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
