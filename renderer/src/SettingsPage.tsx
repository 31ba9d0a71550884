import { useEffect, useState, type FormEvent } from 'react';
import { SettingsPatchSchema, type SettingsPatch, type SettingsView } from '../../shared/settings.js';
import { endpointUrl } from './http-snippet.js';
import { Button, ErrorLine, Loading, PageHeader } from './kit/index.js';
import { useHubMutation, useHubQuery } from './query.js';

type Key = 'port' | 'consentTimeout' | 'historyDays';
const FIELDS: { key: Key; label: string; unit: string; help: string }[] = [
  {
    key: 'port',
    label: 'Port from the next start',
    unit: '',
    help: 'The port the hub listens on (127.0.0.1) from its next start (serve --port overrides it). Changing it does not move the running hub.',
  },
  { key: 'consentTimeout', label: 'Consent timeout', unit: 'seconds', help: 'How long a prompt waits for your answer; no answer means deny.' },
  { key: 'historyDays', label: 'Keep history for', unit: 'days', help: 'Tool-call records older than this are deleted (checked hourly).' },
];

/** Port, consent timeout, history retention, and where the data lives. */
export function SettingsPage() {
  const state = useHubQuery('getSettings', []);
  const update = useHubMutation('updateSettings');
  const saving = update.isPending;
  const [draft, setDraft] = useState<Record<Key, string> | undefined>();
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>();

  useEffect(() => {
    if (state.data && draft === undefined) setDraft(textOf(state.data));
  }, [state.data, draft]);

  if (state.error) return <ErrorLine error={state.error.message} />;
  if (!state.data || !draft) return <Loading>Loading settings…</Loading>;
  const current = state.data;

  const patch: SettingsPatch = Object.fromEntries(FIELDS.map(({ key }) => [key, draft[key].trim() === '' ? Number.NaN : Number(draft[key])]));
  const parsed = SettingsPatchSchema.safeParse(patch);
  const issues: Partial<Record<Key, string>> = {};
  if (!parsed.success) for (const i of parsed.error.issues) issues[i.path[0] as Key] ??= /expected number/.test(i.message) ? 'must be a whole number' : i.message;

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!parsed.success) return;
    setMessage(undefined);
    update.mutate([parsed.data], {
      onSuccess: (saved) => {
        setDraft(textOf(saved));
        setMessage({ error: false, text: saved.port !== current.port ? `Saved. The hub moves to port ${saved.port} when it restarts.` : 'Saved.' });
      },
      onError: (err) => setMessage({ error: true, text: err.message }),
    });
  };

  return (
    <section className="settings-page">
      <PageHeader title="Settings" />
      <form className="settings section" onSubmit={save} aria-label="Settings" noValidate>
        <div className="field running-port">
          <span>Port in use now</span>
          <span>
            <strong className="port-now">{current.runningPort}</strong> — the hub runs at <code>{endpointUrl(current.runningPort)}</code>
          </span>
          <small>
            {current.runningPort === current.port
              ? 'The same as the port setting below.'
              : `Not the port setting below (${current.port}): this hub was started with --port, or the setting changed after it started. Apps must use ${current.runningPort} until the hub restarts.`}
          </small>
        </div>
        {FIELDS.map(({ key, label, unit, help }) => (
          <div className="field" key={key}>
            <label htmlFor={`setting-${key}`}>{label}</label>
            <span>
              <input
                id={`setting-${key}`}
                inputMode="numeric"
                value={draft[key]}
                aria-invalid={Boolean(issues[key])}
                aria-describedby={`setting-${key}-help`}
                onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
              />{' '}
              {unit}
            </span>
            {issues[key] && <span className="field-issue">{issues[key]}</span>}
            <small id={`setting-${key}-help`}>{help}</small>
          </div>
        ))}
        <div className="field">
          <span>Data folder</span>
          <code className="data-dir">{current.dataDir}</code>
          <small>hub.db, logs and hub.json. Start the hub with --data-dir DIR or AGENT_HUB_DATA_DIR to use another folder.</small>
        </div>
        {message &&
          (message.error ? (
            <ErrorLine error={message.text} />
          ) : (
            <p className="saved" role="status">
              {message.text}
            </p>
          ))}
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={saving || !parsed.success} busy={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </Button>
        </div>
      </form>
    </section>
  );
}

function textOf(s: SettingsView): Record<Key, string> {
  return { port: String(s.port), consentTimeout: String(s.consentTimeout), historyDays: String(s.historyDays) };
}
