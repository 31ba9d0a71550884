import { useEffect, useRef, useState } from 'react';
import type { ConsentRuleView } from '../../shared/consent.js';
import { useHost } from './host.js';
import { notificationsOn, notificationsSupported, setNotifications } from './attention.js';
import { ConsentRuleForm } from './ConsentRuleForm.js';
import { Badge, Button, EmptyState, ErrorLine, Loading, PageHeader, Section, Table, type Column } from './kit/index.js';
import { Diff } from './PromptDetails.js';
import { messageOf, useHubMutation, useHubQuery } from './query.js';
import { RateLimits } from './RateLimits.js';
import { Revealed } from './Revealed.js';

/**
 * The prompts waiting now, the user's consent rules (add one, filter, revoke), rate limits (checked
 * before the rules) and the approved tools that changed since; live, as the hub announces changes
 * (from the dialog, the CLI or a client app).
 */
export function ConsentPage() {
  const { browser } = useHost();
  const prompts = useHubQuery('listPendingPrompts', []);
  const waiting = prompts.data ?? [];
  return (
    <section className="consent-page">
      <PageHeader title="Consent" description="Every tool call asks you, unless a rule below answers it. Rate limits are checked first: a limited call never asks." />
      <Section id="waiting" title="Waiting for you">
        {waiting.length === 0 ? (
          <EmptyState>No tool call waits for your answer.</EmptyState>
        ) : (
          <ul className="waiting" aria-label="Tool calls waiting for you">
            {waiting.map((p) => (
              <li key={p.id}>
                <strong>
                  <Revealed text={p.client} />
                </strong>{' '}
                wants to call{' '}
                <code>
                  <Revealed text={p.tool} />
                </code>{' '}
                on <Revealed text={p.server} />, since {new Date(p.createdAt).toLocaleTimeString()}
              </li>
            ))}
          </ul>
        )}
        {browser && notificationsSupported() && <NotifyToggle />}
      </Section>
      <Rules />
      <RateLimits />
      <ChangedTools />
    </section>
  );
}

const dateTime = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** Who made a rule, in words: "your answer to a prompt on 3 Dec, 14:02", "the CLI", "the Consent page". */
export function madeBy(rule: Pick<ConsentRuleView, 'createdBy' | 'createdAt'>): string {
  const at = new Date(rule.createdAt);
  const on = Number.isNaN(at.getTime()) ? '' : ` on ${dateTime.format(at)}`;
  if (/^prompt \d+$/.test(rule.createdBy)) return `your answer to a prompt${on}`;
  if (rule.createdBy === 'cli') return `the CLI${on && `,${on}`}`;
  if (rule.createdBy === 'ui') return `the Consent page${on && `,${on}`}`;
  return `${rule.createdBy}${on && `,${on}`}`;
}

const EFFECTS = [
  { value: '', label: 'allow and deny' },
  { value: 'allow', label: 'allow only' },
  { value: 'deny', label: 'deny only' },
] as const;

function Rules() {
  const rules = useHubQuery('listConsentRules', []);
  const revoke = useHubMutation('revokeConsentRule');
  const [adding, setAdding] = useState(false);
  const [made, setMade] = useState<string | undefined>();
  const addButton = useRef<HTMLButtonElement>(null);
  const closed = useRef(false);
  useEffect(() => {
    // The form gone, the focus goes back to the button that opened it.
    if (!adding && closed.current) addButton.current?.focus();
    closed.current = adding;
  }, [adding]);
  const [text, setText] = useState('');
  const [effect, setEffect] = useState<'' | 'allow' | 'deny'>('');
  const all = rules.data ?? [];
  const wanted = text.trim().toLowerCase();
  const shown = all.filter((r) => (!effect || r.effect === effect) && (!wanted || `${r.effect} ${r.client} ${r.server} ${r.tool} ${madeBy(r)}`.toLowerCase().includes(wanted)));

  const columns: Column<ConsentRuleView>[] = [
    {
      header: 'Effect',
      width: '96px',
      cell: (r) =>
        r.effect === 'deny' ? (
          <Badge tone="danger" className="effect deny">
            Deny
          </Badge>
        ) : (
          <Badge tone="success" className="effect allow">
            Allow
          </Badge>
        ),
    },
    { header: 'Client', width: '13%', cell: (r) => (r.client === '*' ? <span className="muted">any client</span> : <Revealed text={r.client} />) },
    { header: 'Server', width: '13%', cell: (r) => <Revealed text={r.server} /> },
    { header: 'Tool', cell: (r) => (r.tool === '*' ? <span className="muted">any tool</span> : <code className="break"><Revealed text={r.tool} /></code>) },
    { header: 'Scope', width: '120px', cell: (r) => (r.scope === 'session' ? 'this session' : 'until revoked') },
    { header: 'Made by', width: '23%', cell: (r) => madeBy(r) },
    {
      header: '',
      srHeader: 'Actions',
      width: '84px',
      align: 'end',
      cell: (r) => (
        <Button size="sm" variant="ghost" busy={revoke.isPending && revoke.variables[0] === r.id} onClick={() => revoke.mutate([r.id])} aria-label={`Revoke rule ${r.id}`}>
          Revoke
        </Button>
      ),
    },
  ];

  return (
    <Section
      id="rules"
      title="Consent rules"
      actions={
        !adding && (
          <Button
            ref={addButton}
            size="sm"
            variant="primary"
            onClick={() => {
              setMade(undefined);
              setAdding(true);
            }}
          >
            Add rule
          </Button>
        )
      }
    >
      {adding && (
        <ConsentRuleForm
          onDone={(message) => {
            setAdding(false);
            if (message) setMade(message);
          }}
        />
      )}
      {made && (
        <p className="saved" role="status">
          {made}
        </p>
      )}
      <ErrorLine error={messageOf(revoke.error)} />
      {rules.isPending && <Loading>Loading rules…</Loading>}
      <ErrorLine error={rules.error?.message} />
      {rules.data && all.length === 0 && (
        <EmptyState>No rules yet: every tool call asks you. Answer a prompt with “Always allow” or “Always deny” to make one, or add one here.</EmptyState>
      )}
      {all.length > 0 && (
        <>
          <div className="filter-bar" role="search" aria-label="Filter rules">
            <label>
              <span className="visually-hidden">Filter rules</span>
              <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Filter: client, server, tool…" spellCheck={false} aria-label="Filter rules" />
            </label>
            <label>
              <span className="filter-label">Show</span>{' '}
              <select value={effect} onChange={(e) => setEffect(e.target.value as typeof effect)} aria-label="Show rules that">
                {EFFECTS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
            <span className="section-note" aria-live="polite">
              {shown.length === all.length ? `${all.length} rule${all.length === 1 ? '' : 's'}` : `${shown.length} of ${all.length} rules`}
            </span>
          </div>
          {shown.length === 0 ? (
            <EmptyState>No rule matches the filter.</EmptyState>
          ) : (
            <Table label="Consent rules" className="rules" columns={columns} rows={shown} rowKey={(r) => r.id} rowProps={(r) => ({ className: `rule-${r.effect}` })} />
          )}
        </>
      )}
    </Section>
  );
}

function ChangedTools() {
  const changed = useHubQuery('listChangedTools', []);
  return (
    <Section id="changed-tools" title="Changed tools">
      <ErrorLine error={changed.error?.message} />
      {changed.data && changed.data.length === 0 && <EmptyState>No tool you approved has changed.</EmptyState>}
      {changed.data?.map((c) => (
        <article key={`${c.server}/${c.tool}`} className="changed-tool">
          <h4>
            <Revealed text={c.server} />{' '}
            <code>
              <Revealed text={c.tool} />
            </code>
          </h4>
          <p>
            Approved {new Date(c.approvedAt).toLocaleString()}, changed {new Date(c.changedAt).toLocaleString()}. The next call asks you again.
          </p>
          <Diff text={c.diff} />
        </article>
      ))}
    </Section>
  );
}

/** Opt-in desktop notifications: the browser's permission is asked only when the user turns them on. */
function NotifyToggle() {
  const [on, setOn] = useState(notificationsOn);
  const [blocked, setBlocked] = useState(false);
  const toggle = (wanted: boolean) =>
    void setNotifications(wanted).then((result) => {
      setOn(result === 'on');
      setBlocked(result === 'blocked');
    });
  return (
    <div className="notify-toggle">
      <label className="check">
        <input type="checkbox" checked={on} onChange={(e) => toggle(e.target.checked)} /> Notify me when a tool call waits
      </label>
      <small>A desktop notification when this tab is not in front; click it to come back here.</small>
      {blocked && <ErrorLine error="The browser blocks notifications for this page: allow them in its site settings, then turn this on again." />}
    </div>
  );
}
