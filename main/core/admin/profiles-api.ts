import type { HubApi } from '../../../shared/hub-api.js';
import { setClientProfile } from './client-profile-admin.js';
import type { HubServices } from './hub-services.js';

/** The Clients page's profile editor: `reload` applies it to the client's open sessions at once. */
export function createProfilesApi(hub: Pick<HubServices, 'store' | 'notify' | 'reload'>): Pick<HubApi, 'setClientProfile'> {
  return {
    setClientProfile: async (name, patch) => {
      setClientProfile(hub.store, name, patch);
      await hub.reload();
      hub.notify({ type: 'clients-changed' });
      return hub.store.clients.list().find((c) => c.name === name)!;
    },
  };
}
