import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ConsentRuleInputSchema, type ConsentRuleInput } from '../../shared/consent.js';
import { A2A_TOOLS_NAME } from '../../shared/names.js';
import { Button, ErrorLine, Field } from './kit/index.js';
import { messageOf, useHubMutation, useHubQuery } from './query.js';

type Key = 'client' | 'server' | 'tool';

/** The tools of every agent and of the hub's own A2A server (a server's come from listServerTools). */
const AGENT_TOOLS = ['send_message'];
const A2A_TOOLS = ['get_task', 'cancel_task'];

/**
 * A standing rule made up front, as `agent-hub consent allow|deny` makes one: checked as it is typed
 * with the same schema the hub uses, then by the hub (a client, server or tool that does not exist is
 * refused with the reason; "Make it anyway" is the CLI's --force). Names are offered from what the hub has.
 */
export function ConsentRuleForm({ onDone }: { onDone: (made: string) => void }) {
  const [f, setF] = useState<Record<Key, string>>({ client: '*', server: '', tool: '*' });
  const [effect, setEffect] = useState<'allow' | 'deny'>('allow');
  const [touched, setTouched] = useState<Partial<Record<Key, boolean>>>({});
  const add = useHubMutation('addConsentRule');
  const form = useRef<HTMLFormElement>(null);
  // Opened from its button: the focus goes to the form's first choice.
  useEffect(() => form.current?.querySelector<HTMLInputElement>('input:checked')?.focus(), []);
  const clients = useHubQuery('listClients', []);
  const servers = useHubQuery('listServers', []);
  const agents = useHubQuery('listAgents', []);
  const isServer = servers.data?.some((s) => s.name === f.server) ?? false;
  const tools = useHubQuery('listServerTools', [f.server], { enabled: isServer });
  const toolNames = f.server === A2A_TOOLS_NAME ? A2A_TOOLS : agents.data?.some((a) => a.name === f.server) ? AGENT_TOOLS : isServer ? (tools.data ?? []).map((t) => t.name) : [];

  const input: ConsentRuleInput = { client: f.client.trim(), server: f.server.trim(), tool: f.tool.trim(), effect };
  const issues = useMemo(() => {
    const out: Partial<Record<Key, string>> = {};
    const parsed = ConsentRuleInputSchema.safeParse({ client: input.client, server: input.server, tool: input.tool, effect });
    if (!parsed.success) for (const issue of parsed.error.issues) out[issue.path[0] as Key] ??= issue.path[0] === 'client' ? 'must be a client name or "*"' : issue.message;
    return out;
  }, [input.client, input.server, input.tool, effect]);
  const valid = Object.keys(issues).length === 0;
  const refusal = messageOf(add.error);
  const canForce = refusal !== undefined && /--force/.test(refusal);

  const set = (key: Key, value: string) => {
    setF((prev) => ({ ...prev, [key]: value, ...(key === 'server' ? { tool: '*' } : {}) }));
    setTouched((prev) => ({ ...prev, [key]: true }));
    add.reset();
  };
  const send = (force: boolean) =>
    add.mutate([{ ...input, ...(force ? { force } : {}) }], {
      onSuccess: ({ rule, warnings }) => {
        const who = rule.client === '*' ? 'every client' : rule.client;
        const what = rule.tool === '*' ? `every tool of ${rule.server}` : `${rule.tool} of ${rule.server}`;
        onDone(`Rule ${rule.id}: ${rule.effect} ${what} for ${who}.${warnings.length ? ` Made anyway: ${warnings.join('; ')}.` : ''}`);
      },
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched({ client: true, server: true, tool: true });
    if (valid) send(false);
  };

  const names = (key: Key) =>
    key === 'client'
      ? ['*', ...(clients.data ?? []).map((c) => c.name)]
      : key === 'server'
        ? [...(servers.data ?? []).map((s) => s.name), ...(agents.data ?? []).map((a) => a.name), ...(agents.data?.length ? [A2A_TOOLS_NAME] : [])]
        : ['*', ...toolNames];
  const field = (key: Key, label: string, hint: string) => (
    <Field id={`rule-${key}`} label={label} hint={hint} issue={touched[key] ? issues[key] : undefined}>
      {(control) => (
        <>
          <input {...control} list={`rule-${key}-names`} value={f[key]} onChange={(e) => set(key, e.target.value)} autoComplete="off" spellCheck={false} />
          <datalist id={`rule-${key}-names`}>
            {names(key).map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );

  return (
    <form
      ref={form}
      className="rule-form"
      onSubmit={submit}
      aria-label="Add a consent rule"
      noValidate
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        onDone('');
      }}
    >
      <fieldset className="effect-choice">
        <legend>Effect</legend>
        <label>
          <input type="radio" name="rule-effect" value="allow" checked={effect === 'allow'} onChange={() => setEffect('allow')} /> Allow
        </label>
        <label>
          <input type="radio" name="rule-effect" value="deny" checked={effect === 'deny'} onChange={() => setEffect('deny')} /> Deny
        </label>
      </fieldset>
      <div className="form-grid rule-fields">
        {field('client', 'Client', '“*” for every client')}
        {field('server', 'Server or agent', 'A server’s or agent’s name')}
        {field('tool', 'Tool', 'The server’s own tool name, or “*” for all')}
      </div>
      <ErrorLine error={refusal} />
      <div className="form-actions">
        <Button type="submit" variant={effect === 'deny' ? 'danger' : 'primary'} busy={add.isPending} disabled={add.isPending}>
          {effect === 'deny' ? 'Add deny rule' : 'Add allow rule'}
        </Button>
        {canForce && (
          <Button onClick={() => send(true)} disabled={add.isPending}>
            Make it anyway
          </Button>
        )}
        <Button variant="ghost" onClick={() => onDone('')}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
