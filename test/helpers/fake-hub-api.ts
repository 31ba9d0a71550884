import type { HubApi } from '../../shared/hub-api.js';

/**
 * A HubApi test double for component tests: every method answers empty (or fails if a page calls a
 * method it should not); tests override what they exercise. The real HubApi is tested through the
 * hub itself (integration and browser tests).
 */
export function fakeHubApi(overrides: Partial<HubApi> = {}): HubApi {
  const none = async () => [];
  const unexpected = (name: string) => async () => {
    throw new Error(`${name} was not expected in this test`);
  };
  return {
    listServers: none,
    serverStatus: none,
    restartServer: unexpected('restartServer'),
    setServerEnabled: unexpected('setServerEnabled'),
    removeServer: unexpected('removeServer'),
    addServer: unexpected('addServer'),
    updateServer: unexpected('updateServer'),
    listServerTools: none,
    setToolEnabled: unexpected('setToolEnabled'),
    signIn: unexpected('signIn'),
    signOut: unexpected('signOut'),
    cancelSignIn: unexpected('cancelSignIn'),
    listClients: none,
    addClient: unexpected('addClient'),
    removeClient: unexpected('removeClient'),
    updateClient: unexpected('updateClient'),
    setClientProfile: unexpected('setClientProfile'),
    clientSetup: none,
    connectClientApp: unexpected('connectClientApp'),
    disconnectClientApp: unexpected('disconnectClientApp'),
    undoConnectClientApp: unexpected('undoConnectClientApp'),
    listAppConnections: none,
    listAppChanges: none,
    listImportSources: none,
    importServers: unexpected('importServers'),
    // The App reads the port the hub runs on (for the endpoint) on every page.
    getSettings: async () => ({ port: 47470, runningPort: 47470, consentTimeout: 120, historyDays: 30, dataDir: '/home/me/.config/Agent Hub' }),
    updateSettings: unexpected('updateSettings'),
    listPendingPrompts: none,
    answerPrompt: unexpected('answerPrompt'),
    listConsentRules: none,
    addConsentRule: unexpected('addConsentRule'),
    revokeConsentRule: unexpected('revokeConsentRule'),
    listChangedTools: none,
    listToolCalls: async () => ({ calls: [], gone: [], version: 0, more: false, oldestId: 0 }),
    getToolCall: unexpected('getToolCall'),
    toolCallTotals: async () => ({ calls: 0, byStatus: {}, byKind: {} }),
    timelineFacets: async () => ({ clients: [], servers: [], agents: [] }),
    listRateLimits: none,
    setRateLimit: unexpected('setRateLimit'),
    removeRateLimit: unexpected('removeRateLimit'),
    listAgents: none,
    addAgent: unexpected('addAgent'),
    removeAgent: unexpected('removeAgent'),
    setAgentEnabled: unexpected('setAgentEnabled'),
    restartAgent: unexpected('restartAgent'),
    acceptAgentCard: unexpected('acceptAgentCard'),
    setAgentCredential: unexpected('setAgentCredential'),
    listTasks: none,
    getTask: unexpected('getTask'),
    listPublishedTools: none,
    listResources: none,
    listResourceTemplates: none,
    listPrompts: none,
    startWorkbenchRun: unexpected('startWorkbenchRun'),
    getWorkbenchRun: unexpected('getWorkbenchRun'),
    listWorkbenchRuns: none,
    cancelWorkbenchRun: unexpected('cancelWorkbenchRun'),
    ...overrides,
  };
}
