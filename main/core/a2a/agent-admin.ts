// What the CLI and the UI do to agents, in one place: add (checking and pinning the card), accept a
// changed card, store a credential, remove, and the view of each agent.
import type { AgentView } from '../../../shared/a2a.js';
import { AgentConfigSchema, type AgentConfig, type AgentConfigInput } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import { formatZodIssue } from '../../../shared/zod-issue.js';
import type { AuthManager, OAuthTarget } from '../auth/auth-manager.js';
import { signInBinding } from '../auth/oauth-provider.js';
import { deleteSecretKeys } from '../secrets/server-secrets.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { Store } from '../store/store.js';
import type { Upstream } from '../upstream/upstream.js';
import { agentOAuthTarget, agentScheme, describeScheme, isOAuthScheme } from './agent-auth.js';
import { agentCredentialKey, agentSecretKeys } from '../secrets/secret-keys.js';
import { normalizeCard } from './agent-card.js';
import { assertSignatureHolds, checkCard, type CheckedCard } from './card-check.js';
import type { FetchFn } from './card-fetch.js';
import { hashPin, pinOf } from './card-pin.js';
import { withRecordedSigner } from './card-signer.js';
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
  // The same pin the hub computed for this card (its signer included), so calls go again at once.
  store.agentCards.approve(name, pending.card, hashPin(pinOf(card, pending.signature.signer)), pending.signature);
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

/**
 * Removes the agent (its task records stay: they are the audit trail) and, best effort, what it has in
 * the keychain: its credential, its sign-in. An agent that never had either never touches the keychain.
 */
export async function removeAgent(store: Pick<Store, 'agents' | 'agentCards' | 'agentSignIns' | 'hubId'>, secrets: SecretStore, name: string): Promise<{ keychainError?: string }> {
  const config = store.agents.require(name);
  const inKeychain = config.credential || store.agentSignIns.resource(name) !== undefined || approvedOAuthTarget(store, name) !== undefined;
  store.agents.remove(name);
  if (!inKeychain) return {};
  const failure = await deleteSecretKeys(secrets, agentSecretKeys(store.hubId(), name));
  return failure ? { keychainError: failure.message } : {};
}

/** The OAuth sign-in the agent's approved card asks for; undefined when it asks for none (or has no card yet). */
export function approvedOAuthTarget(store: Pick<Store, 'agents' | 'agentCards'>, name: string): OAuthTarget | undefined {
  const config = store.agents.require(name);
  const stored = store.agentCards.get(name);
  if (!stored) return undefined;
  try {
    const scheme = agentScheme(name, normalizeCard(stored.card));
    return isOAuthScheme(scheme) ? agentOAuthTarget(config, scheme) : undefined;
  } catch {
    return undefined;
  }
}

/** approvedOAuthTarget, or the sentence saying why the agent has no sign-in. */
export function requireAgentOAuthTarget(store: Pick<Store, 'agents' | 'agentCards'>, name: string): OAuthTarget {
  const target = approvedOAuthTarget(store, name);
  if (target) return target;
  const stored = store.agentCards.get(name);
  if (!stored) throw new HubError(ErrorCodes.invalidArgument, `Agent "${name}" has no approved card yet, so it is not known whether it uses sign-in; start it first (the hub reads its card).`);
  const scheme = agentScheme(name, normalizeCard(stored.card));
  throw new HubError(
    ErrorCodes.invalidArgument,
    scheme
      ? `Agent "${name}" does not use sign-in: it asks for ${describeScheme(scheme)}; set it with "agent-hub agent set-secret ${name}".`
      : `Agent "${name}" does not use sign-in: its card asks for no credentials.`,
  );
}

/**
 * The views with what a running hub knows of each OAuth agent's sign-in: one waiting for the browser,
 * tokens the agent refused, why the last sign-in failed.
 */
export async function withSignIns(auth: Pick<AuthManager, 'state' | 'failure'>, views: AgentView[]): Promise<AgentView[]> {
  return Promise.all(
    views.map(async (view) => {
      if (!view.signIn) return view;
      const signIn = (await auth.state(view.name)) ?? view.signIn;
      const signInError = auth.failure(view.name);
      // A running agent that waits for a sign-in is not ready for calls: say so where its state shows.
      const state = view.state === 'running' && signIn !== 'signed-in' ? 'sign-in-needed' : view.state;
      return { ...view, state, signIn, ...(signInError ? { signInError } : {}) };
    }),
  );
}

/** Each agent with its approved card, a change waiting for approval, and (in a running hub) its state. */
export function agentViews(store: Pick<Store, 'agents' | 'agentCards' | 'agentSignIns'>, upstream: (name: string) => Upstream | undefined = () => undefined): AgentView[] {
  return store.agents.list().map((a) => {
    const stored = store.agentCards.get(a.name);
    const u = upstream(a.name);
    const signIn = approvedOAuthTarget(store, a.name);
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
          signature: withRecordedSigner(stored.signature, stored.card, [a.url]),
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
      ...(signIn ? { signIn: store.agentSignIns.resource(a.name) === signInBinding(signIn.url, signIn.authorizationServer) ? 'signed-in' : 'needed' } : {}),
      ...(card ? { card } : {}),
      ...(stored?.pending ? { changes: stored.pending.changes, pendingSignature: withRecordedSigner(stored.pending.signature, stored.pending.card, [a.url]) } : {}),
    };
  });
}
