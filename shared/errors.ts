/**
 * Errors that reach a user carry a stable code and one sentence that says what went wrong and, where
 * there is one, the fix. Codes are part of the contract: scripts and the UI branch on them.
 */
export const ErrorCodes = {
  invalidArgument: 'invalid_argument',
  notFound: 'not_found',
  conflict: 'conflict',
  invalidConfig: 'invalid_config',
  storeNewerVersion: 'store_newer_version',
  storeUnreadable: 'store_unreadable',
  storeFull: 'store_full',
  /** Another program holds a lock on hub.db for longer than the hub waits. */
  storeLocked: 'store_locked',
  io: 'io_error',
  /** The OS keychain (Secret Service, macOS Keychain, Windows Credential Manager) cannot be used. */
  keychainUnavailable: 'keychain_unavailable',
  /** A sign-in did not complete (refused, timed out, or the server is not OAuth-capable as MCP requires). */
  authFailed: 'auth_failed',
  /** The server needs the user to sign in (again) before it can be used. */
  signInNeeded: 'sign_in_needed',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class HubError extends Error {
  override readonly name = 'HubError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isHubError(e: unknown): e is HubError {
  return e instanceof HubError;
}
