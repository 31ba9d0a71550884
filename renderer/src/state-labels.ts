import type { ServerStatusView } from '../../shared/config.js';
import type { Tone } from './kit/index.js';

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

const STATE_TONE: Record<ServerStatusView['state'], Tone> = {
  disabled: 'neutral',
  stopped: 'neutral',
  starting: 'info',
  running: 'success',
  backoff: 'warning',
  crashed: 'danger',
  'sign-in-needed': 'warning',
  'keychain-locked': 'danger',
};

/** A state as a badge: its words and tone (the tone's shape comes with it). */
export function stateBadge(state: ServerStatusView['state']): { label: string; tone: Tone } {
  return { label: STATE_LABEL[state], tone: STATE_TONE[state] };
}
