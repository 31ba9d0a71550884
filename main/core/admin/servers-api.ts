import type { ServerConfig } from '../../../shared/config.js';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { HubApi } from '../../../shared/hub-api.js';
import { isVisible } from '../gateway/catalog.js';
import type { Hub } from '../hub.js';

type ServersMethods = Pick<HubApi, 'addServer' | 'updateServer' | 'listServerTools' | 'setToolEnabled'>;

/** The Servers page's editing: add, edit, and which of a server's tools the hub publishes. */
export function createServersApi(hub: Pick<Hub, 'store' | 'gateway' | 'reload'>): ServersMethods {
  const { store, gateway } = hub;
  return {
    addServer: async (input) => {
      store.servers.add(input as ServerConfig);
      await hub.reload();
    },
    updateServer: async (name, input) => {
      store.servers.require(name);
      const given = (input as { name?: unknown } | null)?.name;
      if (given !== undefined && given !== name) {
        throw new HubError(ErrorCodes.invalidArgument, `A server cannot be renamed (clients call its tools by name); add "${String(given)}" as a new server instead.`);
      }
      store.servers.update({ ...(input as ServerConfig), name });
      await hub.reload();
    },
    listServerTools: async (name) => {
      const config = store.servers.require(name);
      return (gateway.serverTools(name) ?? []).map((t) => ({ name: t.name, description: t.description ?? '', enabled: isVisible(config, t.name) }));
    },
    setToolEnabled: async (name, tool, enabled) => {
      const config = store.servers.require(name);
      store.servers.update({ ...config, tools: withTool(config.tools, tool, enabled) });
      await hub.reload();
    },
  };
}

/** Enabling takes the tool off the deny list (and onto an allow list, if the server has one). */
function withTool(tools: ServerConfig['tools'], tool: string, enabled: boolean): ServerConfig['tools'] {
  const deny = tools.deny.filter((t) => t !== tool);
  if (!enabled) return { ...tools, deny: [...deny, tool] };
  const allow = tools.allow && !tools.allow.includes(tool) ? [...tools.allow, tool] : tools.allow;
  return allow ? { allow, deny } : { deny };
}
