/**
 * A write that another program's lock (a sqlite3 shell, a backup tool) keeps from going through now is
 * tried again a little later, off the request path, for up to `forMs`: the hub's own connection waits
 * only briefly for a lock (see OpenDbOptions.busyTimeoutMs), so one held lock never freezes every
 * client. Any other failure (a full disk) is thrown at once.
 */
export async function writeWithRetry<T>(write: () => T, forMs = 10_000): Promise<T> {
  const deadline = Date.now() + forMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    try {
      return write();
    } catch (e) {
      if (!isBusy(e) || Date.now() + delay > deadline) throw e;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

export function isBusy(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
