import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from '../../main/core/paths.js';

describe('data folder', () => {
  it('is the folder Electron uses as userData on each OS', () => {
    const home = os.homedir();
    expect(defaultDataDir({}, 'linux')).toBe(path.join(home, '.config', 'Agent Hub'));
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe(path.join('/x', 'Agent Hub'));
    expect(defaultDataDir({}, 'darwin')).toBe(path.join(home, 'Library', 'Application Support', 'Agent Hub'));
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe(path.join('C:\\Users\\u\\AppData\\Roaming', 'Agent Hub'));
  });

  it('prefers --data-dir, then AGENT_HUB_DATA_DIR', () => {
    expect(resolveDataDir('/a', { AGENT_HUB_DATA_DIR: '/b' })).toBe('/a');
    expect(resolveDataDir(undefined, { AGENT_HUB_DATA_DIR: '/b' })).toBe('/b');
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/c' })).toBe(defaultDataDir({ XDG_CONFIG_HOME: '/c' }));
  });
});
