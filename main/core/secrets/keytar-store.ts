import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Keytar from 'keytar';
import { ErrorCodes, HubError } from '../../../shared/errors.js';
import type { SecretStore } from './secret-store.js';

/**
 * The SecretStore of the app: the OS keychain through keytar (libsecret's Secret Service on Linux, the
 * Keychain on macOS, the Credential Manager on Windows), one entry per key under `service`.
 * Nothing is ever written anywhere else: when the keychain fails, the operation fails.
 */
export function createKeytarStore(service = 'agent-hub'): SecretStore {
  const call = async <T>(op: (keytar: typeof Keytar) => Promise<T>): Promise<T> => {
    const keytar = loadKeytar();
    try {
      return await op(keytar);
    } catch (e) {
      throw keychainError(e);
    }
  };
  return {
    get: (key) => call(async (k) => (await k.getPassword(service, key)) ?? undefined),
    set: (key, value) => call((k) => k.setPassword(service, key, value)),
    delete: (key) => call((k) => k.deletePassword(service, key)),
  };
}

let keytar: typeof Keytar | undefined;

/**
 * Loaded on the first secret, never at start-up: a hub without secrets never touches the keychain.
 * require rather than import(): the CLI runs as one CommonJS bundle in a vm.Script (main/code-cache.ts),
 * where import() has no loader; keytar itself is CommonJS and stays outside the bundle this way.
 */
function loadKeytar(): typeof Keytar {
  if (keytar) return keytar;
  try {
    // Only the folder matters to resolution: from dist/main (bundle), dist/main/core/secrets or the sources.
    const requireHere = createRequire(path.join(import.meta.dirname, 'keytar-store.js'));
    return (keytar = requireHere('keytar') as typeof Keytar);
  } catch (e) {
    throw new HubError(
      ErrorCodes.keychainUnavailable,
      `The OS keychain module could not be loaded (${firstLine(e)}); on Linux install libsecret (apt-get install libsecret-1-0), then try again.`,
    );
  }
}

/** What libsecret, the Keychain or the Credential Manager said, as one sentence with the cause and the fix. */
export function keychainError(e: unknown): HubError {
  const message = firstLine(e);
  const said = (re: RegExp) => re.test(message);
  let sentence: string;
  if (said(/autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|Could not connect/i)) {
    sentence =
      'The OS keychain cannot be reached because there is no D-Bus session bus; run Agent Hub inside a desktop session (or under dbus-run-session with a Secret Service such as gnome-keyring), then try again.';
  } else if (said(/org\.freedesktop\.secrets was not provided|ServiceUnknown/i)) {
    sentence = 'No Secret Service (the OS keychain) is running on the D-Bus session bus; install and start gnome-keyring or KeePassXC with its Secret Service enabled, then try again.';
  } else if (said(/locked collection|is locked/i)) {
    sentence = 'The keychain collection is locked; unlock it (log in to the desktop, or open Passwords and Keys and unlock "Login"), then try again.';
  } else if (said(/dismiss|cancel/i)) {
    sentence = 'The keychain prompt was dismissed; try again and unlock the keychain when it asks.';
  } else if (said(/collection\/login|Object does not exist at path/i)) {
    sentence = 'The keychain has no login collection to keep secrets in, and none could be created without a desktop prompt; create or unlock a "Login" keyring (Passwords and Keys), then try again.';
  } else {
    sentence = `The OS keychain refused the request (${message.replace(/[.\s]+$/, '')}); check that it is running and unlocked, then try again.`;
  }
  return new HubError(ErrorCodes.keychainUnavailable, sentence);
}

function firstLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0]!.trim();
}
