import { z } from 'zod';
import { ServerConfigSchema, type ServerStatusView } from './config.js';
import { ToolCallFilterSchema, type ToolCallView } from './timeline.js';
import { EffectSchema, RememberSchema, type ChangedToolView, type ConsentPromptView, type ConsentRuleView } from './consent.js';
import type { HubMethod } from './hub-methods.js';

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
  revokeConsentRule: {
    input: z.tuple([z.number().int().positive()]),
    output: z.void(),
  },
  listChangedTools: {
    input: z.tuple([]),
    output: z.custom<ChangedToolView[]>(),
  },
  listToolCalls: {
    input: z.tuple([ToolCallFilterSchema]),
    output: z.custom<ToolCallView[]>(),
  },
} satisfies { [M in HubMethod]: MethodSpec };

export type HubApiContract = typeof hubApiContract;

export type HubApi = {
  [M in HubMethod]: (...args: z.input<HubApiContract[M]['input']>) => Promise<z.output<HubApiContract[M]['output']>>;
};
