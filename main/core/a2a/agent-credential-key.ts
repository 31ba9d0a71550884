import { secretKey } from '../secrets/secret-store.js';

/** The keychain key of an agent's API key or bearer token. */
export const agentCredentialKey = (hubId: string, agent: string): string => secretKey(hubId, 'agent', agent, 'credential');
