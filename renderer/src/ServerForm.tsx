import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { ServerConfigSchema, type ServerConfig, type ServerConfigInput } from '../../shared/config.js';

/** The form's fields as text; lists are one item per line, maps are KEY=VALUE (env) or `Name: value` (headers). */
interface Fields {
  name: string;
  transport: 'stdio' | 'http';
  command: string;
  args: string;
  env: string;
  cwd: string;
  url: string;
  headers: string;
  prefixTools: boolean;
}

const EMPTY: Fields = { name: '', transport: 'stdio', command: '', args: '', env: '', cwd: '', url: '', headers: '', prefixTools: true };

function fieldsOf(s: ServerConfig): Fields {
  return {
    name: s.name,
    transport: s.transport,
    command: s.command ?? '',
    args: s.args.join('\n'),
    env: Object.entries(s.env).map(([k, v]) => `${k}=${v}`).join('\n'),
    cwd: s.cwd ?? '',
    url: s.transport === 'http' ? s.url : '',
    headers: s.transport === 'http' ? Object.entries(s.headers).map(([k, v]) => `${k}: ${v}`).join('\n') : '',
    prefixTools: s.prefixTools,
  };
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** Lines that do not split are kept whole under an empty key, so validation can point at them. */
function pairs(text: string, separator: string): Record<string, string> {
  return Object.fromEntries(
    lines(text).map((l) => {
      const at = l.indexOf(separator);
      return at <= 0 ? ['', l] : [l.slice(0, at).trim(), l.slice(at + separator.length).trim()];
    }),
  );
}

function inputOf(f: Fields, enabled: boolean, tools: ServerConfig['tools']): ServerConfigInput {
  const common = { name: f.name.trim(), enabled, tools, prefixTools: f.prefixTools, args: lines(f.args), env: pairs(f.env, '='), ...(f.cwd.trim() ? { cwd: f.cwd.trim() } : {}) };
  if (f.transport === 'stdio') return { ...common, transport: 'stdio', command: f.command.trim() };
  return { ...common, transport: 'http', url: f.url.trim(), headers: pairs(f.headers, ':'), ...(f.command.trim() ? { command: f.command.trim() } : {}) };
}

/** Field name → the first problem with it, from the same schema the hub validates with. */
function problems(f: Fields, input: ServerConfigInput, taken: readonly string[]): Partial<Record<keyof Fields, string>> {
  const out: Partial<Record<keyof Fields, string>> = {};
  const parsed = ServerConfigSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'name') as keyof Fields;
      out[field] ??= issue.message;
    }
  }
  if ('' in (input.env ?? {})) out.env = 'each line must be KEY=VALUE';
  if (input.transport === 'http' && '' in (input.headers ?? {})) out.headers = 'each line must be Name: value';
  if (taken.includes(f.name.trim())) out.name = 'a server with this name exists already';
  return out;
}

const LABELS: Record<keyof Fields, string> = {
  name: 'Name',
  transport: 'Transport',
  command: 'Command',
  args: 'Arguments (one per line)',
  env: 'Environment (KEY=VALUE, one per line)',
  cwd: 'Working folder',
  url: 'URL',
  headers: 'Headers (Name: value, one per line)',
  prefixTools: 'Publish tools as name__tool',
};

/**
 * Adds a server, or edits one (`editing`; its name stays). Validation runs as the user types, with the
 * hub's own schema, and each problem shows next to its field; the hub validates again on save.
 */
export function ServerForm({
  editing,
  taken,
  onSave,
  onCancel,
}: {
  editing?: ServerConfig | undefined;
  taken: readonly string[];
  onSave: (input: ServerConfigInput) => Promise<void>;
  onCancel: () => void;
}) {
  const [f, setF] = useState<Fields>(editing ? fieldsOf(editing) : EMPTY);
  const [touched, setTouched] = useState<Partial<Record<keyof Fields, boolean>>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const input = useMemo(() => inputOf(f, editing?.enabled ?? true, editing?.tools ?? { deny: [] }), [f, editing]);
  const issues = useMemo(() => problems(f, input, editing ? [] : taken), [f, input, editing, taken]);
  const valid = Object.keys(issues).length === 0;

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setF((prev) => ({ ...prev, [key]: value }));
    setTouched((prev) => ({ ...prev, [key]: true }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(Object.fromEntries(Object.keys(LABELS).map((k) => [k, true])));
    if (!valid) return;
    setSaving(true);
    setError(undefined);
    onSave(input).then(
      () => setSaving(false),
      (err: unknown) => {
        setSaving(false);
        setError((err as Error).message);
      },
    );
  };

  const text = (key: 'name' | 'command' | 'cwd' | 'url', props: { placeholder?: string; disabled?: boolean } = {}) => (
    <Field id={key} label={LABELS[key]} issue={touched[key] ? issues[key] : undefined}>
      <input id={`server-${key}`} value={f[key]} onChange={(e) => set(key, e.target.value)} aria-invalid={Boolean(touched[key] && issues[key])} {...props} />
    </Field>
  );
  const area = (key: 'args' | 'env' | 'headers') => (
    <Field id={key} label={LABELS[key]} issue={touched[key] ? issues[key] : undefined}>
      <textarea id={`server-${key}`} rows={3} value={f[key]} onChange={(e) => set(key, e.target.value)} aria-invalid={Boolean(touched[key] && issues[key])} />
    </Field>
  );

  return (
    <form className="server-form" onSubmit={submit} aria-label={editing ? `Edit ${editing.name}` : 'Add a server'} noValidate>
      <h3>{editing ? `Edit ${editing.name}` : 'Add a server'}</h3>
      {text('name', { placeholder: 'e.g. github', disabled: Boolean(editing) })}
      <Field id="transport" label={LABELS.transport}>
        <select id="server-transport" value={f.transport} onChange={(e) => set('transport', e.target.value as Fields['transport'])}>
          <option value="stdio">stdio (a local command)</option>
          <option value="http">HTTP (a URL)</option>
        </select>
      </Field>
      {f.transport === 'http' && text('url', { placeholder: 'https://example.com/mcp' })}
      {text('command', { placeholder: f.transport === 'stdio' ? 'e.g. npx' : 'optional: a command that serves the URL locally' })}
      {area('args')}
      {area('env')}
      {f.transport === 'http' && area('headers')}
      {text('cwd', { placeholder: 'optional' })}
      <label className="check">
        <input type="checkbox" checked={f.prefixTools} onChange={(e) => set('prefixTools', e.target.checked)} /> {LABELS.prefixTools}
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={saving} aria-busy={saving}>
          {saving ? 'Saving…' : editing ? 'Save' : 'Add server'}
        </button>
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Field({ id, label, issue, children }: { id: string; label: string; issue?: string | undefined; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={`server-${id}`}>{label}</label>
      {children}
      {issue && (
        <span className="field-issue" id={`server-${id}-issue`}>
          {issue}
        </span>
      )}
    </div>
  );
}
