import { useEffect, useState } from 'react';
import type { ServerConfig, ServerStatusView } from '../../shared/config.js';
import { Badge, ButtonLink, EmptyState, ErrorLine, Loading, PageHeader, Section } from './kit/index.js';
import { LogView } from './LogView.js';
import { useHubQuery } from './query.js';
import { hrefOf, navigate } from './router.js';
import { paths } from './paths.js';
import { ServerFormDialog } from './ServerForm.js';
import { ServerActions, target } from './ServersPage.js';
import { ServerTools } from './ServerTools.js';
import { SignIn } from './SignIn.js';
import { stateBadge } from './state-labels.js';
import { useEscapeBack } from './use-escape-back.js';

/** The log has no event of its own: while this page shows, the status is read this often. */
const STATUS_POLL_MS = 1500;

/**
 * One server (#/servers/NAME): its state and what went wrong (the last error, what the process wrote
 * before it, the restart attempts and when the next one comes), sign-in, its tools with their
 * descriptions and publish switches, its environment (secret values never leave the keychain: only
 * their names show), and its log with the newest line in view.
 */
export function ServerDetail({ name }: { name: string }) {
  const servers = useHubQuery('listServers', []);
  const status = useHubQuery('serverStatus', [], { refetchInterval: STATUS_POLL_MS });
  const [editing, setEditing] = useState(false);
  useEscapeBack(paths.servers());

  const back = (
    <a className="back-link" href={hrefOf(paths.servers())}>
      ← Servers
    </a>
  );
  if (servers.isPending) return <Loading>Loading {name}…</Loading>;
  if (servers.error) return <ErrorLine error={servers.error.message} />;
  const server = servers.data.find((s) => s.name === name);
  if (!server) {
    return (
      <section className="detail-page">
        <PageHeader back={back} title={name} />
        <EmptyState
          title={`There is no server named ${name}.`}
          actions={
            <ButtonLink href={hrefOf(paths.servers())} variant="secondary">
              All servers
            </ButtonLink>
          }
        >
          It may have been removed, or renamed by an import. Add one on the Servers page, or with <code>agent-hub server add</code>.
        </EmptyState>
      </section>
    );
  }
  const st = status.data?.find((s) => s.name === name);
  const badge = stateBadge(st?.state ?? (server.enabled ? 'stopped' : 'disabled'));
  const running = st?.state === 'running';
  return (
    <section className="detail-page server-detail">
      <PageHeader
        back={back}
        title={name}
        titleExtra={
          <Badge tone={badge.tone} busy={st?.state === 'starting'} className="title-badge">
            {badge.label}
          </Badge>
        }
        actions={<ServerActions server={server} onEdit={() => setEditing(true)} onRemoved={() => navigate(paths.servers(), { replace: true })} />}
        description={<code className="detail-target">{target(server)}</code>}
      />
      <ErrorLine error={status.error?.message} />
      {editing && <ServerFormDialog editing={server} taken={[]} onSaved={() => setEditing(false)} onClose={() => setEditing(false)} />}
      <div className="detail-grid">
        <div className="detail-main">
          {st && (st.lastError || st.state === 'backoff' || st.state === 'crashed') && st.state !== 'running' && <Problem status={st} />}
          {st?.signIn && (
            <Section id="server-sign-in" title="Sign-in">
              <p className="section-note">{name} signs in with OAuth; its tokens are kept in the OS keychain.</p>
              <SignIn name={name} state={st.signIn} />
              {st.signInError && st.signIn !== 'in-progress' && <ErrorLine error={st.signInError} />}
            </Section>
          )}
          <Section id="server-tools" title="Tools" description="Switch a tool off and the hub stops publishing it: no client can call it, even by its name.">
            {server.enabled ? <ServerTools server={name} running={running} /> : <EmptyState>{name} is disabled: enable it to see its tools.</EmptyState>}
          </Section>
          <Section id="server-log" title="Log">
            {st && st.logTail.length > 0 ? (
              <LogView lines={st.logTail} label={`Log of ${name}`} />
            ) : (
              <EmptyState>{server.enabled ? `${name} has written nothing yet.` : `${name} is disabled: it writes no log.`}</EmptyState>
            )}
          </Section>
        </div>
        <aside className="detail-side" aria-label={`About ${name}`}>
          <Facts server={server} status={st} />
          <Environment server={server} />
        </aside>
      </div>
    </section>
  );
}

/** What went wrong: the hub's sentence, what the process wrote last, and the restarts. */
function Problem({ status: st }: { status: ServerStatusView }) {
  const written = lastWords(st.logTail);
  return (
    <Section id="server-problem" title="What went wrong" className="section-problem">
      {st.lastError && (
        <p className="problem-sentence" role="status">
          <span className="error-icon" aria-hidden="true">
            !
          </span>
          {st.lastError}
        </p>
      )}
      <Restarts status={st} />
      {written.length > 0 && (
        <>
          <h4 className="subhead">What it wrote last (stderr)</h4>
          <pre className="stderr" tabIndex={0} aria-label="What the server wrote last">
            {written.join('\n')}
          </pre>
        </>
      )}
    </Section>
  );
}

/** What the server wrote in its latest start that wrote anything (the hub's own notes left out). */
export function lastWords(tail: readonly string[]): string[] {
  const starts = tail.flatMap((line, i) => (line.startsWith('[agent-hub] starting') ? [i] : []));
  const bounds = [0, ...starts, tail.length];
  for (let k = bounds.length - 2; k >= 0; k--) {
    const lines = tail.slice(bounds[k], bounds[k + 1]).filter((l) => !l.startsWith('[agent-hub]'));
    if (lines.length > 0) return lines.slice(-12);
  }
  return [];
}

/** Restart attempts, and a countdown to the next one. */
function Restarts({ status: st }: { status: ServerStatusView }) {
  const restart = st.restart;
  const nextAt = restart?.nextAt ? Date.parse(restart.nextAt) : undefined;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (nextAt === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [nextAt]);
  if (!restart || restart.attempts === 0) return null;
  const attempts = `${restart.attempts} failed start${restart.attempts === 1 ? '' : 's'} in a row (the hub gives up after ${restart.maxAttempts})`;
  if (st.state === 'backoff' && nextAt !== undefined) {
    const seconds = Math.max(0, Math.ceil((nextAt - now) / 1000));
    return (
      <p className="restarts">
        {attempts}. <strong className="countdown">{seconds > 0 ? `Next try in ${seconds} s.` : 'Trying again now…'}</strong>
      </p>
    );
  }
  if (st.state === 'crashed') return <p className="restarts">{attempts}. It gave up: fix the cause, then Restart.</p>;
  return <p className="restarts">{attempts}.</p>;
}

function Facts({ server: s, status: st }: { server: ServerConfig; status: ServerStatusView | undefined }) {
  return (
    <Section id="server-facts" title="Details">
      <dl className="facts">
        <dt>Transport</dt>
        <dd>{s.transport === 'stdio' ? 'stdio (a local command)' : s.command ? 'HTTP, served by a local command' : 'HTTP'}</dd>
        {s.transport === 'http' && (
          <>
            <dt>URL</dt>
            <dd>
              <code className="break">{s.url}</code>
            </dd>
          </>
        )}
        {s.command && (
          <>
            <dt>Runs</dt>
            <dd>
              <code className="break">{[s.command, ...s.args].join(' ')}</code>
            </dd>
          </>
        )}
        {s.cwd && (
          <>
            <dt>Folder</dt>
            <dd>
              <code className="break">{s.cwd}</code>
            </dd>
          </>
        )}
        <dt>Tools</dt>
        <dd>
          {st?.toolCount ?? 0} published{s.prefixTools ? `, as ${s.name}__TOOL` : ', under their own names'}
        </dd>
        <dt>Protocol</dt>
        <dd>{st?.protocol ? `MCP ${st.protocol}${st.protocol >= '2026-07-28' ? ' (no sessions; the hub translates for older clients)' : ''}` : 'not known until it first starts'}</dd>
        <dt>Enabled</dt>
        <dd>{s.enabled ? 'yes' : 'no: the hub does not start it'}</dd>
      </dl>
    </Section>
  );
}

/** Variables and headers by name; a secret one's value stays in the keychain and shows masked. */
function Environment({ server: s }: { server: ServerConfig }) {
  const rows = [
    ...Object.entries(s.env).map(([key, value]) => ({ kind: 'env', key, value, secret: false })),
    ...s.secretEnv.map((key) => ({ kind: 'env', key, value: '', secret: true })),
    ...(s.transport === 'http'
      ? [...Object.entries(s.headers).map(([key, value]) => ({ kind: 'header', key, value, secret: false })), ...s.secretHeaders.map((key) => ({ kind: 'header', key, value: '', secret: true }))]
      : []),
  ];
  return (
    <Section id="server-env" title="Environment">
      {rows.length === 0 ? (
        <EmptyState>No environment variables{s.transport === 'http' ? ' or headers' : ''}.</EmptyState>
      ) : (
        <dl className="env-list">
          {rows.map((r) => (
            <div key={`${r.kind}:${r.key}`} className="env-row">
              <dt>
                <code>{r.key}</code>
                {r.kind === 'header' && <span className="env-kind">header</span>}
              </dt>
              <dd>
                {r.secret ? (
                  <span className="masked" title="Kept in the OS keychain; never shown">
                    <span aria-hidden="true">••••••••</span> <Badge tone="neutral" icon="🔒">secret, in the keychain</Badge>
                  </span>
                ) : (
                  <code className="break">{r.value}</code>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Section>
  );
}
