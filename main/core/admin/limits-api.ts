import type { HubApi } from '../../../shared/hub-api.js';
import type { HubServices } from './hub-services.js';
import { removeRateLimit, setRateLimit } from './limits-admin.js';

type LimitsMethods = Pick<HubApi, 'listRateLimits' | 'setRateLimit' | 'removeRateLimit'>;

/**
 * The Consent page's rate limits. `limits-changed` also tells the running hub's limiter to read the
 * limits again before the next call (hub.ts).
 */
export function createLimitsApi(hub: Pick<HubServices, 'store' | 'notify'>): LimitsMethods {
  const { store } = hub;
  return {
    listRateLimits: async () => store.rateLimits.list(),
    setRateLimit: async (input) => {
      const { limit } = setRateLimit(store, input);
      hub.notify({ type: 'limits-changed' });
      return limit;
    },
    removeRateLimit: async (id) => {
      removeRateLimit(store, id);
      hub.notify({ type: 'limits-changed' });
    },
  };
}
