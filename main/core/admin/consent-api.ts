import type { HubApi } from '../../../shared/hub-api.js';
import { ConsentRuleInputSchema } from '../../../shared/consent.js';
import { addStandingRule } from '../consent/consent-rules.js';
import type { HubServices } from './hub-services.js';

type ConsentMethods = Pick<HubApi, 'addConsentRule'>;

/**
 * Rules made on the Consent page: the same use case as `agent-hub consent allow|deny` (names that do
 * not exist are refused unless forced), recorded as made by the UI.
 */
export function createConsentApi(hub: Pick<HubServices, 'store' | 'consent'>): ConsentMethods {
  return {
    addConsentRule: async (input) => {
      const { client, server, tool, effect, force } = ConsentRuleInputSchema.parse(input);
      const { id, warnings } = addStandingRule(hub.store, { client, server, tool, effect, createdBy: 'ui' }, { force: force ?? false });
      hub.consent.rulesChanged();
      return { rule: hub.store.consent.rules().find((r) => r.id === id)!, warnings };
    },
  };
}
