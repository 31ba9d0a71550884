// The hub's side of its A2A agents: a connection per running agent (its checked card, credential and
// SDK client), and the MCP servers that publish them as tools (see agent-tools.ts).
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { AgentConfig } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { AuthManager } from '../auth/auth-manager.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { agentCredentialKey } from '../secrets/secret-keys.js';
import type { A2ATasksRepo } from '../store/a2a-tasks-repo.js';
import type { AgentCardsRepo } from '../store/agent-cards-repo.js';
import { normalizeCard, type AgentCardView } from './agent-card.js';
import { agentOAuthTarget, agentScheme, describeScheme, isOAuthScheme, withCredential } from './agent-auth.js';
import { createAgentClient } from './agent-client.js';
import { checkCard, reconcileCard, type CheckedCard } from './card-check.js';
import type { FetchFn } from './card-fetch.js';
import { agentServer, tasksServer } from './agent-tools.js';
import type { AgentConnection } from './agent-connection.js';

export type { AgentConnection } from './agent-connection.js';

export interface A2AServiceDeps {
  cards: AgentCardsRepo;
  tasks: A2ATasksRepo;
  secrets: SecretStore;
  auth: Pick<AuthManager, 'providerFor'>;
  hubId(): string;
  /** A task record changed (the timeline refreshes). */
  onTasksChanged(): void;
  /** A line for the agent's log (failed record writes and the like). */
  note(agent: string, line: string): void;
  fetchFn?: FetchFn;
}


export class A2AService {
  readonly connections = new Map<string, AgentConnection>();
  /** Credentials read from the keychain, until the CLI may have changed one (see reloadCredentials). */
  private readonly credentials = new Map<string, Promise<string | undefined>>();
  /** The credentials read so far, kept (even after a reload) to remove from call records. */
  private readonly heldCredentials = new Map<string, string>();

  constructor(readonly deps: A2AServiceDeps) {}

  /**
   * Checks the agent's card (recording a change for the user to approve) and returns the in-process
   * MCP server that publishes the agent's tool. Called on every (re)connection of the agent.
   */
  async connect(config: AgentConfig): Promise<Server> {
    const checked = await checkCard(config.url, { fetchFn: this.deps.fetchFn ?? fetch });
    this.reconcile(config.name, checked);
    const connection = { name: config.name, url: config.url, credential: config.credential, config } as AgentConnection;
    await this.useCard(connection, checked);
    this.connections.set(config.name, connection);
    const server = (connection.server = agentServer(this, connection));
    server.onclose = () => {
      if (this.connections.get(config.name) === connection) this.connections.delete(config.name);
    };
    return server;
  }

  /** The server of `a2a__get_task` and `a2a__cancel_task`. */
  tasksServer(): Server {
    return tasksServer(this);
  }

  /**
   * Why calls to the agent cannot go now, as a sentence for the model; undefined when they can. Read
   * on every call, so an approval or a credential given from the CLI counts at once.
   */
  async blocked(connection: AgentConnection): Promise<string | undefined> {
    const approved = this.deps.cards.pin(connection.name);
    if (!approved || approved.pinHash !== connection.pinHash) {
      const changes = approved?.changes ?? ['it is not the card you approved'];
      return `Agent "${connection.name}" changed its card (${changes.join('; ')}); the user must review and accept it first (Agents page, or "agent-hub agent accept ${connection.name}").`;
    }
    if (connection.signIn) {
      const signedIn = await connection.signIn.signedIn().catch((e: Error) => {
        throw new HubError(ErrorCodes.io, `The sign-in of agent "${connection.name}" could not be read from the keychain: ${e.message.replace(/\.$/, '')}.`);
      });
      if (signedIn) return undefined;
      return `Agent "${connection.name}" needs ${describeScheme(connection.scheme!)}: the user must sign in (Agents page, or "agent-hub login ${connection.name}").`;
    }
    if (connection.scheme && !connection.credential) {
      return `Agent "${connection.name}" needs ${describeScheme(connection.scheme)}: the user must set it with "agent-hub agent set-secret ${connection.name}".`;
    }
    return undefined;
  }

  /**
   * Reads the card again once it is stale (by its Cache-Control): an agent that changes its card while
   * the hub runs is caught at the next call. A different card is recorded for the user and the
   * connection follows it, so calls wait until the user accepts it (see blocked). A card that cannot be
   * read now changes nothing: the call itself will say what is wrong.
   */
  async recheck(connection: AgentConnection): Promise<void> {
    if (Date.now() < connection.freshUntil) return;
    connection.freshUntil = Date.now() + 60_000;
    let checked: CheckedCard;
    try {
      checked = await checkCard(connection.url, { fetchFn: this.deps.fetchFn ?? fetch });
    } catch (e) {
      this.deps.note(connection.name, `could not read the agent card again: ${(e as Error).message}`);
      return;
    }
    this.reconcile(connection.name, checked);
    if (checked.pinHash === connection.pinHash) connection.freshUntil = Date.now() + checked.freshForMs;
    else await this.useCard(connection, checked);
  }

  /** Records the fresh card against the approved one, and notes a change in the agent's log. */
  private reconcile(agent: string, checked: CheckedCard): void {
    const changes = reconcileCard(this.deps.cards, agent, checked);
    if (changes.length) this.deps.note(agent, `the agent card changed: ${changes.join('; ')}; calls wait until you accept it`);
  }

  /** Points the connection at this card: its interfaces, its credential scheme, its streaming. */
  private async useCard(connection: AgentConnection, checked: CheckedCard): Promise<void> {
    const fetchFn = this.deps.fetchFn ?? fetch;
    const scheme = agentScheme(connection.name, checked.card);
    const signIn = isOAuthScheme(scheme) ? this.deps.auth.providerFor(agentOAuthTarget(connection.config, scheme)) : undefined;
    // The access token is read (and refreshed when it is about to expire) on every request.
    const secret = signIn
      ? async () => (await signIn.tokens())?.access_token
      : async () => (connection.credential ? this.credential(connection.name) : undefined);
    connection.client = await createAgentClient(checked.raw, checked.card.capabilities.streaming, withCredential(fetchFn, checked.card, scheme, secret));
    connection.signIn = signIn;
    connection.card = checked.card;
    connection.pinHash = checked.pinHash;
    connection.scheme = scheme;
    connection.freshUntil = Date.now() + checked.freshForMs;
  }

  /** The card the user approved for the agent, as a view, with its pin. */
  approvedCard(agent: string): { card: AgentCardView; pinHash: string } | undefined {
    const stored = this.deps.cards.get(agent);
    if (!stored) return undefined;
    try {
      return { card: normalizeCard(stored.card), pinHash: stored.pinHash };
    } catch {
      return undefined;
    }
  }

  /** An approval (from the CLI or the UI) changes how an agent's tool is described: list it again. */
  refreshListings(): void {
    for (const c of this.connections.values()) {
      if (c.server && c.listedPin !== this.deps.cards.pin(c.name)?.pinHash) void c.server.sendToolListChanged().catch(() => {});
    }
  }

  /** The CLI may have stored a new credential: read the keychain afresh on next use. */
  reloadCredentials(): void {
    this.credentials.clear();
    // A sign-in from the CLI: the agent may take the new tokens (a refusal marks it again).
    for (const c of this.connections.values()) c.signIn?.signInDone();
  }

  /** The agent's credential and OAuth tokens as held in memory now: what its call records must not keep. */
  heldSecretValues(agent: string): string[] {
    const credential = this.heldCredentials.get(agent);
    return [...(this.connections.get(agent)?.signIn?.heldTokenValues() ?? []), ...(credential ? [credential] : [])];
  }

  private credential(agent: string): Promise<string | undefined> {
    let pending = this.credentials.get(agent);
    if (!pending) {
      pending = this.deps.secrets.get(agentCredentialKey(this.deps.hubId(), agent)).then(
        (value) => {
          if (value) this.heldCredentials.set(agent, value);
          return value;
        },
        (e: Error) => {
          this.credentials.delete(agent);
          throw new HubError(ErrorCodes.io, `The credential of agent "${agent}" could not be read from the keychain: ${e.message.replace(/\.$/, '')}.`);
        },
      );
      this.credentials.set(agent, pending);
    }
    return pending;
  }
}
