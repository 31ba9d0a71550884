import { requireAgentOAuthTarget } from '../a2a/agent-admin.js';
import type { Store } from '../store/store.js';
import { requireServerOAuthTarget, type OAuthTarget } from '../auth/auth-manager.js';

/**
 * What `login NAME` and the pages' Sign in button sign in to. Servers and agents share names: an agent
 * signs in when its approved card asks for OAuth 2 or OpenID Connect, an HTTP server when it uses OAuth.
 */
export function signInTarget(store: Pick<Store, 'servers' | 'agents' | 'agentCards'>, name: string): OAuthTarget {
  return store.agents.get(name) ? requireAgentOAuthTarget(store, name) : requireServerOAuthTarget(store.servers.require(name));
}
