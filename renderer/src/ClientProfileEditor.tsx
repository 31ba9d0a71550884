import { useId, useMemo, useState, type FormEvent } from 'react';
import { AUTO_SEARCH_THRESHOLD, type ClientProfile, type ClientProfilePatch, type ToolMode } from '../../shared/client-profile.js';
import type { ClientView } from '../../shared/clients.js';
import { revealHidden } from '../../shared/visible-text.js';
import type { PublishedToolView } from '../../shared/workbench.js';
import { Button, ErrorLine, Section, Switch } from './kit/index.js';
import { messageOf, useHubMutation, useHubQuery } from './query.js';
import { Revealed } from './Revealed.js';

/**
 * "What it sees": a client's profile (shared/client-profile.ts) as a form. Its servers and agents (all,
 * present and future, or a chosen set), the tools hidden from it, how its tool list is published (flat,
 * search, auto) and the tools pinned in search mode. Edits stay in the form until Save, which sends
 * only what changed (setClientProfile); the hub tells the client's connected sessions (list_changed).
 */
export function ClientProfileEditor({ client }: { client: ClientView }) {
  const saved = client.profile;
  const servers = useHubQuery('listServers', []);
  const agents = useHubQuery('listAgents', []);
  const published = useHubQuery('listPublishedTools', []);
  const save = useHubMutation('setClientProfile');
  // undefined: no edits, the form shows the saved profile (and follows changes made elsewhere).
  const [edited, setEdited] = useState<ClientProfile | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const draft = edited ?? saved;
  const patch = patchOf(saved, draft);
  const dirty = Object.keys(patch).length > 0;
  const tools = useMemo(() => published.data ?? [], [published.data]);

  const names = useMemo(() => {
    const kinds = new Map<string, 'server' | 'agent'>();
    for (const s of servers.data ?? []) kinds.set(s.name, 'server');
    for (const a of agents.data ?? []) kinds.set(a.name, 'agent');
    return kinds;
  }, [servers.data, agents.data]);

  const change = (next: Partial<ClientProfile>) => {
    setDone(undefined);
    save.reset();
    setEdited({ ...draft, ...next });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!dirty || save.isPending) return;
    save.mutate([client.name, patch], {
      onSuccess: () => {
        setEdited(undefined);
        setDone(`Saved: ${client.name} ${describePatch(patch)}. Its connected apps were told to read its tool list again.`);
      },
    });
  };

  const id = `profile-${client.name}`;
  const now = countOf(saved, tools);
  const after = countOf(draft, tools);
  return (
    <Section
      id={id}
      className="client-profile"
      title={`What ${client.name} sees`}
      description="Which servers, agents and tools this client is given, and how its tool list is published. Anything outside it is, for this client, an unknown name."
    >
      <form onSubmit={submit} aria-labelledby={`${id}-title`}>
        <p className="profile-count" aria-live="polite">
          {dirty ? (
            <>
              Now: {sentence(client.name, now)} After saving: {sentence(client.name, after)}
            </>
          ) : (
            sentence(client.name, now)
          )}
        </p>
        <ServerChoice names={names} draft={draft} onChange={change} clientName={client.name} />
        <ModeChoice clientName={client.name} mode={draft.mode} onChange={(mode) => change({ mode })} />
        <ToolChoice tools={tools} draft={draft} onChange={change} loading={published.isPending} />
        <ErrorLine error={servers.error?.message ?? agents.error?.message ?? published.error?.message} />
        <ErrorLine error={messageOf(save.error)} />
        <div className="profile-actions">
          <Button type="submit" variant="primary" disabled={!dirty || save.isPending} busy={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </Button>
          <Button
            disabled={!dirty || save.isPending}
            onClick={() => {
              setEdited(undefined);
              save.reset();
            }}
          >
            Discard changes
          </Button>
          {dirty && !save.isPending && <span className="section-note">Not saved yet: {describePatch(patch)}.</span>}
          <span className="profile-saved" role="status">
            {done}
          </span>
        </div>
      </form>
    </Section>
  );
}

/** All servers and agents (new ones too), or the ones ticked. */
function ServerChoice({
  names,
  draft,
  onChange,
  clientName,
}: {
  names: ReadonlyMap<string, 'server' | 'agent'>;
  draft: ClientProfile;
  onChange: (next: Partial<ClientProfile>) => void;
  clientName: string;
}) {
  const hint = useId();
  const chosen = draft.servers;
  // Names the profile still has but the hub no longer knows: shown, so they can be taken out.
  const all = [...new Set([...names.keys(), ...(chosen ?? [])])].sort();
  const toggle = (name: string, on: boolean) => {
    const set = new Set(chosen ?? []);
    if (on) set.add(name);
    else set.delete(name);
    onChange({ servers: [...set].sort() });
  };
  return (
    <fieldset className="profile-servers" aria-describedby={hint}>
      <legend>Servers and agents {clientName} sees</legend>
      <label>
        <input type="radio" name={`servers-${clientName}`} checked={chosen === null} onChange={() => onChange({ servers: null })} /> All (including ones added later)
      </label>
      <label>
        <input type="radio" name={`servers-${clientName}`} checked={chosen !== null} onChange={() => onChange({ servers: [...names.keys()].sort() })} /> Only the ones
        chosen here
      </label>
      <p id={hint} className="hint">
        {chosen === null ? 'A server or agent added later is visible to this client at once.' : 'A server or agent added later stays hidden from this client until you tick it.'}
      </p>
      {chosen !== null &&
        (all.length === 0 ? (
          <p className="hint">No servers or agents yet.</p>
        ) : (
          <ul className="profile-server-list">
            {all.map((name) => (
              <li key={name}>
                <label>
                  <input type="checkbox" checked={chosen.includes(name)} onChange={(e) => toggle(name, e.target.checked)} /> {name}{' '}
                  <span className="muted">{names.get(name) ?? 'not on this hub'}</span>
                </label>
              </li>
            ))}
          </ul>
        ))}
    </fieldset>
  );
}

const MODES: { value: ToolMode; label: string; hint: string }[] = [
  { value: 'flat', label: 'Flat', hint: 'every visible tool is listed, as MCP clients expect.' },
  { value: 'search', label: 'Search', hint: 'the list has hub__search_tools and hub__call_tool plus your pins; the model finds other tools when it needs them.' },
  { value: 'auto', label: 'Auto', hint: `search once more than ${AUTO_SEARCH_THRESHOLD} tools are visible, flat below.` },
];

function ModeChoice({ clientName, mode, onChange }: { clientName: string; mode: ToolMode; onChange: (mode: ToolMode) => void }) {
  const id = useId();
  return (
    <fieldset className="profile-mode">
      <legend>Its tool list</legend>
      {MODES.map((m) => (
        <div key={m.value} className="profile-mode-option">
          <label>
            <input
              type="radio"
              name={`mode-${clientName}`}
              value={m.value}
              checked={mode === m.value}
              onChange={() => onChange(m.value)}
              aria-describedby={`${id}-${m.value}`}
            />{' '}
            <strong>{m.label}</strong>
          </label>
          <span id={`${id}-${m.value}`} className="hint">
            {m.hint}
          </span>
        </div>
      ))}
    </fieldset>
  );
}

/** Past this many matches the search shows the first ones and asks for more letters. */
const MAX_MATCHES = 200;

/** Per server (of those the draft sees): its published tools with a Show switch each, and Pin in search and auto mode. */
function ToolChoice({ tools, draft, onChange, loading }: { tools: PublishedToolView[]; draft: ClientProfile; onChange: (next: Partial<ClientProfile>) => void; loading: boolean }) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const hidden = new Set(draft.hiddenTools);
  const pins = new Set(draft.pins);
  const pinning = draft.mode !== 'flat';
  const seen = tools.filter((t) => draft.servers === null || draft.servers.includes(t.server));
  const q = query.trim().toLowerCase();
  const matches = q ? seen.filter((t) => refOf(t).toLowerCase().includes(q) || (t.title ?? '').toLowerCase().includes(q) || (t.description ?? '').toLowerCase().includes(q)) : seen;
  const shown = matches.slice(0, MAX_MATCHES);
  const groups = new Map<string, PublishedToolView[]>();
  for (const t of q ? shown : seen) groups.set(t.server, [...(groups.get(t.server) ?? []), t]);
  const known = new Set(tools.map(refOf));
  const elsewhere = (refs: string[]) => refs.filter((r) => !known.has(r));

  const flip = (list: 'hiddenTools' | 'pins', ref: string, on: boolean) => {
    const set = new Set(draft[list]);
    if (on) set.add(ref);
    else set.delete(ref);
    onChange({ [list]: [...set].sort() });
  };

  return (
    <fieldset className="profile-tools">
      <legend>Tools</legend>
      <p className="hint">
        Switch a tool off to hide it from this client.{' '}
        {pinning ? 'A pinned tool is listed directly in search mode, next to the two search tools.' : 'Pins matter only in search and auto mode.'} Tools appear here
        while their server runs.
      </p>
      <label className="profile-find">
        <span>Find a tool</span>
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="name or description" autoComplete="off" spellCheck={false} />
      </label>
      {loading ? (
        <p className="hint">Loading tools…</p>
      ) : seen.length === 0 ? (
        <p className="hint">No published tools of the servers and agents it sees.</p>
      ) : q && matches.length === 0 ? (
        <p className="hint">No tool matches “{query}”.</p>
      ) : (
        <>
          {q && (
            <p className="hint" aria-live="polite">
              {matches.length > MAX_MATCHES ? `The first ${MAX_MATCHES} of ${matches.length} matching tools.` : `${matches.length} matching ${matches.length === 1 ? 'tool' : 'tools'}.`}
            </p>
          )}
          {[...groups].map(([server, list]) => {
            const isOpen = q !== '' || open.has(server);
            const all = seen.filter((t) => t.server === server);
            const hiddenHere = all.filter((t) => hidden.has(refOf(t))).length;
            const pinnedHere = all.filter((t) => pins.has(refOf(t))).length;
            return (
              <details
                key={server}
                className="profile-server-tools"
                open={isOpen}
                onToggle={(e) => {
                  if (q) return;
                  const isNowOpen = e.currentTarget.open;
                  setOpen((prev) => {
                    if (prev.has(server) === isNowOpen) return prev;
                    const next = new Set(prev);
                    if (isNowOpen) next.add(server);
                    else next.delete(server);
                    return next;
                  });
                }}
              >
                <summary>
                  <strong>{server}</strong>{' '}
                  <span className="muted">
                    {all.length} {all.length === 1 ? 'tool' : 'tools'}
                    {hiddenHere > 0 && ` · ${hiddenHere} hidden`}
                    {pinnedHere > 0 && ` · ${pinnedHere} pinned`}
                  </span>
                </summary>
                {isOpen && (
                  <ul className="tool-list profile-tool-list">
                    {list.map((t) => {
                      const ref = refOf(t);
                      const visible = !hidden.has(ref);
                      const name = revealHidden(ref);
                      return (
                        <li key={ref} className="tool-item">
                          <Switch checked={visible} onChange={(e) => flip('hiddenTools', ref, !e.target.checked)} aria-label={`Show ${name}`} />
                          <div className="tool-text">
                            <code className="tool-name">
                              <Revealed text={ref} />
                            </code>
                            {t.description && (
                              <p className="tool-description">
                                <Revealed text={t.description.split('\n')[0]!} />
                              </p>
                            )}
                          </div>
                          {pinning && (
                            <label className="profile-pin">
                              <input type="checkbox" checked={pins.has(ref)} disabled={!visible} onChange={(e) => flip('pins', ref, e.target.checked)} aria-label={`Pin ${name}`} />{' '}
                              Pin
                            </label>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </details>
            );
          })}
        </>
      )}
      {elsewhere(draft.hiddenTools).length > 0 && <p className="hint">Also hidden (not published now): {elsewhere(draft.hiddenTools).map(revealHidden).join(', ')}.</p>}
      {pinning && elsewhere(draft.pins).length > 0 && <p className="hint">Also pinned (not published now): {elsewhere(draft.pins).map(revealHidden).join(', ')}.</p>}
    </fieldset>
  );
}

/** SERVER__TOOL with the server's own tool name, as profiles name tools. */
const refOf = (t: PublishedToolView) => `${t.server}__${t.tool}`;

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x)).sort();

/** Only what changed from `before` to `after`: the exact setClientProfile patch. */
export function patchOf(before: ClientProfile, after: ClientProfile): ClientProfilePatch {
  const patch: ClientProfilePatch = {};
  const serversChanged = before.servers === null || after.servers === null ? before.servers !== after.servers : !sameSet(before.servers, after.servers);
  if (serversChanged) patch.servers = after.servers === null ? null : [...after.servers].sort();
  const hide = minus(after.hiddenTools, before.hiddenTools);
  const show = minus(before.hiddenTools, after.hiddenTools);
  if (hide.length) patch.hideTools = hide;
  if (show.length) patch.showTools = show;
  if (after.mode !== before.mode) patch.mode = after.mode;
  const pin = minus(after.pins, before.pins);
  const unpin = minus(before.pins, after.pins);
  if (pin.length) patch.pin = pin;
  if (unpin.length) patch.unpin = unpin;
  return patch;
}

const list = (names: readonly string[]) => names.map(revealHidden).join(', ');

/** A patch in words: "sees only calc; hides calc__pid; uses search mode". */
export function describePatch(patch: ClientProfilePatch): string {
  const parts: string[] = [];
  if (patch.servers === null) parts.push('sees every server and agent, including ones added later');
  else if (patch.servers) parts.push(patch.servers.length ? `sees only ${list(patch.servers)}` : 'sees no server or agent');
  if (patch.hideTools) parts.push(`hides ${list(patch.hideTools)}`);
  if (patch.showTools) parts.push(`shows ${list(patch.showTools)} again`);
  if (patch.mode) parts.push(`uses ${patch.mode} mode`);
  if (patch.pin) parts.push(`pins ${list(patch.pin)}`);
  if (patch.unpin) parts.push(`no longer pins ${list(patch.unpin)}`);
  return parts.join('; ');
}

interface Count {
  /** Tools the client may call. */
  visible: number;
  search: boolean;
  auto: boolean;
  /** Pinned tools it may call (listed in search mode). */
  pinned: number;
}

/** What a profile gives of the published tools, as the hub works it out (main/core/gateway/client-views.ts). */
function countOf(profile: ClientProfile, tools: readonly PublishedToolView[]): Count {
  const hidden = new Set(profile.hiddenTools);
  const pins = new Set(profile.pins);
  const visible = tools.filter((t) => (profile.servers === null || profile.servers.includes(t.server)) && !hidden.has(refOf(t)));
  const search = profile.mode === 'search' || (profile.mode === 'auto' && visible.length > AUTO_SEARCH_THRESHOLD);
  return { visible: visible.length, search, auto: profile.mode === 'auto', pinned: visible.filter((t) => pins.has(refOf(t))).length };
}

const tools = (n: number) => `${n} ${n === 1 ? 'tool' : 'tools'}`;

function sentence(client: string, c: Count): string {
  if (!c.search) return `${client} sees ${tools(c.visible)}, all listed${c.auto ? ` (auto: flat up to ${AUTO_SEARCH_THRESHOLD})` : ''}.`;
  return `${client} may call ${tools(c.visible)}; its list has ${tools(2 + c.pinned)}: hub__search_tools, hub__call_tool${c.pinned ? ` and ${c.pinned} pinned` : ''}${c.auto ? ` (auto: more than ${AUTO_SEARCH_THRESHOLD} visible)` : ''}.`;
}
