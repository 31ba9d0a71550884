import {
  startAgent,
  type AgentKind,
  type AgentOptions,
  type StartedAgent,
  type V03AgentCard,
  type WireAgentCard,
} from '../fixtures/a2a/agents.mjs';

export {
  AGENT_KINDS,
  ASK_QUESTION,
  CARD_PATH,
  FAIL_MESSAGE,
  JWKS_PATH,
  TAMPERED_SUFFIX,
  canonicalize,
  signingPayload,
  type AgentKind,
  type AgentOptions,
  type FixtureSecurityScheme,
  type ProtocolBinding,
  type ReceivedMessage,
  type RecordedCall,
  type StartedAgent,
  type V03AgentCard,
  type WireAgentCard,
  type WireSkill,
} from '../fixtures/a2a/agents.mjs';

// Real A2A agents built on @a2a-js/sdk 1.3.0, in this process on 127.0.0.1 and free ports (a hub started
// as a child process reaches them too). What each kind does, and what the SDK puts on the wire, is written
// at the top of test/fixtures/a2a/agents.mjs; test/integration/a2a-fixtures.test.ts proves it with the
// SDK's own client. `node test/fixtures/a2a/serve.mjs echo-stream ask …` runs them by hand.

export type V1Agent = StartedAgent & { card: WireAgentCard };
export type V03Agent = StartedAgent & { card: V03AgentCard };

const running = new Set<StartedAgent>();

/** Starts an agent (see AgentOptions); stopped by stopA2AAgents(). */
export async function startA2AAgent(kind: 'v03', options?: AgentOptions): Promise<V03Agent>;
export async function startA2AAgent(kind: Exclude<AgentKind, 'v03'>, options?: AgentOptions): Promise<V1Agent>;
export async function startA2AAgent(kind: AgentKind, options?: AgentOptions): Promise<StartedAgent>;
export async function startA2AAgent(kind: AgentKind, options: AgentOptions = {}): Promise<StartedAgent> {
  const agent = await startAgent(kind, options);
  running.add(agent);
  return agent;
}

/** Closes every agent started through this module (use in afterAll). */
export async function stopA2AAgents(): Promise<void> {
  const all = [...running];
  running.clear();
  await Promise.allSettled(all.map((a) => a.close()));
}
