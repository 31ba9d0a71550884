import os from 'node:os';
import path from 'node:path';

/** Where the apps' files are: the host's values by default, a temp folder in tests. */
export interface AppHost {
  home: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}

export function currentHost(home = os.homedir()): AppHost {
  return { home, platform: process.platform, env: process.env };
}

/** Path functions of the host's OS (a Windows host is described on any machine in tests). */
const paths = (host: AppHost) => (host.platform === 'win32' ? path.win32 : path.posix);

/** Under the home folder, on every OS (~/.cursor/mcp.json is %USERPROFILE%\.cursor\mcp.json on Windows). */
export function inHome(host: AppHost, ...parts: string[]): string {
  return paths(host).join(host.home, ...parts);
}

/** Under a folder the environment names (CODEX_HOME), joined as the host's OS does. */
export function inFolder(host: AppHost, folder: string, ...parts: string[]): string {
  return paths(host).join(folder, ...parts);
}

/** Where desktop apps keep their per-user settings: XDG config, Application Support, or %APPDATA%. */
export function inAppData(host: AppHost, ...parts: string[]): string {
  const { home, platform, env } = host;
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', ...parts);
  if (platform === 'win32') return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), ...parts);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), ...parts);
}

/**
 * ~/.config on macOS and Linux, for tools that follow XDG on both (Zed, Goose). Only Linux honours
 * XDG_CONFIG_HOME: on macOS these tools document ~/.config itself.
 */
export function inXdgConfig(host: AppHost, ...parts: string[]): string {
  const { home, platform, env } = host;
  const base = platform === 'linux' && env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : path.posix.join(home, '.config');
  return path.posix.join(base, ...parts);
}

/** A VS Code build's user folder ("Code", "Code - Insiders"), where extensions keep global storage. */
export function inVsCodeUser(host: AppHost, build: 'Code' | 'Code - Insiders', ...parts: string[]): string {
  return inAppData(host, build, 'User', ...parts);
}
