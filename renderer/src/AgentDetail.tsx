import { useRef, useState, type FormEvent } from 'react';
import type { AgentView, TaskView } from '../../shared/a2a.js';
import { AgentActions, CardChange } from './AgentsPage.js';
import { AgentCardFacts } from './AgentCardFacts.js';
import { CardSigner, SignatureBadge } from './CardSigner.js';
import { CopyButton } from './CopyButton.js';
import { Badge, Button, ButtonLink, EmptyState, ErrorLine, Field, Loading, PageHeader, Section, type Tone } from './kit/index.js';
import { messageOf, useHubMutation, useHubQuery } from './query.js';
import { hrefOf, navigate } from './router.js';
import { paths } from './paths.js';
import { SignIn } from './SignIn.js';
import { stateBadge } from './state-labels.js';
import { useEscapeBack } from './use-escape-back.js';

const TASKS_SHOWN = 20;

/**
 * One A2A agent (#/agents/NAME): its state and controls, the card it was approved with (skills,
 * credentials it names, who signed it), a changed card waiting, its credential or sign-in, the tasks
 * it ran, and the address the hub publishes it at for other agents (the A2A front door).
 */
export function AgentDetail({ name }: { name: string }) {
  const agents = useHubQuery('listAgents', []);
  useEscapeBack(paths.agents());
  const back = (
    <a className="back-link" href={hrefOf(paths.agents())}>
      ← Agents
    </a>
  );
  if (agents.isPending) return <Loading>Loading {name}…</Loading>;
  if (agents.error) return <ErrorLine error={agents.error.message} />;
  const a = agents.data.find((x) => x.name === name);
  if (!a) {
    return (
      <section className="detail-page">
        <PageHeader back={back} title={name} />
        <EmptyState
          title={`There is no agent named ${name}.`}
          actions={
            <ButtonLink href={hrefOf(paths.agents())} variant="secondary">
              All agents
            </ButtonLink>
          }
        >
          It may have been removed. Add one on the Agents page, or with <code>agent-hub agent add NAME --url URL</code>.
        </EmptyState>
      </section>
    );
  }
  const state = stateBadge(a.state);
  const card = a.card;
  return (
    <section className="detail-page agent-detail" aria-label={`Agent ${a.name}`}>
      <PageHeader
        back={back}
        title={a.name}
        titleExtra={
          <>
            <Badge tone={state.tone} busy={a.state === 'starting'} className="agent-state title-badge" title={a.lastError ?? undefined}>
              {state.label}
            </Badge>
            {card ? <SignatureBadge signature={card.signature} /> : <Badge className="unknown">Card not checked yet</Badge>}
          </>
        }
        actions={<AgentActions agent={a} onRemoved={() => navigate(paths.agents(), { replace: true })} />}
        description={<code className="detail-target">{a.url}</code>}
      />
      {a.lastError && a.state !== 'running' && <ErrorLine error={a.lastError} />}
      {a.changes && <CardChange agent={a} />}
      <div className="detail-grid">
        <div className="detail-main">
          <FrontDoor agent={a} />
          <AgentTasks agent={a.name} />
        </div>
        <aside className="detail-side" aria-label={`About ${a.name}`}>
          <Section id="agent-card" title="Approved card">
            {card ? (
              <dl className="facts">
                <AgentCardFacts card={card} label="Name" />
                <dt>Signed by</dt>
                <dd>
                  <CardSigner signature={card.signature} />
                </dd>
                <dt>Security</dt>
                <dd>{card.securitySchemes.length ? card.securitySchemes.join(', ') : 'none (the agent asks for no credential)'}</dd>
                <dt>Approved</dt>
                <dd>{new Date(card.approvedAt).toLocaleString()}</dd>
                {a.command && (
                  <>
                    <dt>Runs</dt>
                    <dd>
                      <code className="break">{a.command}</code>
                    </dd>
                  </>
                )}
              </dl>
            ) : (
              <EmptyState>The hub has not read this agent's card yet: it does when the agent is enabled and reachable.</EmptyState>
            )}
          </Section>
          {(a.signIn || (card && card.securitySchemes.length > 0)) && (
            <Section id="agent-credential" title={a.signIn ? 'Sign-in' : 'Credential'}>
              {a.signIn ? (
                <>
                  <SignIn name={a.name} state={a.signIn} />
                  {a.signInError && a.signIn !== 'in-progress' && <ErrorLine error={a.signInError} />}
                </>
              ) : (
                <CredentialForm agent={a} />
              )}
            </Section>
          )}
        </aside>
      </div>
    </section>
  );
}

/** Where the hub publishes the agent for other agents and programs: its card URL and endpoint, with Copy. */
function FrontDoor({ agent: a }: { agent: AgentView }) {
  const settings = useHubQuery('getSettings', []);
  const cardRef = useRef<HTMLElement>(null);
  const port = settings.data?.runningPort;
  const base = port ? `http://127.0.0.1:${port}/a2a/${encodeURIComponent(a.name)}` : undefined;
  const cardUrl = base && `${base}/.well-known/agent-card.json`;
  return (
    <Section
      id="agent-front-door"
      title="For other agents"
      description={
        <>
          The hub publishes {a.name} as an A2A v1.0 agent. Callers are clients: they send a client’s token (<code>Authorization: Bearer …</code>), and every
          message asks for consent like a tool call.
        </>
      }
    >
      {!a.enabled ? (
        <EmptyState>{a.name} is disabled, so the hub does not publish it. Enable it to publish it at /a2a/{a.name}.</EmptyState>
      ) : !cardUrl ? (
        <Loading>Reading the port…</Loading>
      ) : (
        <dl className="facts front-door">
          <dt>Card URL</dt>
          <dd className="copy-line">
            <code ref={cardRef} className="break">
              {cardUrl}
            </code>{' '}
            <CopyButton text={cardUrl} target={() => cardRef.current} label={`Copy the card URL of ${a.name}`} />
          </dd>
          <dt>Endpoint</dt>
          <dd>
            <code className="break">{base}</code> <span className="muted">(JSON-RPC, with SSE streaming)</span>
          </dd>
        </dl>
      )}
    </Section>
  );
}

const TASK_TONE: Record<TaskView['state'], Tone> = {
  submitted: 'info',
  working: 'info',
  'input-required': 'warning',
  'auth-required': 'warning',
  completed: 'success',
  failed: 'danger',
  rejected: 'danger',
  canceled: 'neutral',
};

/** The agent's latest tasks, each opening on the Timeline. */
function AgentTasks({ agent }: { agent: string }) {
  const tasks = useHubQuery('listTasks', [{ agent, limit: TASKS_SHOWN }]);
  return (
    <Section id="agent-tasks" title="Tasks" actions={<ButtonLink href={hrefOf(paths.timeline())} size="sm" variant="ghost">Timeline</ButtonLink>}>
      {tasks.isPending && <Loading>Loading tasks…</Loading>}
      <ErrorLine error={tasks.error?.message} />
      {tasks.data && tasks.data.length === 0 && <EmptyState>No tasks yet: they appear as clients send {agent} messages.</EmptyState>}
      {tasks.data && tasks.data.length > 0 && (
        <ul className="task-list" aria-label={`Tasks of ${agent}`}>
          {[...tasks.data]
            .sort((x, y) => y.id - x.id)
            .map((t) => {
              const last = [...t.events].reverse().find((e) => e.text && e.kind !== 'artifact')?.text;
              return (
                <li key={t.id} className="task-item">
                  <a href={hrefOf(paths.task(t.id))} className="row-link">
                    {t.taskId ? `Task ${t.taskId.length > 8 ? `${t.taskId.slice(0, 8)}…` : t.taskId}` : 'Message'}
                  </a>
                  <span className="muted">
                    from {t.client}, {new Date(t.createdAt).toLocaleString()}
                  </span>
                  <Badge tone={TASK_TONE[t.state]}>{t.state}</Badge>
                  {last && <span className="task-last truncate">{last}</span>}
                </li>
              );
            })}
        </ul>
      )}
    </Section>
  );
}

/** The agent's API key or bearer token: written to the keychain, never shown again. */
function CredentialForm({ agent }: { agent: AgentView }) {
  const [value, setValue] = useState('');
  const [saved, setSaved] = useState(false);
  const save = useHubMutation('setAgentCredential');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value) return;
    setSaved(false);
    save.mutate([agent.name, value], {
      onSuccess: () => {
        setValue('');
        setSaved(true);
      },
    });
  };
  return (
    <form className="credential" onSubmit={submit} aria-label={`Credential for ${agent.name}`}>
      <Field id={`credential-${agent.name}`} label="API key or token" hint="Kept in the OS keychain; it never comes back to this page.">
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={value}
            placeholder={agent.credential ? 'stored (type to replace)' : ''}
            onChange={(e) => {
              setValue(e.target.value);
              setSaved(false);
            }}
          />
        )}
      </Field>
      <div className="form-actions">
        <Button type="submit" variant="primary" size="sm" disabled={save.isPending || !value} busy={save.isPending} aria-label={`Save the credential of ${agent.name}`}>
          {save.isPending ? 'Saving…' : 'Save'}
        </Button>
        {agent.credential ? (
          <span role="status">
            <Badge tone="success" className="stored">
              stored{saved ? ' in the keychain' : ''}
            </Badge>
          </span>
        ) : (
          <Badge tone="warning" className="not-stored">
            none stored
          </Badge>
        )}
      </div>
      <ErrorLine error={messageOf(save.error)} />
    </form>
  );
}
