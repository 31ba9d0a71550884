/**
 * A server's environment variables and HTTP headers as the form edits them: one entry per name, each
 * plain (stored in the config) or secret (its value goes to the keychain and never comes back).
 */
export interface Entry {
  id: number;
  key: string;
  value: string;
  secret: boolean;
  /** The user set `secret` by hand: a name typed later no longer decides it. */
  secretChosen: boolean;
  /** For a secret already stored: the name it is stored under. Left empty, its value stays. */
  stored?: string;
}

export type EntryKind = 'env' | 'headers';

/** Names that usually hold secrets: their entries start out marked secret. */
const LOOKS_SECRET: Record<EntryKind, RegExp> = {
  env: /TOKEN|KEY|SECRET|PASSWORD|PASS|CREDENTIAL/i,
  headers: /authorization|token|key|secret|password|cookie/i,
};

let nextId = 1;

export function newEntry(): Entry {
  return { id: nextId++, key: '', value: '', secret: false, secretChosen: false };
}

/** The entries of a saved server: plain ones with their values, secret ones by name only. */
export function entriesOf(plain: Record<string, string>, secretKeys: readonly string[]): Entry[] {
  return [
    ...Object.entries(plain).map(([key, value]) => ({ ...newEntry(), key, value })),
    ...secretKeys.map((key) => ({ ...newEntry(), key, secret: true, secretChosen: true, stored: key })),
  ];
}

export function withKey(kind: EntryKind, e: Entry, key: string): Entry {
  return { ...e, key, secret: e.secretChosen ? e.secret : LOOKS_SECRET[kind].test(key) };
}

/** Rows with neither name nor value are left out: the form's blank rows. */
const used = (entries: readonly Entry[]) => entries.filter((e) => e.key.trim() !== '' || e.value !== '');

/** Keeps the stored value: a secret under its stored name with nothing typed. */
export const keepsStored = (e: Entry) => e.secret && e.value === '' && e.stored === e.key.trim();

/** What the config holds (plain values, secret names) and what goes to the keychain (typed secret values). */
export function splitEntries(entries: readonly Entry[]): { plain: Record<string, string>; secretKeys: string[]; secretValues: Record<string, string> } {
  const rows = used(entries);
  return {
    plain: Object.fromEntries(rows.filter((e) => !e.secret).map((e) => [e.key.trim(), e.value])),
    secretKeys: rows.filter((e) => e.secret).map((e) => e.key.trim()),
    secretValues: Object.fromEntries(rows.filter((e) => e.secret && e.value !== '').map((e) => [e.key.trim(), e.value])),
  };
}

/** The problems the schemas cannot see, by entry id: a value without a name, a name twice, a new secret without its value. */
export function entryIssues(kind: EntryKind, entries: readonly Entry[]): Map<number, string> {
  const issues = new Map<number, string>();
  const fold = (key: string) => (kind === 'headers' ? key.trim().toLowerCase() : key.trim());
  const seen = new Set<string>();
  for (const e of used(entries)) {
    const key = fold(e.key);
    if (key === '') issues.set(e.id, 'needs a name');
    else if (seen.has(key)) issues.set(e.id, 'is listed twice');
    else if (e.secret && e.value === '' && !keepsStored(e)) issues.set(e.id, 'type the value: it goes to the keychain');
    seen.add(key);
  }
  return issues;
}

/** The entry a schema issue's path points at: `[group, index]` into the secret names, or `[group, name]`. */
export function entryAt(entries: readonly Entry[], secretList: boolean, at: PropertyKey | undefined): Entry | undefined {
  const rows = used(entries);
  if (typeof at === 'number' && secretList) return rows.filter((e) => e.secret)[at];
  if (typeof at === 'string') return rows.find((e) => e.key.trim() === at && e.secret === secretList) ?? rows.find((e) => e.key.trim() === at);
  return undefined;
}
