import { newEntry, withKey, type Entry, type EntryKind } from './entries.js';
import { Button } from './kit/index.js';

const NOUN: Record<EntryKind, { one: string; legend: string; name: string }> = {
  env: { one: 'Variable', legend: 'Environment variables', name: 'e.g. API_TOKEN' },
  headers: { one: 'Header', legend: 'Headers', name: 'e.g. Authorization' },
};

/**
 * Environment variables or headers, a row each: name, value, and whether the value is secret (then it
 * goes to the keychain and is never shown again: a stored one shows as such, and stays unless replaced).
 */
export function EntryList({
  kind,
  entries,
  issues,
  groupIssue,
  onChange,
}: {
  kind: EntryKind;
  entries: readonly Entry[];
  issues: ReadonlyMap<number, string>;
  groupIssue: string | undefined;
  onChange: (entries: Entry[]) => void;
}) {
  const noun = NOUN[kind];
  const edit = (id: number, change: (e: Entry) => Entry) => onChange(entries.map((e) => (e.id === id ? change(e) : e)));
  return (
    <fieldset className="entries" aria-describedby={groupIssue ? `server-${kind}-issue` : undefined}>
      <legend>{noun.legend}</legend>
      {entries.map((e, i) => {
        const n = i + 1;
        const issue = issues.get(e.id);
        const issueId = `server-${kind}-${e.id}-issue`;
        return (
          <div className="entry" key={e.id}>
            <input
              aria-label={`${noun.one} ${n} name`}
              value={e.key}
              placeholder={noun.name}
              onChange={(ev) => edit(e.id, (x) => withKey(kind, x, ev.target.value))}
              aria-invalid={Boolean(issue)}
              aria-describedby={issue ? issueId : undefined}
              autoComplete="off"
              spellCheck={false}
            />
            <input
              aria-label={`${noun.one} ${n} value`}
              type={e.secret ? 'password' : 'text'}
              value={e.value}
              placeholder={e.stored !== undefined && e.stored === e.key.trim() ? 'stored in the keychain — type to replace' : e.secret ? 'secret value' : 'value'}
              onChange={(ev) => edit(e.id, (x) => ({ ...x, value: ev.target.value }))}
              aria-invalid={Boolean(issue)}
              aria-describedby={issue ? issueId : undefined}
              autoComplete="off"
              spellCheck={false}
            />
            <label className="secret-toggle">
              <input type="checkbox" checked={e.secret} onChange={(ev) => edit(e.id, (x) => ({ ...x, secret: ev.target.checked, secretChosen: true }))} aria-label={`${noun.one} ${n} is secret`} />{' '}
              secret
            </label>
            <Button size="sm" variant="ghost" onClick={() => onChange(entries.filter((x) => x.id !== e.id))} aria-label={`Remove ${noun.one.toLowerCase()} ${n}`}>
              Remove
            </Button>
            {issue && (
              <span className="field-issue" id={issueId}>
                {issue}
              </span>
            )}
          </div>
        );
      })}
      <Button size="sm" className="add-entry" onClick={() => onChange([...entries, newEntry()])}>
        Add {noun.one.toLowerCase()}
      </Button>
      {groupIssue && (
        <span className="field-issue" id={`server-${kind}-issue`}>
          {groupIssue}
        </span>
      )}
    </fieldset>
  );
}
