/**
 * The names of the HubApi methods, kept free of zod so the Electron preload stays a few hundred bytes.
 * shared/hub-api.ts gives each name its schemas, and the compiler rejects a name missing from either.
 */
export const hubMethods = [
  'listServers',
  'serverStatus',
  'restartServer',
  'setServerEnabled',
  'removeServer',
  'addServer',
  'updateServer',
  'listServerTools',
  'setToolEnabled',
  'signIn',
  'signOut',
  'cancelSignIn',
  'listClients',
  'addClient',
  'removeClient',
  'updateClient',
  'setClientProfile',
  'clientSetup',
  'connectClientApp',
  'undoConnectClientApp',
  'listImportSources',
  'importServers',
  'getSettings',
  'updateSettings',
  'listPendingPrompts',
  'answerPrompt',
  'listConsentRules',
  'revokeConsentRule',
  'listChangedTools',
  'listToolCalls',
  'listRateLimits',
  'setRateLimit',
  'removeRateLimit',
  'listAgents',
  'addAgent',
  'removeAgent',
  'setAgentEnabled',
  'restartAgent',
  'acceptAgentCard',
  'setAgentCredential',
  'listTasks',
] as const;
export type HubMethod = (typeof hubMethods)[number];

/** The IPC channel of a method. Derived, never written by hand. */
export function ipcChannel(method: HubMethod): string {
  return `hub:${method}`;
}
