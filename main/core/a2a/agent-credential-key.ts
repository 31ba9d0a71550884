import { secretKey } from '../secrets/secret-store.js';

/** The keychain key of an agent's API key or bearer token. */
export const agentCredentialKey = (hubId: string, agent: string): string => secretKey(hubId, 'agent', agent, 'credential');

/** Every keychain entry an agent may have: its credential, and what a sign-in stored (tokens, registration). */
export const agentSecretKeys = (hubId: string, agent: string): string[] => [
  agentCredentialKey(hubId, agent),
  ...['tokens', 'client', 'client-secret'].map((kind) => secretKey(hubId, 'agent', agent, 'oauth', kind)),
];
