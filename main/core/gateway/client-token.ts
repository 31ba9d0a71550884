import type { IncomingMessage } from 'node:http';
import type { ClientsRepo } from '../store/clients-repo.js';

/** The client a request's `Authorization: Bearer` token belongs to; undefined for none or a wrong one. */
export function authenticateClient(req: IncomingMessage, clients: Pick<ClientsRepo, 'authenticate'>): string | undefined {
  const auth = req.headers.authorization;
  if (!auth?.startsWith('Bearer ')) return undefined;
  const token = auth.slice(7).trim();
  return token ? clients.authenticate(token) : undefined;
}

/** What every endpoint answers a request without a valid client token. */
export const NEEDS_CLIENT_TOKEN = 'A valid client token is required: Authorization: Bearer <token> (create one with: agent-hub client add NAME).';
export const BEARER_CHALLENGE = 'Bearer realm="agent-hub"';
