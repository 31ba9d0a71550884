// Where the Electron binary would be, and whether it is there. Electron 45 downloads its binary on
// first use rather than at npm install (node_modules/electron/install.js), so a checkout may have none.
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');
const electronDir = path.join(root, 'node_modules', 'electron');

export function electronBinary() {
  try {
    const rel = fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
    const full = path.join(electronDir, 'dist', rel);
    return fs.existsSync(full) ? full : undefined;
  } catch {
    return undefined;
  }
}

export function electronVersion() {
  return JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
}

export const electronInstallScript = path.join(electronDir, 'install.js');
export const electronNativeDir = path.join(root, 'build', 'electron-native');
