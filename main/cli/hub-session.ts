import { ErrorCodes, HubError } from '../../shared/errors.js';
import { errorFromHttp } from '../../shared/hub-errors.js';
import type { HubApi, HubMethod } from '../../shared/hub-api.js';
import { readRuntimeInfo } from '../core/runtime-file.js';
import { withStore } from './with-store.js';

/**
 * The running hub's HubApi, for CLI commands that need its live state (server states, sign-ins). It
 * signs in the way the browser does: a one-time code (the CLI can mint one, as `agent-hub open` does)
 * traded for a session cookie, with the hub's own Origin. Nothing new is exposed to other programs.
 */
export async function runningHubApi(dataDir: string): Promise<Pick<HubApi, 'serverStatus'>> {
  const hub = readRuntimeInfo(dataDir);
  if (!hub) throw new HubError(ErrorCodes.notFound, `No hub is running for ${dataDir}; start one with "agent-hub serve" (or npm start).`);
  const code = withStore(dataDir, (store) => store.uiCodes.mint());
  const headers = { origin: hub.url, 'content-type': 'application/json' };
  const session = await fetch(`${hub.url}/api/session`, { method: 'POST', headers, body: JSON.stringify({ code }) });
  const cookie = session.headers.get('set-cookie')?.split(';')[0];
  if (!session.ok || !cookie) throw new HubError(ErrorCodes.io, `The hub at ${hub.url} did not accept this command's sign-in (${session.status}).`);
  const call = async <M extends HubMethod>(method: M, ...args: unknown[]) => {
    const res = await fetch(`${hub.url}/api/hub/${method}`, { method: 'POST', headers: { ...headers, cookie, connection: 'close' }, body: JSON.stringify(args) });
    const body = (await res.json().catch(() => ({}))) as { result?: unknown };
    if (!res.ok) throw new HubError(ErrorCodes.io, errorFromHttp(res.status, body).message);
    return body.result;
  };
  return { serverStatus: async () => (await call('serverStatus')) as Awaited<ReturnType<HubApi['serverStatus']>> };
}
