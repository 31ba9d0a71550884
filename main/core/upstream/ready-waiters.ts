/** Calls waiting for a server to be ready: each with its own deadline, all settled at once by the next outcome of a start. */
export class ReadyWaiters<T> {
  private waiters: { resolve: (value: T) => void; reject: (e: Error) => void }[] = [];

  /** Waits up to `timeoutMs`; then rejects with `late()`'s error. */
  wait(timeoutMs: number, late: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        resolve: (value: T) => {
          clearTimeout(t);
          resolve(value);
        },
        reject: (e: Error) => {
          clearTimeout(t);
          reject(e);
        },
      };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(late());
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  resolveAll(value: T): void {
    this.waiters.splice(0).forEach((w) => w.resolve(value));
  }

  rejectAll(e: Error): void {
    this.waiters.splice(0).forEach((w) => w.reject(e));
  }
}
