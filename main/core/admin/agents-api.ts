import { TaskFilterSchema } from '../../../shared/a2a.js';
import type { AgentConfigInput } from '../../../shared/config.js';
import type { HubApi } from '../../../shared/hub-api.js';
import { acceptCard, addAgent, agentViews, removeAgent, setAgentCredential, withSignIns } from '../a2a/agent-admin.js';
import type { HubServices } from './hub-services.js';

type AgentsApi = Pick<HubApi, 'listAgents' | 'addAgent' | 'removeAgent' | 'setAgentEnabled' | 'restartAgent' | 'acceptAgentCard' | 'setAgentCredential' | 'listTasks'>;

/** The A2A agents and their tasks, for the UI (the same operations as `agent-hub agent …` and `tasks`). */
export function createAgentsApi(hub: Pick<HubServices, 'store' | 'reload' | 'gateway' | 'secrets' | 'auth' | 'notify'>): AgentsApi {
  const { store, gateway } = hub;
  const views = () => withSignIns(hub.auth, agentViews(store, (name) => gateway.upstreams.get(name)));
  return {
    listAgents: async () => views(),
    addAgent: async (input) => {
      const { config } = await addAgent(store, input as AgentConfigInput);
      await hub.reload();
      return (await views()).find((a) => a.name === config.name)!;
    },
    removeAgent: async (name) => {
      await removeAgent(store, hub.secrets, name);
      hub.auth.forget(name);
      await hub.reload();
      // Its consent rules and pins went with it.
      hub.notify({ type: 'rules-changed' });
    },
    setAgentEnabled: async (name, enabled) => {
      store.agents.setEnabled(name, enabled);
      await hub.reload();
    },
    restartAgent: async (name) => {
      store.agents.require(name);
      await gateway.restart(name);
      await hub.reload();
    },
    acceptAgentCard: async (name) => {
      const changes = acceptCard(store, name);
      await hub.reload();
      return { changes };
    },
    setAgentCredential: async (name, value) => {
      await setAgentCredential(store, hub.secrets, name, value);
      await hub.reload();
    },
    listTasks: async (filter) => store.tasks.list(TaskFilterSchema.parse(filter)),
  };
}
