import { useCallback, useState } from 'react';
import type { HubApi } from '../../shared/hub-api.js';
import type { HubEvents } from '../../shared/hub-events.js';
import { useHubData } from './use-hub-data.js';

/** The user's consent rules (with revoke) and the approved tools that changed since. */
export function ConsentPage({ api, events }: { api: HubApi; events: HubEvents | undefined }) {
  const fetchRules = useCallback(() => api.listConsentRules(), [api]);
  const fetchChanged = useCallback(() => api.listChangedTools(), [api]);
  const [rules, reloadRules] = useHubData(fetchRules, events, 'rules-changed');
  const [changed] = useHubData(fetchChanged, events, 'rules-changed', 5000);
  const [error, setError] = useState<string | undefined>();

  const revoke = (id: number) => {
    setError(undefined);
    api.revokeConsentRule(id).then(reloadRules, (e: unknown) => setError((e as Error).message));
  };

  return (
    <section>
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
                <td>{r.client === '*' ? 'any client' : r.client}</td>
                <td>{r.server}</td>
                <td>{r.tool === '*' ? 'any tool' : r.tool}</td>
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

      <h2>Changed tools</h2>
      {changed.status === 'ready' && changed.data.length === 0 && <p className="empty">No tool you approved has changed.</p>}
      {changed.status === 'ready' &&
        changed.data.map((c) => (
          <article key={`${c.server}/${c.tool}`} className="changed-tool">
            <h3>
              {c.server} <code>{c.tool}</code>
            </h3>
            <p>
              Approved {new Date(c.approvedAt).toLocaleString()}, changed {new Date(c.changedAt).toLocaleString()}. The next call asks you again.
            </p>
            <pre className="diff">{c.diff}</pre>
          </article>
        ))}
    </section>
  );
}
