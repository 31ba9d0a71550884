import { vi } from 'vitest';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { CallChannel, InFlight, Session } from '../../../main/core/gateway/in-flight.js';

/**
 * Client sessions as the gateway sees them, without an endpoint: the session's SDK server is a stand-in
 * that reports the client's capabilities and records what is sent to the client.
 */
export function fakeSession(id: string, capabilities: ClientCapabilities = { sampling: {}, elicitation: {}, roots: {} }) {
  const server = {
    getClientCapabilities: () => capabilities,
    notification: vi.fn(async () => {}),
    request: vi.fn(async () => ({ roots: [{ uri: `file:///home/${id}` }] })),
    sendToolListChanged: vi.fn(async () => {}),
    sendResourceListChanged: vi.fn(async () => {}),
    sendPromptListChanged: vi.fn(async () => {}),
  };
  const session: Session = { id, client: `client-${id}`, server: server as unknown as Server, subscriptions: new Set(), logLevel: undefined };
  return { session, server };
}

/**
 * The channel of one client request: what goes back to the client through it is recorded, and a
 * request through it (sampling, elicitation, roots) is answered with `answer`, tagged with the session.
 */
export function fakeChannel(session: Session, answer: (req: { method: string; params?: unknown }) => Record<string, unknown> = () => ({})) {
  const sent: { method: string; params?: unknown }[] = [];
  const channel: CallChannel = {
    signal: new AbortController().signal,
    requestId: 1,
    sessionId: session.id,
    sendRequest: vi.fn(async (req: { method: string; params?: unknown }) => {
      sent.push(req);
      return { ...answer(req), answeredBy: session.id };
    }),
    sendNotification: vi.fn(async (n: { method: string; params?: unknown }) => void sent.push(n)),
  };
  return { channel, sent };
}

export const flightOf = (session: Session, channel: CallChannel): InFlight => ({ session, channel, relayed: Promise.resolve() });
