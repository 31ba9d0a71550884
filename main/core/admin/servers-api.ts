import type { HubApi } from '../../../shared/hub-api.js';
import type { Hub } from '../hub.js';

type ServersMethods = Pick<HubApi, 'addServer' | 'updateServer' | 'listServerTools' | 'setToolEnabled'>;

export function createServersApi(hub: Pick<Hub, 'store' | 'gateway' | 'reload'>): ServersMethods {
  void hub;
  const todo = async (): Promise<never> => {
    throw new Error('Not built yet.');
  };
  return { addServer: todo, updateServer: todo, listServerTools: todo, setToolEnabled: todo };
}
