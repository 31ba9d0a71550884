import { ErrorCodes, HubError } from '../../shared/errors.js';
import { startHttpServer, sendJson, type HubHttpServer } from './gateway/http-server.js';
import { readRuntimeInfo, removeRuntimeInfo, writeRuntimeInfo } from './runtime-file.js';
import { openStore, type Store } from './store/store.js';

export const DEFAULT_PORT = 47470;

export interface HubOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  nativeBinding?: string;
  version?: string;
}

export interface Hub {
  readonly store: Store;
  readonly dataDir: string;
  readonly port: number;
  readonly url: string;
  dispose(): Promise<void>;
}

/** Builds every service of a running hub. Hosts (the CLI's serve, the Electron app) call this once. */
export async function createHub(options: HubOptions): Promise<Hub> {
  const running = readRuntimeInfo(options.dataDir);
  if (running && running.pid !== process.pid) {
    throw new HubError(
      ErrorCodes.conflict,
      `Agent Hub is already running for ${options.dataDir} at ${running.url} (pid ${running.pid}).`,
    );
  }
  const store = openStore(options.dataDir, { nativeBinding: options.nativeBinding });
  let http: HubHttpServer;
  try {
    http = await startHttpServer(options.port ?? DEFAULT_PORT, {
      '/health': (_req, res) => sendJson(res, 200, { ok: true, version: options.version ?? 'dev' }),
    });
  } catch (e) {
    store.close();
    throw e;
  }
  writeRuntimeInfo(options.dataDir, { pid: process.pid, port: http.port, url: http.url, startedAt: new Date().toISOString() });

  let disposed = false;
  return {
    store,
    dataDir: options.dataDir,
    port: http.port,
    url: http.url,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await http.close();
      removeRuntimeInfo(options.dataDir);
      store.close();
    },
  };
}
