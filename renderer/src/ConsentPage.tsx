import { useCallback, useState } from 'react';
import type { ConsentPromptView } from '../../shared/consent.js';
import type { HubApi } from '../../shared/hub-api.js';
import { notificationsOn, notificationsSupported, setNotifications } from './attention.js';
import type { ViewEvents } from './event-stream.js';
import { Diff } from './PromptDetails.js';
import { RateLimits } from './RateLimits.js';
import { Revealed } from './Revealed.js';
import { useHubData } from './use-hub-data.js';

/**
 * The prompts waiting now, the user's consent rules (with revoke), rate limits (checked before the
 * rules) and the approved tools that changed since; live, as the hub announces changes (from the
 * dialog, the CLI or a client app).
 */
export function ConsentPage({ api, events, prompts, canNotify }: { api: HubApi; events: ViewEvents | undefined; prompts: readonly ConsentPromptView[]; canNotify: boolean }) {
  const fetchRules = useCallback(() => api.listConsentRules(), [api]);
  const fetchChanged = useCallback(() => api.listChangedTools(), [api]);
  const [rules, reloadRules] = useHubData(fetchRules, events, 'rules-changed');
  // A tool changes when its server lists it anew; it stops counting as changed once approved again.
  const [changed] = useHubData(fetchChanged, events, ['rules-changed', 'servers-changed'], 5000);
  const [error, setError] = useState<string | undefined>();

  const revoke = (id: number) => {
    setError(undefined);
    api.revokeConsentRule(id).then(reloadRules, (e: unknown) => setError((e as Error).message));
  };

  return (
    <section>
      <h2>Waiting for you</h2>
      {prompts.length === 0 ? (
        <p className="empty">No tool call waits for your answer.</p>
      ) : (
        <ul className="waiting" aria-label="Tool calls waiting for you">
          {prompts.map((p) => (
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
      {canNotify && notificationsSupported() && <NotifyToggle />}

      <h2>Consent rules</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {rules.status === 'loading' && <p aria-busy="true">Loading rules…</p>}
      {rules.status === 'error' && <p role="alert" className="error">{rules.message}</p>}
      {rules.status === 'ready' && rules.data.length === 0 && (
        <p className="empty">No rules yet: every tool call asks you. Answer a prompt with “Always allow” or “Always deny” to make one.</p>
      )}
      {rules.status === 'ready' && rules.data.length > 0 && (
        <table className="rules">
          <thead>
            <tr>
              <th>Effect</th>
              <th>Client</th>
              <th>Server</th>
              <th>Tool</th>
              <th>Scope</th>
              <th>Made by</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.data.map((r) => (
              <tr key={r.id}>
                <td className={r.effect}>{r.effect}</td>
                <td>{r.client === '*' ? 'any client' : <Revealed text={r.client} />}</td>
                <td>
                  <Revealed text={r.server} />
                </td>
                <td>{r.tool === '*' ? 'any tool' : <Revealed text={r.tool} />}</td>
                <td>{r.scope === 'session' ? 'this session' : 'until revoked'}</td>
                <td>{r.createdBy}</td>
                <td>
                  <button type="button" onClick={() => revoke(r.id)} aria-label={`Revoke rule ${r.id}`}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <RateLimits api={api} events={events} />

      <h2>Changed tools</h2>
      {changed.status === 'ready' && changed.data.length === 0 && <p className="empty">No tool you approved has changed.</p>}
      {changed.status === 'ready' &&
        changed.data.map((c) => (
          <article key={`${c.server}/${c.tool}`} className="changed-tool">
            <h3>
              <Revealed text={c.server} />{' '}
              <code>
                <Revealed text={c.tool} />
              </code>
            </h3>
            <p>
              Approved {new Date(c.approvedAt).toLocaleString()}, changed {new Date(c.changedAt).toLocaleString()}. The next call asks you again.
            </p>
            <Diff text={c.diff} />
          </article>
        ))}
    </section>
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
      {blocked && (
        <p className="error" role="alert">
          The browser blocks notifications for this page: allow them in its site settings, then turn this on again.
        </p>
      )}
    </div>
  );
}
