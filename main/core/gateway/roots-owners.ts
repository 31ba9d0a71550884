import type { Session } from './in-flight.js';

/** How long a request waits for a roots-aware server to fetch the calling client's roots. */
export const ROOTS_REFRESH_WAIT_MS = 2_000;

/**
 * After the fetch, how long the server gets to apply the roots before the request goes. The protocol
 * has no acknowledgement for that, and servers apply roots asynchronously (server-filesystem resolves
 * each folder on disk first): measured with two clients alternating on server-filesystem, sending at
 * once served 6 to 25 calls in 60 with the other client's folders, a 100 ms pause none.
 */
export const ROOTS_APPLY_MS = 250;

interface ServerRoots {
  /** The session whose roots the server has, or will get on its next roots/list. */
  owner: Session | undefined;
  /** The server has asked for roots on this connection: it uses them, so it must hear when they change. */
  asks: boolean;
  /** Resolves the request waiting for this server to fetch the new owner's roots. */
  fetched: (() => void) | undefined;
  /** The owner's roots changed since the server last fetched them: its next request waits for a fetch too. */
  stale: boolean;
}

/**
 * Roots isolation. An upstream server is shared by every client, but roots (the folders a client
 * works in) belong to one client session. Each server has an owner: the session of the request it
 * serves. When the session calling a roots-aware server changes, the hub sends the server
 * `notifications/roots/list_changed` and holds the request until the server has fetched the roots
 * again (its `roots/list` is answered with the new owner's roots) or ROOTS_REFRESH_WAIT_MS passed, and
 * then ROOTS_APPLY_MS for the server to apply them.
 *
 * The limits: requests from different sessions in flight on one server at the same time share whatever
 * roots the server holds (the owner is the session of the latest request; stdio carries nothing that
 * would tell the server's roots/list which of them it belongs to), and a server that takes longer than
 * ROOTS_APPLY_MS to apply new roots may serve one request with the previous ones.
 */
export class RootsOwners {
  private readonly servers = new Map<string, ServerRoots>();

  /**
   * Makes `session` the owner of `server`'s roots before one of its requests is forwarded. `notify`
   * sends the server roots/list_changed; the promise resolves once the server fetched and (likely)
   * applied the roots.
   */
  async claim(server: string, session: Session, notify: () => Promise<void>): Promise<void> {
    const state = this.state(server);
    // Sessions are told apart by id (a 2026-07-28 client's requests share one; see in-flight.ts).
    const same = state.owner?.id === session.id;
    state.owner = session;
    if (same && !state.stale) return;
    state.stale = false;
    if (!state.asks) return;
    let timer: NodeJS.Timeout | undefined;
    let mine: (() => void) | undefined;
    await new Promise<void>((resolve) => {
      state.fetched?.();
      state.fetched = mine = resolve;
      timer = setTimeout(resolve, ROOTS_REFRESH_WAIT_MS);
      notify().catch(resolve);
    });
    clearTimeout(timer);
    // Only our own: a later claim's waiter (another session took over meanwhile) stays for its fetch.
    if (state.fetched === mine) state.fetched = undefined;
    await new Promise((r) => setTimeout(r, ROOTS_APPLY_MS));
  }

  /** The session a `roots/list` of this server is answered for (undefined: nobody has called it yet). */
  ownerOf(server: string): Session | undefined {
    const state = this.state(server);
    state.asks = true;
    return state.owner;
  }

  /** The server has the owner's roots now: the held request may go. */
  answered(server: string): void {
    const state = this.state(server);
    const fetched = state.fetched;
    state.fetched = undefined;
    fetched?.();
  }

  /**
   * The session's roots changed (its roots/list_changed): the servers holding them, to be told. Its next
   * request to each waits for that server to fetch them again, as after a change of caller, so it is
   * never served with the roots the client just left.
   */
  changed(session: Session): string[] {
    const names = [...this.servers].filter(([, s]) => s.owner?.id === session.id).map(([name]) => name);
    for (const name of names) this.state(name).stale = true;
    return names;
  }

  /** A (re)started server knows no roots yet. */
  reset(server: string): void {
    this.servers.delete(server);
  }

  /** A session that ended owns nothing: the next caller's roots replace its roots. */
  forget(session: Session): void {
    for (const s of this.servers.values()) if (s.owner?.id === session.id) s.owner = undefined;
  }

  private state(server: string): ServerRoots {
    let s = this.servers.get(server);
    if (!s) this.servers.set(server, (s = { owner: undefined, asks: false, fetched: undefined, stale: false }));
    return s;
  }
}
