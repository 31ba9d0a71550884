import fs from 'node:fs';
import path from 'node:path';

/**
 * The app's own files. The same code runs from the TypeScript sources (tests), from tsc's output in
 * dist/, from the CLI bundle (dist/main/cli.bundle.cjs) and from an Electron asar, so a path relative to
 * this module differs between them; the nearest folder above it that holds package.json does not.
 */
export const appRoot = findAppRoot(import.meta.dirname);

export const appFiles = {
  packageJson: path.join(appRoot, 'package.json'),
  /** The `agent-hub` command (see main/cli.ts). */
  cli: path.join(appRoot, 'dist', 'main', 'cli.js'),
  /** Spawned by the process registry; a separate script by design (it must outlive a killed hub). */
  reaper: path.join(appRoot, 'dist', 'main', 'core', 'upstream', 'reaper.js'),
  /** The built React UI that browser mode serves. */
  renderer: path.join(appRoot, 'dist', 'renderer'),
};

function findAppRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Agent Hub's package.json was not found in any folder above ${from}.`);
  }
}
