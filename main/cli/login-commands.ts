import { execFile } from 'node:child_process';
import { ErrorCodes, HubError } from '../../shared/errors.js';
import { AuthManager } from '../core/auth/auth-manager.js';
import { signInTarget } from '../core/admin/sign-in-target.js';
import { createKeytarStore } from '../core/secrets/keytar-store.js';
import { oauthKeyPrefix } from '../core/secrets/secret-keys.js';
import { openStore, type Store } from '../core/store/store.js';
import { expectPositionals, parse } from './args.js';
import { escaped, printLine, printNote } from './output.js';

export const loginUsage = `Usage:
  agent-hub login NAME [--scope "S1 S2"] [--no-browser]   sign in to an HTTP server that uses OAuth, or to an
                                                          agent whose card asks for OAuth 2 or OpenID Connect
  agent-hub logout NAME                                   sign out: revoke where the server can, forget the tokens`;

/**
 * `agent-hub login NAME`: the OAuth sign-in, run by the CLI itself (a loopback redirect on 127.0.0.1),
 * tokens to the keychain. A running hub notices through hub.db and connects with them.
 */
export async function loginCommand(argv: string[]): Promise<void> {
  const { values, positionals, dataDir } = parse('login', argv, { scope: { type: 'string' }, 'no-browser': { type: 'boolean' } });
  if (values.help) return printLine(loginUsage);
  const [name] = expectPositionals('login', positionals, ['name']);
  const store = openStore(dataDir);
  try {
    const config = signInTarget(store, name!);
    const { authorizationUrl, done } = await authManager(store).signIn(config, {
      ...(typeof values.scope === 'string' ? { scope: values.scope } : {}),
      openUrl: (url) => {
        printLine(escaped`Open this address to sign in to ${config.name}: ${url}`);
        if (!values['no-browser']) openBrowser(url);
      },
    });
    if (authorizationUrl) printNote('Waiting for the browser… (Ctrl+C cancels)');
    // The sign-in's reference in hub.db is what tells a running hub to connect with the new tokens.
    await done;
    printLine(`Signed in to ${config.name}; the tokens are in the keychain.`);
  } finally {
    store.close();
  }
}

export async function logoutCommand(argv: string[]): Promise<void> {
  const { values, positionals, dataDir } = parse('logout', argv, {});
  if (values.help) return printLine(loginUsage);
  const [name] = expectPositionals('logout', positionals, ['name']);
  const store = openStore(dataDir);
  try {
    const config = signInTarget(store, name!);
    const { revoked } = await authManager(store).signOut(config);
    printLine(
      revoked
        ? `Signed out of ${config.name}: the server revoked the tokens and the keychain no longer has them.`
        : `Signed out of ${config.name}: the keychain no longer has the tokens (the server could not be asked to revoke them).`,
    );
  } finally {
    store.close();
  }
}

/** The same sign-in bookkeeping the hub uses: the keychain for tokens, hub.db for the references. */
function authManager(store: Store): AuthManager {
  const hubId = store.hubId();
  return new AuthManager(createKeytarStore(), (owner, name) => oauthKeyPrefix(hubId, owner, name), { server: store.signIns, agent: store.agentSignIns });
}

/** The user's browser, without a shell; only http(s), as everywhere in the hub. A failure just leaves the printed URL. */
function openBrowser(url: string): void {
  const { protocol } = new URL(url);
  if (protocol !== 'https:' && protocol !== 'http:') throw new HubError(ErrorCodes.authFailed, `Refusing to open a sign-in address that is not http(s): ${protocol}`);
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', url]] : ['xdg-open', [url]];
  execFile(command, args, { timeout: 10_000 }, () => {});
}
