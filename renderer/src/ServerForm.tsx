import { useMemo, useState, type FormEvent } from 'react';
import { SecretValuesSchema, ServerConfigSchema, type SecretValuesInput, type ServerConfig, type ServerConfigInput } from '../../shared/config.js';
import { entriesOf, entryAt, entryIssues, splitEntries, type Entry, type EntryKind } from './entries.js';
import { EntryList } from './EntryList.js';
import { Button, Dialog, ErrorLine, Field } from './kit/index.js';
import { useHubApi, useInvalidate } from './query.js';

/** The form's fields; arguments are one per line, environment variables and headers a row each. */
interface Fields {
  name: string;
  transport: 'stdio' | 'http';
  command: string;
  args: string;
  env: Entry[];
  cwd: string;
  url: string;
  headers: Entry[];
  prefixTools: boolean;
}

const EMPTY: Fields = { name: '', transport: 'stdio', command: '', args: '', env: [], cwd: '', url: '', headers: [], prefixTools: true };

function fieldsOf(s: ServerConfig): Fields {
  return {
    name: s.name,
    transport: s.transport,
    command: s.command ?? '',
    args: s.args.join('\n'),
    env: entriesOf(s.env, s.secretEnv),
    cwd: s.cwd ?? '',
    url: s.transport === 'http' ? s.url : '',
    headers: s.transport === 'http' ? entriesOf(s.headers, s.secretHeaders) : [],
    prefixTools: s.prefixTools,
  };
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** The config (secret names only) and the secret values typed, if any: those go to the keychain. */
function inputOf(f: Fields, enabled: boolean, tools: ServerConfig['tools']): { input: ServerConfigInput; secrets: SecretValuesInput | undefined } {
  const env = splitEntries(f.env);
  const headers = splitEntries(f.transport === 'http' ? f.headers : []);
  const common = {
    name: f.name.trim(),
    enabled,
    tools,
    prefixTools: f.prefixTools,
    args: lines(f.args),
    env: env.plain,
    secretEnv: env.secretKeys,
    ...(f.cwd.trim() ? { cwd: f.cwd.trim() } : {}),
  };
  const input: ServerConfigInput =
    f.transport === 'stdio'
      ? { ...common, transport: 'stdio', command: f.command.trim() }
      : { ...common, transport: 'http', url: f.url.trim(), headers: headers.plain, secretHeaders: headers.secretKeys, ...(f.command.trim() ? { command: f.command.trim() } : {}) };
  const typed = Object.keys(env.secretValues).length + Object.keys(headers.secretValues).length > 0;
  return { input, secrets: typed ? { env: env.secretValues, headers: headers.secretValues } : undefined };
}

type Issues = { fields: Partial<Record<keyof Fields, string>>; entries: Map<number, string> };

/** Where a schema issue belongs: env and secretEnv issues to the environment rows, header issues to the header rows. */
const GROUP: Record<string, { kind: EntryKind; secretList: boolean }> = {
  env: { kind: 'env', secretList: false },
  secretEnv: { kind: 'env', secretList: true },
  headers: { kind: 'headers', secretList: false },
  secretHeaders: { kind: 'headers', secretList: true },
};

/** Each field's and each row's first problem, from the same schemas the hub validates with. */
function problems(f: Fields, input: ServerConfigInput, secrets: SecretValuesInput | undefined, taken: readonly string[]): Issues {
  const out: Issues = { fields: {}, entries: new Map([...entryIssues('env', f.env), ...(f.transport === 'http' ? entryIssues('headers', f.headers) : [])]) };
  const place = (group: { kind: EntryKind; secretList: boolean }, at: PropertyKey | undefined, message: string) => {
    const entry = entryAt(f[group.kind], group.secretList, at);
    if (entry) {
      if (!out.entries.has(entry.id)) out.entries.set(entry.id, message);
    } else out.fields[group.kind] ??= message;
  };
  const parsed = ServerConfigSchema.safeParse(input);
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const top = String(issue.path[0] ?? 'name');
    if (GROUP[top]) place(GROUP[top], issue.path[1], issue.message);
    else out.fields[top as keyof Fields] ??= issue.message;
  }
  const secret = secrets ? SecretValuesSchema.safeParse(secrets) : undefined;
  for (const issue of secret && !secret.success ? secret.error.issues : []) {
    place({ kind: issue.path[0] === 'headers' ? 'headers' : 'env', secretList: true }, issue.path[1], issue.message);
  }
  if (taken.includes(f.name.trim())) out.fields.name = 'a server with this name exists already';
  return out;
}

const LABELS: Record<keyof Fields, string> = {
  name: 'Name',
  transport: 'Transport',
  command: 'Command',
  args: 'Arguments (one per line)',
  env: 'Environment variables',
  cwd: 'Working folder',
  url: 'URL',
  headers: 'Headers',
  prefixTools: 'Publish tools as name__tool',
};

/**
 * Adds a server, or edits one (`editing`; its name stays). Validation runs as the user types, with the
 * hub's own schema, and each problem shows next to its field; the hub validates again on save. Secret
 * values are sent apart from the config, for the keychain; the page never receives them back.
 */
export function ServerForm({
  editing,
  taken,
  onSave,
  onCancel,
}: {
  editing?: ServerConfig | undefined;
  taken: readonly string[];
  onSave: (input: ServerConfigInput, secrets: SecretValuesInput | undefined) => Promise<void>;
  onCancel: () => void;
}) {
  const [f, setF] = useState<Fields>(() => (editing ? fieldsOf(editing) : EMPTY));
  const [touched, setTouched] = useState<Partial<Record<keyof Fields, boolean>>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const { input, secrets } = useMemo(() => inputOf(f, editing?.enabled ?? true, editing?.tools ?? { deny: [] }), [f, editing]);
  const issues = useMemo(() => problems(f, input, secrets, editing ? [] : taken), [f, input, secrets, editing, taken]);
  const valid = Object.keys(issues.fields).length === 0 && issues.entries.size === 0;

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
    onSave(input, secrets).then(
      () => setSaving(false),
      (err: unknown) => {
        setSaving(false);
        setError((err as Error).message);
      },
    );
  };

  const text = (key: 'name' | 'command' | 'cwd' | 'url', props: { placeholder?: string; disabled?: boolean } = {}) => (
    <Field id={`server-${key}`} label={LABELS[key]} issue={touched[key] ? issues.fields[key] : undefined}>
      {(control) => <input {...control} value={f[key]} onChange={(e) => set(key, e.target.value)} spellCheck={false} autoComplete="off" {...props} />}
    </Field>
  );
  const entries = (key: 'env' | 'headers') => (
    <EntryList
      kind={key}
      entries={f[key]}
      issues={touched[key] ? issues.entries : new Map()}
      groupIssue={touched[key] ? issues.fields[key] : undefined}
      onChange={(rows) => set(key, rows)}
    />
  );

  return (
    <form className="server-form" onSubmit={submit} aria-label={editing ? `Edit ${editing.name}` : 'Add a server'} noValidate>
      {text('name', { placeholder: 'e.g. github', disabled: Boolean(editing) })}
      <Field id="server-transport" label={LABELS.transport}>
        {(control) => (
          <select {...control} value={f.transport} onChange={(e) => set('transport', e.target.value as Fields['transport'])}>
            <option value="stdio">stdio (a local command)</option>
            <option value="http">HTTP (a URL)</option>
          </select>
        )}
      </Field>
      {f.transport === 'http' && text('url', { placeholder: 'https://example.com/mcp' })}
      {text('command', { placeholder: f.transport === 'stdio' ? 'e.g. npx' : 'optional: a command that serves the URL locally' })}
      <Field id="server-args" label={LABELS.args} issue={touched.args ? issues.fields.args : undefined}>
        {(control) => <textarea {...control} rows={3} value={f.args} onChange={(e) => set('args', e.target.value)} spellCheck={false} />}
      </Field>
      {entries('env')}
      {f.transport === 'http' && entries('headers')}
      {text('cwd', { placeholder: 'optional' })}
      <label className="check">
        <input type="checkbox" checked={f.prefixTools} onChange={(e) => set('prefixTools', e.target.checked)} /> {LABELS.prefixTools}
      </label>
      <ErrorLine error={error} />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={saving} busy={saving}>
          {saving ? 'Saving…' : editing ? 'Save' : 'Add server'}
        </Button>
        <Button onClick={onCancel} disabled={saving}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** The add or edit form in a dialog: Escape or Cancel closes it, the focus goes back to the button that opened it. */
export function ServerFormDialog({ editing, taken, onSaved, onClose }: { editing: ServerConfig | undefined; taken: readonly string[]; onSaved: () => void; onClose: () => void }) {
  const save = useSaveServer(editing);
  return (
    <Dialog title={editing ? `Edit ${editing.name}` : 'Add a server'} onClose={onClose} wide closeLabel="Close without saving">
      <ServerForm
        editing={editing}
        taken={taken}
        onSave={async (input, secrets) => {
          await save(input, secrets);
          onSaved();
        }}
        onCancel={onClose}
      />
    </Dialog>
  );
}

/** Saves the add or edit form (secrets apart, for the keychain). */
function useSaveServer(editing: ServerConfig | undefined): (input: ServerConfigInput, secrets: SecretValuesInput | undefined) => Promise<void> {
  const api = useHubApi();
  const invalidate = useInvalidate();
  return async (input, secrets) => {
    if (editing) await api.updateServer(editing.name, input, secrets);
    else await api.addServer(input, secrets);
    await invalidate(['listServers', 'serverStatus', 'listServerTools', 'listImportSources']);
  };
}
