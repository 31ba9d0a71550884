import { describeSigner, signatureState as stateOf, signerTrust, type AgentView, type CardSignatureView } from '../../shared/a2a.js';
import type { AgentConfigInput } from '../../shared/config.js';
import { acceptCard, addAgent, agentViews, removeAgent, setAgentCredential } from '../core/a2a/agent-admin.js';
import { agentScheme, describeScheme, isOAuthScheme } from '../core/a2a/agent-auth.js';
import type { AgentCardView } from '../core/a2a/agent-card.js';
import { createKeytarStore } from '../core/secrets/keytar-store.js';
import { agentCardUrl } from '../core/upstream/upstream-config.js';
import type { Store } from '../core/store/store.js';
import { expectPositionals, parse, parsePairs, UsageError } from './args.js';
import { escaped, printJson, printLine, printNote, printTable } from './output.js';
import { readSecretValues } from './secret-input.js';
import { withStore, withStoreAsync } from './with-store.js';

export const agentUsage = `Usage:
  agent-hub agent add NAME --url URL           a remote A2A agent: its card is fetched, checked and pinned now
  agent-hub agent add NAME --url URL [--env K=V]… [--cwd DIR] -- COMMAND [ARGS…]
                                               a local agent the hub starts; its card is pinned at first start
      both take: [--disabled] [--oauth-client-id ID] [--oauth-scope "S1 S2"] (for a card that asks for
      OAuth 2 or OpenID Connect: a client registered by hand, more scopes; then "agent-hub login NAME")
  agent-hub agent list [--json]                agents, their cards (signed? valid?) and card changes waiting
  agent-hub agent show NAME [--json]           one agent: its approved card, who signed it, a change waiting
  agent-hub agent accept NAME                  accept the changed card the hub found (calls wait until then)
  agent-hub agent set-secret NAME              the agent's API key or bearer token (hidden prompt, or one
                                               line on stdin), kept in the OS keychain
  agent-hub agent enable|disable|remove NAME   (remove also deletes its keychain entries; its tasks stay)`;

export async function agentCommand(argv: string[]): Promise<void> {
  const [sub, ...args] = argv;
  switch (sub) {
    case 'add':
      return add(args);
    case 'list':
    case 'ls':
      return list(args);
    case 'show':
      return show(args);
    case 'accept':
      return accept(args);
    case 'set-secret':
      return setSecret(args);
    case 'remove':
    case 'rm':
      return remove(args);
    case 'enable':
    case 'disable':
      return named(`agent ${sub}`, args, (store, name) => {
        store.agents.setEnabled(name, sub === 'enable');
        printLine(`Agent "${name}" is ${sub}d.`);
      });
    case undefined:
    case 'help':
    case '--help':
      return printLine(agentUsage);
    default:
      throw new UsageError(`"agent ${sub}" is not a command.`);
  }
}

async function add(argv: string[]): Promise<void> {
  const { values, positionals, rest, dataDir } = parse('agent add', argv, {
    url: { type: 'string' },
    env: { type: 'string', multiple: true },
    cwd: { type: 'string' },
    disabled: { type: 'boolean' },
    'oauth-client-id': { type: 'string' },
    'oauth-scope': { type: 'string' },
  });
  if (values.help) return printLine(agentUsage);
  const [name] = expectPositionals('agent add', positionals, ['name'], rest);
  const clientId = values['oauth-client-id'];
  const scope = values['oauth-scope'];
  if (values.url === undefined) throw new UsageError('"agent add" needs --url URL (where the agent serves its card).');
  if ((values.env || values.cwd) && !rest.length) throw new UsageError('--env and --cwd need a command to run (-- COMMAND).');
  const input: AgentConfigInput = {
    name: name!,
    url: values.url,
    enabled: !values.disabled,
    ...(clientId || scope ? { oauth: { ...(clientId ? { clientId } : {}), ...(scope ? { scope } : {}) } } : {}),
    ...(rest.length ? { command: rest[0]!, args: rest.slice(1), env: parsePairs('env', values.env, '='), ...(values.cwd ? { cwd: values.cwd } : {}) } : {}),
  };
  await withStoreAsync(dataDir, async (store) => {
    const { config, checked } = await addAgent(store, input);
    if (values.json) return printJson(agentViews(store).find((a) => a.name === config.name));
    if (!checked) return printLine(escaped`Added local agent "${config.name}" (runs: ${[config.command, ...config.args].join(' ')}); the hub pins its card when it first starts it.`);
    const { card, signature } = checked;
    const signed = signature.signed ? (signature.valid ? 'signed, signature valid' : 'signed, signature INVALID') : 'not signed';
    // Where the card was found, when that is not where A2A v1.0 puts it (agent.json of older agents, a redirect).
    const found = checked.url === agentCardUrl(config.url) ? '' : escaped`, card found at ${checked.url}`;
    printLine(escaped`Added agent "${config.name}": ${card.name} ${card.version} (A2A ${card.protocolVersion}, ${signed}), ${card.skills.length} skill(s)` + found + escaped`; its tool is ${config.name}__send_message.`);
    const note = credentialNote(config.name, card);
    if (note) printNote(note);
  });
}

function list(argv: string[]): void {
  const { values, positionals, dataDir } = parse('agent list', argv, {});
  expectPositionals('agent list', positionals, []);
  withStore(dataDir, (store) => {
    const agents = agentViews(store);
    if (values.json) return printJson(agents);
    printTable(
      ['NAME', 'ENABLED', 'URL', 'CARD', 'SIGNATURE', 'SKILLS', 'SIGN-IN'],
      agents.map((a) => [a.name, a.enabled ? 'yes' : 'no', a.url, cardState(a), signatureState(a), a.card ? String(a.card.skills.length) : '', a.signIn ?? '']),
      'No agents yet. Add one with: agent-hub agent add NAME --url URL',
    );
    for (const a of agents) if (a.changes) printNote(escaped`Agent "${a.name}" changed its card: ${a.changes.join('; ')}. Accept with: agent-hub agent accept ${a.name}`);
    for (const a of agents) if (a.signIn === 'needed') printNote(escaped`Agent "${a.name}" needs you to sign in: agent-hub login ${a.name}`);
  });
}

/** What the user does next for the credentials the card asks for (nothing when it asks for none). */
function credentialNote(name: string, card: AgentCardView): string | undefined {
  try {
    const scheme = agentScheme(name, card);
    if (!scheme) return undefined;
    if (isOAuthScheme(scheme)) return escaped`The card asks for ${describeScheme(scheme)}; sign in with: agent-hub login ${name}`;
    return escaped`The card asks for ${describeScheme(scheme)}; give yours with: agent-hub agent set-secret ${name}`;
  } catch (e) {
    return escaped`${(e as Error).message}`;
  }
}

function cardState(a: AgentView): string {
  if (a.changes) return 'changed (accept it)';
  if (!a.card) return 'not checked yet';
  return `${a.card.name} ${a.card.version}`;
}

function signatureState(a: AgentView): string {
  if (!a.card) return '';
  const s = a.card.signature;
  return s.signed ? (s.valid ? 'valid' : 'invalid') : 'unsigned';
}

function show(argv: string[]): void {
  const { values, positionals, dataDir } = parse('agent show', argv, {});
  const [name] = expectPositionals('agent show', positionals, ['name']);
  withStore(dataDir, (store) => {
    store.agents.require(name!);
    const a = agentViews(store).find((v) => v.name === name)!;
    if (values.json) return printJson(a);
    printLine(escaped`Agent "${a.name}" (${a.enabled ? 'enabled' : 'disabled'})`);
    printLine(escaped`  URL:        ${a.url}`);
    if (a.command) printLine(escaped`  Runs:       ${a.command}`);
    const c = a.card;
    if (!c) printLine('  Card:       not checked yet (the hub reads it when it first starts the agent)');
    else {
      printLine(escaped`  Card:       ${c.name} ${c.version} (A2A ${c.protocolVersion}, streaming ${c.streaming ? 'yes' : 'no'}), approved ${c.approvedAt}`);
      for (const line of signatureLines(c.signature)) printLine(escaped`  ${line}`);
      printLine(escaped`  Skills:     ${c.skills.map((k) => k.id).join(', ') || 'none'}`);
      printLine(escaped`  Security:   ${c.securitySchemes.join(', ') || 'none'}`);
    }
    if (a.signIn) printLine(`  Sign-in:    ${a.signIn}`);
    if (!a.changes) return;
    printLine('A changed card waits for you (calls wait until you accept it):');
    for (const change of a.changes) printLine(escaped`  - ${change}`);
    if (a.pendingSignature) for (const line of signatureLines(a.pendingSignature, 'New')) printLine(escaped`  ${line}`);
    printLine(escaped`Accept with: agent-hub agent accept ${a.name}`);
  });
}

/** Whether the card is signed and by whom; a self-asserted key is never called plainly valid. */
function signatureLines(s: CardSignatureView, which = ''): string[] {
  const label = which ? `${which} signature:` : 'Signature: ';
  const signer = s.signer;
  switch (stateOf(s)) {
    case 'unsigned':
      return [`${label} not signed`];
    case 'invalid':
      return [`${label} signed, INVALID (${s.reason ?? 'no reason given'})`];
    case 'self-asserted':
      return [`${label} signed, self-asserted key: ${describeSigner(signer!)}`, `            ${signerTrust(signer!)}`];
    default:
      return signer ? [`${label} signed, valid: ${describeSigner(signer)}`, `            ${signerTrust(signer)}`] : [`${label} signed, valid${s.keyId ? ` (key "${s.keyId}")` : ''}`];
  }
}

function accept(argv: string[]): void {
  named('agent accept', argv, (store, name) => {
    const changes = acceptCard(store, name);
    printLine(escaped`Accepted the new card of agent "${name}" (${changes.join('; ')}).`);
  });
}

async function setSecret(argv: string[]): Promise<void> {
  const { values, positionals, dataDir } = parse('agent set-secret', argv, {});
  if (values.help) return printLine(agentUsage);
  const [name] = expectPositionals('agent set-secret', positionals, ['name']);
  await withStoreAsync(dataDir, async (store) => {
    store.agents.require(name!);
    const { CREDENTIAL: value } = await readSecretValues(['CREDENTIAL']);
    await setAgentCredential(store, createKeytarStore(), name!, value!);
    printLine(`Stored the credential of agent "${name}" in the keychain.`);
  });
}

async function remove(argv: string[]): Promise<void> {
  const { values, positionals, dataDir } = parse('agent remove', argv, {});
  if (values.help) return printLine(agentUsage);
  const [name] = expectPositionals('agent remove', positionals, ['name']);
  await withStoreAsync(dataDir, async (store) => {
    // keytar loads on first use, and removeAgent touches the keychain only for an agent with an entry there.
    const { keychainError } = await removeAgent(store, createKeytarStore(), name!);
    printLine(`Removed agent "${name}" (its task records stay on the timeline).`);
    if (keychainError) printNote(`Its keychain entry was left in place: ${keychainError}`);
  });
}

function named(command: string, argv: string[], fn: (store: Store, name: string) => void): void {
  const { positionals, dataDir } = parse(command, argv, {});
  const [name] = expectPositionals(command, positionals, ['name']);
  withStore(dataDir, (store) => fn(store, name!));
}

