import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { AgentConfig } from '../../../shared/config.js';
import type { HubOAuthProvider } from '../auth/oauth-provider.js';
import type { A2ATasksRepo } from '../store/a2a-tasks-repo.js';
import type { AgentScheme } from './agent-auth.js';
import type { AgentCardView } from './agent-card.js';
import type { AgentClient } from './agent-client.js';

/** One connected agent, as the A2A service keeps it and its tools use it. */
export interface AgentConnection {
  name: string;
  card: AgentCardView;
  /** The pin of the card this connection talks to; calls wait while it is not the approved one. */
  pinHash: string;
  client: AgentClient;
  /** The scheme the agent wants a credential or a sign-in for, if any. */
  scheme: AgentScheme | undefined;
  /** Whether the user stored a credential for it (the config's flag). */
  credential: boolean;
  /** The agent's OAuth sign-in, when its card asks for OAuth 2 or OpenID Connect. */
  signIn?: HubOAuthProvider | undefined;
  config: AgentConfig;
  url: string;
  /** When the card is read again (on the next call after it), from its Cache-Control. */
  freshUntil: number;
  /** The approved pin the published tool was described from (see refreshListings). */
  listedPin?: string | undefined;
  server?: Server;
}

/** What an agent's tools need of the A2A service that runs them (a2a-service.ts provides it). */
export interface AgentToolsHost {
  readonly connections: ReadonlyMap<string, AgentConnection>;
  readonly deps: { tasks: A2ATasksRepo; onTasksChanged(): void; note(agent: string, line: string): void };
  /** The card the user approved (the tool is described by it, not by the live one). */
  approvedCard(agent: string): { card: AgentCardView; pinHash: string } | undefined;
  /** Reads the card again when its Cache-Control says it is stale. */
  recheck(connection: AgentConnection): Promise<void>;
  /** Why a call must not go to the agent now (a changed card waiting, a missing credential), or undefined. */
  blocked(connection: AgentConnection): Promise<string | undefined>;
}
