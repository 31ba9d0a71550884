import type { ServerConfig } from '../../../shared/config.js';
import type { HubApi } from '../../../shared/hub-api.js';
import { signInTarget } from './sign-in-target.js';
import { isVisible } from '../gateway/catalog.js';
import type { HubServices } from './hub-services.js';
import { addServer, removeServer, updateServer } from './server-admin.js';

type ServersMethods = Pick<HubApi, 'addServer' | 'updateServer' | 'removeServer' | 'listServerTools' | 'setToolEnabled' | 'signIn' | 'signOut' | 'cancelSignIn'>;

/** The Servers page's editing: add, edit, and which of a server's tools the hub publishes. */
export function createServersApi(hub: Pick<HubServices, 'store' | 'gateway' | 'reload' | 'auth' | 'secrets' | 'notify'>): ServersMethods {
  const { store, gateway } = hub;
  return {
    addServer: async (input, secrets) => {
      await addServer(store, () => hub.secrets, input, secrets);
      await hub.reload();
    },
    updateServer: async (name, input, secrets) => {
      const { signInCleared } = await updateServer(store, () => hub.secrets, name, input, secrets);
      if (signInCleared) hub.auth.forget(name);
      await hub.reload();
    },
    removeServer: async (name) => {
      await removeServer(store, () => hub.secrets, name);
      hub.auth.forget(name);
      await hub.reload();
      // Its consent rules and pins went with it.
      hub.notify({ type: 'rules-changed' });
    },
    listServerTools: async (name) => {
      const config = store.servers.require(name);
      return (gateway.serverTools(name) ?? []).map((t) => ({ name: t.name, description: t.description ?? '', enabled: isVisible(config, t.name) }));
    },
    signIn: async (name) => {
      const { authorizationUrl, done } = await hub.auth.signIn(signInTarget(store, name));
      // A server waiting for a sign-in connects once it has tokens (reconcile); a running one (a
      // step-up) keeps its connection, whose next request carries the new token.
      void done.then(
        () => hub.reload(),
        () => hub.reload(),
      );
      if (authorizationUrl === null) await done;
      return { authorizationUrl };
    },
    cancelSignIn: async (name) => {
      signInTarget(store, name);
      hub.auth.cancel(name);
    },
    signOut: async (name) => {
      const target = signInTarget(store, name);
      const result = await hub.auth.signOut(target);
      // Reconnect without tokens: the server then waits for a sign-in, as the user asked. (An agent's
      // connection reads its token on every request: the next call finds none.)
      if (target.owner === 'server') await gateway.restart(name);
      await hub.reload();
      return result;
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
