import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Agent Hub';

/**
 * The data folder: --data-dir, else AGENT_HUB_DATA_DIR, else the folder Electron uses as userData for
 * this app on this OS, so the CLI and the desktop app share one hub.db.
 */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.AGENT_HUB_DATA_DIR) return path.resolve(env.AGENT_HUB_DATA_DIR);
  return defaultDataDir(env);
}

/** Electron's app.getPath('userData') = appData / productName, computed without Electron. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), PRODUCT_NAME);
  }
}

/** The per-user cache folder for this app (nothing in it is precious: deleting it only costs speed). */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Caches', PRODUCT_NAME);
    case 'win32':
      return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), PRODUCT_NAME, 'Cache');
    default:
      return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), PRODUCT_NAME);
  }
}
