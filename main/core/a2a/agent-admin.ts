// What the CLI and the UI do to agents, in one place: add (checking and pinning the card), accept a
// changed card, store a credential, remove, and the view of each agent.
import type { AgentView } from '../../../shared/a2a.js';
import { AgentConfigSchema, type AgentConfig, type AgentConfigInput } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { formatZodIssue } from '../config/validation.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { Store } from '../store/store.js';
import type { Upstream } from '../upstream/upstream.js';
import { agentCredentialKey } from './agent-credential-key.js';
import { normalizeCard } from './agent-card.js';
import { assertSignatureHolds, checkCard, type CheckedCard } from './card-check.js';
import type { FetchFn } from './card-fetch.js';
import { hashPin, pinOf } from './card-pin.js';
import { sendTool } from './agent-tool-definition.js';
import { definitionOf, hashDefinition } from '../consent/tool-definition.js';

/**
 * Adds an agent. A remote agent's card is fetched, checked and approved now (adding it is the user's
 * consent to what the card says); a local agent's card is approved the first time the hub starts it.
 */
export async function addAgent(store: Pick<Store, 'agents' | 'agentCards'>, input: AgentConfigInput, options: { fetchFn?: FetchFn } = {}): Promise<{ config: AgentConfig; checked?: CheckedCard }> {
  const parsed = AgentConfigSchema.safeParse(input);
  if (!parsed.success) throw new HubError(ErrorCodes.invalidConfig, `Agent "${String(input.name)}" is not valid: ${formatZodIssue(parsed.error)}.`);
  const config = parsed.data;
  if (store.agents.get(config.name)) throw new HubError(ErrorCodes.conflict, `An agent named "${config.name}" already exists; remove it first or choose another name.`);
  if (config.command) return { config: store.agents.add(config) };
  const checked = await checkCard(config.url, options);
  assertSignatureHolds(config.name, checked);
  return { config: store.agents.add(config, (a) => store.agentCards.approve(a.name, checked.raw, checked.pinHash, checked.signature)), checked };
}

/** The user accepts the changed card the hub found: calls to the agent go again. */
export function acceptCard(store: Pick<Store, 'agents' | 'agentCards' | 'consent'>, name: string): string[] {
  store.agents.require(name);
  const pending = store.agentCards.get(name)?.pending;
  if (!pending) throw new HubError(ErrorCodes.notFound, `Agent "${name}" has no changed card waiting for approval.`);
  if (pending.signature.signed && !pending.signature.valid) {
    throw new HubError(ErrorCodes.invalidArgument, `The changed card of agent "${name}" is signed, but its signature does not verify (${pending.signature.reason ?? 'no reason given'}); it cannot be accepted.`);
  }
  const card = normalizeCard(pending.card);
  store.agentCards.approve(name, pending.card, hashPin(pinOf(card)), pending.signature);
  // Accepting the card is the user's consent to the tool it describes: an approved send_message moves
  // its consent pin along, so the user is not asked a second time about the same change.
  if (store.consent.pin(name, 'send_message')) {
    const definition = definitionOf(sendTool(card), 'send_message');
    store.consent.setPin(name, 'send_message', hashDefinition(definition), definition);
  }
  return pending.changes;
}

/** Stores the agent's API key or bearer token in the keychain, then notes in hub.db that it has one. */
export async function setAgentCredential(store: Pick<Store, 'agents' | 'hubId'>, secrets: SecretStore, name: string, value: string): Promise<void> {
  const config = store.agents.require(name);
  if (!value) throw new HubError(ErrorCodes.invalidArgument, 'The credential is empty.');
  await secrets.set(agentCredentialKey(store.hubId(), name), value);
  // Written even when the flag was set already: the change to hub.db is how a running hub learns to
  // read the keychain afresh (see hub.ts); the same config does not restart the agent.
  store.agents.update({ ...config, credential: true });
}

/** Removes the agent (its task records stay: they are the audit trail) and, best effort, its credential. */
export async function removeAgent(store: Pick<Store, 'agents' | 'hubId'>, secrets: SecretStore, name: string): Promise<{ keychainError?: string }> {
  const config = store.agents.require(name);
  store.agents.remove(name);
  if (!config.credential) return {};
  try {
    await secrets.delete(agentCredentialKey(store.hubId(), name));
    return {};
  } catch (e) {
    return { keychainError: (e as Error).message };
  }
}

/** Each agent with its approved card, a change waiting for approval, and (in a running hub) its state. */
export function agentViews(store: Pick<Store, 'agents' | 'agentCards'>, upstream: (name: string) => Upstream | undefined = () => undefined): AgentView[] {
  return store.agents.list().map((a) => {
    const stored = store.agentCards.get(a.name);
    const u = upstream(a.name);
    let card: AgentView['card'];
    if (stored) {
      try {
        const c = normalizeCard(stored.card);
        card = {
          name: c.name,
          description: c.description,
          version: c.version,
          protocolVersion: c.protocolVersion,
          streaming: c.capabilities.streaming,
          skills: c.skills.map(({ id, name, description }) => ({ id, name, description })),
          securitySchemes: Object.entries(c.securitySchemes).map(([n, s]) => `${n} (${s.type})`),
          signature: stored.signature,
          approvedAt: stored.approvedAt,
        };
      } catch {
        card = undefined;
      }
    }
    return {
      name: a.name,
      url: a.url,
      ...(a.command ? { command: [a.command, ...a.args].join(' ') } : {}),
      enabled: a.enabled,
      state: !a.enabled ? 'disabled' : (u?.state ?? 'stopped'),
      lastError: u?.lastError ?? null,
      credential: a.credential,
      ...(card ? { card } : {}),
      ...(stored?.pending ? { changes: stored.pending.changes } : {}),
    };
  });
}
