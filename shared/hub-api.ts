import { ClientProfilePatchSchema } from './client-profile.js';
import { z } from 'zod';
import { NameSchema, SecretValuesSchema, ServerConfigSchema, type ServerStatusView } from './config.js';
import {
  ClientAppSchema,
  ClientPatchSchema,
  type AppChangeView,
  type AppConnectionView,
  type ClientAppSetup,
  type ClientView,
  type ConnectResult,
  type NewClientView,
} from './clients.js';
import { SettingsPatchSchema, type ServerToolView, type SettingsView } from './settings.js';
import { CallQuerySchema, ToolCallFilterSchema, type TimelineFacets, type ToolCallDetails, type ToolCallPage, type ToolCallTotals, type ToolCallView } from './timeline.js';
import { WorkbenchRequestSchema, type PromptView, type PublishedToolView, type ResourceTemplateView, type ResourceView, type WorkbenchRunView } from './workbench.js';
import { ConsentRuleInputSchema, EffectSchema, RememberSchema, type ChangedToolView, type ConsentPromptView, type ConsentRuleView } from './consent.js';
import type { HubMethod } from './hub-methods.js';
import { TaskFilterSchema, type AgentView, type TaskDetails, type TaskView } from './a2a.js';
import { ImportSelectionSchema, type ImportResultView, type ImportSourceView } from './import.js';
import { RateLimitInputSchema, type RateLimitView } from './limits.js';

export { hubMethods, ipcChannel, type HubMethod } from './hub-methods.js';

interface MethodSpec {
  input: z.ZodTuple;
  output: z.ZodType;
}

/**
 * The one contract between the UI and the hub. The Electron preload, the IPC handlers, the browser-mode
 * HTTP binding and the renderer's client are all built from it. Inputs are validated with these schemas
 * on the hub side of every host.
 */
export const hubApiContract = {
  listServers: {
    input: z.tuple([]),
    output: z.array(ServerConfigSchema),
  },
  serverStatus: {
    input: z.tuple([]),
    output: z.custom<ServerStatusView[]>(),
  },
  restartServer: {
    input: z.tuple([z.string()]),
    output: z.void(),
  },
  setServerEnabled: {
    input: z.tuple([z.string(), z.boolean()]),
    output: z.void(),
  },
  removeServer: {
    input: z.tuple([z.string()]),
    output: z.void(),
  },
  /**
   * Adds a server; the input is validated with ServerConfigSchema (errors name the field). Secret env
   * and header values go to the keychain (the config lists only their names in secretEnv/secretHeaders).
   */
  addServer: {
    input: z.tuple([z.unknown(), SecretValuesSchema.optional()]),
    output: z.void(),
  },
  /**
   * Replaces a server's configuration; the name stays (it is how clients call its tools). A secret key
   * still listed keeps its stored value unless a new one is given; a key no longer listed is deleted.
   */
  updateServer: {
    input: z.tuple([z.string(), z.unknown(), SecretValuesSchema.optional()]),
    output: z.void(),
  },
  /** The server's tools as last reported (live or from the saved catalog), with the publish flag. */
  listServerTools: {
    input: z.tuple([z.string()]),
    output: z.custom<ServerToolView[]>(),
  },
  setToolEnabled: {
    input: z.tuple([z.string(), z.string().min(1), z.boolean()]),
    output: z.void(),
  },
  /**
   * Starts signing in to an OAuth server, or to an agent whose card asks for OAuth 2 or OpenID Connect
   * (servers and agents share names): resolves with the address the user must open (the page opens
   * it; the desktop app opens the browser), while the hub waits for the redirect. Progress arrives as
   * servers-changed events (signIn: in-progress → signed-in).
   */
  signIn: {
    input: z.tuple([z.string()]),
    output: z.custom<{ authorizationUrl: string | null }>(),
  },
  signOut: {
    input: z.tuple([z.string()]),
    output: z.custom<{ revoked: boolean }>(),
  },
  /** Stops waiting for the browser in a sign-in (the tab was closed, the wrong account …). */
  cancelSignIn: {
    input: z.tuple([z.string()]),
    output: z.void(),
  },
  listClients: {
    input: z.tuple([]),
    output: z.custom<ClientView[]>(),
  },
  addClient: {
    input: z.tuple([NameSchema]),
    output: z.custom<NewClientView>(),
  },
  removeClient: {
    input: z.tuple([z.string()]),
    output: z.void(),
  },
  /** Changes a client's settings (where it is asked for consent). */
  updateClient: {
    input: z.tuple([z.string(), ClientPatchSchema]),
    output: z.custom<ClientView>(),
  },
  /**
   * Changes what a client sees: its servers and agents, hidden and pinned tools, flat or search mode
   * (shared/client-profile.ts). Unknown names are refused with a sentence unless `force`.
   */
  setClientProfile: {
    input: z.tuple([z.string(), ClientProfilePatchSchema]),
    output: z.custom<ClientView>(),
  },
  /** For a hub client: the config snippet and file of each supported app. */
  clientSetup: {
    input: z.tuple([z.string()]),
    output: z.custom<ClientAppSetup[]>(),
  },
  /** Writes the hub into that app's config file, after backing the file up. */
  connectClientApp: {
    input: z.tuple([z.string(), ClientAppSchema]),
    output: z.custom<ConnectResult>(),
  },
  /** Removes the hub's entry from that app's config file, after backing the file up (Undo puts it back). */
  disconnectClientApp: {
    input: z.tuple([ClientAppSchema]),
    output: z.custom<ConnectResult>(),
  },
  /** Undoes a Connect or a Disconnect (refused when the file changed since). */
  undoConnectClientApp: {
    input: z.tuple([z.string().min(1)]),
    output: z.void(),
  },
  /** Each app: whether its file has the hub's entry, and as which client (whatever client the page shows). */
  listAppConnections: {
    input: z.tuple([]),
    output: z.custom<AppConnectionView[]>(),
  },
  /** The Connects and Disconnects that can still be undone (while the hub runs), newest first. */
  listAppChanges: {
    input: z.tuple([]),
    output: z.custom<AppChangeView[]>(),
  },
  /**
   * The MCP config files of known apps found on this machine, each with a preview of its servers as the
   * hub would add them (names of env variables and headers, never their values).
   */
  listImportSources: {
    input: z.tuple([]),
    output: z.custom<ImportSourceView[]>(),
  },
  /**
   * Imports the picked servers of one app's file, which the hub reads again itself; the values marked
   * secret go to the keychain. All or nothing; a name that exists already needs `replace`.
   */
  importServers: {
    input: z.tuple([ImportSelectionSchema]),
    output: z.custom<ImportResultView>(),
  },
  getSettings: {
    input: z.tuple([]),
    output: z.custom<SettingsView>(),
  },
  updateSettings: {
    input: z.tuple([SettingsPatchSchema]),
    output: z.custom<SettingsView>(),
  },
  listPendingPrompts: {
    input: z.tuple([]),
    output: z.custom<ConsentPromptView[]>(),
  },
  answerPrompt: {
    input: z.tuple([z.number().int().positive(), EffectSchema, RememberSchema]),
    output: z.custom<ConsentPromptView>(),
  },
  listConsentRules: {
    input: z.tuple([]),
    output: z.custom<ConsentRuleView[]>(),
  },
  /**
   * Makes a standing rule, as `agent-hub consent allow|deny` does: a client, server or agent, or tool
   * that does not exist is refused with the reason unless `force` (then the reasons are warnings).
   */
  addConsentRule: {
    input: z.tuple([ConsentRuleInputSchema]),
    output: z.custom<{ rule: ConsentRuleView; warnings: string[] }>(),
  },
  revokeConsentRule: {
    input: z.tuple([z.number().int().positive()]),
    output: z.void(),
  },
  listChangedTools: {
    input: z.tuple([]),
    output: z.custom<ChangedToolView[]>(),
  },
  /**
   * A page of the record of calls, newest first: the first (limit), the next older (beforeId), the newer
   * (afterId), or what was written since a page's version (changedSince), with the ids that no longer
   * match the filter.
   */
  listToolCalls: {
    input: z.tuple([ToolCallFilterSchema]),
    output: z.custom<ToolCallPage>(),
  },
  /** One call with its arguments, result or error, consent in words, phases and the tasks it started. */
  getToolCall: {
    input: z.tuple([z.number().int().positive()]),
    output: z.custom<ToolCallDetails>(),
  },
  /** How many calls match a filter, by status and kind. */
  toolCallTotals: {
    input: z.tuple([CallQuerySchema]),
    output: z.custom<ToolCallTotals>(),
  },
  /** The clients, servers, tools and agents the record holds (what the Timeline's filters offer). */
  timelineFacets: {
    input: z.tuple([]),
    output: z.custom<TimelineFacets>(),
  },
  /** Rate limits (calls per minute per client, server or agent, tool), oldest first. */
  listRateLimits: {
    input: z.tuple([]),
    output: z.custom<RateLimitView[]>(),
  },
  /**
   * Sets the limit of a scope (the same scope again replaces its number). A client, server, agent or
   * tool that does not exist is refused with a sentence unless `force`.
   */
  setRateLimit: {
    input: z.tuple([RateLimitInputSchema]),
    output: z.custom<RateLimitView>(),
  },
  removeRateLimit: {
    input: z.tuple([z.number().int().positive()]),
    output: z.void(),
  },
  /** A2A agents with their approved cards, card changes waiting for approval, and live state. */
  listAgents: {
    input: z.tuple([]),
    output: z.custom<AgentView[]>(),
  },
  /** Adds an agent (validated with AgentConfigSchema); a remote agent's card is fetched, checked and pinned first. */
  addAgent: {
    input: z.tuple([z.unknown()]),
    output: z.custom<AgentView>(),
  },
  removeAgent: {
    input: z.tuple([z.string()]),
    output: z.void(),
  },
  setAgentEnabled: {
    input: z.tuple([z.string(), z.boolean()]),
    output: z.void(),
  },
  /** Reconnects to the agent, which reads its card again. */
  restartAgent: {
    input: z.tuple([z.string()]),
    output: z.void(),
  },
  /** Accepts the changed card the hub found; calls to the agent wait until then. */
  acceptAgentCard: {
    input: z.tuple([z.string()]),
    output: z.custom<{ changes: string[] }>(),
  },
  /** Stores the agent's API key or bearer token in the keychain (it never comes back out to a UI). */
  setAgentCredential: {
    input: z.tuple([z.string(), z.string().min(1).max(16_384)]),
    output: z.void(),
  },
  /** A2A tasks, most recently updated first, filtered like calls (states, time, client, agent, the call that started them). */
  listTasks: {
    input: z.tuple([TaskFilterSchema]),
    output: z.custom<TaskView[]>(),
  },
  /** One task with every event and its body, and the call that started it. */
  getTask: {
    input: z.tuple([z.number().int().positive()]),
    output: z.custom<TaskDetails & { call: ToolCallView | null }>(),
  },
  /** The Workbench: every published tool with its input schema, as the UI's client (agent-hub-ui) may call it. */
  listPublishedTools: {
    input: z.tuple([]),
    output: z.custom<PublishedToolView[]>(),
  },
  listResources: {
    input: z.tuple([]),
    output: z.custom<ResourceView[]>(),
  },
  listResourceTemplates: {
    input: z.tuple([]),
    output: z.custom<ResourceTemplateView[]>(),
  },
  listPrompts: {
    input: z.tuple([]),
    output: z.custom<PromptView[]>(),
  },
  /**
   * Calls a tool, reads a resource, gets a prompt or a completion as the UI's own client, through the
   * gateway like any client (consent, rate limits, the Timeline). Returns at once; read the run back
   * with getWorkbenchRun on workbench-changed.
   */
  startWorkbenchRun: {
    input: z.tuple([WorkbenchRequestSchema]),
    output: z.custom<WorkbenchRunView>(),
  },
  getWorkbenchRun: {
    input: z.tuple([z.number().int().positive()]),
    output: z.custom<WorkbenchRunView>(),
  },
  /** This window's recent runs, newest first. */
  listWorkbenchRuns: {
    input: z.tuple([]),
    output: z.custom<WorkbenchRunView[]>(),
  },
  /** Cancels a run still going (a prompt waiting for it is withdrawn; the server is told). */
  cancelWorkbenchRun: {
    input: z.tuple([z.number().int().positive()]),
    output: z.void(),
  },
} satisfies { [M in HubMethod]: MethodSpec };

export type HubApiContract = typeof hubApiContract;

export type HubApi = {
  [M in HubMethod]: (...args: z.input<HubApiContract[M]['input']>) => Promise<z.output<HubApiContract[M]['output']>>;
};
