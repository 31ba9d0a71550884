import type { HubEvent } from '../../../shared/hub-events.js';
import type { AuthManager } from '../auth/auth-manager.js';
import type { ConsentService } from '../consent/consent-service.js';
import type { Gateway } from '../gateway/gateway.js';
import type { Logger } from '../hub-log.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { Store } from '../store/store.js';

/**
 * What the use cases and the HubApi need of a running hub: its services, and the two ways to act on a
 * change (apply it, tell the UIs). hub.ts provides it; nothing here knows how the hub is put together.
 */
export interface HubServices {
  readonly store: Store;
  readonly gateway: Gateway;
  readonly consent: ConsentService;
  readonly auth: AuthManager;
  /** The OS keychain (or a test's store): OAuth tokens and secret values. */
  readonly secrets: SecretStore;
  readonly dataDir: string;
  /** The port the hub listens on now. */
  readonly port: number;
  /** The hub's own log (logs/hub.log). */
  readonly log: Logger;
  /** Applies the stored configuration to the running servers now (after a change). */
  reload(): Promise<void>;
  /** Tells every open UI that something changed. */
  notify(event: HubEvent): void;
}
