import type { TaskDetails } from '../../shared/a2a.js';
import type { CallPhases, ToolCallDetails } from '../../shared/timeline.js';
import { CopyButton } from './CopyButton.js';
import { dateTimeOf, formatMs, KIND_NOUN, STATUS_BADGE, TASK_BADGE, timeOf } from './call-labels.js';
import { JsonBlock } from './JsonBlock.js';
import { Badge, ButtonLink, EmptyState, ErrorLine, Loading, PageHeader, Section } from './kit/index.js';
import { McpResult } from './McpResult.js';
import { paths } from './paths.js';
import { useHubQuery } from './query.js';
import { Revealed } from './Revealed.js';
import { hrefOf } from './router.js';
import { statePath, taskName } from './TaskList.js';
import { timelineHref } from './TimelinePage.js';
import { useEscapeBack } from './use-escape-back.js';
import './timeline.css';

/**
 * One call opened (#/timeline/calls/ID) and one A2A task (#/timeline/tasks/ID): everything the record
 * holds, in words first and as JSON to copy. Live while the call or task runs.
 */

const back = () => (
  <a className="back-link" href={timelineHref()}>
    ← Timeline
  </a>
);
const notFound = (e: Error | null) => (e as { code?: string } | null)?.code === 'not_found';
const backPath = () => timelineHref().slice(1);

function Missing({ noun, id }: { noun: string; id: number | undefined }) {
  return (
    <section className="detail-page">
      <PageHeader back={back()} title={id === undefined ? `No such ${noun.toLowerCase()}` : `${noun} ${id}`} />
      <EmptyState
        title={id === undefined ? 'This address names nothing on the Timeline: its id must be a number.' : `The Timeline has no ${noun.toLowerCase()} ${id}.`}
        actions={
          <ButtonLink href={timelineHref()} variant="secondary">
            Back to the Timeline
          </ButtonLink>
        }
      >
        Records older than the history you keep (Settings) are deleted; the link may also be mistyped.
      </EmptyState>
    </section>
  );
}

export function CallDetail({ id }: { id: number | undefined }) {
  useEscapeBack(backPath());
  const call = useHubQuery('getToolCall', [id ?? 0], { enabled: id !== undefined });
  if (id === undefined || notFound(call.error)) return <Missing noun="Tool call" id={id} />;
  if (call.error) return <ErrorLine error={call.error.message} />;
  if (!call.data) return <Loading>Loading call {id}…</Loading>;
  return <CallView call={call.data} />;
}

function CallView({ call }: { call: ToolCallDetails }) {
  const status = STATUS_BADGE[call.status];
  const json = JSON.stringify(
    { ...call, arguments: parsed(call.arguments), result: call.result === null ? null : parsed(call.result) },
    null,
    2,
  );
  const retry =
    call.kind === 'tool' && call.status !== 'running'
      ? hrefOf(paths.workbench(), { server: call.server, tool: call.tool, ...(call.arguments.length <= 8_192 ? { args: call.arguments } : {}) })
      : undefined;
  return (
    <section className="detail-page call-detail">
      <PageHeader
        back={back()}
        title={`${KIND_NOUN[call.kind]} ${call.id}`}
        titleExtra={
          <Badge tone={status.tone} busy={call.status === 'running'} className="title-badge">
            {status.label}
          </Badge>
        }
        description={
          <>
            <code className="detail-target">
              <Revealed text={call.tool} />
            </code>{' '}
            on <strong>{call.server}</strong>, called by <strong>{call.client === 'agent-hub-ui' ? 'agent-hub-ui (the Workbench)' : call.client}</strong> · {dateTimeOf(call.startedAt)}
          </>
        }
        actions={
          <>
            <CopyButton text={json} target={() => null} label={`Copy call ${call.id} as JSON`}>
              Copy as JSON
            </CopyButton>
            {retry && (
              <ButtonLink href={retry} size="sm">
                Run again in the Workbench
              </ButtonLink>
            )}
          </>
        }
      />
      <div className="detail-grid">
        <div className="detail-main">
          <Section id="call-consent" title="Consent">
            <p className={`consent-summary outcome-${call.consent.outcome}`}>{call.consent.summary}</p>
            {call.consent.rule && !call.consent.rule.gone && (
              <p className="section-note">
                See it, or revoke it, on the <a href={hrefOf(paths.consent())}>Consent page</a>.
              </p>
            )}
            {call.consent.prompt && (
              <p className="section-note">
                Prompt {call.consent.prompt.id} ({call.consent.prompt.reason === 'changed' ? 'the tool had changed since it was approved' : 'no rule answered it'}), opened {timeOf(call.consent.prompt.createdAt)}
                {call.consent.prompt.answeredAt ? `, closed ${timeOf(call.consent.prompt.answeredAt)} (${call.consent.prompt.status})` : ', still waiting'}.
              </p>
            )}
          </Section>
          <Section id="call-arguments" title={call.kind === 'a2a' ? 'Request' : 'Arguments'}>
            <JsonBlock value={call.arguments} label={`Arguments of call ${call.id}`} />
          </Section>
          {call.error !== null && (
            <Section id="call-error" title="Error" className="section-problem">
              <p className="problem-sentence">
                <Revealed text={call.error} />
              </p>
            </Section>
          )}
          {call.result !== null ? (
            <Section id="call-result" title="Result">
              <McpResult result={parsed(call.result)} />
              <details className="raw-json">
                <summary>The answer as JSON</summary>
                <JsonBlock value={call.result} label={`Result of call ${call.id}`} />
              </details>
            </Section>
          ) : (
            call.error === null && (
              <Section id="call-result" title="Result">
                <p className="muted">
                  {call.status === 'running'
                    ? 'Still running: the answer shows here when it comes.'
                    : call.kind === 'a2a'
                      ? 'Requests through the A2A front door keep their tasks, below, rather than an answer.'
                      : 'No answer was recorded (calls recorded before answers were kept have none).'}
                </p>
              </Section>
            )
          )}
          {call.linkedTasks.length > 0 && (
            <Section id="call-tasks" title="A2A tasks it started">
              <ul className="linked-tasks">
                {call.linkedTasks.map((t) => (
                  <li key={t.id}>
                    <a href={hrefOf(paths.task(t.id))}>
                      {taskName(t)} of {t.agent}
                    </a>{' '}
                    <Badge tone={TASK_BADGE[t.state].tone}>{TASK_BADGE[t.state].label}</Badge>
                  </li>
                ))}
              </ul>
            </Section>
          )}
        </div>
        <aside className="detail-side" aria-label={`About call ${call.id}`}>
          <Section id="call-time" title="Where the time went">
            <Phases phases={call.phases} total={call.durationMs} running={call.status === 'running'} />
          </Section>
          <Section id="call-facts" title="Record">
            <dl className="facts">
              <dt>Kind</dt>
              <dd>{KIND_NOUN[call.kind]}</dd>
              <dt>Client</dt>
              <dd>{call.client}</dd>
              <dt>{call.kind === 'a2a' ? 'Agent' : 'Server'}</dt>
              <dd>
                <a href={hrefOf(call.kind === 'a2a' ? paths.agent(call.server) : paths.server(call.server))}>{call.server}</a>
              </dd>
              <dt>{call.kind === 'tool' ? 'Tool' : call.kind === 'resource' ? 'Resource' : call.kind === 'a2a' ? 'Method' : 'Name'}</dt>
              <dd className="break">
                <Revealed text={call.tool} />
              </dd>
              <dt>Started</dt>
              <dd>{dateTimeOf(call.startedAt)}</dd>
              <dt>Decision</dt>
              <dd>{call.decision ?? '—'}</dd>
            </dl>
          </Section>
        </aside>
      </div>
    </section>
  );
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The phases as a bar and a list; the rest of the total is the hub's own time. */
function Phases({ phases, total, running }: { phases: CallPhases; total: number | null; running: boolean }) {
  const parts: { key: string; label: string; ms: number | null }[] = [
    { key: 'server', label: 'Waiting for the server', ms: phases.serverMs },
    { key: 'consent', label: 'Waiting for consent', ms: phases.consentMs },
    { key: 'upstream', label: 'The call upstream', ms: phases.upstreamMs },
  ];
  const measured = parts.reduce((sum, p) => sum + (p.ms ?? 0), 0);
  const hub = total !== null ? Math.max(0, total - measured) : null;
  const all = [...parts, { key: 'hub', label: 'In Agent Hub itself', ms: hub }];
  if (total === null && measured === 0) return <p className="muted">{running ? 'Still running.' : 'Not measured for this call.'}</p>;
  const whole = Math.max(total ?? measured, 0.001);
  return (
    <>
      <div className="phase-bar" aria-hidden="true">
        {all.map((p) => (p.ms ? <span key={p.key} className={`phase phase-${p.key}`} style={{ width: `${Math.max(0.5, (p.ms / whole) * 100)}%` }} /> : null))}
      </div>
      <dl className="facts phases">
        {all.map((p) => (
          <div key={p.key} className="phase-row">
            <dt>
              <span className={`phase-key phase-${p.key}`} aria-hidden="true" />
              {p.label}
            </dt>
            <dd>{p.ms === null ? (p.key === 'hub' ? '—' : 'not reached') : formatMs(p.ms)}</dd>
          </div>
        ))}
        <div className="phase-row phase-total">
          <dt>Total</dt>
          <dd>{running ? 'running…' : formatMs(total)}</dd>
        </div>
      </dl>
    </>
  );
}

export function TaskDetail({ id }: { id: number | undefined }) {
  useEscapeBack(backPath());
  const task = useHubQuery('getTask', [id ?? 0], { enabled: id !== undefined });
  if (id === undefined || notFound(task.error)) return <Missing noun="A2A task" id={id} />;
  if (task.error) return <ErrorLine error={task.error.message} />;
  if (!task.data) return <Loading>Loading task {id}…</Loading>;
  return <TaskView task={task.data} />;
}

function TaskView({ task }: { task: TaskDetails & { call: { id: number; tool: string; client: string } | null } }) {
  const badge = TASK_BADGE[task.state];
  const path = statePath({ ...task, events: task.events });
  return (
    <section className="detail-page task-detail">
      <PageHeader
        back={back()}
        title={`A2A task ${task.id}`}
        titleExtra={
          <Badge tone={badge.tone} className="title-badge">
            {badge.label}
          </Badge>
        }
        description={
          <>
            {taskName(task)} of <strong>{task.agent}</strong> for <strong>{task.client}</strong> · {dateTimeOf(task.createdAt)}
          </>
        }
        actions={
          <CopyButton text={JSON.stringify(task, null, 2)} target={() => null} label={`Copy task ${task.id} as JSON`}>
            Copy as JSON
          </CopyButton>
        }
      />
      <div className="detail-grid">
        <div className="detail-main">
          <Section id="task-events" title="What happened">
            <ol className="task-events-list">
              {task.events.map((e, i) => (
                <li key={i} className={`task-event kind-${e.kind}`}>
                  <div className="task-event-head">
                    <time dateTime={e.at}>{timeOf(e.at)}</time>{' '}
                    <strong>{e.kind === 'state' ? `state: ${e.state ?? ''}` : e.kind === 'message' ? `message from ${e.role === 'user' ? 'the client' : 'the agent'}` : `artifact ${e.name ?? ''}`}</strong>
                  </div>
                  {e.text && (
                    <p className="task-event-text">
                      <Revealed text={e.text} />
                    </p>
                  )}
                  {e.body !== undefined && (
                    <details className="raw-json">
                      <summary>As sent (JSON)</summary>
                      <JsonBlock value={e.body} label={`Event ${i + 1} as JSON`} />
                    </details>
                  )}
                </li>
              ))}
            </ol>
          </Section>
        </div>
        <aside className="detail-side" aria-label={`About task ${task.id}`}>
          <Section id="task-facts" title="Record">
            <dl className="facts">
              <dt>States</dt>
              <dd>{path.join(' → ')}</dd>
              <dt>Agent</dt>
              <dd>
                <a href={hrefOf(paths.agent(task.agent))}>{task.agent}</a>
              </dd>
              <dt>Client</dt>
              <dd>{task.client}</dd>
              <dt>Task id</dt>
              <dd className="break">{task.taskId ?? 'none (a reply without a task)'}</dd>
              <dt>Context</dt>
              <dd className="break">{task.contextId ?? '—'}</dd>
              <dt>Started by</dt>
              <dd>
                {task.call ? (
                  <a href={hrefOf(paths.call(task.call.id))}>
                    call {task.call.id} ({task.call.tool})
                  </a>
                ) : (
                  'no recorded call'
                )}
              </dd>
              <dt>Updated</dt>
              <dd>{dateTimeOf(task.updatedAt)}</dd>
            </dl>
          </Section>
        </aside>
      </div>
    </section>
  );
}
