import type { ServerStatusView } from '../../shared/config.js';

/** How a server's or an agent's state reads on its page (agents are upstreams too: the same states). */
export const STATE_LABEL: Record<ServerStatusView['state'], string> = {
  disabled: 'disabled',
  stopped: 'stopped',
  starting: 'starting…',
  running: 'running',
  backoff: 'restarting soon',
  crashed: 'crashed',
  'sign-in-needed': 'sign-in needed',
  'keychain-locked': 'keychain locked',
};
