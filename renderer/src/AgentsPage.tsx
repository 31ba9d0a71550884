import { useMemo, useState, type FormEvent } from 'react';
import type { AgentView } from '../../shared/a2a.js';
import { AgentConfigSchema, type AgentConfigInput } from '../../shared/config.js';
import { AgentCardFacts } from './AgentCardFacts.js';
import { SignatureBadge, SignerChange } from './CardSigner.js';
import { Badge, Button, ConfirmButton, Dialog, EmptyState, ErrorLine, Field, Loading, PageHeader, Switch } from './kit/index.js';
import { messageOf, useHubMutation, useHubQuery } from './query.js';
import { Revealed } from './Revealed.js';
import { hrefOf } from './router.js';
import { paths } from './paths.js';
import { SignIn } from './SignIn.js';
import { stateBadge } from './state-labels.js';

/**
 * Every A2A agent, as a card: where it is, its state, what its approved card says, whether the card's
 * signature holds, a changed card waiting for the user, sign-in, and its controls. The name opens the
 * agent's page (#/agents/NAME): the whole card, its signer, credential, tasks and its address for
 * other agents. Live: the hub's servers-changed event (agents are upstreams too) reloads it.
 */
export function AgentsPage() {
  const agents = useHubQuery('listAgents', []);
  const [adding, setAdding] = useState(false);

  if (agents.isPending) return <Loading>Loading agents…</Loading>;
  if (agents.error) return <ErrorLine error={agents.error.message} />;
  const list = agents.data;
  return (
    <section className="agents-page">
      <PageHeader
        title="Agents"
        actions={
          <Button variant="primary" onClick={() => setAdding(true)}>
            Add agent
          </Button>
        }
      />
      {adding && <AgentFormDialog taken={list.map((a) => a.name)} onClose={() => setAdding(false)} />}
      {list.length === 0 && (
        <EmptyState>
          No agents yet. Add one by URL with “Add agent” (the hub fetches its agent card and checks it), or run <code>agent-hub agent add NAME --url URL</code>. Each agent
          becomes one tool for your MCP clients: <code>NAME__send_message</code>.
        </EmptyState>
      )}
      {list.length > 0 && (
        <ul className="agents" aria-label="Agents">
          {list.map((a) => (
            <AgentItem key={a.name} agent={a} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AgentItem({ agent: a }: { agent: AgentView }) {
  const card = a.card;
  const state = stateBadge(a.state);
  return (
    <li className={`agent card-box${a.changes ? ' changed' : ''}`} aria-label={`Agent ${a.name}`}>
      <div className="agent-head">
        <h3>
          <a href={hrefOf(paths.agent(a.name))} className="row-link">
            {a.name}
          </a>
        </h3>
        <Badge tone={state.tone} busy={a.state === 'starting'} className="agent-state" title={a.lastError ?? undefined}>
          {state.label}
        </Badge>
        {card ? <SignatureBadge signature={card.signature} /> : <Badge className="unknown">Card not checked yet</Badge>}
        <AgentActions agent={a} />
      </div>
      {a.lastError && a.state !== 'running' && <p className="last-error">{a.lastError}</p>}
      {a.changes && <CardChange agent={a} />}
      <dl className="agent-facts">
        <dt>URL</dt>
        <dd>
          <code className="break">{a.url}</code>
        </dd>
        {a.command && (
          <>
            <dt>Runs</dt>
            <dd>
              <code className="break">{a.command}</code>
            </dd>
          </>
        )}
        {card && <AgentCardFacts card={card} label="Card" skillsClass="skills inline-list" />}
        {a.signIn && (
          <>
            <dt>Sign-in</dt>
            <dd>
              <SignIn name={a.name} state={a.signIn} />
              {a.signInError && a.signIn !== 'in-progress' && <ErrorLine error={a.signInError} />}
            </dd>
          </>
        )}
      </dl>
    </li>
  );
}

/** The changed card the hub found: what changed (and the signer), and Accept. */
export function CardChange({ agent: a }: { agent: AgentView }) {
  const accept = useHubMutation('acceptAgentCard');
  return (
    <div className="card-changed notice notice-warning" role="region" aria-label={`Card change of ${a.name}`}>
      <strong>This agent's card changed:</strong>
      <ul>
        {(a.changes ?? []).map((c) => (
          <li key={c}>
            <Revealed text={c} />
          </li>
        ))}
      </ul>
      <SignerChange before={a.card?.signature} after={a.pendingSignature} />
      <p>Calls to {a.name} wait until you accept the new card.</p>
      <Button variant="primary" size="sm" busy={accept.isPending} onClick={() => accept.mutate([a.name])} aria-label={`Accept new card of ${a.name}`}>
        Accept new card
      </Button>
      <ErrorLine error={messageOf(accept.error)} />
    </div>
  );
}

/** On, off, restart (reads the card again) and remove, on a card or the agent's page. */
export function AgentActions({ agent: a, onRemoved }: { agent: AgentView; onRemoved?: () => void }) {
  const enable = useHubMutation('setAgentEnabled');
  const restart = useHubMutation('restartAgent');
  const remove = useHubMutation('removeAgent', { onSuccess: () => onRemoved?.() });
  const busy = enable.isPending || restart.isPending || remove.isPending;
  // The switch moves at once; the hub's answer (the agent as read again) takes over when it settles.
  const [wanted, setWanted] = useState<boolean | undefined>();
  const toggle = (on: boolean) => {
    setWanted(on);
    enable.mutate([a.name, on], { onSettled: () => setWanted(undefined) });
  };
  const error = messageOf(enable.error ?? restart.error ?? remove.error);
  return (
    <div className="row-actions agent-actions">
      <Switch
        checked={wanted ?? a.enabled}
        disabled={busy}
        onChange={(e) => toggle(e.target.checked)}
        aria-label={`${a.name} enabled`}
        label="enabled"
      />
      {a.enabled && (
        <Button size="sm" variant="ghost" busy={restart.isPending} disabled={busy} onClick={() => restart.mutate([a.name])} aria-label={`Restart ${a.name}`} title="Reconnect to the agent and check its card again">
          Restart (check card again)
        </Button>
      )}
      <ConfirmButton
        aria-label={`Remove ${a.name}`}
        question={`Remove ${a.name}? Its tasks stay on the timeline.`}
        confirm="Yes, remove"
        busy={remove.isPending}
        onConfirm={() => remove.mutate([a.name])}
      >
        Remove
      </ConfirmButton>
      <ErrorLine error={error} className="row-error" />
    </div>
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

/** Adds an agent, in a dialog. A remote agent's card is fetched and checked by the hub before it answers (a second or so). */
function AgentFormDialog({ taken, onClose }: { taken: readonly string[]; onClose: () => void }) {
  const [f, setF] = useState<Fields>(EMPTY);
  const [touched, setTouched] = useState<Partial<Record<keyof Fields, boolean>>>({});
  const add = useHubMutation('addAgent');
  const saving = add.isPending;
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
    add.mutate([input], { onSuccess: onClose });
  };
  const field = (key: keyof Fields, label: string, placeholder: string) => (
    <Field id={`agent-${key}`} label={label} issue={touched[key] ? issues[key] : undefined}>
      {(control) => <input {...control} value={f[key]} placeholder={placeholder} disabled={saving} onChange={(e) => set(key, e.target.value)} spellCheck={false} autoComplete="off" />}
    </Field>
  );

  return (
    <Dialog title="Add an agent" onClose={onClose} closeLabel="Close without adding">
      <form className="agent-form" onSubmit={submit} aria-label="Add an agent" aria-busy={saving} noValidate>
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
        <ErrorLine error={messageOf(add.error)} />
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={saving} busy={saving}>
            {saving ? 'Checking…' : 'Add agent'}
          </Button>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
